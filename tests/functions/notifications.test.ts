import { main as identity } from '../../cloudfunctions/identity';
import { main as messages } from '../../cloudfunctions/messages';
import { RecordingNotifier } from '../../server/adapters/local/notifier';
import { backoffMs, deliverOne, deliverOutbox, MAX_ATTEMPTS } from '../../server/app/notifications/deliver';
import { MESSAGES, OUTBOX, SUBSCRIPTIONS, type MessageDoc, type OutboxDoc } from '../../server/app/notifications/records';
import { buildDemoRoster } from '../../server/seed/demo-estate';
import { encodeCursor, type Storage } from '../../server/ports';
import type { ApiResult } from '../../types/errors';
import { PRIVACY_NOTICE_VERSION } from '../../types/identity';
import { MESSAGES_CURSOR_MAX, type ListMessagesOutput, type UnreadCountOutput } from '../../types/messages';
import { as, freshEnv, type TestEnv } from '../support/ports';
import { ok } from '../support/handler-client';

let env: TestEnv;
let notifier: RecordingNotifier;
const TEMPLATES = { staff_review: 'tmpl-staff', representative_confirm: 'tmpl-rep', decision_result: 'tmpl-decision' };
beforeEach(async () => {
  env = await freshEnv({ seed: true });
  notifier = new RecordingNotifier(TEMPLATES);
  env.ports.notifier = notifier; // the runtime ports are this same object
});
afterEach(async () => env.cleanup());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const call = async (openid: string, action: string, input: unknown = {}): Promise<ApiResult<Any>> => (await identity({ action, input }, as(openid))) as ApiResult<Any>;
const msg = async (openid: string, action: string, input: unknown = {}): Promise<ApiResult<Any>> => (await messages({ action, input }, as(openid))) as ApiResult<Any>;
const outbox = async (storage: Storage = env.storage) =>
  (await storage.find<OutboxDoc>(OUTBOX, { orderBy: { field: 'eventKey' } })).map((d) => ({ id: d.id, ...d.data }));
const recipientsOf = async (kind: string) => (await outbox()).filter((o) => o.kind === kind).map((o) => o.recipient).sort();
const inbox = async (openid: string) => ok((await msg(openid, 'listMessages', {})) as ApiResult<ListMessagesOutput>).messages;
const badge = async (openid: string) => ok((await msg(openid, 'unreadCount', {})) as ApiResult<UnreadCountOutput>);

const ma = buildDemoRoster().people.find((p) => p.key === 'ma')!;
const claim = (over: Record<string, unknown> = {}) => ({
  estateId: 'hemu',
  unit: { building: '2', entrance: '1', room: '102' },
  name: ma.name,
  phone: '13800000000',
  consentVersion: PRIVACY_NOTICE_VERSION,
  ...over,
});
async function lockOut(openid = 'demo-unverified') {
  for (let i = 0; i < 5; i++) await call(openid, 'verifyByRoster', claim());
}

/** A second staff member (roles array with two entries) and a staff member of another estate. */
async function addStaff() {
  await env.storage.transaction(async (tx) => {
    await tx.create('members', 'hemu:staff-2', { estateId: 'hemu', openid: 'staff-2', accountKey: 'k-staff-2', roles: ['owner', 'community_staff'], displayName: '郑*', since: '2026-01-01T00:00:00.000Z', history: [] });
    await tx.create('members', 'other:staff-x', { estateId: 'other', openid: 'staff-x', accountKey: 'k-staff-x', roles: ['community_staff'], displayName: '冯*', since: '2026-01-01T00:00:00.000Z', history: [] });
  });
}

