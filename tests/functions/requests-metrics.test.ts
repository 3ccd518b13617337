/**
 * The metrics board on both engines (issue 12 item 6): a generated month of requests with the injected clock —
 * responses on time and late, rated 满意 / 基本满意 / 不满意, closed by timeout, withdrawn before and after a response,
 * reopened twice, escalated by the deadline job, across five organisations, plus one request on each side of the month
 * boundary (Shanghai time) — checked against a table computed BY HAND below, not by the code under test. The demo
 * estate's own requests live in other months (around the seed clock), so March 2027 holds only these.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { createCloudFunction } from '../../server/app/handler';
import { requestsFunction } from '../../server/app/requests';
import { runRequestDeadlines } from '../../server/app/requests/deadline-job';
import { seedDemoRequests } from '../../server/seed/demo-requests';
import type { FileRequestOutput, RequestMetricsExportOutput, RequestMetricsOutput, RequestStepOutput } from '../../types/requests';
import { callerOf, okOf as ok, refusalOf as refused } from '../support/handler-client';
import { freshEnv, type TestEnv } from '../support/ports';

const call = callerOf(createCloudFunction(requestsFunction, runtimePorts));
const OWNERS = ['demo-owner', 'demo-multi-owner', 'demo-co-owner-rep', 'demo-co-owner', 'demo-tenant'];
const GRID = 'demo-grid-worker';
const STAFF = 'demo-community-staff';
const PROPERTY = 'demo-property-manager';
const SUBDISTRICT = 'demo-subdistrict-staff';
const COMMITTEE = 'demo-committee';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const E = { estateId: 'hemu' };
/** 2027-03-02 10:00 in Beijing */
const T0 = Date.parse('2027-03-02T02:00:00.000Z');

let env: TestEnv;
beforeAll(async () => {
  env = await freshEnv({ seed: true });
});
afterAll(async () => env.cleanup());

let n = 0;
/** One request: filed at `at` by one of the owners (in turn), then its steps at minutes after filing. */
async function scenario(at: number, category: 'noise' | 'repair' | 'property_service', steps: [number, string, string, Record<string, unknown>?][] = []) {
  n += 1;
  const owner = OWNERS[n % OWNERS.length];
  env.clock.set(new Date(at));
  const { requestId } = await ok<FileRequestOutput>(
    call(owner, 'fileRequest', { ...E, idempotencyKey: `metrics-${String(n).padStart(4, '0')}`, category, description: `诉求 ${n}`, locationKind: 'public', place: '小区东门', visibility: 'private' }),
  );
  for (const [minutes, who, action, input] of steps) {
    env.clock.set(new Date(at + minutes * MIN));
    if (action === 'job') await runRequestDeadlines(env.ports);
    else await ok<RequestStepOutput>(call(who === 'owner' ? owner : who, action, { ...E, requestId, ...input }));
  }
  return requestId;
}
const handle = (_who: string) => ['handleRequest', { result: '已处理' }] as const;

