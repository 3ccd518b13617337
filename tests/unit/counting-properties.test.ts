import fc from 'fast-check';
import { MATTERS, meets, type MatterNumber } from '../../types/matters';
import { rosterTotals } from '../../server/core/identity/headcount';
import { parseAreaCenti } from '../../server/core/voting/area';
import { StringIndex } from '../../server/core/voting/string-index';
import { countItem, type CountItemInput, type CountRosterUnit } from '../../server/core/voting/count';
import { referenceCount, type RefInput } from '../support/count-reference';

/**
 * Property tests of the counting engine against tests/support/count-reference.ts, an independent and deliberately
 * simple counter (BigInt fractions, its own area parser, person grouping and threshold table). Rosters are small and
 * crowded on purpose: few people (so multi-unit buyers and co-owners are common), developer stock, three buildings,
 * areas often equal (so exact 2/3, 3/4 and 1/2 ratios come up) and often 0.01 m² apart.
 */

const PEOPLE = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
const BUILDINGS = ['1', '2', '3'];

function areaText(centi: number, style: number): string {
  const whole = Math.floor(centi / 100);
  const frac = centi % 100;
  if (frac === 0 && style === 0) return String(whole);
  if (frac % 10 === 0 && style === 1) return `${whole}.${frac / 10}`;
  return `${whole}.${String(frac).padStart(2, '0')}`;
}

const unitArb = fc.record({
  building: fc.constantFrom(...BUILDINGS),
  centi: fc.oneof(
    fc.constantFrom(1000, 1000, 1000, 999, 1001, 2000),
    fc.integer({ min: 1, max: 30_000 }),
  ),
  style: fc.integer({ min: 0, max: 2 }),
  owners: fc.array(fc.constantFrom(...PEOPLE), { minLength: 1, maxLength: 3 }),
  developerHeld: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const rosterArb = fc.array(unitArb, { minLength: 1, maxLength: 24 }).map((units) =>
  units.map(
    (x, i): CountRosterUnit => ({
      unit: `u${i}`,
      building: x.building,
      area: areaText(x.centi, x.style),
      owners: x.owners,
      developerHeld: x.developerHeld,
    }),
  ),
);

const inputArb = rosterArb.chain((roster) => {
  const present = [...new Set(roster.map((u) => u.building))];
  const units = roster.map((u) => u.unit);
  return fc.record({
    matter: fc.integer({ min: 1, max: 9 }),
    scope: fc.oneof(
      fc.constant('estate' as const),
      fc.subarray(present, { minLength: 1 }).map((buildings) => ({ buildings })),
    ),
    roster: fc.constant(roster),
    ballots: fc.array(
      fc.record({
        unit: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...units) }, { weight: 1, arbitrary: fc.constant('nowhere') }),
        choice: fc.oneof(
          { weight: 6, arbitrary: fc.constant('yes') },
          { weight: 3, arbitrary: fc.constantFrom('no', 'abstain') },
          { weight: 1, arbitrary: fc.constantFrom('YES', '') },
        ),
      }),
      { maxLength: 40 },
    ),
    nonVoters: fc.constantFrom('not_counted' as const, 'follow_majority' as const),
  });
});

const PARAMS = { numRuns: 600 };

describe('counting engine = the simple reference (fast-check)', () => {
  it('agrees on quorum, outcome, failed conditions, invalid ballots and every figure', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const got = countItem(input as CountItemInput);
        const want = referenceCount(input as RefInput);
        expect({
          quorumMet: got.quorumMet,
          passed: got.passed,
          fails: got.fails,
          invalid: got.invalid.map(({ index, unit, reason }) => ({ index, unit, reason })),
          totals: { area: BigInt(got.figures.totals.areaCenti), heads: got.figures.totals.headcount },
          participating: { area: BigInt(got.figures.participating.areaCenti), heads: got.figures.participating.headcount },
          approving: { area: BigInt(got.figures.approving.areaCenti), heads: got.figures.approving.headcount },
          ...(got.nonVoters && got.quorumMet ? { plainPassed: got.nonVoters.withoutNonVoters.passed } : {}),
        }).toEqual(want);
        expect(got.reasons.map((r) => r.condition)).toEqual(got.fails);
      }),
      PARAMS,
    );
  });

  it('parses areas exactly as a BigInt reading of the decimal string, and refuses everything else', () => {
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '.', '-', 'e', ' '), maxLength: 16 }),
      fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.constantFrom('', '.5', '.05', '.50', '.123')).map(([w, f]) => `${w}${f}`),
    );
    fc.assert(
      fc.property(text, (t) => {
        const ok = /^[0-9]{1,12}(\.[0-9]{1,2})?$/.test(t);
        const [w, f = ''] = t.split('.');
        expect(parseAreaCenti(t)).toBe(ok ? Number(BigInt(w) * 100n + BigInt((f + '00').slice(0, 2))) : null);
      }),
      { numRuns: 2000 },
    );
  });

  it('maps strings to the position of their first sight as a Map would', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '1', '-', '楼'), maxLength: 4 }), { maxLength: 200 }), fc.array(fc.string({ maxLength: 4 })), (keys, probes) => {
        // as the roster does: the value is a position in `keys`, and the table reads its keys back from there
        const table = new StringIndex(keys.length, keys, (source, i) => source[i]);
        const map = new Map<string, number>();
        keys.forEach((k, i) => {
          if (!map.has(k)) map.set(k, i);
          expect(table.intern(k, i)).toBe(map.get(k));
        });
        expect(table.size).toBe(map.size);
        for (const k of [...keys, ...probes]) expect(table.get(k)).toBe(map.get(k) ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('headcount totals agree with the identity core (rosterTotals)', () => {
    fc.assert(
      fc.property(rosterArb, (roster) => {
        const got = countItem({ matter: 1, scope: 'estate', roster, ballots: [] }).figures.totals;
        const core = rosterTotals(
          roster.map((u) => ({ unitId: u.unit, areaCenti: 1, ownerKeys: u.owners, developerHeld: !!u.developerHeld })),
        );
        expect(got.headcount).toBe(core.headcount);
        expect(got.units).toBe(core.unitCount);
      }),
      PARAMS,
    );
  });

  it('reports for every judged condition the smallest part that meets it', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const got = countItem(input as CountItemInput);
        const matter = MATTERS[input.matter as MatterNumber];
        for (const [name, c] of Object.entries(got.conditions)) {
          if (!c) continue;
          const t = name.startsWith('turnout') ? matter.quorum : matter.approval;
          expect(c.met).toBe(meets(c.part, c.whole, t));
          if (c.whole > 0) {
            expect(meets(c.needed, c.whole, t)).toBe(true);
            expect(meets(c.needed - 1, c.whole, t)).toBe(false);
          }
          expect(c.shortfall).toBe(c.met ? 0 : c.needed - c.part);
        }
      }),
      PARAMS,
    );
  });

  it('is monotone: turning one valid "no" into "yes" never turns a pass into a failure', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (input, pick) => {
        const noIdx = input.ballots.flatMap((b, i) => (b.choice === 'no' ? [i] : []));
        fc.pre(noIdx.length > 0);
        const i = noIdx[pick % noIdx.length];
        const before = countItem(input as CountItemInput);
        const after = countItem({ ...(input as CountItemInput), ballots: input.ballots.map((b, j) => (j === i ? { ...b, choice: 'yes' } : b)) });
        if (before.passed) expect(after.passed).toBe(true);
        expect(after.figures.approving.areaCenti).toBeGreaterThanOrEqual(before.figures.approving.areaCenti);
      }),
      PARAMS,
    );
  });
});