describe('outbox: written in the transaction of the event', () => {
  it('a lockout writes one outbox document per community staff member of the estate, nobody else', async () => {
    await addStaff();
    await call('demo-unverified', 'verifyByRoster', claim());
    expect(await outbox()).toEqual([]); // a miss that does not lock tells nobody
    await lockOut();
    expect(await recipientsOf('verification_locked')).toEqual(['demo-community-staff', 'staff-2']);
    const [doc] = await outbox();
    expect(doc).toMatchObject({ status: 'pending', attempts: 0, estateId: 'hemu', params: { unit: '2号楼1单元102', until: '2026-11-24T02:00:00.000Z' } });
    expect(JSON.stringify(doc.params)).not.toContain('demo-unverified'); // the locked person is not named to staff
  });

  it('finds staff by the roles array through every cursor page, nobody else', async () => {
    const { estateStaff } = await import('../../server/app/notifications/outbox');
    await addStaff();
    await env.storage.transaction(async (tx) => {
      // roles that only look similar, and an owner: not staff
      await tx.create('members', 'hemu:near-1', { estateId: 'hemu', openid: 'near-1', accountKey: 'k-near-1', roles: ['community_staff_trainee'], since: '2026-01-01T00:00:00.000Z', history: [] });
      await tx.create('members', 'hemu:near-2', { estateId: 'hemu', openid: 'near-2', accountKey: 'k-near-2', roles: 'community_staff,owner', since: '2026-01-01T00:00:00.000Z', history: [] });
      for (let i = 0; i < 5; i++) {
        await tx.create('members', `hemu:staff-p${i}`, { estateId: 'hemu', openid: `staff-p${i}`, accountKey: `k-p${i}`, roles: ['resident', 'community_staff'], since: '2026-01-01T00:00:00.000Z', history: [] });
      }
    });
    const expected = ['demo-community-staff', 'staff-2', 'staff-p0', 'staff-p1', 'staff-p2', 'staff-p3', 'staff-p4'];
    expect((await estateStaff(env.storage, 'hemu')).sort()).toEqual(expected);
    for (const pageSize of [1, 2, 7]) expect((await estateStaff(env.storage, 'hemu', pageSize)).sort()).toEqual(expected);
    expect(await estateStaff(env.storage, 'other', 1)).toEqual(['staff-x']);
    expect(await estateStaff(env.storage, 'nowhere')).toEqual([]);
  });

  it('a refused request writes no outbox document', async () => {
    await lockOut();
    const before = await outbox();
    // still locked: refused again, no second notification
    expect(await call('demo-unverified', 'verifyByRoster', claim({ phone: ma.phone }))).toMatchObject({ ok: false, error: { code: 'VERIFICATION_LOCKED' } });
    // not staff: refused before anything is written
    const queue = ok(await call('demo-community-staff', 'reviewQueue', { estateId: 'hemu' }));
    expect(await call('demo-owner', 'unlockVerification', { estateId: 'hemu', accountKey: queue.lockedAccounts[0].accountKey, reason: '已电话核实本人' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // refused inside the transaction (already decided): the transaction rolls back with its notification
    const req = ok(await call('demo-buyer', 'requestOfflineCheck', { estateId: 'hemu', unit: { building: '3', entrance: '1', room: '702' } })).request;
    ok(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: req.requestId, decision: 'reject', reason: '未到场' }));
    const afterDecision = await outbox();
    expect(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: req.requestId, decision: 'approve', note: '再次' })).toMatchObject({
      ok: false,
      error: { code: 'REQUEST_ALREADY_DECIDED' },
    });
    expect(await outbox()).toEqual(afterDecision);
    expect(afterDecision.length).toBe(before.length + 2); // the offline-check request (staff) and its rejection (applicant)
  });

  it('a retried transaction writes each notification once (deterministic ids)', async () => {
    const { enqueueNotification } = await import('../../server/app/notifications/outbox');
    const write = () =>
      env.storage.transaction((tx) =>
        enqueueNotification(tx, env.ports, { kind: 'verification_unlocked', estateId: 'hemu', eventKey: 'unlock:x:1', recipients: ['a', 'b', 'a', ''], params: { unit: '1号楼' } }),
      );
    const first = await write();
    expect(await write()).toEqual(first);
    expect(first).toHaveLength(2);
    expect(await env.storage.count(OUTBOX)).toBe(2);
  });
});

