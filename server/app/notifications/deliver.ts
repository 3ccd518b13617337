import { NOTIFICATION_KINDS, notificationPage, subscriptionData } from '../../../types/notifications';
import type { Page, Ports, SendResult } from '../../ports';
import { MESSAGES, OUTBOX, SUBSCRIPTIONS, subscriptionId, type MessageDoc, type OutboxDoc, type SubscriptionDoc, type WechatState } from './records';

/**
 * The delivery job: turns pending outbox documents into inbox messages and WeChat subscription messages.
 *
 * Guarantees
 * - Inbox: EXACTLY ONCE. The message is created under the outbox document's id in the same transaction that reads
 *   the outbox document; a rerun (crash, overlapping timer, retry) finds it and creates nothing, and a document is
 *   only marked delivered after its message exists.
 * - WeChat: AT MOST ONCE. A subscription message spends one of the person's one-time consents (one per accepted
 *   tap) and lands in their WeChat service notifications, where a duplicate cannot be withdrawn and would spend a
 *   second consent. So the consent is consumed and the outbox marked `claimed` in a transaction BEFORE the call;
 *   a crash between claim and result leaves `claimed`, which the next run turns into `unknown` without sending
 *   again. Only a definite "not sent" answer (errCode -1 busy, 45009 rate limit, the SDK failing to load) gives the
 *   consent back and retries. The inbox message always exists, so nothing is lost when WeChat is not reached.
 * - Retries: a failed attempt (storage error, retryable WeChat answer) increments `attempts` and waits
 *   BACKOFF_BASE_MS · 2^(attempts-1) (capped at BACKOFF_MAX_MS); after MAX_ATTEMPTS the document ends `failed`.
 */
export const MAX_ATTEMPTS = 5;
export const BACKOFF_BASE_MS = 60_000;
export const BACKOFF_MAX_MS = 60 * 60_000;
/** documents handled per run; the rest wait for the next tick */
export const DELIVERY_BATCH = 200;

export const backoffMs = (attempts: number) => Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);

export interface DeliveryReport {
  delivered: number;
  /** attempts that failed and were rescheduled */
  retried: number;
  /** documents that reached MAX_ATTEMPTS in this run */
  failed: number;
  /** subscription messages WeChat accepted */
  wechatSent: number;
}

type Planned = { doc: OutboxDoc; send: { templateId: string; key: string } | null };

/** Step 1, one transaction: create the inbox message (once) and decide the WeChat channel, claiming a consent. */
async function prepare(ports: Ports, id: string): Promise<Planned | null> {
  const { storage, notifier } = ports;
  return storage.transaction(async (tx) => {
    const outbox = await tx.get<OutboxDoc>(OUTBOX, id);
    if (!outbox || outbox.data.status !== 'pending') return null;
    const o = outbox.data;
    if (!(await tx.get(MESSAGES, id))) {
      const message: MessageDoc = {
        recipient: o.recipient,
        estateId: o.estateId,
        kind: o.kind,
        params: o.params,
        staff: 'staff' in NOTIFICATION_KINDS[o.kind],
        createdAt: o.at,
        read: false,
        readAt: null,
      };
      await tx.create(MESSAGES, id, message);
    }
    let wechat: WechatState = o.wechat;
    let send: Planned['send'] = null;
    if (wechat === null || wechat === 'retry') {
      const key = NOTIFICATION_KINDS[o.kind].wechat.template;
      const templateId = notifier.templateId(key);
      const subId = subscriptionId(o.recipient, key);
      const sub = templateId ? await tx.get<SubscriptionDoc>(SUBSCRIPTIONS, subId) : null;
      if (!templateId) wechat = 'not_configured';
      else if (!sub || sub.data.quota <= 0) wechat = 'no_consent';
      else {
        await tx.update(SUBSCRIPTIONS, subId, sub.version, { ...sub.data, quota: sub.data.quota - 1, updatedAt: ports.clock.now().toISOString() });
        wechat = 'claimed';
        send = { templateId, key };
      }
    } else if (wechat === 'claimed') {
      wechat = 'unknown'; // an earlier run claimed and never recorded the answer: it may have been sent
    }
    const doc = { ...o, wechat };
    await tx.update(OUTBOX, id, outbox.version, doc);
    return { doc, send };
  });
}

