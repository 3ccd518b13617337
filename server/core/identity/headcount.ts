/**
 * Estate totals for votes, per the Supreme People's Court interpretation on building-unit ownership:
 * - Art. 8: area is the registered area of each exclusive unit (kept as integer 0.01 m², never floats).
 * - Art. 9: headcount is the number of units, except that all of the developer's unsold/undelivered
 *   units together count as one person, and one buyer holding several units counts as one person.
 *
 * "One buyer" is the same owner set: units owned by exactly the same person(s) collapse to one head.
 * A unit co-owned by A and B is a different buyer from a unit owned by A alone.
 */
export interface RosterUnit {
  unitId: string;
  areaCenti: number;
  /** stable keys of the owner-persons on the registry (keyed hashes, never names or ID numbers) */
  ownerKeys: string[];
  developerHeld: boolean;
}

export interface RosterTotals {
  unitCount: number;
  areaCenti: number;
  headcount: number;
}

export const DEVELOPER_HEAD = 'developer';

/** The key under which a unit is counted in the headcount. */
export function headKey(unit: RosterUnit): string {
  if (unit.developerHeld) return DEVELOPER_HEAD;
  if (unit.ownerKeys.length === 0) throw new Error(`unit ${unit.unitId} has no owner on the roster`);
  return [...new Set(unit.ownerKeys)].sort().join('+');
}

export function rosterTotals(units: RosterUnit[]): RosterTotals {
  let areaCenti = 0;
  const heads = new Set<string>();
  for (const unit of units) {
    if (!Number.isSafeInteger(unit.areaCenti) || unit.areaCenti <= 0) {
      throw new Error(`unit ${unit.unitId} has an invalid area`);
    }
    areaCenti += unit.areaCenti;
    heads.add(headKey(unit));
  }
  return { unitCount: units.length, areaCenti, headcount: heads.size };
}