describe('each identity event reaches the right people', () => {
  it('new claims go to staff; decisions go to the applicant', async () => {
    const unit702 = { building: '3', entrance: '1', room: '702' };
    const offline = ok(await call('demo-buyer', 'requestOfflineCheck', { estateId: 'hemu', unit: unit702 })).request;
    const resident = ok(
      await call('demo-newcomer', 'requestResidentRole', { estateId: 'hemu', unit: { building: '2', entrance: '1', room: '502' }, name: '钱多多', relation: 'tenant', consentVersion: PRIVACY_NOTICE_VERSION }),
    ).request;
    expect(await recipientsOf('offline_check_pending')).toEqual(['demo-community-staff']);
    expect(await recipientsOf('resident_claim_pending')).toEqual(['demo-community-staff']);

    ok(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: offline.requestId, decision: 'approve', note: '核对产权证原件' }));
    ok(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: resident.requestId, decision: 'reject', reason: '无法核实租赁关系' }));
    expect(await recipientsOf('verification_approved')).toEqual(['demo-buyer']);
    expect(await recipientsOf('verification_rejected')).toEqual(['demo-newcomer']);

    await lockOut();
    const queue = ok(await call('demo-community-staff', 'reviewQueue', { estateId: 'hemu' }));
    ok(await call('demo-community-staff', 'unlockVerification', { estateId: 'hemu', accountKey: queue.lockedAccounts[0].accountKey, reason: '已电话核实本人' }));
    expect(await recipientsOf('verification_unlocked')).toEqual(['demo-unverified']);

    await deliverOutbox(env.ports);
    const [rejected] = await inbox('demo-newcomer');
    expect(rejected).toMatchObject({ kind: 'verification_rejected', title: '身份申请未通过', page: 'pages/identity/verify/index', read: false, staff: false });
    expect(rejected.body).toContain('无法核实租赁关系');
    expect((await inbox('demo-community-staff')).map((m: { kind: string }) => m.kind).sort()).toEqual(['offline_check_pending', 'resident_claim_pending', 'verification_locked']);
  });

  it('a proposal goes to the co-owners who must confirm; the completed change to the proposer; a staff decision to every co-owner', async () => {
    const unitId = 'hemu:1-2-302';
    const view = ok(await call('demo-co-owner', 'unitOwners', { estateId: 'hemu', unitId }));
    const li = view.owners.find((o: { isMe: boolean }) => o.isMe).memberKey;
    const zhou = view.owners.find((o: { isMe: boolean }) => !o.isMe).memberKey;
    ok(await call('demo-co-owner', 'proposeRepresentative', { estateId: 'hemu', unitId, memberKey: li }));
    expect(await recipientsOf('representative_proposed')).toEqual(['demo-co-owner-rep']);
    ok(await call('demo-co-owner-rep', 'confirmRepresentative', { estateId: 'hemu', unitId }));
    expect(await recipientsOf('representative_confirmed')).toEqual(['demo-co-owner']); // proposer and new representative; the confirmer knows

    env.clock.advance(60_000);
    ok(await call('demo-community-staff', 'decideRepresentative', { estateId: 'hemu', unitId, memberKey: zhou, reason: '共有人书面协商一致' }));
    expect(await recipientsOf('representative_decided')).toEqual(['demo-co-owner', 'demo-co-owner-rep']);

    await deliverOutbox(env.ports);
    const [proposal] = await inbox('demo-co-owner-rep').then((ms) => ms.filter((m: { kind: string }) => m.kind === 'representative_proposed'));
    expect(proposal.body).toBe('1号楼2单元302 的共有人提议由 李*英 代表这套房屋投票，需要你确认。');
  });
});

