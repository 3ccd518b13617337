import fc from 'fast-check';
import { PETITION_THRESHOLD, petitionProgress, shortOf, tallySignatures, type SignedUnit } from '../../server/core/deliberation/petition';
import { authorOf, emptySummary, stanceKey, summarise } from '../../server/core/deliberation/discussion';
import { headKey, rosterTotals, type RosterUnit } from '../../server/core/identity/headcount';
import { meets } from '../../types/matters';

const unit = (unitId: string, areaCenti: number, headKey: string): SignedUnit => ({ unitId, areaCenti, headKey });

describe('petition progress (指导规则 Art. 21: 20 % of area AND 20 % of headcount, 以上 includes the boundary)', () => {
  const totals = { areaCenti: 1_000_000, headcount: 10 }; // 10,000.00 m², 10 owner-persons

  it('reaches at exactly 20 % of both', () => {
    const p = petitionProgress(tallySignatures([unit('a', 100_000, 'h1'), unit('b', 100_000, 'h2')]), totals);
    expect(p).toMatchObject({ areaCenti: 200_000, headcount: 2, areaReached: true, headcountReached: true, reached: true, areaShortCenti: 0, headcountShort: 0 });
  });

  it('does not reach 0.01 m² short of 20 % of the area, and says what is missing', () => {
    const p = petitionProgress(tallySignatures([unit('a', 100_000, 'h1'), unit('b', 99_999, 'h2')]), totals);
    expect(p).toMatchObject({ areaReached: false, headcountReached: true, reached: false, areaShortCenti: 1, headcountShort: 0 });
  });

  it('counts a buyer with several units as one person (Art. 9): area reached, headcount not', () => {
    const p = petitionProgress(tallySignatures([unit('a', 150_000, 'chen'), unit('b', 150_000, 'chen')]), totals);
    expect(p).toMatchObject({ unitCount: 2, areaCenti: 300_000, headcount: 1, areaReached: true, headcountReached: false, reached: false, headcountShort: 1 });
  });

  it('counts all developer-held units as one person, and a co-owned unit as a different person from a sole one', () => {
    const developer: RosterUnit[] = [1, 2, 3].map((i) => ({ unitId: `d${i}`, areaCenti: 10_000, ownerKeys: [], developerHeld: true }));
    const sole: RosterUnit = { unitId: 's', areaCenti: 10_000, ownerKeys: ['a'], developerHeld: false };
    const joint: RosterUnit = { unitId: 'j', areaCenti: 10_000, ownerKeys: ['b', 'a'], developerHeld: false };
    const signed = [...developer, sole, joint].map((u) => unit(u.unitId, u.areaCenti, headKey(u)));
    expect(tallySignatures(signed).headcount).toBe(3);
  });

  it('counts a unit listed twice once', () => {
    expect(tallySignatures([unit('a', 5, 'h'), unit('a', 5, 'h')])).toEqual({ unitCount: 1, areaCenti: 5, headcount: 1 });
  });

  it('never reaches against an empty roster', () => {
    expect(petitionProgress(tallySignatures([]), { areaCenti: 0, headcount: 0 }).reached).toBe(false);
  });

  it('refuses invalid areas (never floats)', () => {
    expect(() => tallySignatures([unit('a', 1.5, 'h')])).toThrow('invalid area');
  });

  // ── properties ──
  const arbRoster = fc
    .array(
      fc.record({
        areaCenti: fc.integer({ min: 1, max: 50_000 }),
        owner: fc.integer({ min: 0, max: 12 }),
      }),
      { minLength: 1, maxLength: 40 },
    )
    .map((rows) => rows.map((r, i) => ({ unitId: `u${i}`, areaCenti: r.areaCenti, ownerKeys: r.owner === 0 ? [] : [`p${r.owner}`], developerHeld: r.owner === 0 })));

  it('property: reached ⇔ 5·area ≥ totalArea and 5·heads ≥ totalHeads, computed in integers over any subset', () => {
    fc.assert(
      fc.property(arbRoster, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (roster, picks) => {
        const totals = rosterTotals(roster);
        const signed = roster.filter((_, i) => picks[i]).map((u) => unit(u.unitId, u.areaCenti, headKey(u)));
        const p = petitionProgress(tallySignatures(signed), totals);
        const area = signed.reduce((s, u) => s + u.areaCenti, 0);
        const heads = new Set(signed.map((u) => u.headKey)).size;
        expect(p.areaCenti).toBe(area);
        expect(p.headcount).toBe(heads);
        expect(p.reached).toBe(area * 5 >= totals.areaCenti && heads * 5 >= totals.headcount);
        // what is missing is exactly what is missing: adding it reaches, one less does not
        if (!p.areaReached) {
          expect(meets(area + p.areaShortCenti, totals.areaCenti, PETITION_THRESHOLD)).toBe(true);
          expect(meets(area + p.areaShortCenti - 1, totals.areaCenti, PETITION_THRESHOLD)).toBe(false);
        }
      }),
    );
  });

  it('property: signing more units never lowers the progress (monotone), and order does not matter', () => {
    fc.assert(
      fc.property(arbRoster, fc.integer({ min: 0, max: 40 }), (roster, k) => {
        const totals = rosterTotals(roster);
        const all = roster.map((u) => unit(u.unitId, u.areaCenti, headKey(u)));
        const fewer = petitionProgress(tallySignatures(all.slice(0, k)), totals);
        const more = petitionProgress(tallySignatures(all.slice(0, k + 1)), totals);
        expect(more.areaCenti).toBeGreaterThanOrEqual(fewer.areaCenti);
        expect(more.headcount).toBeGreaterThanOrEqual(fewer.headcount);
        if (fewer.reached) expect(more.reached).toBe(true);
        expect(tallySignatures([...all].reverse())).toEqual(tallySignatures(all));
      }),
    );
  });

  it('shortOf handles strict thresholds too', () => {
    expect(shortOf(50, 100, { num: 1, den: 2, inclusive: false, label: '' })).toBe(1);
    expect(shortOf(49, 100, { num: 1, den: 2, inclusive: true, label: '' })).toBe(1);
    expect(shortOf(3, 10)).toBe(0); // 30 % ≥ 20 %
    expect(shortOf(1, 10)).toBe(1);
  });
});

