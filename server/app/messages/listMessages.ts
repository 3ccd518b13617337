import type { ListMessagesInput, ListMessagesOutput, MessageView } from '../../../types/messages';
import { MESSAGES_PAGE_SIZE } from '../../../types/messages';
import { NOTIFICATION_KINDS, renderNotification } from '../../../types/notifications';
import { AppError } from '../../core/errors';
import type { StoredDoc } from '../../ports';
import type { ActionContext } from '../action';
import { MESSAGES, type MessageDoc } from '../notifications/records';

export function messageView(doc: StoredDoc<MessageDoc>): MessageView {
  const { title, body } = renderNotification(doc.data.kind, doc.data.params, doc.data.createdAt);
  return {
    messageId: doc.id,
    kind: doc.data.kind,
    title,
    body,
    page: NOTIFICATION_KINDS[doc.data.kind].page,
    createdAt: doc.data.createdAt,
    read: doc.data.read,
    staff: doc.data.staff,
  };
}

const parseCursor = (cursor: string | undefined): number => {
  if (cursor === undefined) return 0;
  const m = /^o:(\d{1,6})$/.exec(cursor);
  if (!m) throw AppError.field('cursor', 'FIELD_INVALID', { label: '翻页位置' });
  return Number(m[1]);
};

/**
 * The caller's messages, newest first. Only the caller's own: the filter is their openid from the platform.
 * Paging: an offset cursor over (createdAt desc) until the storage port offers cursor paging (see NOTES.md).
 */
export async function listMessages({ ports, caller }: ActionContext, input: ListMessagesInput): Promise<ListMessagesOutput> {
  const size = input.limit ?? MESSAGES_PAGE_SIZE;
  const offset = parseCursor(input.cursor);
  const docs = await ports.storage.find<MessageDoc>(MESSAGES, {
    where: { recipient: caller.openid },
    orderBy: { field: 'createdAt', direction: 'desc' },
    limit: offset + size + 1,
  });
  const page = docs.slice(offset, offset + size);
  return { messages: page.map(messageView), nextCursor: docs.length > offset + size ? `o:${offset + size}` : null };
}