describe('delivery: inbox exactly once, badge, read state', () => {
  it('a lockout reaches the staff inbox with a badge; running the job twice gives one message', async () => {
    await lockOut();
    expect(await badge('demo-community-staff')).toEqual({ unread: 0, staff: 0 }); // not delivered yet
    expect(await deliverOutbox(env.ports)).toMatchObject({ delivered: 1, retried: 0, failed: 0 });
    expect(await deliverOutbox(env.ports)).toMatchObject({ delivered: 0 });
    const id = (await outbox())[0].id;
    expect(await deliverOne(env.ports, id)).toBe('skipped'); // a rerun of one document finds it delivered
    expect(await env.storage.count(MESSAGES)).toBe(1);
    const [m] = await inbox('demo-community-staff');
    expect(m).toMatchObject({ messageId: id, kind: 'verification_locked', title: '有住户核验被锁定', page: 'packages/staff/identity/review/index', staff: true, read: false });
    expect(m.body).toContain('2号楼1单元102');
    expect(m.body).toContain('2026-11-24 10:00'); // lockedUntil in Beijing time
    expect(await badge('demo-community-staff')).toEqual({ unread: 1, staff: 1 });
    expect(await inbox('demo-owner')).toEqual([]); // nobody else sees it
    expect(await msg('demo-owner', 'markRead', { messageId: id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(ok(await msg('demo-community-staff', 'markRead', { messageId: id }))).toEqual({ unread: 0, staff: 0 });
    expect((await inbox('demo-community-staff'))[0].read).toBe(true);
  });

  it('even with the inbox message already there (a crash before marking delivered), a rerun creates no second one', async () => {
    await lockOut();
    const [o] = await outbox();
    // simulate the first half of a crashed run: the message exists, the outbox document is still pending
    await env.storage.transaction((tx) =>
      tx.create<MessageDoc>(MESSAGES, o.id, { recipient: o.recipient, estateId: 'hemu', kind: o.kind, params: o.params, staff: true, createdAt: o.at, read: false, readAt: null }),
    );
    expect(await deliverOutbox(env.ports)).toMatchObject({ delivered: 1 });
    expect(await env.storage.count(MESSAGES)).toBe(1);
  });

  it('delivers only due documents (nextAttemptAt <= now), oldest first, up to the batch, across cursor pages', async () => {
    const { enqueueNotification } = await import('../../server/app/notifications/outbox');
    // 60 recipients enqueued one minute apart (more than one read page of the job), then one in the future
    const start = env.clock.now().getTime();
    for (let i = 0; i < 60; i++) {
      await env.storage.transaction((tx) =>
        enqueueNotification(tx, env.ports, { kind: 'verification_unlocked', estateId: 'hemu', eventKey: `unlock:${i}`, recipients: [`p${String(i).padStart(2, '0')}`], params: { unit: '1号楼' } }),
      );
      env.clock.advance(60_000);
    }
    const late = (await outbox()).find((o) => o.recipient === 'p59')!;
    await env.storage.transaction(async (tx) => {
      const doc = await tx.get<OutboxDoc>(OUTBOX, late.id);
      await tx.update(OUTBOX, late.id, doc!.version, { ...doc!.data, nextAttemptAt: new Date(env.clock.now().getTime() + 3600_000).toISOString() });
    });
    const delivered = async () => (await outbox()).filter((o) => o.status === 'delivered').map((o) => o.recipient).sort();

    expect(await deliverOutbox(env.ports, { batch: 3 })).toMatchObject({ delivered: 3 });
    expect(await delivered()).toEqual(['p00', 'p01', 'p02']); // the oldest first
    expect(await deliverOutbox(env.ports)).toMatchObject({ delivered: 56 }); // past the 50-document page, the late one left out
    expect((await outbox()).find((o) => o.recipient === 'p59')!.status).toBe('pending');
    expect(env.clock.now().getTime()).toBe(start + 60 * 60_000);
    env.clock.advance(3600_000);
    expect(await deliverOutbox(env.ports)).toMatchObject({ delivered: 1 });
    expect(await delivered()).toHaveLength(60);
    expect(await env.storage.count(MESSAGES)).toBe(60);
  });

  it('lists newest first in pages; marks all read', async () => {
    const docs = Array.from({ length: 25 }, (_, i) => i);
    await env.storage.transaction(async (tx) => {
      for (const i of docs) {
        const at = new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000).toISOString();
        await tx.create<MessageDoc>(MESSAGES, `m${String(i).padStart(2, '0')}`, { recipient: 'demo-owner', estateId: 'hemu', kind: 'verification_approved', params: { unit: `U${i}` }, staff: false, createdAt: at, read: false, readAt: null });
      }
    });
    const first = ok((await msg('demo-owner', 'listMessages', {})) as ApiResult<ListMessagesOutput>);
    expect(first.messages.map((m) => m.messageId).slice(0, 3)).toEqual(['m24', 'm23', 'm22']);
    expect(first.messages).toHaveLength(20);
    const second = ok((await msg('demo-owner', 'listMessages', { cursor: first.nextCursor })) as ApiResult<ListMessagesOutput>);
    expect(second.messages.map((m) => m.messageId)).toEqual(['m04', 'm03', 'm02', 'm01', 'm00']);
    expect(second.nextCursor).toBeNull();
    const smaller = ok((await msg('demo-owner', 'listMessages', { limit: 10, cursor: first.nextCursor })) as ApiResult<ListMessagesOutput>);
    expect(smaller.messages.map((m) => m.messageId)).toEqual(['m04', 'm03', 'm02', 'm01', 'm00']);
    // a message written after the first page that sorts after its cursor still shows up on the next page
    await env.storage.transaction((tx) =>
      tx.create<MessageDoc>(MESSAGES, 'm04b', { recipient: 'demo-owner', estateId: 'hemu', kind: 'verification_approved', params: { unit: 'U4b' }, staff: false, createdAt: '2026-11-01T00:04:00.000Z', read: false, readAt: null }),
    );
    const again = ok((await msg('demo-owner', 'listMessages', { cursor: first.nextCursor })) as ApiResult<ListMessagesOutput>);
    expect(again.messages.map((m) => m.messageId)).toEqual(['m04b', 'm04', 'm03', 'm02', 'm01', 'm00']);
    // someone else's cursor pages only through the caller's own messages
    expect(ok((await msg('demo-buyer', 'listMessages', { cursor: first.nextCursor })) as ApiResult<ListMessagesOutput>)).toEqual({ messages: [], nextCursor: null });

    const cursorRefused = { ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ field: 'cursor' }] } };
    expect(await msg('demo-owner', 'listMessages', { cursor: 'bogus' })).toMatchObject(cursorRefused); // not a cursor (storage refuses it)
    expect(await msg('demo-owner', 'listMessages', { cursor: 'o:20' })).toMatchObject(cursorRefused); // the old offset form (schema refuses it)
    expect(await msg('demo-owner', 'listMessages', { cursor: 'A'.repeat(MESSAGES_CURSOR_MAX + 1) })).toMatchObject(cursorRefused);
    // a well-formed cursor made for another order
    const other = encodeCursor({ field: 'createdAt', direction: 'asc', value: '2026-11-01T00:04:00.000Z', id: 'm04' });
    expect(await msg('demo-owner', 'listMessages', { cursor: other })).toMatchObject(cursorRefused);
    expect(first.nextCursor!.length).toBeLessThanOrEqual(MESSAGES_CURSOR_MAX);
    expect(await badge('demo-owner')).toEqual({ unread: 26, staff: 0 });
    expect(ok(await msg('demo-owner', 'markRead', {}))).toEqual({ unread: 0, staff: 0 });
  });
});

