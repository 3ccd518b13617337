import { formatAreaCenti, parseAreaCenti } from '../../server/core/voting/area';
import {
  CountInputError,
  countItem,
  countVote,
  type CountBallot,
  type CountItemInput,
  type CountRosterUnit,
} from '../../server/core/voting/count';

/** Table tests of the Art. 278 engine at every boundary (DOMAIN §2–3). Property tests: counting-properties.test.ts. */

const u = (unit: string, area: string, owners: string[], building = '1', developerHeld = false): CountRosterUnit => ({
  unit,
  building,
  area,
  owners,
  developerHeld,
});
const votes = (...pairs: [string, string][]): CountBallot[] => pairs.map(([unit, choice]) => ({ unit, choice }));
const count = (roster: CountRosterUnit[], ballots: CountBallot[], extra: Partial<CountItemInput> = {}) =>
  countItem({ matter: 4, scope: 'estate', roster, ballots, ...extra });

/** n units of equal area, each with its own owner p<i> */
const equal = (n: number, area = '10.00') => Array.from({ length: n }, (_, i) => u(`u${i}`, area, [`p${i}`]));

describe('areas (SPC Art. 8): exact 0.01 m² integers from decimal strings', () => {
  it('parses up to two decimals and prints them back', () => {
    expect(parseAreaCenti('89.52')).toBe(8952);
    expect(parseAreaCenti('89.5')).toBe(8950);
    expect(parseAreaCenti('120')).toBe(12000);
    expect(parseAreaCenti('0.01')).toBe(1);
    expect(formatAreaCenti(8952)).toBe('89.52');
    expect(formatAreaCenti(5)).toBe('0.05');
    expect(formatAreaCenti(12000)).toBe('120.00');
  });

  it('rejects more than two decimals, signs, exponents, numbers and blanks', () => {
    for (const bad of ['89.521', '-1', '1e3', '', ' 1', '1.', '.5', '1,5', 89.52, null]) expect(parseAreaCenti(bad)).toBeNull();
    expect(() => count([u('a', '89.521', ['p'])], [])).toThrow(CountInputError);
    expect(() => count([u('a', '0', ['p'])], [])).toThrow(/area/);
  });

  it('counts a unit over 21,474,836.47 m² (beyond the int32 the engine stores areas in) exactly', () => {
    const roster = [u('a', '1.01', ['p1']), u('huge', '30000000.05', ['p2']), u('c', '0.02', ['p3'])];
    const r = count(roster, votes(['a', 'yes'], ['huge', 'no'], ['c', 'yes']));
    expect(r.figures.totals.areaCenti).toBe(3_000_000_108);
    expect(r.figures.opposing.area).toBe('30000000.05');
    expect(r.figures.approving.areaCenti).toBe(103);
  });

  it('sums areas without floating-point drift (0.1 + 0.2 style values)', () => {
    const roster = [u('a', '0.10', ['p1']), u('b', '0.20', ['p2']), u('c', '0.30', ['p3'])];
    const r = count(roster, votes(['a', 'yes'], ['b', 'yes'], ['c', 'yes']));
    expect(r.figures.participating.areaCenti).toBe(60);
    expect(r.figures.participating.area).toBe('0.60');
  });
});

