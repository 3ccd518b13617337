import type { Role } from '../../../types/common';
import type { VerificationMethod, VerificationStatus } from '../../../types/identity';
import type { VerificationPolicy } from '../../core/identity/verification';

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
  /** the estate's confirmed verification rules; defaults apply when absent */
  verificationPolicy?: VerificationPolicy;
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
  /** set when a later roster version no longer lists the unit (never deleted) */
  removed?: boolean;
  /**
   * Roster owner-persons retired by an approved certificate (a sale the roster does not show yet): they cannot
   * verify by roster match for this unit until a roster version no longer names them (cleared) or staff unlink
   * the certificate holder. `superseded` is the flag queries use; absent or false otherwise.
   */
  superseded?: boolean;
  supersededOwnerKeys?: string[];
  /** the verification request whose approval retired them */
  supersededBy?: string;
  supersededAt?: string;
}
export const unitId = (estateId: string, building: string, entrance: string, room: string) =>
  `${estateId}:${building}-${entrance}-${room}`;
export const unitLabel = (building: string, entrance: string, room: string) => `${building}号楼${entrance}单元${room}`;
export const buildingLabel = (building: string) => `${building}号楼`;

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
  /** opaque handle staff pages use instead of the openid */
  accountKey: string;
  roles: Role[];
  displayName: string; // masked
  since: string;
  /** role and ownership changes with reasons, oldest first */
  history: { at: string; by: string; change: string; reason?: string }[];
}
export const memberId = (estateId: string, openid: string) => `${estateId}:${openid}`;

/** An account's link to a unit it owns. Active links are the source of truth for "my units". */
export const UNIT_LINKS = 'unit_links';
export interface UnitLinkDoc extends Record<string, unknown> {
  estateId: string;
  unitId: string;
  openid: string;
  accountKey: string;
  active: boolean;
  method: VerificationMethod;
  /** roster person this account was matched to, when known (roster match) */
  personKey: string | null;
  since: string;
  revokedAt?: string;
  revokeReason?: string;
}
export const unitLinkId = (unitId: string, openid: string) => `${unitId}:${openid}`;

/** One roster person is one account: stops a second (borrowed) WeChat account claiming the same owner. */
export const PERSON_LINKS = 'person_links';
export interface PersonLinkDoc extends Record<string, unknown> {
  estateId: string;
  personKey: string;
  openid: string | null; // null once released (ownership transfer)
}
export const personLinkId = (estateId: string, personKey: string) => `${estateId}:${personKey}`;

/** The unit's voting representative: ONE document per unit, so there can never be two. */
export const REPRESENTATIVES = 'unit_representatives';
export interface RepresentativeDoc extends Record<string, unknown> {
  estateId: string;
  unitId: string;
  openid: string | null; // null when vacated
  method: 'sole_owner' | 'first_verified' | 'co_owner_agreement' | 'staff_decision';
  since: string;
  reason?: string;
}

export const REP_PROPOSALS = 'representative_proposals';
export interface ProposalDoc extends Record<string, unknown> {
  estateId: string;
  unitId: string;
  status: 'pending' | 'applied' | 'superseded' | 'declined' | 'withdrawn';
  proposedOpenid: string;
  proposedBy: string;
  needed: string[];
  confirmed: string[];
  createdAt: string;
  /** when it was declined or withdrawn */
  endedAt?: string;
}

export const VERIFY_ATTEMPTS = 'verification_attempts';
export interface AttemptDoc extends Record<string, unknown> {
  estateId: string;
  openid: string;
  accountKey: string;
  failures: number;
  lockedUntil: string | null;
  locked: boolean;
  lastUnitLabel: string;
  updatedAt: string;
}

export const VERIFY_REQUESTS = 'verification_requests';
export interface VerificationRequestDoc extends Record<string, unknown> {
  estateId: string;
  openid: string;
  accountKey: string;
  method: VerificationMethod;
  unitId: string;
  unitLabel: string;
  applicantName: string; // masked
  status: VerificationStatus;
  certificateFileIds?: string[];
  code?: string;
  reason?: string;
  note?: string;
  decidedBy?: string;
  createdAt: string;
  decidedAt?: string;
  /** certificate photos: when the cleanup job deletes them (decision + CERTIFICATE_PHOTO_RETENTION_MS) */
  photosDeleteAfter?: string;
  /** when the cleanup job deleted them (certificateFileIds is then emptied) */
  photosRemovedAt?: string;
}

/**
 * Where a registered resident (tenant, family member) lives, as staff recorded it when confirming the registration:
 * one document per account and estate (id estate:openid), replaced by a later confirmation. Never a unit link: a
 * resident does not own, verify or vote for the unit; requests use it ("my unit", the building for routing).
 */
export const RESIDENT_HOMES = 'resident_homes';
export interface ResidentHomeDoc extends Record<string, unknown> {
  estateId: string;
  openid: string;
  /** null when staff recorded only the building */
  unitId: string | null;
  /** the unit's label, or "<building>号楼" */
  label: string;
  building: string;
  /** the registration (verification request) whose approval recorded it */
  requestId: string;
  confirmedBy: string;
  since: string;
}
export const residentHomeId = (estateId: string, openid: string) => `${estateId}:${openid}`;

/** PIPL Art. 29 separate consent, one record per account, purpose and notice version. */
export const CONSENTS = 'consents';
export interface ConsentDoc extends Record<string, unknown> {
  openid: string;
  purpose: string;
  /** PRIVACY_NOTICE_VERSION agreed to (a plain `version` field is reserved for optimistic concurrency) */
  noticeVersion: string;
  at: string;
}

/** A unit a roster version left for staff review, with the accounts verified for it at confirmation. */
export const ROSTER_REVIEWS = 'roster_reviews';
export const rosterReviewId = (estateId: string, versionNo: number, unitId: string) => `${estateId}:${versionNo}:${unitId.slice(estateId.length + 1)}`;
export interface RosterReviewDoc extends Record<string, unknown> {
  estateId: string;
  versionNo: number;
  unitId: string;
  unitLabel: string;
  reason: 'owners_changed' | 'unit_removed' | 'certificate_not_in_roster';
  status: 'open' | 'settled';
  accounts: {
    openid: string;
    accountKey: string;
    displayName: string;
    method: VerificationMethod;
    isRepresentative: boolean;
    settled: 'keep' | 'unlink' | null;
    settledBy?: string;
    settledAt?: string;
    reason?: string;
  }[];
  createdAt: string;
}
