/** The pure pieces of the metrics board: histogram medians, the ranking, the derived fields, the formatting, the CSV cells. */
import { csvCell } from '../../server/core/requests/metrics-csv';
import { measure, median, medianOfCounts, rankOrgs, type RequestFigures } from '../../server/core/requests/metrics';
import { monthRange } from '../../server/app/requests/metrics';
import { durationText, ratePercent } from '../../types/request-metrics-format';

describe('medianOfCounts agrees with median over the expanded values', () => {
  it.each([
    [[], null],
    [[{ value: 5, count: 1 }], 5],
    [[{ value: 10, count: 2 }, { value: 1, count: 1 }], 10],
    [[{ value: 1, count: 1 }, { value: 4, count: 1 }], 2],
    [[{ value: 3, count: 2 }, { value: 8, count: 2 }, { value: 100, count: 0 }], 5],
  ])('%j → %p', (counts, expected) => {
    expect(medianOfCounts(counts)).toBe(expected);
    expect(median(counts.flatMap((c) => Array<number>(c.count).fill(c.value)))).toBe(expected);
  });
  it('random histograms', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 200; i++) {
      const counts = Array.from({ length: 1 + rnd(6) }, () => ({ value: rnd(50), count: rnd(4) }));
      expect(medianOfCounts(counts)).toBe(median(counts.flatMap((c) => Array<number>(c.count).fill(c.value))));
    }
  });
});

const fig = (filed: number, res: [number, number], sat: [number, number], resp: [number, number], overdueCount = 0): RequestFigures => ({
  filed,
  resolutionRate: { numerator: res[0], denominator: res[1] },
  satisfactionRate: { numerator: sat[0], denominator: sat[1] },
  responseRate: { numerator: resp[0], denominator: resp[1] },
  medianResponseMinutes: null,
  medianResolutionMinutes: null,
  overdueCount,
  reopenCount: 0,
});

describe('rankOrgs', () => {
  it('resolution, then satisfaction, then response, then fewer overdue; 0 of 0 last; no requests: unranked; ties share', () => {
    expect(
      rankOrgs({
        property: fig(3, [2, 3], [1, 2], [3, 3]),
        grid: fig(2, [0, 0], [0, 0], [2, 2]),
        community: fig(6, [4, 6], [2, 4], [5, 6], 1),
        committee: fig(0, [0, 0], [0, 0], [0, 0]),
        subdistrict: fig(3, [2, 3], [1, 2], [3, 3]),
      }),
    ).toEqual([
      { org: 'property', rank: 1 },
      { org: 'subdistrict', rank: 1 },
      { org: 'community', rank: 3 },
      { org: 'grid', rank: 4 },
    ]);
  });
});

describe('measure', () => {
  const filedAt = '2027-03-02T02:00:00.000Z';
  it('minutes to respond and to handle, and whether the first limit was met (exactly at the limit is on time)', () => {
    expect(measure({ filedAt, firstRespondBy: '2027-03-03T02:00:00.000Z', firstResponseAt: '2027-03-03T02:00:00.000Z', lastHandledAt: '2027-03-03T03:30:59.000Z' })).toEqual({
      responseMinutes: 1440,
      respondedOnTime: true,
      resolutionMinutes: 1530,
    });
    expect(measure({ filedAt, firstRespondBy: '2027-03-03T02:00:00.000Z', firstResponseAt: '2027-03-03T02:00:01.000Z', lastHandledAt: null })).toMatchObject({ respondedOnTime: false, resolutionMinutes: null });
    expect(measure({ filedAt, firstRespondBy: null, firstResponseAt: null, lastHandledAt: null })).toEqual({ responseMinutes: null, respondedOnTime: null, resolutionMinutes: null });
  });
});

describe('formatting', () => {
  it('rates as percentages with one decimal, half up; 0 of 0 is —', () => {
    expect(ratePercent({ numerator: 2, denominator: 3 })).toBe('66.7%');
    expect(ratePercent({ numerator: 1, denominator: 8 })).toBe('12.5%');
    expect(ratePercent({ numerator: 1, denominator: 1 })).toBe('100.0%');
    expect(ratePercent({ numerator: 0, denominator: 5 })).toBe('0.0%');
    expect(ratePercent({ numerator: 0, denominator: 0 })).toBe('—');
  });
  it('durations in minutes, hours under two days, days beyond', () => {
    expect(durationText(null)).toBe('—');
    expect(durationText(45)).toBe('45 分钟');
    expect(durationText(90)).toBe('1.5 小时');
    expect(durationText(47 * 60)).toBe('47.0 小时');
    expect(durationText(3 * 24 * 60 + 5 * 60)).toBe('3.2 天');
  });
  it('CSV cells: quotes when needed, no formulas', () => {
    expect(csvCell('物业')).toBe('物业');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('他说"好"')).toBe('"他说""好"""');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell(-1)).toBe('-1');
  });
  it('a Shanghai month as UTC bounds', () => {
    expect(monthRange('2027-03')).toEqual({ gte: '2027-02-28T16:00:00.000Z', lt: '2027-03-31T16:00:00.000Z' });
    expect(monthRange('2026-12')).toEqual({ gte: '2026-11-30T16:00:00.000Z', lt: '2026-12-31T16:00:00.000Z' });
  });
});
