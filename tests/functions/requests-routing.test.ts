/**
 * The routing table as versioned data on both engines: staff read the default (version 0) and save a new version
 * from the version they opened; a stale or racing save is refused with ROUTING_VERSION_MOVED and an incomplete table
 * with the rule it misses, writing nothing; only community staff save. New requests are routed by the newest version
 * and remember it; a request filed earlier keeps the version that routed it for dispatch, escalation and reopening.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { readAuditEvents } from '../../server/app/audit/log';
import { createCloudFunction } from '../../server/app/handler';
import { requestsFunction } from '../../server/app/requests';
import { runRequestDeadlines } from '../../server/app/requests/deadline-job';
import { REQUESTS } from '../../server/app/requests/records';
import { REQUEST_ROUTING } from '../../server/app/requests/routing-store';
import { defaultRoutingTable } from '../../server/core/requests/routing';
import type { FileRequestOutput, RequestStepOutput, RoutingTableBody, RoutingTableOutput, UpdateRoutingTableOutput } from '../../types/requests';
import { callerOf, okOf as ok, refusalOf as refused } from '../support/handler-client';
import { freshEnv, onEngine, TEST_NOW, type TestEnv } from '../support/ports';

const call = callerOf(createCloudFunction(requestsFunction, runtimePorts));
const OWNER = 'demo-owner';
const GRID = 'demo-grid-worker';
const STAFF = 'demo-community-staff';
const PROPERTY = 'demo-property-manager';
const HOUR = 3_600_000;
const E = { estateId: 'hemu' };

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

/** v1: noise in a public area goes to the property company (12 h / 48 h); the 居委会 answers an escalation in 6 h. */
function tableV1(): RoutingTableBody {
  const t = defaultRoutingTable();
  t.rules = t.rules.map((r) => (r.category === 'noise' && r.location === 'public' ? { ...r, org: 'property', respondHours: 12, resolveHours: 48 } : r));
  t.ladder = t.ladder.map((s) => (s.org === 'community' ? { ...s, respondHours: 6 } : s));
  return t;
}
const save = (who: string, baseVersionNo: number, table: RoutingTableBody, note = '噪音先由物业处理') => call(who, 'updateRoutingTable', { ...E, baseVersionNo, table, note });
const noise = (key: string) => ({ ...E, idempotencyKey: key, category: 'noise', description: '夜间施工噪音', locationKind: 'public', place: '小区东门', visibility: 'private' });
const stored = async () => ({ versions: await env.storage.count(REQUEST_ROUTING, { estateId: 'hemu' }), audit: (await readAuditEvents(env.storage, 'hemu')).length });