describe('turnout quorum: 2/3 of area AND headcount, boundary included (Art. 1259 以上)', () => {
  it('meets the quorum at exactly 2/3 of both', () => {
    const r = count(equal(3), votes(['u0', 'yes'], ['u1', 'yes']));
    expect(r.conditions.turnoutArea).toMatchObject({ part: 2000, whole: 3000, met: true, shortfall: 0 });
    expect(r.conditions.turnoutHeadcount).toMatchObject({ part: 2, whole: 3, met: true });
    expect(r.quorumMet).toBe(true);
    expect(r.passed).toBe(true);
    expect(r.fails).toEqual([]);
  });

  it('fails when the participating area is 0.01 m² short of 2/3, and says by how much', () => {
    const roster = [u('a', '10.00', ['p1']), u('b', '10.00', ['p2']), u('c', '10.01', ['p3'])];
    const r = count(roster, votes(['a', 'yes'], ['b', 'yes']));
    expect(r.quorumMet).toBe(false);
    expect(r.passed).toBe(false);
    expect(r.fails).toEqual(['turnoutArea']);
    expect(r.conditions.turnoutArea).toMatchObject({ part: 2000, whole: 3001, needed: 2001, shortfall: 1, percent: '66.6' });
    expect(r.reasons).toEqual([
      { condition: 'turnoutArea', text: '参与表决面积 66.6% < 2/3（参与 20.00 m²，总面积 30.01 m²，还差 0.01 m²）' },
    ]);
    // approval is not judged without a quorum
    expect(r.conditions.approvalArea).toBeNull();
    expect(r.conditions.approvalHeadcount).toBeNull();
  });

  it('lists both turnout failures, area first, each with its shortfall', () => {
    const r = count(equal(10), votes(['u0', 'yes'], ['u1', 'yes'], ['u2', 'no']));
    expect(r.fails).toEqual(['turnoutArea', 'turnoutHeadcount']);
    expect(r.reasons.map((x) => x.text)).toEqual([
      '参与表决面积 30.0% < 2/3（参与 30.00 m²，总面积 100.00 m²，还差 36.67 m²）',
      '参与表决人数 30.0% < 2/3（参与 3 人，总人数 10 人，还差 4 人）',
    ]);
  });
});

describe('approval thresholds (matter table)', () => {
  it('matters 6–8 pass at exactly 3/4 of the participating area and headcount', () => {
    for (const matter of [6, 7, 8]) {
      const r = count(equal(4), votes(['u0', 'yes'], ['u1', 'yes'], ['u2', 'yes'], ['u3', 'no']), { matter });
      expect(r.passed).toBe(true);
      expect(r.conditions.approvalArea).toMatchObject({ part: 3000, whole: 4000, threshold: '3/4', inclusive: true, met: true });
    }
  });

  it('matter 6 fails 0.01 m² short of 3/4', () => {
    const roster = [u('a', '10.00', ['p1']), u('b', '10.00', ['p2']), u('c', '9.99', ['p3']), u('d', '10.00', ['p4'])];
    const r = count(roster, votes(['a', 'yes'], ['b', 'yes'], ['c', 'yes'], ['d', 'no']), { matter: 6 });
    expect(r.quorumMet).toBe(true);
    expect(r.fails).toEqual(['approvalArea']);
    expect(r.reasons[0].text).toBe('同意面积 74.9% < 3/4（同意 29.99 m²，参与表决面积 39.99 m²，还差 0.01 m²）');
  });

  it('other matters fail at exactly half (过半数 excludes the boundary) and pass 0.01 m² above it', () => {
    for (const matter of [1, 2, 3, 4, 5, 9]) {
      const half = count(equal(4), votes(['u0', 'yes'], ['u1', 'yes'], ['u2', 'no'], ['u3', 'no']), { matter });
      expect(half.passed).toBe(false);
      expect(half.fails).toEqual(['approvalArea', 'approvalHeadcount']);
      expect(half.reasons[1].text).toBe('同意人数 50.0% ≤ 1/2，未过半数（同意 2 人，参与表决人数 4 人，还差 1 人）');
    }
    const roster = [u('a', '10.01', ['p1']), u('b', '10.00', ['p2']), u('c', '10.00', ['p3']), u('d', '10.00', ['p4'])];
    const r = count(roster, votes(['a', 'yes'], ['b', 'no'], ['c', 'no'], ['d', 'yes']));
    expect(r.conditions.approvalArea).toMatchObject({ part: 2001, whole: 4001, met: true });
    expect(r.fails).toEqual(['approvalHeadcount']);
  });

  it('abstentions count as participation, not approval', () => {
    const r = count(equal(6), votes(['u0', 'yes'], ['u1', 'yes'], ['u2', 'abstain'], ['u3', 'abstain']));
    expect(r.quorumMet).toBe(true);
    expect(r.figures.participating).toMatchObject({ units: 4, headcount: 4, areaCenti: 4000 });
    expect(r.figures.abstaining).toMatchObject({ units: 2, headcount: 2 });
    expect(r.fails).toEqual(['approvalArea', 'approvalHeadcount']);
  });
});

