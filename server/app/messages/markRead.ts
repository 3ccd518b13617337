import type { MarkReadInput, UnreadCountOutput } from '../../../types/messages';
import { AppError } from '../../core/errors';
import type { Page } from '../../ports';
import type { ActionContext } from '../action';
import { MESSAGES, type MessageDoc } from '../notifications/records';
import { unreadCount } from './unreadCount';

/**
 * Messages marked read per transaction (and read per page) when marking all: well under the per-transaction
 * write limit (TRANSACTION_WRITE_LIMIT, CloudBase), so a person with thousands of unread messages never
 * needs one big transaction, nor all their messages in memory at once.
 */
export const MARK_READ_CHUNK = 100;

/** Mark the given messages (the caller's own) read in one transaction; a missing or foreign one is NOT_FOUND when `strict`. */
async function markChunk(ctx: ActionContext, ids: readonly string[], at: string, strict: boolean): Promise<void> {
  const { ports, caller } = ctx;
  await ports.storage.transaction(async (tx) => {
    for (const id of ids) {
      const m = await tx.get<MessageDoc>(MESSAGES, id);
      // someone else's message is reported exactly like a missing one
      if (!m || m.data.recipient !== caller.openid) {
        if (strict) throw new AppError('NOT_FOUND');
        continue;
      }
      if (!m.data.read) await tx.update(MESSAGES, id, m.version, { ...m.data, read: true, readAt: at });
    }
  });
}

/**
 * Mark one message (the caller's own) or every unread message read; returns the new badge counts.
 * "All" pages through the unread messages by id and marks each page in its own transaction. Chunks that
 * committed stay read if a later one fails, and running it again simply goes on (a read message is skipped),
 * so the action is idempotent. Messages arriving meanwhile are marked when they sort after the cursor.
 */
export async function markRead(ctx: ActionContext, input: MarkReadInput): Promise<UnreadCountOutput> {
  const { ports, caller } = ctx;
  const at = ports.clock.now().toISOString();
  if (input.messageId !== undefined) {
    await markChunk(ctx, [input.messageId], at, true);
    return unreadCount(ctx);
  }
  let after: string | null = null;
  do {
    const page: Page<MessageDoc> = await ports.storage.page<MessageDoc>(MESSAGES, {
      where: { recipient: caller.openid, read: false },
      limit: MARK_READ_CHUNK,
      after,
    });
    if (page.docs.length) await markChunk(ctx, page.docs.map((m) => m.id), at, false);
    after = page.next;
  } while (after);
  return unreadCount(ctx);
}
