import type { UnreadCountOutput } from '../../../types/messages';
import type { ActionContext } from '../action';
import { MESSAGES } from '../notifications/records';

/** The badge: the caller's unread messages, and how many of them belong on the staff workbench. */
export async function unreadCount({ ports, caller }: ActionContext): Promise<UnreadCountOutput> {
  const [unread, staff] = await Promise.all([
    ports.storage.count(MESSAGES, { recipient: caller.openid, read: false }),
    ports.storage.count(MESSAGES, { recipient: caller.openid, read: false, staff: true }),
  ]);
  return { unread, staff };
}
