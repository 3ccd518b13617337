/**
 * The steps of a request on both engines: the holder contacts, extends with a reason and handles it; the requester
 * rates it 不满意, which reopens it one level up with fresh limits; every step on the timeline with the actor's role;
 * nobody decides their own request; the property company cannot act on a request not routed to it; staff dispatch
 * only with a reason; refusals write nothing and clean up the handler's photos.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { readAuditEvents } from '../../server/app/audit/log';
import { createCloudFunction } from '../../server/app/handler';
import { requestsFunction } from '../../server/app/requests';
import { REQUEST_TIMELINE } from '../../server/app/requests/records';
import type { FileRequestOutput, RequestDetailOutput, RequestStepOutput } from '../../types/requests';
import { callerOf, okOf as ok, refusalOf as refused } from '../support/handler-client';
import { uploadAs } from '../support/uploads';
import { freshEnv, TEST_NOW, type TestEnv } from '../support/ports';

const call = callerOf(createCloudFunction(requestsFunction, runtimePorts));
const OWNER = 'demo-owner';
const GRID = 'demo-grid-worker';
const STAFF = 'demo-community-staff';
const PROPERTY = 'demo-property-manager';
const SUBDISTRICT = 'demo-subdistrict-staff';
const HOUR = 3_600_000;
const E = { estateId: 'hemu' };

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const noise = { ...E, idempotencyKey: 'key-00000001', category: 'noise', description: '夜间施工噪音', locationKind: 'public', place: '小区东门', visibility: 'private' };
const file = async () => (await ok<FileRequestOutput>(call(OWNER, 'fileRequest', noise))).requestId;
const step = (who: string, action: string, input: Record<string, unknown>) => ok<RequestStepOutput>(call(who, action, { ...E, ...input }));

const upload = (openid: string) => uploadAs(env, openid);

describe('requests: the steps', () => {
  it('contact, extend, handle; 不满意 reopens it at the 居委会 with fresh limits; the whole timeline with roles', async () => {
    const requestId = await file();
    const t0 = Date.parse(TEST_NOW);
    env.clock.set(new Date(t0 + HOUR));
    expect((await step(GRID, 'contactRequest', { requestId })).request.status).toBe('contacted');
    expect((await refused(call(GRID, 'extendRequest', { ...E, requestId, hours: 24, reason: '   ' }))).code).toBe('VALIDATION_FAILED');
    env.clock.set(new Date(t0 + 1.5 * HOUR));
    const extended = await step(GRID, 'extendRequest', { requestId, hours: 24, reason: '需要协调施工单位' });
    expect(extended.request.resolveBy).toBe(new Date(t0 + 144 * HOUR).toISOString());
    const photo = await upload(GRID);
    env.clock.set(new Date(t0 + 2 * HOUR));
    expect((await step(GRID, 'handleRequest', { requestId, result: '已要求施工单位夜间停工', photos: [photo] })).request.status).toBe('handled');
    // only the requester rates
    expect((await refused(call(GRID, 'rateRequest', { ...E, requestId, rating: 'satisfied' }))).code).toBe('FORBIDDEN');
    env.clock.set(new Date(t0 + 3 * HOUR));
    const reopened = await step(OWNER, 'rateRequest', { requestId, rating: 'unsatisfied', comment: '晚上还在施工' });
    expect(reopened.request).toMatchObject({ status: 'reopened', holder: 'community', respondBy: new Date(t0 + 27 * HOUR).toISOString() });
    // the grid worker no longer holds it
    expect((await refused(call(GRID, 'contactRequest', { ...E, requestId }))).code).toBe('REQUEST_ACTOR_NOT_ALLOWED');
    env.clock.set(new Date(t0 + 4 * HOUR));
    await step(STAFF, 'handleRequest', { requestId, result: '已联系街道城管执法' });
    env.clock.set(new Date(t0 + 5 * HOUR));
    expect((await step(OWNER, 'rateRequest', { requestId, rating: 'basically_satisfied' })).request.status).toBe('rated');
    const d = await ok<RequestDetailOutput>(call(OWNER, 'requestDetail', { ...E, requestId }));
    expect(d.timeline.map((t) => [t.kind, t.actorRole, t.holder, t.text, t.rating])).toEqual([
      ['received', 'requester', null, null, null],
      ['dispatch', null, 'grid', null, null],
      ['contact', 'grid_worker', 'grid', null, null],
      ['extend', 'grid_worker', 'grid', '需要协调施工单位', null],
      ['handle', 'grid_worker', 'grid', '已要求施工单位夜间停工', null],
      ['reopen', 'requester', 'community', '晚上还在施工', 'unsatisfied'],
      ['handle', 'community_staff', 'community', '已联系街道城管执法', null],
      ['confirm', 'requester', 'community', null, 'basically_satisfied'],
    ]);
    const audit = (await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action.startsWith('request.'));
    expect(audit.map((e) => e.action)).toEqual(['request.filed', 'request.contact', 'request.extend', 'request.handle', 'request.reopen', 'request.handle', 'request.confirm']);
    // final: nothing moves it any more
    expect((await refused(call(OWNER, 'withdrawRequest', { ...E, requestId }))).code).toBe('REQUEST_MOVE_NOT_ALLOWED');
  });

  it('nobody decides their own request; the property company cannot act on one not routed to it; staff reassign with a reason', async () => {
    const requestId = await file();
    const before = await env.storage.count(REQUEST_TIMELINE, {});
    expect((await refused(call(PROPERTY, 'contactRequest', { ...E, requestId }))).code).toBe('REQUEST_NOT_FOUND');
    const photo = await upload(PROPERTY);
    expect((await refused(call(PROPERTY, 'handleRequest', { ...E, requestId, result: '已处理', photos: [photo] }))).code).toBe('REQUEST_NOT_FOUND');
    expect(await env.ports.files.get(photo)).toBeNull();
    expect((await refused(call(SUBDISTRICT, 'contactRequest', { ...E, requestId }))).code).toBe('REQUEST_ACTOR_NOT_ALLOWED');
    expect((await refused(call(GRID, 'dispatchRequest', { ...E, requestId, to: 'property', reason: '物业负责' }))).code).toBe('FORBIDDEN');
    expect((await refused(call(STAFF, 'dispatchRequest', { ...E, requestId, to: 'property', reason: '' }))).code).toBe('VALIDATION_FAILED');
    expect(await env.storage.count(REQUEST_TIMELINE, {})).toBe(before);
    const moved = await step(STAFF, 'dispatchRequest', { requestId, to: 'property', reason: '属于物业保洁范围' });
    expect(moved.request).toMatchObject({ status: 'dispatched', holder: 'property' });
    // now routed to it: the property company sees it and acts; the grid worker keeps seeing it (it held it) but cannot act
    expect((await step(PROPERTY, 'contactRequest', { requestId })).request.status).toBe('contacted');
    expect((await refused(call(GRID, 'handleRequest', { ...E, requestId, result: 'x' }))).code).toBe('REQUEST_ACTOR_NOT_ALLOWED');
    // the requester withdraws
    expect((await step(OWNER, 'withdrawRequest', { requestId, reason: '已自行解决' })).request.status).toBe('withdrawn');
  });

  it('community staff who file their own request cannot dispatch or handle it', async () => {
    // staff filing needs a filing role: give the owner community_staff too, by data, as the identity function would
    const { MEMBERS, memberId } = await import('../../server/app/identity/records');
    const m = await env.storage.get<{ roles: string[] } & Record<string, unknown>>(MEMBERS, memberId('hemu', OWNER));
    await env.storage.transaction((tx) => tx.update(MEMBERS, m!.id, m!.version, { ...m!.data, roles: [...m!.data.roles, 'community_staff'] }));
    const requestId = await file();
    expect((await refused(call(OWNER, 'dispatchRequest', { ...E, requestId, to: 'community', reason: '我来办' }))).code).toBe('REQUEST_OWN_REQUEST');
    await step(STAFF, 'dispatchRequest', { requestId, to: 'community', reason: '居委会办理' });
    expect((await refused(call(OWNER, 'handleRequest', { ...E, requestId, result: '办好了' }))).code).toBe('REQUEST_OWN_REQUEST');
  });
});

describe('requests: the work queue', () => {
  it('mine / due today / overdue per organisation; the property company has no grid queue', async () => {
    const requestId = await file();
    const t0 = Date.parse(TEST_NOW); // 10:00 Beijing; the grid worker must respond by 10:00 tomorrow
    const queue = async (who: string, org: string, view: string) =>
      (await ok<{ requests: { requestId: string }[] }>(call(who, 'workQueue', { ...E, org, view }))).requests.map((r) => r.requestId);
    expect(await queue(GRID, 'grid', 'mine')).toEqual([requestId]);
    expect(await queue(GRID, 'grid', 'dueToday')).toEqual([]);
    expect(await queue(STAFF, 'grid', 'mine')).toEqual([requestId]);
    expect(await queue(PROPERTY, 'property', 'mine')).toEqual([]);
    expect((await refused(call(PROPERTY, 'workQueue', { ...E, org: 'grid', view: 'mine' }))).code).toBe('REQUEST_QUEUE_NOT_YOURS');
    env.clock.set(new Date(t0 + 20 * HOUR)); // 06:00 Beijing on the deadline's day
    expect(await queue(GRID, 'grid', 'dueToday')).toEqual([requestId]);
    env.clock.set(new Date(t0 + 24 * HOUR));
    expect(await queue(GRID, 'grid', 'overdue')).toEqual([requestId]);
    expect(await queue(GRID, 'grid', 'dueToday')).toEqual([]);
  });
});
