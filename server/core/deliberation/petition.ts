import { meets, type Threshold } from '../../../types/matters';

/**
 * Owners' petition for a temporary meeting (指导规则 Art. 21): owners holding at least 20 % of the scope's
 * exclusive area AND at least 20 % of its headcount may require one. "以上" includes the boundary (Art. 1259),
 * so exactly 20 % reaches it. Area in integer 0.01 m², headcount by the Art. 9 head keys
 * (server/core/identity/headcount.ts: one buyer with several units is one person, the developer is one person).
 * Pure: the use cases keep the signed units and the scope's totals; everything here is exact integer arithmetic.
 */
export const PETITION_THRESHOLD: Threshold = { num: 1, den: 5, inclusive: true, label: '百分之二十以上' };

/** One co-signed unit as the tally keeps it. */
export interface SignedUnit {
  unitId: string;
  areaCenti: number;
  /** headKey(unit) at signing time */
  headKey: string;
}

export interface PetitionTotals {
  areaCenti: number;
  headcount: number;
}

export interface PetitionTally {
  unitCount: number;
  areaCenti: number;
  headcount: number;
}

export interface PetitionProgress extends PetitionTally {
  areaReached: boolean;
  headcountReached: boolean;
  reached: boolean;
  /** what is still missing (0 once reached) */
  areaShortCenti: number;
  headcountShort: number;
}

/** Area and distinct heads of the signed units (a unit listed twice counts once). */
export function tallySignatures(units: readonly SignedUnit[]): PetitionTally {
  const seen = new Map<string, SignedUnit>();
  for (const u of units) {
    if (!Number.isSafeInteger(u.areaCenti) || u.areaCenti <= 0) throw new Error(`unit ${u.unitId} has an invalid area`);
    if (!seen.has(u.unitId)) seen.set(u.unitId, u);
  }
  let areaCenti = 0;
  const heads = new Set<string>();
  for (const u of seen.values()) {
    areaCenti += u.areaCenti;
    heads.add(u.headKey);
  }
  return { unitCount: seen.size, areaCenti, headcount: heads.size };
}

/** The smallest addition to `part` that meets the threshold against `whole` (0 when met; whole 0 never meets). */
export function shortOf(part: number, whole: number, t: Threshold = PETITION_THRESHOLD): number {
  if (whole <= 0) return 0;
  if (meets(part, whole, t)) return 0;
  // inclusive: smallest x with (part + x) * den >= whole * num; strict: (part + x) * den > whole * num
  const need = BigInt(whole) * BigInt(t.num);
  const den = BigInt(t.den);
  let x = (need + den - 1n) / den - BigInt(part);
  if (!t.inclusive && (BigInt(part) + x) * den <= need) x += 1n;
  return Number(x);
}

/** Progress of a tally against the scope's totals: BOTH area and headcount must reach 20 %. */
export function petitionProgress(tally: PetitionTally, totals: PetitionTotals): PetitionProgress {
  const areaReached = meets(tally.areaCenti, totals.areaCenti, PETITION_THRESHOLD);
  const headcountReached = meets(tally.headcount, totals.headcount, PETITION_THRESHOLD);
  return {
    ...tally,
    areaReached,
    headcountReached,
    reached: areaReached && headcountReached,
    areaShortCenti: shortOf(tally.areaCenti, totals.areaCenti),
    headcountShort: shortOf(tally.headcount, totals.headcount),
  };
}