describe('WeChat subscription messages: consent, at-most-once, retries with backoff', () => {
  it('without an accepted tap only the inbox gets it; with one, one subscription message is sent and the consent is used up', async () => {
    await lockOut();
    await deliverOutbox(env.ports);
    expect(notifier.calls).toEqual([]);
    expect((await outbox())[0].wechat).toBe('no_consent');

    expect(ok(await msg('demo-community-staff', 'subscriptionOptions', {})).templates.map((t: { key: string }) => t.key)).toEqual(['staff_review', 'representative_confirm', 'decision_result']);
    expect(ok(await msg('demo-community-staff', 'recordSubscription', { accepted: ['staff_review'] }))).toEqual({ remaining: { staff_review: 1 } });
    expect(await msg('demo-community-staff', 'recordSubscription', { accepted: ['staff_review', 'a', 'b', 'c'] })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const queue = ok(await call('demo-community-staff', 'reviewQueue', { estateId: 'hemu' }));
    ok(await call('demo-community-staff', 'unlockVerification', { estateId: 'hemu', accountKey: queue.lockedAccounts[0].accountKey, reason: '已电话核实本人' }));
    env.clock.advance(60_000);
    await lockOut(); // locked again: a new event
    await deliverOutbox(env.ports);
    expect(notifier.sent).toEqual([
      {
        touser: 'demo-community-staff',
        templateId: 'tmpl-staff',
        page: 'packages/staff/identity/review/index',
        data: { thing1: { value: '核验失败次数过多已锁定' }, thing2: { value: '2号楼1单元102' }, time3: { value: expect.stringMatching(/^2026年11月23日 10:0\d$/) } },
      },
    ]);
    expect((await env.storage.get<{ quota: number }>(SUBSCRIPTIONS, 'demo-community-staff:staff_review'))!.data.quota).toBe(0);
  });

  it('a definite "not sent" answer gives the consent back and retries with backoff, ending failed after the last attempt', async () => {
    ok(await msg('demo-community-staff', 'recordSubscription', { accepted: ['staff_review'] }));
    notifier.answer = () => ({ status: 'retry', code: -1 });
    await lockOut();
    const started = env.clock.now().getTime();
    expect(await deliverOutbox(env.ports)).toMatchObject({ retried: 1, delivered: 0 });
    let [o] = await outbox();
    expect(o).toMatchObject({ status: 'pending', attempts: 1, wechat: 'retry', nextAttemptAt: new Date(started + backoffMs(1)).toISOString() });
    expect(await env.storage.count(MESSAGES)).toBe(1); // the inbox has it already
    expect((await env.storage.get<{ quota: number }>(SUBSCRIPTIONS, 'demo-community-staff:staff_review'))!.data.quota).toBe(1); // refunded

    env.clock.advance(backoffMs(1) - 1000);
    expect(await deliverOutbox(env.ports)).toMatchObject({ retried: 0 }); // not yet due
    expect(notifier.calls).toHaveLength(1);
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      env.clock.advance(backoffMs(attempt - 1));
      await deliverOutbox(env.ports);
    }
    [o] = await outbox();
    expect(o).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(notifier.calls).toHaveLength(MAX_ATTEMPTS);
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    env.clock.advance(24 * 3600_000);
    await deliverOutbox(env.ports);
    expect(notifier.calls).toHaveLength(MAX_ATTEMPTS); // failed documents are left alone
    expect(await env.storage.count(MESSAGES)).toBe(1);
  });

  it('a storage failure is retried with backoff too', async () => {
    await lockOut();
    const storage = env.ports.storage;
    let failing = true;
    env.ports.storage = {
      ...storage,
      get: storage.get.bind(storage),
      find: storage.find.bind(storage),
      page: storage.page.bind(storage),
      count: storage.count.bind(storage),
      close: storage.close.bind(storage),
      transaction: (work) =>
        storage.transaction((tx) =>
          work({
            ...tx,
            get: tx.get.bind(tx),
            update: tx.update.bind(tx),
            create: (c, id, d) => (failing && c === MESSAGES ? Promise.reject(new Error('disk full')) : tx.create(c, id, d)),
          }),
        ),
    } as Storage;
    try {
      expect(await deliverOutbox(env.ports)).toMatchObject({ retried: 1 });
      expect((await outbox(storage))[0]).toMatchObject({ attempts: 1, lastError: 'Error', status: 'pending' });
      failing = false;
      env.clock.advance(backoffMs(1));
      expect(await deliverOutbox(env.ports)).toMatchObject({ delivered: 1 });
    } finally {
      env.ports.storage = storage;
    }
    expect(await env.storage.count(MESSAGES)).toBe(1);
  });

  it('at most once: a run that claimed a consent and crashed before recording the answer is never re-sent', async () => {
    ok(await msg('demo-community-staff', 'recordSubscription', { accepted: ['staff_review'] }));
    await lockOut();
    const [o] = await outbox();
    await env.storage.transaction(async (tx) => {
      const doc = await tx.get<OutboxDoc>(OUTBOX, o.id);
      await tx.update(OUTBOX, o.id, doc!.version, { ...doc!.data, wechat: 'claimed' });
    });
    await deliverOutbox(env.ports);
    expect(notifier.calls).toEqual([]);
    expect((await outbox())[0]).toMatchObject({ status: 'delivered', wechat: 'unknown' });
    expect(await env.storage.count(MESSAGES)).toBe(1);
  });

  it('43101 (no subscription left at WeChat) resets our count and does not retry', async () => {
    ok(await msg('demo-community-staff', 'recordSubscription', { accepted: ['staff_review'] }));
    ok(await msg('demo-community-staff', 'recordSubscription', { accepted: ['staff_review'] }));
    notifier.answer = () => ({ status: 'refused', code: 43101 });
    await lockOut();
    await deliverOutbox(env.ports);
    expect((await outbox())[0]).toMatchObject({ status: 'delivered', wechat: 'refused' });
    expect((await env.storage.get<{ quota: number }>(SUBSCRIPTIONS, 'demo-community-staff:staff_review'))!.data.quota).toBe(0);
  });

  it('a template this deployment has not configured is inbox-only and cannot be subscribed', async () => {
    env.ports.notifier = new RecordingNotifier({});
    expect(ok(await msg('demo-community-staff', 'subscriptionOptions', {}))).toEqual({ templates: [] });
    expect(ok(await msg('demo-community-staff', 'recordSubscription', { accepted: ['staff_review'] }))).toEqual({ remaining: {} });
    await lockOut();
    await deliverOutbox(env.ports);
    expect((await outbox())[0]).toMatchObject({ status: 'delivered', wechat: 'not_configured' });
  });
});