describe('who speaks in a consultation (never a name)', () => {
  const b = (all: string[], inScope: string[] = all) => ({ all, inScope });
  it('labels owners by a building of theirs in the topic scope, residents as 住户, organisers by their body', () => {
    expect(authorOf(['owner'], b(['3', '1'], ['3']))).toEqual({ relation: 'owner', label: '3号楼业主' });
    expect(authorOf(['owner'], b(['10', '2'], []))).toEqual({ relation: 'owner', label: '2号楼业主' });
    expect(authorOf(['owner'], b([]))).toEqual({ relation: 'owner', label: '业主' });
    expect(authorOf(['resident'], b([]))).toEqual({ relation: 'resident', label: '住户' });
    expect(authorOf(['party_secretary', 'party_member', 'owner'], b(['2']))).toEqual({ relation: 'organiser', label: '党支部' });
    expect(authorOf(['committee_member', 'owner'], b(['1']))).toEqual({ relation: 'organiser', label: '业委会' });
    expect(authorOf(['community_staff'], b([]))).toEqual({ relation: 'organiser', label: '社区' });
    expect(authorOf(['party_member', 'owner'], b(['5']))).toEqual({ relation: 'owner', label: '5号楼业主' });
    expect(authorOf(['party_member'], b([]))).toEqual({ relation: 'organiser', label: '党员' });
  });

  it('summarises grouped counts per topic, residents apart from owners', () => {
    const s = summarise({
      stances: [
        { group: { topicId: 't1', stanceKey: stanceKey('owner', 'support') }, count: 3 },
        { group: { topicId: 't1', stanceKey: stanceKey('resident', 'support') }, count: 2 },
        { group: { topicId: 't1', stanceKey: stanceKey('owner', 'oppose') }, count: 1 },
      ],
      questions: [
        { group: { topicId: 't1', answered: false }, count: 2 },
        { group: { topicId: 't2', answered: true }, count: 1 },
      ],
      hidden: [{ group: { topicId: 't2' }, count: 1 }],
      reported: [{ group: { topicId: 't1' }, count: 1 }],
    });
    expect(s).toEqual([
      { ...emptySummary('t1'), stances: { support: 3, oppose: 1, suggest: 0 }, residentStances: { support: 2, oppose: 0, suggest: 0 }, comments: 6, questions: 2, unanswered: 2, reportsPending: 1 },
      { ...emptySummary('t2'), questions: 1, hidden: 1 },
    ]);
  });
});
