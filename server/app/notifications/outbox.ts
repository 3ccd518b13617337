import type { NotificationKind, NotificationParams } from '../../../types/notifications';
import type { Clock, Crypto, Page, Storage, TxStore } from '../../ports';
import { OUTBOX, type OutboxDoc } from './records';

export interface Enqueue<K extends NotificationKind> {
  kind: K;
  estateId: string;
  /**
   * The causing event, stable across retries of its transaction and of the request: e.g. `vr:<requestId>`,
   * `locked:<attempt>:<lockedUntil>`. With each recipient it makes the outbox id.
   */
  eventKey: string;
  /** openids; duplicates and empty strings are dropped */
  recipients: readonly string[];
  params: NotificationParams<K>;
}

/** Deterministic outbox id: the same event and recipient always give the same id (and the same inbox message id). */
export const outboxId = (crypto: Crypto, eventKey: string, recipient: string) => `n_${crypto.sha256(`${eventKey}\n${recipient}`).slice(0, 40)}`;

/**
 * Write the notification's outbox documents INSIDE the transaction of the event that causes them: both commit
 * or neither does (a refused request, or a rolled-back transaction, leaves no notification behind). A rerun of the
 * transaction (version conflict) or of the whole request finds the same ids and writes nothing twice.
 * Delivery happens later, in the deliverOutbox job.
 */
export async function enqueueNotification<K extends NotificationKind>(
  tx: TxStore,
  deps: { clock: Clock; crypto: Crypto },
  n: Enqueue<K>,
): Promise<string[]> {
  const at = deps.clock.now().toISOString();
  const ids: string[] = [];
  for (const recipient of new Set(n.recipients)) {
    if (!recipient) continue;
    const id = outboxId(deps.crypto, n.eventKey, recipient);
    ids.push(id);
    if (await tx.get(OUTBOX, id)) continue;
    const doc: OutboxDoc = {
      kind: n.kind,
      estateId: n.estateId,
      recipient,
      params: { ...(n.params as Record<string, string | number>) },
      eventKey: n.eventKey,
      at,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      wechat: null,
      deliveredAt: null,
      lastError: null,
    };
    await tx.create(OUTBOX, id, doc);
  }
  return ids;
}

const MEMBERS = 'members'; // server/app/identity/records.ts (not imported: notifications sit below identity)

/** members read per request while collecting staff (the adapters split bigger pages themselves) */
const STAFF_PAGE = 500;

/**
 * The openids of the estate's community staff, read BEFORE the event's transaction (transactions cannot query).
 * `roles` is an array: equality on it matches members whose roles contain 'community_staff' (pinned on both
 * engines, docs/storage.md; index members [estateId, roles]). Cursor pages until `next` is null: no cap.
 */
export const estateStaff = (storage: Storage, estateId: string, pageSize = STAFF_PAGE): Promise<string[]> => membersWithRole(storage, estateId, 'community_staff', pageSize);

/** The openids of the estate's members holding `role` (e.g. the grid workers a request reaches), read like estateStaff. */
export async function membersWithRole(storage: Storage, estateId: string, role: string, pageSize = STAFF_PAGE): Promise<string[]> {
  const staff: string[] = [];
  let after: string | null = null;
  do {
    const page: Page<{ openid: string }> = await storage.page<{ openid: string }>(MEMBERS, {
      where: { estateId, roles: role },
      limit: pageSize,
      after,
    });
    for (const m of page.docs) staff.push(m.data.openid);
    after = page.next;
  } while (after !== null);
  return staff;
}
