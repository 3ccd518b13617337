/**
 * The notifications of a request's steps on both engines (issue 12 items 3 and 8): the requester hears of every step
 * others take (dispatched, contacted, extended with its reason, handled with the request to rate, reopened one level
 * up, escalated by the job, closed by timeout); the organisation a request reaches hears it (filed, reassigned,
 * escalated, reopened) and is reminded before its limit; everything goes through the outbox in the step's own
 * transaction and lands in the 消息 inbox; refusals write nothing; no message carries the requester's name or phone.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { createCloudFunction } from '../../server/app/handler';
import { messagesFunction } from '../../server/app/messages';
import { deliverOutbox } from '../../server/app/notifications/deliver';
import { membersWithRole } from '../../server/app/notifications/outbox';
import { OUTBOX, type OutboxDoc } from '../../server/app/notifications/records';
import { requestsFunction } from '../../server/app/requests';
import { runRequestDeadlines } from '../../server/app/requests/deadline-job';
import type { ListMessagesOutput } from '../../types/messages';
import type { FileRequestOutput, RequestStepOutput } from '../../types/requests';
import { callerOf, okOf as ok, refusalOf as refused } from '../support/handler-client';
import { freshEnv, TEST_NOW, type TestEnv } from '../support/ports';

const call = callerOf(createCloudFunction(requestsFunction, runtimePorts));
const inbox = callerOf(createCloudFunction(messagesFunction, runtimePorts));
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

const noise = { ...E, idempotencyKey: 'key-00000001', category: 'noise', description: '夜间施工噪音', locationKind: 'public', place: '小区东门', visibility: 'private' };
const file = async () => (await ok<FileRequestOutput>(call(OWNER, 'fileRequest', noise))).requestId;
const step = (who: string, action: string, input: Record<string, unknown>) => ok<RequestStepOutput>(call(who, action, { ...E, ...input }));
const outbox = async () => (await env.storage.find<OutboxDoc>(OUTBOX, { orderBy: { field: 'at' }, limit: 1000 })).map((d) => d.data);
/** the kinds sent since `before` documents, each with its sorted recipients */
const sentSince = async (before: number) => {
  const by = new Map<string, string[]>();
  for (const o of (await outbox()).slice(before)) by.set(o.kind, [...(by.get(o.kind) ?? []), o.recipient].sort());
  return Object.fromEntries(by);
};
const role = (r: string) => membersWithRole(env.storage, 'hemu', r).then((m) => m.sort());