describe('headcount (SPC Art. 9)', () => {
  it('one buyer with many units is one person, with all their area', () => {
    const roster = [...['a', 'b', 'c', 'd', 'e'].map((x) => u(x, '100.00', ['buyer'])), u('f', '50.00', ['p2']), u('g', '50.00', ['p3'])];
    const r = count(roster, votes(['a', 'yes'], ['b', 'yes'], ['c', 'yes'], ['d', 'yes'], ['e', 'yes']));
    expect(r.figures.totals).toMatchObject({ units: 7, areaCenti: 60000, headcount: 3 });
    expect(r.figures.participating).toMatchObject({ units: 5, areaCenti: 50000, headcount: 1 });
    expect(r.fails).toEqual(['turnoutHeadcount']);
    expect(r.reasons[0].text).toBe('参与表决人数 33.3% < 2/3（参与 1 人，总人数 3 人，还差 1 人）');
  });

  it('a person whose units voted differently participates but does not approve (area counts per unit)', () => {
    const roster = [u('a', '60.00', ['p1']), u('b', '40.00', ['p1']), u('c', '50.00', ['p2']), u('d', '50.00', ['p3'])];
    const r = count(roster, votes(['a', 'yes'], ['b', 'no'], ['c', 'yes'], ['d', 'no']));
    expect(r.figures.participating.headcount).toBe(3);
    expect(r.figures.mixedHeadcount).toBe(1);
    expect(r.figures.approving).toMatchObject({ areaCenti: 11000, headcount: 1, units: 2 });
    expect(r.figures.opposing).toMatchObject({ areaCenti: 9000, headcount: 1, units: 2 });
    expect(r.fails).toEqual(['approvalHeadcount']);
  });

  it('a person who voted on only some of their units is a participating person; the rest of the area is not', () => {
    const roster = [u('a', '10.00', ['p1']), u('b', '10.00', ['p1']), u('c', '10.00', ['p2'])];
    const r = count(roster, votes(['a', 'yes'], ['c', 'yes']));
    expect(r.figures.participating).toMatchObject({ headcount: 2, areaCenti: 2000 });
    expect(r.figures.nonVoting).toMatchObject({ headcount: 0, areaCenti: 1000, units: 1 });
    expect(r.passed).toBe(true);
  });

  it('all developer-held units together are one person, whatever owners they list', () => {
    const dev = Array.from({ length: 10 }, (_, i) => u(`d${i}`, '80.00', i % 2 ? ['devco'] : [], '1', true));
    const roster = [...dev, u('x', '80.00', ['p1']), u('y', '80.00', ['devco'])];
    const r = count(roster, votes(...dev.map((d): [string, string] => [d.unit, 'yes']), ['x', 'yes']));
    expect(r.figures.totals).toMatchObject({ units: 12, headcount: 3 }); // developer, p1, and devco as a buyer of y
    expect(r.figures.participating.headcount).toBe(2);
    expect(r.figures.approving).toMatchObject({ units: 11, headcount: 2 });
    expect(r.passed).toBe(true);
  });

  it('co-owners of a unit are one person; the same owner set on two units is one buyer; a co-owner alone is another', () => {
    const roster = [u('a', '10.00', ['p1', 'p2']), u('b', '10.00', ['p2', 'p1']), u('c', '10.00', ['p1']), u('d', '10.00', ['p1', 'p1'])];
    const r = count(roster, votes(['a', 'yes'], ['b', 'yes'], ['c', 'no']));
    expect(r.figures.totals.headcount).toBe(2);
    expect(r.figures.participating.headcount).toBe(2);
    expect(r.figures.approving.headcount).toBe(1);
    expect(r.figures.mixedHeadcount).toBe(0); // p1 alone: c no, d not voted -> opposing, not mixed
    expect(r.figures.opposing.headcount).toBe(1);
  });

  it('person ids that look like keys do not merge people ("developer", "a+b")', () => {
    const roster = [u('a', '10.00', ['developer']), u('b', '10.00', [], '1', true), u('c', '10.00', ['a+b']), u('d', '10.00', ['a', 'b'])];
    expect(count(roster, []).figures.totals.headcount).toBe(4);
  });
});

