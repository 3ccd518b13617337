/**
 * Duplicate and refer-out end states, and co-signing (附议), on both engines: community staff mark a request as a
 * duplicate of another request of the estate; the holder refers one out naming the organisation (the requester reads
 * it); neither end state is resolved. Other owners and residents co-sign a public open request once each (a retry
 * answers ok), withdraw a co-signature, and find requests in the estate's public list; refusals write nothing.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { readAuditEvents } from '../../server/app/audit/log';
import { createCloudFunction } from '../../server/app/handler';
import { requestsFunction } from '../../server/app/requests';
import { REQUEST_COSIGNS, REQUESTS, type RequestDoc } from '../../server/app/requests/records';
import { factOf, requestFigures } from '../../server/core/requests/metrics';
import type { CoSignOutput, FileRequestOutput, MyRequestsOutput, PublicRequestsOutput, RequestDetailOutput, RequestStepOutput } from '../../types/requests';
import { callerOf, okOf as ok, refusalOf as refused } from '../support/handler-client';
import { freshEnv, onEngine, type TestEnv } from '../support/ports';

const call = callerOf(createCloudFunction(requestsFunction, runtimePorts));
const OWNER = 'demo-owner';
const OTHER = 'demo-multi-owner';
const TENANT = 'demo-tenant';
const GRID = 'demo-grid-worker';
const STAFF = 'demo-community-staff';
const PROPERTY = 'demo-property-manager';
const E = { estateId: 'hemu' };

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const request = (key: string, visibility = 'public', who = OWNER) =>
  ok<FileRequestOutput>(call(who, 'fileRequest', { ...E, idempotencyKey: key, category: 'noise', description: `夜间施工噪音 ${key}`, locationKind: 'public', place: '小区东门', visibility }));
const detail = (who: string, requestId: string) => ok<RequestDetailOutput>(call(who, 'requestDetail', { ...E, requestId }));
const written = async () => ({ audit: (await readAuditEvents(env.storage, 'hemu')).length, cosigns: await env.storage.count(REQUEST_COSIGNS, { estateId: 'hemu' }) });
const stateOf = async (id: string) => (await env.storage.get<RequestDoc>(REQUESTS, id))!.data;

describe('requests: duplicate and refer-out', () => {
  it('staff mark a duplicate of another request of the estate; refusals write nothing; never resolved', async () => {
    const { requestId: first } = await request('key-00000001');
    const { requestId: second } = await request('key-00000002', 'private', OTHER);
    const before = await written();
    expect((await refused(call(STAFF, 'markDuplicate', { ...E, requestId: second, duplicateOf: second }))).code).toBe('REQUEST_DUPLICATE_OF_INVALID');
    expect((await refused(call(STAFF, 'markDuplicate', { ...E, requestId: second, duplicateOf: 'req_nope' }))).code).toBe('REQUEST_DUPLICATE_OF_INVALID');
    expect((await refused(call(GRID, 'markDuplicate', { ...E, requestId: second, duplicateOf: first }))).code).toBe('FORBIDDEN');
    expect((await refused(call(OTHER, 'markDuplicate', { ...E, requestId: second, duplicateOf: first }))).code).toBe('FORBIDDEN');
    expect(await written()).toEqual(before);
    const done = await ok<RequestStepOutput>(call(STAFF, 'markDuplicate', { ...E, requestId: second, duplicateOf: first }));
    expect(done.request.status).toBe('duplicate');
    const d = await detail(OTHER, second);
    expect(d).toMatchObject({ status: 'duplicate', duplicateOf: first, referredTo: null });
    expect(d.timeline.at(-1)).toMatchObject({ kind: 'markDuplicate', actorRole: 'community_staff', text: first });
    expect((await refused(call(STAFF, 'markDuplicate', { ...E, requestId: second, duplicateOf: first }))).code).toBe('REQUEST_MOVE_NOT_ALLOWED');
    const figures = requestFigures([factOf(await stateOf(second))!]);
    expect(figures.resolutionRate).toEqual({ numerator: 0, denominator: 1 });
    expect(figures.satisfactionRate).toEqual({ numerator: 0, denominator: 0 });
  });

  it('the holder refers a request out naming the organisation; the requester reads it; others may not', async () => {
    const { requestId } = await request('key-00000003', 'private');
    const before = await written();
    expect((await refused(call(PROPERTY, 'referOut', { ...E, requestId, referredTo: '供电公司' }))).code).toBe('REQUEST_NOT_FOUND');
    expect((await refused(call(OWNER, 'referOut', { ...E, requestId, referredTo: '供电公司' }))).code).toBe('FORBIDDEN');
    expect((await refused(call(GRID, 'referOut', { ...E, requestId, referredTo: '  ' }))).code).toBe('VALIDATION_FAILED');
    expect(await written()).toEqual(before);
    expect((await ok<RequestStepOutput>(call(GRID, 'referOut', { ...E, requestId, referredTo: '区城管执法队' }))).request.status).toBe('not_ours');
    const d = await detail(OWNER, requestId);
    expect(d).toMatchObject({ status: 'not_ours', referredTo: '区城管执法队', duplicateOf: null });
    expect(d.timeline.at(-1)).toMatchObject({ kind: 'referOut', actorRole: 'grid_worker', holder: 'grid', text: '区城管执法队' });
    expect(requestFigures([factOf(await stateOf(requestId))!]).resolutionRate).toEqual({ numerator: 0, denominator: 1 });
    expect((await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action === 'request.referOut')).toHaveLength(1);
  });
});

describe('requests: co-signing (附议)', () => {
  it('owners and residents co-sign once each; a retry answers ok; withdraw; the count everywhere', async () => {
    const { requestId } = await request('key-00000004');
    expect(await detail(OTHER, requestId)).toMatchObject({ coSignCount: 0, coSignedByMe: false, canCoSign: true });
    expect(await detail(OWNER, requestId)).toMatchObject({ canCoSign: false });
    expect(await ok<CoSignOutput>(call(OTHER, 'coSignRequest', { ...E, requestId }))).toEqual({ coSignCount: 1, coSignedByMe: true });
    expect(await ok<CoSignOutput>(call(OTHER, 'coSignRequest', { ...E, requestId }))).toEqual({ coSignCount: 1, coSignedByMe: true });
    expect(await ok<CoSignOutput>(call(TENANT, 'coSignRequest', { ...E, requestId }))).toEqual({ coSignCount: 2, coSignedByMe: true });
    expect(await detail(OTHER, requestId)).toMatchObject({ coSignCount: 2, coSignedByMe: true });
    expect((await ok<MyRequestsOutput>(call(OWNER, 'myRequests', E))).requests.find((r) => r.requestId === requestId)?.coSignCount).toBe(2);
    expect(await ok<CoSignOutput>(call(TENANT, 'withdrawCoSign', { ...E, requestId }))).toEqual({ coSignCount: 1, coSignedByMe: false });
    expect(await ok<CoSignOutput>(call(TENANT, 'withdrawCoSign', { ...E, requestId }))).toEqual({ coSignCount: 1, coSignedByMe: false });
    expect(await ok<CoSignOutput>(call(TENANT, 'coSignRequest', { ...E, requestId }))).toEqual({ coSignCount: 2, coSignedByMe: true });
    const audit = (await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action.startsWith('request.cosign'));
    expect(audit.map((e) => e.action).sort()).toEqual(['request.cosign_withdrawn', 'request.cosigned', 'request.cosigned', 'request.cosigned']);
  });

  it('refuses one\'s own, private, closed requests and non-residents, writing nothing', async () => {
    const { requestId: open } = await request('key-00000005');
    const { requestId: hidden } = await request('key-00000006', 'private');
    const { requestId: closed } = await request('key-00000007');
    await ok(call(OWNER, 'withdrawRequest', { ...E, requestId: closed }));
    const before = await written();
    expect((await refused(call(OWNER, 'coSignRequest', { ...E, requestId: open }))).code).toBe('REQUEST_COSIGN_OWN');
    expect((await refused(call(OTHER, 'coSignRequest', { ...E, requestId: hidden }))).code).toBe('REQUEST_NOT_FOUND');
    expect((await refused(call(OTHER, 'coSignRequest', { ...E, requestId: closed }))).code).toBe('REQUEST_COSIGN_CLOSED');
    expect((await refused(call(GRID, 'coSignRequest', { ...E, requestId: open }))).code).toBe('FORBIDDEN');
    expect((await refused(call(STAFF, 'coSignRequest', { ...E, requestId: hidden }))).code).toBe('FORBIDDEN');
    expect(await written()).toEqual(before);
  });

  it('lists the estate\'s public requests newest first, a page at a time, with my co-signature', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) {
      env.clock.set(new Date(Date.parse('2026-11-23T02:00:00.000Z') + i * 60_000));
      ids.push((await request(`key-1${String(i).padStart(7, '0')}`, i === 5 ? 'private' : 'public')).requestId);
    }
    await ok(call(OTHER, 'coSignRequest', { ...E, requestId: ids[21] }));
    const first = await ok<PublicRequestsOutput>(call(OTHER, 'publicRequests', E));
    expect(first.requests).toHaveLength(20);
    expect(first.requests[0]).toMatchObject({ requestId: ids[21], coSignCount: 1, coSignedByMe: true, mine: false, summary: '夜间施工噪音 key-10000021' });
    expect(first.requests[1]).toMatchObject({ requestId: ids[20], coSignedByMe: false });
    const rest = await ok<PublicRequestsOutput>(call(OTHER, 'publicRequests', { ...E, cursor: first.next! }));
    const all = [...first.requests, ...rest.requests].map((r) => r.requestId);
    expect(all.filter((id) => ids.includes(id))).toEqual(ids.filter((_, i) => i !== 5).reverse());
    expect((await refused(call(OTHER, 'publicRequests', { ...E, cursor: 'bogus' }))).code).toBe('VALIDATION_FAILED');
    // the property company sees none of them: none was routed to it
    expect((await ok<PublicRequestsOutput>(call(PROPERTY, 'publicRequests', E))).requests.filter((r) => ids.includes(r.requestId))).toEqual([]);
  });

  onEngine('cloudbase', it)('the same account co-signing twice at once: one co-signature, both answered ok', async () => {
    const { requestId } = await request('key-00000008');
    const results = await Promise.all([call(OTHER, 'coSignRequest', { ...E, requestId }), call(OTHER, 'coSignRequest', { ...E, requestId }), call(TENANT, 'coSignRequest', { ...E, requestId })]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await env.storage.count(REQUEST_COSIGNS, { requestId })).toBe(2);
    expect((await stateOf(requestId)).coSignCount).toBe(2);
    expect((await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action === 'request.cosigned')).toHaveLength(2);
  });
});