describe('requests: notifications of every step', () => {
  it('the holder hears it arrive; the requester hears every step others take; refusals write nothing', async () => {
    const grid = await role('grid_worker');
    expect(grid).toContain(GRID);
    const requestId = await file();
    expect(await sentSince(0)).toEqual({ request_assigned: grid.filter((o) => o !== OWNER) });
    const [assigned] = await outbox();
    expect(assigned.params).toEqual({ estateId: 'hemu', requestId, category: '噪音扰民', holder: '网格员', respondBy: expect.any(String), resolveBy: expect.any(String) });
    // a retried submission (same idempotency key) tells nobody twice
    await ok<FileRequestOutput>(call(OWNER, 'fileRequest', noise));
    expect(await outbox()).toHaveLength(1);

    const t0 = Date.parse(TEST_NOW);
    let n = (await outbox()).length;
    env.clock.set(new Date(t0 + HOUR));
    await step(GRID, 'contactRequest', { requestId });
    expect(await sentSince(n)).toEqual({ request_contacted: [OWNER] });
    n = (await outbox()).length;
    env.clock.set(new Date(t0 + 1.25 * HOUR)); // one instant per step: the outbox is read in order of time
    await step(GRID, 'extendRequest', { requestId, hours: 24, reason: '需要协调施工单位' });
    expect(await sentSince(n)).toEqual({ request_extended: [OWNER] });
    expect((await outbox())[n].params).toMatchObject({ reason: '需要协调施工单位', holder: '网格员' });
    n = (await outbox()).length;
    env.clock.set(new Date(t0 + 1.5 * HOUR));
    await step(GRID, 'handleRequest', { requestId, result: '已要求施工单位夜间停工' });
    expect(await sentSince(n)).toEqual({ request_handled: [OWNER] });

    // refused steps (the property company, a rating by the handler) write nothing
    n = (await outbox()).length;
    expect((await refused(call(PROPERTY, 'contactRequest', { ...E, requestId }))).code).toBe('REQUEST_NOT_FOUND');
    expect((await refused(call(GRID, 'handleRequest', { ...E, requestId, result: '再次办理' }))).code).toBe('REQUEST_MOVE_NOT_ALLOWED');
    expect(await outbox()).toHaveLength(n);

    // 不满意: the requester hears who holds it now; the 居委会's staff hear it reached them (the actor is not told)
    env.clock.set(new Date(t0 + 2 * HOUR));
    await step(OWNER, 'rateRequest', { requestId, rating: 'unsatisfied', comment: '晚上还在施工' });
    const community = await role('community_staff');
    expect(await sentSince(n)).toEqual({ request_reopened: [OWNER], request_reopened_to: community.filter((o) => o !== OWNER) });

    // staff reassign with a reason: the requester reads the reason, the property company hears it reached them
    n = (await outbox()).length;
    env.clock.set(new Date(t0 + 2.5 * HOUR));
    await step(STAFF, 'dispatchRequest', { requestId, to: 'property', reason: '属于物业维修范围' });
    const property = await role('property_manager');
    expect(await sentSince(n)).toEqual({ request_dispatched: [OWNER], request_assigned: property.filter((o) => o !== STAFF) });
    expect((await outbox()).find((o) => o.kind === 'request_dispatched')!.params).toMatchObject({ reason: '属于物业维修范围', holder: '物业' });

    // the requester's own withdrawal tells nobody
    n = (await outbox()).length;
    await step(OWNER, 'withdrawRequest', { requestId });
    expect(await outbox()).toHaveLength(n);

    // delivered into the inbox, rendered from the templates, opening the request's detail page
    await deliverOutbox(env.ports);
    const mine = await ok<ListMessagesOutput>(inbox(OWNER, 'listMessages', {}));
    const handled = mine.messages.find((m) => m.kind === 'request_handled')!;
    expect(handled.title).toBe('你的诉求已办理，请确认并评价');
    expect(handled.body).toContain('网格员已办理你的噪音扰民诉求：已要求施工单位夜间停工。请在');
    expect(handled.page).toBe(`packages/requests/detail/index?estateId=hemu&requestId=${requestId}`);
    const theirs = await ok<ListMessagesOutput>(inbox(GRID, 'listMessages', {}));
    expect(theirs.messages.find((m) => m.kind === 'request_assigned')).toMatchObject({ title: '有新的诉求待网格员办理', staff: true });
    // nothing personal: no params name the requester, their phone or the description
    for (const o of await outbox()) expect(JSON.stringify(o.params)).not.toMatch(/demo-owner|王建国|1[3-9]\d{9}|夜间施工噪音/);
  });

  it('the deadline job reminds the holder, tells both sides of an escalation and the requester of a close by timeout', async () => {
    const requestId = await file();
    const t0 = Date.parse(TEST_NOW);
    let n = (await outbox()).length;
    env.clock.set(new Date(t0 + 20 * HOUR));
    await runRequestDeadlines(env.ports);
    const grid = await role('grid_worker');
    expect(await sentSince(n)).toEqual({ request_response_due: grid.filter((o) => o !== OWNER) });
    expect((await outbox())[n].params).toMatchObject({ holder: '网格员', deadline: new Date(t0 + 24 * HOUR).toISOString() });
    n = (await outbox()).length;
    await runRequestDeadlines(env.ports); // a repeated tick tells nobody again
    expect(await outbox()).toHaveLength(n);

    env.clock.set(new Date(t0 + 24 * HOUR));
    await runRequestDeadlines(env.ports);
    const community = await role('community_staff');
    expect(await sentSince(n)).toEqual({ request_escalated: [OWNER], request_escalated_to: community.filter((o) => o !== OWNER) });
    expect((await outbox()).find((o) => o.kind === 'request_escalated')!.params).toMatchObject({ holder: '居委会', respondBy: new Date(t0 + 48 * HOUR).toISOString() });

    // handled by the 居委会 and left unconfirmed: closed by timeout, the requester is told
    env.clock.set(new Date(t0 + 25 * HOUR));
    await step(STAFF, 'handleRequest', { requestId, result: '已协调停工' });
    n = (await outbox()).length;
    env.clock.set(new Date(t0 + 25 * HOUR + 30 * 24 * HOUR));
    await runRequestDeadlines(env.ports);
    expect(await sentSince(n)).toEqual({ request_closed_by_timeout: [OWNER] });
  });
});
