import { normalizeUnitPart, UNIT_PART_PATTERN } from '../../../types/normalize';
import { AppError } from '../errors';

/**
 * Who votes on a topic: the whole estate, or the owners of one or more buildings (the common parts of one
 * building are decided by that building's owners with the same thresholds, Shanghai Art. 69, DOMAIN §2).
 * Building names are compared the way the roster stores them ("1号楼" → "1", "ｂ" → "B").
 */
export type VoteScope = { kind: 'estate' } | { kind: 'buildings'; buildings: string[] };

/** Natural order: "2" before "10", letters after digits of the same length. */
export const compareBuildings = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Building names normalised like the roster's, without repeats, in natural order. */
export function normalizeScope(scope: VoteScope): VoteScope {
  if (scope.kind === 'estate') return { kind: 'estate' };
  const buildings = [...new Set(scope.buildings.map((b) => normalizeUnitPart('building', b)))].sort(compareBuildings);
  return { kind: 'buildings', buildings };
}

/**
 * Refuse a scope that names no building or a building the roster does not have. `rosterBuildings` are the
 * buildings of the roster version the vote will use (RosterSummaryOutput.buildings / the snapshot's units).
 * Returns the normalised scope.
 */
export function checkScope(rosterBuildings: readonly string[], scope: VoteScope): VoteScope {
  const normal = normalizeScope(scope);
  if (normal.kind === 'estate') return normal;
  if (normal.buildings.length === 0) throw AppError.field('scope.buildings', 'SCOPE_EMPTY');
  const known = new Set(rosterBuildings);
  const unknown = normal.buildings.find((b) => !UNIT_PART_PATTERN.test(b) || !known.has(b));
  if (unknown !== undefined) throw AppError.field('scope.buildings', 'SCOPE_BUILDING_UNKNOWN', { building: unknown.slice(0, 20) });
  return normal;
}

/** The roster units a scope covers (every unit for the estate; the named buildings' units otherwise). */
export function selectScopeUnits<U extends { building: string }>(units: readonly U[], scope: VoteScope): U[] {
  const normal = normalizeScope(scope);
  if (normal.kind === 'estate') return [...units];
  const wanted = new Set(normal.buildings);
  return units.filter((u) => wanted.has(u.building));
}

/** The scope in plain Chinese: "全体业主" or "1号楼、3号楼业主". */
export function scopeText(scope: VoteScope): string {
  const normal = normalizeScope(scope);
  return normal.kind === 'estate' ? '全体业主' : `${normal.buildings.map((b) => `${b}号楼`).join('、')}业主`;
}
