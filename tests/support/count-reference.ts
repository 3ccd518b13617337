/**
 * A deliberately simple, independent counter for Art. 278 (DOMAIN §2–3), used as the oracle of the counting
 * engine's property tests (tests/unit/counting-properties.test.ts) and as the naive baseline of bench:count.
 * It shares NO code with server/core/voting: its own area parser, its own person grouping, its own threshold
 * table, and rational numbers as BigInt fractions. Clarity over speed: plain objects, strings, Maps and loops.
 */

export interface RefUnit {
  unit: string;
  building: string;
  area: string;
  owners: string[];
  developerHeld?: boolean;
}
export interface RefInput {
  matter: number;
  scope: 'estate' | { buildings: string[] };
  roster: RefUnit[];
  ballots: { unit: string; choice: string }[];
  nonVoters?: 'not_counted' | 'follow_majority';
}
export interface RefResult {
  quorumMet: boolean;
  passed: boolean;
  fails: string[];
  invalid: { index: number; unit: string; reason: string }[];
  totals: { area: bigint; heads: number };
  participating: { area: bigint; heads: number };
  approving: { area: bigint; heads: number };
  /** only with follow_majority: the decision without the non-voters */
  plainPassed?: boolean;
}

/** a / b as a pair of BigInts; b > 0 */
class Fraction {
  constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}
  compare(o: Fraction): number {
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
}

function areaOf(text: string): bigint {
  if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(text)) throw new Error(`bad area ${text}`);
  const [whole, frac = ''] = text.split('.');
  return BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
}

/** the person a unit counts as (Art. 9) */
function personOf(u: RefUnit): string {
  if (u.developerHeld) return 'THE DEVELOPER';
  const owners: string[] = [];
  for (const o of u.owners) if (!owners.includes(o)) owners.push(o);
  owners.sort();
  return 'OWNERS ' + JSON.stringify(owners);
}

function atLeast(part: bigint, whole: bigint, n: bigint, d: bigint): boolean {
  return whole > 0n && new Fraction(part, whole).compare(new Fraction(n, d)) >= 0;
}
function moreThan(part: bigint, whole: bigint, n: bigint, d: bigint): boolean {
  return whole > 0n && new Fraction(part, whole).compare(new Fraction(n, d)) > 0;
}
/** matters 6, 7, 8: 3/4 inclusive; the others: more than half */
function approves(matter: number, part: bigint, whole: bigint): boolean {
  return matter === 6 || matter === 7 || matter === 8 ? atLeast(part, whole, 3n, 4n) : moreThan(part, whole, 1n, 2n);
}

export function referenceCount(input: RefInput): RefResult {
  const inScope = (u: RefUnit) => input.scope === 'estate' || input.scope.buildings.includes(u.building);
  const byUnit = new Map<string, RefUnit>();
  for (const u of input.roster) byUnit.set(u.unit, u);

  // totals of the scope
  let totalArea = 0n;
  const totalPersons = new Set<string>();
  for (const u of input.roster) {
    if (!inScope(u)) continue;
    totalArea += areaOf(u.area);
    totalPersons.add(personOf(u));
  }

  // validity, in arrival order: the first valid ballot of a unit stands
  const invalid: RefResult['invalid'] = [];
  const valid = new Map<string, string>();
  input.ballots.forEach((b, index) => {
    const u = byUnit.get(b.unit);
    let reason = '';
    if (!u) reason = 'notInRoster';
    else if (!inScope(u)) reason = 'outsideScope';
    else if (b.choice !== 'yes' && b.choice !== 'no' && b.choice !== 'abstain') reason = 'badChoice';
    else if (valid.has(b.unit)) reason = 'duplicate';
    if (reason) invalid.push({ index, unit: b.unit, reason });
    else valid.set(b.unit, b.choice);
  });

  // area per unit; persons: participating if any unit voted, approving if all their valid ballots are yes
  let partArea = 0n;
  let yesArea = 0n;
  const choicesOfPerson = new Map<string, string[]>();
  for (const [unit, choice] of valid) {
    const u = byUnit.get(unit)!;
    partArea += areaOf(u.area);
    if (choice === 'yes') yesArea += areaOf(u.area);
    const p = personOf(u);
    choicesOfPerson.set(p, [...(choicesOfPerson.get(p) ?? []), choice]);
  }
  const partHeads = choicesOfPerson.size;
  let yesHeads = 0;
  for (const choices of choicesOfPerson.values()) if (choices.every((c) => c === 'yes')) yesHeads++;

  const fails: string[] = [];
  const turnoutArea = atLeast(partArea, totalArea, 2n, 3n);
  const turnoutHeads = atLeast(BigInt(partHeads), BigInt(totalPersons.size), 2n, 3n);
  if (!turnoutArea) fails.push('turnoutArea');
  if (!turnoutHeads) fails.push('turnoutHeadcount');
  const quorumMet = turnoutArea && turnoutHeads;
  const judge = (yA: bigint, pA: bigint, yH: number, pH: number) => {
    const f: string[] = [];
    if (!approves(input.matter, yA, pA)) f.push('approvalArea');
    if (!approves(input.matter, BigInt(yH), BigInt(pH))) f.push('approvalHeadcount');
    return f;
  };
  const result: RefResult = {
    quorumMet,
    passed: false,
    fails,
    invalid,
    totals: { area: totalArea, heads: totalPersons.size },
    participating: { area: partArea, heads: partHeads },
    approving: { area: yesArea, heads: yesHeads },
  };
  if (!quorumMet) return result;
  const plain = judge(yesArea, partArea, yesHeads, partHeads);
  if (input.nonVoters !== 'follow_majority') {
    result.fails = [...fails, ...plain];
    result.passed = plain.length === 0;
    return result;
  }
  // 从众: non-voters join approval when more than half of the participating area and persons approved
  const majority = moreThan(yesArea, partArea, 1n, 2n) && moreThan(BigInt(yesHeads), BigInt(partHeads), 1n, 2n);
  const withYesArea = majority ? yesArea + (totalArea - partArea) : yesArea;
  const withYesHeads = majority ? yesHeads + (totalPersons.size - partHeads) : yesHeads;
  const withFails = judge(withYesArea, totalArea, withYesHeads, totalPersons.size);
  result.fails = [...fails, ...withFails];
  result.passed = withFails.length === 0;
  result.plainPassed = plain.length === 0;
  return result;
}
