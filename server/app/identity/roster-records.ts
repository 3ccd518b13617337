import type { RosterDiff, RosterTotalsView } from '../../../types/identity';
import type { ParsedOwner, SnapshotUnit } from '../../core/identity/roster-import';
import { unitLabel, type EstateDoc } from './records';

/**
 * Stored shapes of the roster (名册) import. Hashed and masked data only: the uploaded file is read,
 * validated and deleted; no ID number, phone or full name is ever written.
 */

/** A validated upload waiting for confirmation. */
export const ROSTER_IMPORTS = 'roster_imports';
/** One document per confirmed roster version: `${estateId}:${n}`, so two confirms of one base collide. */
export const ROSTER_VERSIONS = 'roster_versions';
/** The units of each version (compact), same id as the version; kept for ever (SPC Art. 12 challenge window and beyond). */
export const ROSTER_SNAPSHOTS = 'roster_snapshots';

export const rosterVersionId = (estateId: string, version: number) => `${estateId}:${version}`;

/** The estate document with the roster pointer this module maintains. */
export type RosterEstateDoc = EstateDoc & {
  /** current roster version; absent or 0 = none confirmed yet */
  rosterVersion?: number;
};

/** [building, entrance, room, areaCenti, ownerKeys, developerHeld ? 1 : 0, certificateKeys] */
export type CompactUnit = [string, string, string, number, string[], 0 | 1, string[]];

export const packUnit = (u: SnapshotUnit): CompactUnit => [u.building, u.entrance, u.room, u.areaCenti, u.ownerKeys, u.developerHeld ? 1 : 0, u.certificateKeys ?? []];
export const unpackUnit = ([building, entrance, room, areaCenti, ownerKeys, dev, certificateKeys]: CompactUnit): SnapshotUnit => ({
  ref: `${building}-${entrance}-${room}`,
  building,
  entrance,
  room,
  areaCenti,
  ownerKeys,
  developerHeld: dev === 1,
  certificateKeys,
});

/** "1号楼1单元101"; a building without entrances: "1号楼101". */
export const rosterUnitLabel = (u: { building: string; entrance: string; room: string }) =>
  u.entrance ? unitLabel(u.building, u.entrance, u.room) : `${u.building}号楼${u.room}`;

export interface RosterChangeCounts {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

/** Field names avoid `version`: the storage port keeps its own document version under that name on CloudBase. */
export interface RosterVersionDoc extends Record<string, unknown> {
  estateId: string;
  versionNo: number;
  importedAt: string;
  /** openid of the staff member who confirmed, or 'system' for the demo seed */
  importedBy: string;
  source: 'import' | 'demo';
  importId: string | null;
  fileName: string | null;
  rowCount: number;
  totals: RosterTotalsView;
  buildings: { building: string; totals: RosterTotalsView }[];
  /** SHA-256 of rosterFingerprintText(units) */
  fingerprint: string;
  /** against the previous version; null for the first */
  changes: RosterChangeCounts | null;
}

export interface RosterSnapshotDoc extends Record<string, unknown> {
  estateId: string;
  versionNo: number;
  units: CompactUnit[];
}

export interface RosterImportDoc extends Record<string, unknown> {
  estateId: string;
  status: 'pending' | 'confirmed';
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  baseVersion: number;
  fileName: string;
  rowCount: number;
  totals: RosterTotalsView;
  buildings: { building: string; totals: RosterTotalsView }[];
  fingerprint: string;
  diff: RosterDiff | null;
  /** the whole roster; emptied once confirmed (the version's snapshot holds it from then on) */
  units: CompactUnit[];
  /** owner records to create or update (new or different ones only); emptied once confirmed */
  owners: ParsedOwner[];
  /** refs of current units the import no longer lists */
  removeRefs: string[];
  /** refs of units whose documents are new or different */
  unitWrites: string[];
  /** the subset of unitWrites / owners with no document yet at preview time */
  newUnitRefs: string[];
  newOwnerKeys: string[];
  confirmedAt?: string;
  confirmedBy?: string;
  confirmedVersion?: number;
  /** set by the uploads cleanup job (server/app/upload-records.ts) when a preview nobody confirmed was emptied */
  purgedAt?: string;
}