/** Step 3, one transaction: record the outcome (delivered, or a retry with backoff, or failed). */
async function finish(ports: Ports, id: string, result: SendResult | null, key: string | null): Promise<'delivered' | 'retried' | 'failed'> {
  const { storage, clock } = ports;
  return storage.transaction(async (tx) => {
    const outbox = await tx.get<OutboxDoc>(OUTBOX, id);
    if (!outbox || outbox.data.status !== 'pending') return 'delivered';
    const o = outbox.data;
    const now = clock.now();
    const subId = key ? subscriptionId(o.recipient, key) : null;
    const sub = subId ? await tx.get<SubscriptionDoc>(SUBSCRIPTIONS, subId) : null;
    if (result?.status === 'retry') {
      // definitely not sent: give the consent back, try again later
      if (sub && subId) await tx.update(SUBSCRIPTIONS, subId, sub.version, { ...sub.data, quota: sub.data.quota + 1, updatedAt: now.toISOString() });
      const attempts = o.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      await tx.update(OUTBOX, id, outbox.version, {
        ...o,
        wechat: failed ? 'rejected' : 'retry',
        attempts,
        status: failed ? 'failed' : 'pending',
        nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
        lastError: `wechat ${result.code ?? 'unavailable'}`,
      });
      return failed ? 'failed' : 'retried';
    }
    if (result?.status === 'refused' && sub && subId) {
      // WeChat says no subscription is left: our count was wrong (consent withdrawn, or used elsewhere)
      await tx.update(SUBSCRIPTIONS, subId, sub.version, { ...sub.data, quota: 0, updatedAt: now.toISOString() });
    }
    const wechat: WechatState = result ? (result.status === 'sent' ? 'sent' : result.status) : o.wechat;
    await tx.update(OUTBOX, id, outbox.version, { ...o, wechat, status: 'delivered', deliveredAt: now.toISOString() });
    return 'delivered';
  });
}

/** A storage (or other unexpected) failure: count the attempt and back off; never throws. */
async function recordFailure(ports: Ports, id: string, err: unknown): Promise<'retried' | 'failed'> {
  const label = err instanceof Error ? err.name : 'error';
  try {
    return await ports.storage.transaction(async (tx) => {
      const outbox = await tx.get<OutboxDoc>(OUTBOX, id);
      if (!outbox || outbox.data.status !== 'pending') return 'retried';
      const attempts = outbox.data.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      await tx.update(OUTBOX, id, outbox.version, {
        ...outbox.data,
        attempts,
        status: failed ? 'failed' : 'pending',
        nextAttemptAt: new Date(ports.clock.now().getTime() + backoffMs(attempts)).toISOString(),
        lastError: label,
      });
      return failed ? 'failed' : 'retried';
    });
  } catch {
    return 'retried'; // storage is down: the document stays pending and is picked up by a later run
  }
}

/** Deliver one outbox document (exported for tests); see the guarantees above. */
export async function deliverOne(ports: Ports, id: string): Promise<'delivered' | 'retried' | 'failed' | 'skipped' | 'wechat'> {
  let planned: Planned | null;
  try {
    planned = await prepare(ports, id);
  } catch (err) {
    return recordFailure(ports, id, err);
  }
  if (!planned) return 'skipped';
  let result: SendResult | null = null;
  if (planned.send) {
    const { doc } = planned;
    result = await ports.notifier.send({
      touser: doc.recipient,
      templateId: planned.send.templateId,
      page: notificationPage(doc.kind, doc.params),
      data: subscriptionData(doc.kind, doc.params, doc.at),
    });
  }
  try {
    const outcome = await finish(ports, id, result, planned.send?.key ?? null);
    return outcome === 'delivered' && result?.status === 'sent' ? 'wechat' : outcome;
  } catch (err) {
    // the answer could not be recorded: the document stays `claimed` and the next run marks it `unknown`
    return recordFailure(ports, id, err);
  }
}

/** due documents read per request while a run works through its batch */
const DELIVERY_PAGE = 50;

/**
 * Run once: every pending document whose nextAttemptAt has come (a range filter, `nextAttemptAt <= now`), oldest
 * first, up to DELIVERY_BATCH, read in cursor pages (index notification_outbox [status, nextAttemptAt]).
 * Keyset paging stays exact while this run delivers what it read: a cursor is a position, not an offset.
 * Idempotent: running it twice (or two runs overlapping) delivers each message to the inbox once.
 */
export async function deliverOutbox(ports: Ports, options: { batch?: number } = {}): Promise<DeliveryReport> {
  const now = ports.clock.now().toISOString();
  const batch = options.batch ?? DELIVERY_BATCH;
  const report: DeliveryReport = { delivered: 0, retried: 0, failed: 0, wechatSent: 0 };
  let handled = 0;
  let after: string | null = null;
  while (handled < batch) {
    const due: Page<OutboxDoc> = await ports.storage.page<OutboxDoc>(OUTBOX, {
      where: { status: 'pending', nextAttemptAt: { lte: now } },
      orderBy: { field: 'nextAttemptAt' },
      limit: Math.min(DELIVERY_PAGE, batch - handled),
      after,
    });
    for (const doc of due.docs) {
      handled++;
      const outcome = await deliverOne(ports, doc.id);
      if (outcome === 'wechat') {
        report.delivered++;
        report.wechatSent++;
      } else if (outcome !== 'skipped') report[outcome]++;
    }
    if (due.next === null) break;
    after = due.next;
  }
  return report;
}