describe('building scope', () => {
  const roster = [
    u('1-101', '100.00', ['p1'], '1号楼'),
    u('1-102', '100.00', ['p2'], '1'),
    u('1-103', '100.00', ['p3'], '1'),
    u('2-101', '100.00', ['p1'], '2'),
    u('2-102', '100.00', ['p4'], '2'),
  ];

  it('counts totals of the scope only; a person with units inside and outside is one person of the scope', () => {
    const r = count(roster, votes(['1-101', 'yes'], ['1-102', 'yes'], ['2-102', 'yes']), { scope: { buildings: ['1'] } });
    expect(r.figures.totals).toMatchObject({ units: 3, areaCenti: 30000, headcount: 3 });
    expect(r.figures.participating).toMatchObject({ units: 2, headcount: 2 });
    expect(r.invalid).toEqual([{ index: 2, unit: '2-102', reason: 'outsideScope', text: '该房屋不在本次表决范围内' }]);
    expect(r.passed).toBe(true);
  });

  it('accepts the product form of a scope and normalised building names', () => {
    const a = count(roster, votes(['1-101', 'yes']), { scope: { kind: 'buildings', buildings: ['1号楼'] } });
    const b = count(roster, votes(['1-101', 'yes']), { scope: { buildings: ['1'] } });
    expect(a).toEqual(b);
    expect(count(roster, [], { scope: { kind: 'estate' } }).figures.totals.units).toBe(5);
  });

  it('refuses a scope building with no unit, and an empty scope', () => {
    expect(() => count(roster, [], { scope: { buildings: ['9'] } })).toThrow(/9/);
    expect(() => count(roster, [], { scope: { buildings: [] } })).toThrow(CountInputError);
  });
});

describe('invalid ballots: recorded with reasons, the first valid ballot of a unit stands', () => {
  it('lists each invalid ballot with its index, unit and reason', () => {
    const roster = [u('a', '10.00', ['p1']), u('b', '10.00', ['p2']), u('c', '10.00', ['p3'], '2')];
    const ballots = [
      { unit: 'a', choice: 'maybe' }, // bad choice: does not block a later valid one
      { unit: 'a', choice: 'no' },
      { unit: 'a', choice: 'yes' }, // duplicate: the "no" stands
      { unit: 'zz', choice: 'yes' },
      { unit: 'c', choice: 'yes' },
      { unit: 'b', choice: 'yes' },
      null as unknown as CountBallot,
    ];
    const r = count(roster, ballots, { scope: { buildings: ['1'] } });
    expect(r.invalid.map(({ index, unit, reason }) => ({ index, unit, reason }))).toEqual([
      { index: 0, unit: 'a', reason: 'badChoice' },
      { index: 2, unit: 'a', reason: 'duplicate' },
      { index: 3, unit: 'zz', reason: 'notInRoster' },
      { index: 4, unit: 'c', reason: 'outsideScope' },
      { index: 6, unit: '', reason: 'notInRoster' },
    ]);
    expect(r.figures.opposing.units).toBe(1);
    expect(r.figures.approving.units).toBe(1);
    expect(r.fails).toEqual(['approvalArea', 'approvalHeadcount']);
  });

  it('refuses a broken input: unknown matter, duplicate unit, unit without owner', () => {
    expect(() => count(equal(2), [], { matter: 10 })).toThrow(/matter/);
    expect(() => count([u('a', '1', ['p']), u('a', '1', ['q'])], [])).toThrow(/重复/);
    expect(() => count([u('a', '1', [])], [])).toThrow(/owner/);
    expect(() => count(equal(2), [], { nonVoters: 'deemed' as never })).toThrow(/nonVoters/);
  });
});