describe('requests: the routing table', () => {
  it('reads the default as version 0; staff save version 1 with a note; who may edit', async () => {
    const v0 = await ok<RoutingTableOutput>(call(STAFF, 'routingTable', E));
    expect(v0.canEdit).toBe(true);
    expect(v0.current).toMatchObject({ versionNo: 0, updatedBy: null, note: null });
    expect(v0.current.rules).toHaveLength(30);
    expect((await ok<RoutingTableOutput>(call(GRID, 'routingTable', E))).canEdit).toBe(false);
    expect((await refused(call(OWNER, 'routingTable', E))).code).toBe('FORBIDDEN');

    env.clock.set(new Date(Date.parse(TEST_NOW) + HOUR));
    expect(await ok<UpdateRoutingTableOutput>(save(STAFF, 0, tableV1()))).toEqual({ versionNo: 1 });
    const v1 = await ok<RoutingTableOutput>(call(PROPERTY, 'routingTable', E));
    expect(v1.current).toMatchObject({ versionNo: 1, note: '噪音先由物业处理', updatedAt: new Date(Date.parse(TEST_NOW) + HOUR).toISOString() });
    expect(v1.current.updatedBy).toMatch(/^吴/);
    expect(v1.current.updatedBy).not.toBe('吴静');
    expect(v1.current.rules.find((r) => r.category === 'noise' && r.location === 'public')).toMatchObject({ org: 'property', respondHours: 12 });
    const audit = (await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action === 'request.routing_saved');
    expect(audit).toHaveLength(1);
    expect(audit[0].data).toMatchObject({ versionNo: 1, baseVersionNo: 0 });
  });

  it('refuses a stale base, an incomplete table, a broken ladder and anyone but community staff, writing nothing', async () => {
    await ok(save(STAFF, 0, tableV1()));
    const before = await stored();
    expect(await refused(save(STAFF, 0, defaultRoutingTable()))).toMatchObject({ code: 'ROUTING_VERSION_MOVED', params: { version: 1 } });
    const missing = { ...tableV1(), rules: tableV1().rules.filter((r) => !(r.category === 'parking' && r.location === 'unit')) };
    expect(await refused(save(STAFF, 1, missing))).toMatchObject({ code: 'ROUTING_RULE_MISSING', params: { category: '停车管理', location: '我的房屋' } });
    const cycle = { ...tableV1(), ladder: tableV1().ladder.map((s) => (s.org === 'subdistrict' ? { ...s, next: 'grid' as const } : s)) };
    expect((await refused(save(STAFF, 1, cycle))).code).toBe('ROUTING_LADDER_CYCLE');
    const order = { ...tableV1(), rules: tableV1().rules.map((r, i) => (i === 0 ? { ...r, respondHours: 100, resolveHours: 10 } : r)) };
    expect((await refused(save(STAFF, 1, order))).code).toBe('ROUTING_LIMIT_ORDER');
    for (const who of [GRID, PROPERTY, OWNER]) expect((await refused(save(who, 1, tableV1()))).code).toBe('FORBIDDEN');
    expect((await refused(save(STAFF, 1, tableV1(), '   '))).code).toBe('VALIDATION_FAILED');
    expect(await stored()).toEqual(before);
  });

  it('routes new requests by the newest version; an earlier request keeps its version for escalation and dispatch', async () => {
    const t0 = Date.parse(TEST_NOW);
    const a = await ok<FileRequestOutput>(call(OWNER, 'fileRequest', noise('key-0000000a')));
    expect(a).toMatchObject({ holder: 'grid', respondBy: new Date(t0 + 24 * HOUR).toISOString() });
    await ok(save(STAFF, 0, tableV1()));
    const b = await ok<FileRequestOutput>(call(OWNER, 'fileRequest', noise('key-0000000b')));
    expect(b).toMatchObject({ holder: 'property', respondBy: new Date(t0 + 12 * HOUR).toISOString() });
    expect((await env.storage.get(REQUESTS, a.requestId))?.data.routingVersion).toBe(0);
    expect((await env.storage.get(REQUESTS, b.requestId))?.data.routingVersion).toBe(1);
    // b escalates at 12 h to the 居委会 with v1's 6 h
    env.clock.set(new Date(t0 + 12 * HOUR));
    expect((await runRequestDeadlines(env.ports)).escalated).toBe(1);
    expect((await env.storage.get(REQUESTS, b.requestId))?.data).toMatchObject({ holder: 'community', respondBy: new Date(t0 + 18 * HOUR).toISOString() });
    // at 24 h: a reaches the 居委会 (v0), b (missed v1's 6 h) the 街道
    env.clock.set(new Date(t0 + 24 * HOUR));
    expect((await runRequestDeadlines(env.ports)).escalated).toBe(2);
    expect((await env.storage.get(REQUESTS, a.requestId))?.data).toMatchObject({ holder: 'community', respondBy: new Date(t0 + 48 * HOUR).toISOString() });
    // staff reassign: each request gets the 居委会's limits of its own version
    env.clock.set(new Date(t0 + 25 * HOUR));
    const ra = await ok<RequestStepOutput>(call(STAFF, 'dispatchRequest', { ...E, requestId: a.requestId, to: 'community', reason: '由居委会牵头协调' }));
    expect(ra.request.respondBy).toBe(new Date(t0 + 49 * HOUR).toISOString());
    const rb = await ok<RequestStepOutput>(call(STAFF, 'dispatchRequest', { ...E, requestId: b.requestId, to: 'community', reason: '由居委会牵头协调' }));
    expect(rb.request.respondBy).toBe(new Date(t0 + 31 * HOUR).toISOString());
  });

  onEngine('cloudbase', it)('two saves from the same version: the engine admits exactly one', async () => {
    const results = await Promise.all([save(STAFF, 0, tableV1(), '甲'), save(STAFF, 0, defaultRoutingTable(), '乙')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error.code))).toEqual(['ROUTING_VERSION_MOVED']);
    expect(await env.storage.count(REQUEST_ROUTING, { estateId: 'hemu' })).toBe(1);
    expect((await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action === 'request.routing_saved')).toHaveLength(1);
  });
});
