import type { MarkReadInput, UnreadCountOutput } from '../../../types/messages';
import { AppError } from '../../core/errors';
import type { ActionContext } from '../action';
import { MESSAGES, type MessageDoc } from '../notifications/records';
import { unreadCount } from './unreadCount';

/** Messages marked read per transaction when marking all (well under the per-transaction write limit). */
const CHUNK = 100;

/** Mark one message (the caller's own) or every unread message read; returns the new badge counts. */
export async function markRead(ctx: ActionContext, input: MarkReadInput): Promise<UnreadCountOutput> {
  const { ports, caller } = ctx;
  const at = ports.clock.now().toISOString();
  const ids =
    input.messageId !== undefined
      ? [input.messageId]
      : (await ports.storage.find<MessageDoc>(MESSAGES, { where: { recipient: caller.openid, read: false } })).map((m) => m.id);
  for (let i = 0; i < ids.length; i += CHUNK) {
    await ports.storage.transaction(async (tx) => {
      for (const id of ids.slice(i, i + CHUNK)) {
        const m = await tx.get<MessageDoc>(MESSAGES, id);
        // someone else's message is reported exactly like a missing one
        if (!m || m.data.recipient !== caller.openid) {
          if (input.messageId !== undefined) throw new AppError('NOT_FOUND');
          continue;
        }
        if (!m.data.read) await tx.update(MESSAGES, id, m.version, { ...m.data, read: true, readAt: at });
      }
    });
  }
  return unreadCount(ctx);
}