describe('non-voters: not counted by default; 从众 only when the rules say so, with both figures', () => {
  // 10 equal units; 7 vote: 5 yes, 2 no. Matter 6 needs 3/4 of the participants: 5/7 = 71.4% fails;
  // with 从众 the 3 non-voters join the approving majority: 8/10 >= 3/4 passes.
  it('by default reports non-voters but leaves them out of every decision', () => {
    const r = count(equal(10), votes(['u0', 'yes'], ['u1', 'yes'], ['u2', 'yes'], ['u3', 'yes'], ['u4', 'yes'], ['u5', 'no'], ['u6', 'no']), { matter: 6 });
    expect(r.nonVoterHandling).toBe('not_counted');
    expect(r.nonVoters).toBeUndefined();
    expect(r.figures.nonVoting).toMatchObject({ units: 3, headcount: 3 });
    expect(r.passed).toBe(false); // 5/7 = 71.4% < 3/4
  });

  it('follow_majority adds the non-voters to a majority that approves, and keeps the figures without them', () => {
    const ballots = votes(['u0', 'yes'], ['u1', 'yes'], ['u2', 'yes'], ['u3', 'yes'], ['u4', 'yes'], ['u5', 'no'], ['u6', 'no']);
    const r = count(equal(10), ballots, { matter: 6, nonVoters: 'follow_majority' });
    expect(r.nonVoters).toMatchObject({ joined: 'approving', approving: { units: 8, headcount: 8 }, participating: { units: 10 } });
    expect(r.passed).toBe(true); // 8/10 >= 3/4
    expect(r.nonVoters!.withoutNonVoters.passed).toBe(false);
    expect(r.nonVoters!.withoutNonVoters.fails).toEqual(['approvalArea', 'approvalHeadcount']);
    expect(r.figures.approving.units).toBe(5); // the plain figures stay as cast
  });

  it('follow_majority never makes up the 2/3 turnout', () => {
    const r = count(equal(10), votes(['u0', 'yes'], ['u1', 'yes'], ['u2', 'yes']), { nonVoters: 'follow_majority' });
    expect(r.quorumMet).toBe(false);
    expect(r.fails).toEqual(['turnoutArea', 'turnoutHeadcount']);
  });

  it('follow_majority adds nobody to approval when the majority did not approve', () => {
    const r = count(equal(10), votes(['u0', 'yes'], ['u1', 'yes'], ['u2', 'yes'], ['u3', 'no'], ['u4', 'no'], ['u5', 'no'], ['u6', 'abstain']), {
      nonVoters: 'follow_majority',
    });
    expect(r.nonVoters!.joined).toBe('notApproving');
    expect(r.conditions.approvalArea).toMatchObject({ part: 3000, whole: 10000, met: false });
    expect(r.reasons[0].text).toContain('含按从众计入的未投票业主');
  });
});

describe('the multi-item form', () => {
  it('counts each item as the one-item form does', () => {
    const roster = equal(6);
    const items = [
      { itemId: 'i1', matter: 4, ballots: votes(['u0', 'yes'], ['u1', 'yes'], ['u2', 'yes'], ['u3', 'no']) },
      { itemId: 'i2', matter: 7, ballots: votes(['u0', 'yes'], ['u1', 'no'], ['u9', 'yes']) },
    ];
    const r = countVote({ scope: 'estate', roster, items });
    expect(r.totals).toMatchObject({ units: 6, headcount: 6 });
    expect(r.items.map((x) => x.itemId)).toEqual(['i1', 'i2']);
    for (const [i, item] of items.entries()) {
      const { itemId, ...rest } = r.items[i];
      expect(itemId).toBe(item.itemId);
      expect(rest).toEqual(countItem({ matter: item.matter, scope: 'estate', roster, ballots: item.ballots }));
    }
    expect(() => countVote({ scope: 'estate', roster, items: [items[0], items[0]] })).toThrow(/重复/);
  });
});
