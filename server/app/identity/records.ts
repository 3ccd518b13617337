import type { Role } from '../../../types/common';

/** Stored shapes of the identity capability. Personal data appears only masked or as keyed hashes. */

export const ESTATES = 'estates';
export interface EstateDoc extends Record<string, unknown> {
  name: string;
  district: string;
  address: string;
  communityName: string;
  partyBranchName: string;
  buildings: string[];
  /** cached from the current roster by rosterTotals() whenever the roster changes */
  totals: { unitCount: number; areaCenti: number; headcount: number };
  createdAt: string;
}

export const UNITS = 'units';
export interface UnitDoc extends Record<string, unknown> {
  estateId: string;
  building: string; // "1"
  entrance: string; // 单元, "1"
  room: string; // "101"
  label: string; // "1号楼1单元101"
  areaCenti: number;
  ownerKeys: string[];
  developerHeld: boolean;
}
export const unitId = (estateId: string, building: string, entrance: string, room: string) =>
  `${estateId}:${building}-${entrance}-${room}`;
export const unitLabel = (building: string, entrance: string, room: string) => `${building}号楼${entrance}单元${room}`;

export const OWNERS = 'owners';
/** A roster owner-person. personKey = keyed hash of the ID number, so one person is one key across units. */
export interface OwnerDoc extends Record<string, unknown> {
  estateId: string;
  personKey: string;
  nameMasked: string;
  idLast4: string;
  phoneHash: string;
  phoneMasked: string;
  nameHash: string;
}
export const ownerId = (estateId: string, personKey: string) => `${estateId}:${personKey}`;

export const MEMBERS = 'members';
export interface MemberDoc extends Record<string, unknown> {
  estateId: string;
  openid: string;
  roles: Role[];
  displayName: string; // masked
  units: { unitId: string; isRepresentative: boolean }[];
  since: string;
}
export const memberId = (estateId: string, openid: string) => `${estateId}:${openid}`;
