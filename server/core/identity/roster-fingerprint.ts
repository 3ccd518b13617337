import { canonicalJson } from '../canonical-json';
import { headKey, type RosterUnit } from './headcount';

/**
 * The text whose SHA-256 fingerprints a roster: each unit's id, area and head key, sorted by unit id.
 * Published with every vote so anyone can check that the count used the roster that was frozen.
 */
export function rosterFingerprintText(units: RosterUnit[]): string {
  const rows = [...units]
    .sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0))
    .map((u) => [u.unitId, u.areaCenti, headKey(u)]);
  return canonicalJson(rows);
}