describe('requests: the metrics board', () => {
  it('a generated month against a hand-computed table; ranking; only staff; the CSV export', async () => {
    // K: the last minute of February (Shanghai) — not March; L: the first minutes of March — March (grid)
    await scenario(Date.parse('2027-02-28T15:30:00.000Z'), 'noise', [[10, GRID, ...handle(GRID)], [20, 'owner', 'rateRequest', { rating: 'satisfied' }]]);
    await scenario(Date.parse('2027-02-28T16:10:00.000Z'), 'noise', [[10, GRID, 'contactRequest'], [20, GRID, ...handle(GRID)], [30, 'owner', 'rateRequest', { rating: 'satisfied' }]]);
    // A (grid): on time, 满意
    await scenario(T0, 'noise', [[60, GRID, 'contactRequest'], [120, GRID, ...handle(GRID)], [180, 'owner', 'rateRequest', { rating: 'satisfied' }]]);
    // B (grid): responded late (30 h of 24 h, not escalated: the job did not run), 基本满意
    await scenario(T0 + 2 * DAY, 'noise', [[1800, GRID, 'contactRequest'], [1860, GRID, ...handle(GRID)], [1920, 'owner', 'rateRequest', { rating: 'basically_satisfied' }]]);
    // C: grid handles on time, 不满意 reopens it at the 居委会, which handles it, 满意 (community, 1 reopen)
    await scenario(T0 + 4 * DAY, 'noise', [
      [90, GRID, ...handle(GRID)],
      [100, 'owner', 'rateRequest', { rating: 'unsatisfied', comment: '还是很吵' }],
      [200, STAFF, ...handle(STAFF)],
      [210, 'owner', 'rateRequest', { rating: 'satisfied' }],
    ]);
    // E: property responds on time; 不满意 twice: 居委会, then 街道, which ends it 基本满意 (subdistrict, 2 reopens)
    await scenario(T0 + 6 * DAY, 'repair', [
      [120, PROPERTY, 'contactRequest'],
      [600, PROPERTY, ...handle(PROPERTY)],
      [610, 'owner', 'rateRequest', { rating: 'unsatisfied' }],
      [700, STAFF, ...handle(STAFF)],
      [710, 'owner', 'rateRequest', { rating: 'unsatisfied' }],
      [800, SUBDISTRICT, ...handle(SUBDISTRICT)],
      [810, 'owner', 'rateRequest', { rating: 'basically_satisfied' }],
    ]);
    // F (property): withdrawn before any response
    await scenario(T0 + 8 * DAY, 'repair', [[30, 'owner', 'withdrawRequest']]);
    // G (property): responded on time, then withdrawn
    await scenario(T0 + 10 * DAY, 'repair', [[240, PROPERTY, 'contactRequest'], [300, 'owner', 'withdrawRequest', { reason: '已自行解决' }]]);
    // H (property): on time, 满意
    await scenario(T0 + 12 * DAY, 'repair', [[60, PROPERTY, 'contactRequest'], [1000, PROPERTY, ...handle(PROPERTY)], [1010, 'owner', 'rateRequest', { rating: 'satisfied' }]]);
    // I (property): late response (2000 min of 1440), 满意
    await scenario(T0 + 14 * DAY, 'repair', [[2000, PROPERTY, 'contactRequest'], [3000, PROPERTY, ...handle(PROPERTY)], [3010, 'owner', 'rateRequest', { rating: 'satisfied' }]]);
    // D: the grid worker ignores it; the job escalates it to the 居委会 (overdue), which answers late and handles it;
    // the requester never confirms: the job closes it by timeout after 7 days (community)
    await scenario(T0 + 18 * DAY, 'noise', [[1441, '', 'job'], [1500, STAFF, 'contactRequest'], [1560, STAFF, ...handle(STAFF)], [1560 + 7 * 24 * 60 + 1, '', 'job']]);
    // J (committee): responded on time, still open at the end of the month
    await scenario(T0 + 27 * DAY, 'property_service', [[100, COMMITTEE, 'contactRequest']]);

    const out = await ok<RequestMetricsOutput>(call(STAFF, 'requestMetrics', { ...E, month: '2027-03' }));
    const r = (num: number, den: number) => ({ numerator: num, denominator: den });
    // by hand, from the scenarios above (minutes from filing)
    const expected = {
      // L, A, B: on time L(10) A(60), late B(1800); all rated, all satisfied; responses 10, 60, 1800; handled 20, 120, 1860
      grid: { filed: 3, responseRate: r(2, 3), resolutionRate: r(3, 3), satisfactionRate: r(3, 3), medianResponseMinutes: 60, medianResolutionMinutes: 120, overdueCount: 0, reopenCount: 0 },
      // C (first response 90 on time; last handled 200; 满意) and D (1500 late; 1560; closed by timeout: not satisfied; overdue)
      community: { filed: 2, responseRate: r(1, 2), resolutionRate: r(2, 2), satisfactionRate: r(1, 2), medianResponseMinutes: 795, medianResolutionMinutes: 880, overdueCount: 1, reopenCount: 1 },
      // E: 120 on time, last handled 800, 基本满意, reopened twice
      subdistrict: { filed: 1, responseRate: r(1, 1), resolutionRate: r(1, 1), satisfactionRate: r(1, 1), medianResponseMinutes: 120, medianResolutionMinutes: 800, overdueCount: 0, reopenCount: 2 },
      // F (withdrawn unanswered: owes nothing), G (240 on time, withdrawn: not resolvable), H (60; 1000; 满意), I (2000 late; 3000; 满意)
      property: { filed: 4, responseRate: r(2, 3), resolutionRate: r(2, 2), satisfactionRate: r(2, 2), medianResponseMinutes: 240, medianResolutionMinutes: 2000, overdueCount: 0, reopenCount: 0 },
      // J: 100 on time, open
      committee: { filed: 1, responseRate: r(1, 1), resolutionRate: r(0, 1), satisfactionRate: r(0, 0), medianResponseMinutes: 100, medianResolutionMinutes: null, overdueCount: 0, reopenCount: 0 },
    };
    expect(Object.fromEntries(out.rows.map((row) => [row.org, row.figures]))).toEqual(expected);
    // resolution all 1 but the committee's 0; then satisfaction: property, grid, subdistrict 1 > community 1/2;
    // then response: subdistrict 1 > property 2/3 = grid 2/3; then overdue: tie (shared rank 2, listed in the HANDLER_ORGS order)
    expect(out.rows.map((row) => [row.org, row.rank])).toEqual([
      ['subdistrict', 1],
      ['property', 2],
      ['grid', 2],
      ['community', 4],
      ['committee', 5],
    ]);
    expect(out.month).toBe('2027-03');

    // February holds only K (grid); a month with nothing has no ranks and — everywhere
    const feb = await ok<RequestMetricsOutput>(call(SUBDISTRICT, 'requestMetrics', { ...E, month: '2027-02' }));
    expect(feb.rows.filter((row) => row.figures.filed > 0).map((row) => [row.org, row.figures.filed, row.rank])).toEqual([['grid', 1, 1]]);
    const apr = await ok<RequestMetricsOutput>(call(STAFF, 'requestMetrics', { ...E, month: '2027-04' }));
    expect(apr.rows.every((row) => row.rank === null && row.figures.filed === 0 && row.figures.responseRate.denominator === 0)).toBe(true);

    // only community and sub-district staff; a malformed month is refused
    for (const who of [GRID, PROPERTY, COMMITTEE, 'demo-owner']) expect((await refused(call(who, 'requestMetrics', { ...E, month: '2027-03' }))).code).toBe('FORBIDDEN');
    expect((await refused(call(STAFF, 'requestMetrics', { ...E, month: '2027-3' }))).code).toBe('VALIDATION_FAILED');

    // the export: UTF-8 with a BOM, a Chinese header, one row per organisation in ranking order, then the definitions
    const file = await ok<RequestMetricsExportOutput>(call(STAFF, 'exportRequestMetrics', { ...E, month: '2027-03' }));
    expect(file.fileName).toBe('诉求统计-2027-03.csv');
    const bytes = Buffer.from(file.contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(
      '排名,办理单位,诉求件数,响应率,响应率分子,响应率分母,解决率,解决率分子,解决率分母,满意率,满意率分子,满意率分母,响应时长中位数（分钟）,解决时长中位数（分钟）,超时件数,重办次数',
    );
    expect(lines.slice(1, 6)).toEqual([
      '1,街道,1,100.0%,1,1,100.0%,1,1,100.0%,1,1,120,800,0,2',
      '2,物业,4,66.7%,2,3,100.0%,2,2,100.0%,2,2,240,2000,0,0',
      '2,网格员,3,66.7%,2,3,100.0%,3,3,100.0%,3,3,60,120,0,0',
      '4,居委会,2,50.0%,1,2,100.0%,2,2,50.0%,1,2,795,880,1,1',
      '5,业委会,1,100.0%,1,1,0.0%,0,1,—,0,0,100,—,0,0',
    ]);
    expect(lines[6]).toBe('');
    expect(lines[7]).toBe('指标,定义');
    expect(lines.some((l) => l.startsWith('满意率,') && l.includes('超时自动办结一律不算满意'))).toBe(true);
  });

  it('the demo requests: real work in the grid worker\'s and the property company\'s queues, figures for this month', async () => {
    const demo = await freshEnv({ seed: true });
    try {
      await seedDemoRequests(demo.ports);
      const queue = async (who: string, org: string, view: string) =>
        (await ok<{ requests: { category: string; status: string }[] }>(call(who, 'workQueue', { ...E, org, view }))).requests.map((r) => `${r.category}:${r.status}`).sort();
      expect(await queue(GRID, 'grid', 'mine')).toEqual(['neighbour:contacted', 'noise:dispatched', 'safety:dispatched']);
      expect(await queue(GRID, 'grid', 'overdue')).toEqual(['safety:dispatched']);
      expect(await queue(PROPERTY, 'property', 'mine')).toEqual(['public_facility:contacted', 'repair:dispatched']);
      // this month (TEST_NOW is 2026-11-23): property and grid both have closed requests and a ranking
      const nov = await ok<RequestMetricsOutput>(call(STAFF, 'requestMetrics', { ...E, month: '2026-11' }));
      const by = Object.fromEntries(nov.rows.map((row) => [row.org, row]));
      expect(by.property.rank).not.toBeNull();
      expect(by.property.figures.resolutionRate.numerator).toBe(1);
      expect(by.grid.figures.satisfactionRate).toEqual({ numerator: 1, denominator: 1 });
      const oct = await ok<RequestMetricsOutput>(call(STAFF, 'requestMetrics', { ...E, month: '2026-10' }));
      expect(oct.rows.filter((row) => row.figures.filed > 0).map((row) => row.org)).toEqual(['property', 'grid']);
    } finally {
      await demo.cleanup();
    }
  });
});
