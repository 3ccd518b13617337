import type { ListMessagesInput, ListMessagesOutput, MessageView } from '../../../types/messages';
import { MESSAGES_FIELD_LABELS, MESSAGES_PAGE_SIZE } from '../../../types/messages';
import { notificationPage, renderNotification } from '../../../types/notifications';
import { AppError } from '../../core/errors';
import { InvalidCursorError, type Page, type StoredDoc } from '../../ports';
import type { ActionContext } from '../action';
import { MESSAGES, type MessageDoc } from '../notifications/records';

export function messageView(doc: StoredDoc<MessageDoc>): MessageView {
  const { title, body } = renderNotification(doc.data.kind, doc.data.params, doc.data.createdAt);
  return {
    messageId: doc.id,
    kind: doc.data.kind,
    title,
    body,
    page: notificationPage(doc.data.kind, doc.data.params),
    createdAt: doc.data.createdAt,
    read: doc.data.read,
    staff: doc.data.staff,
  };
}

/**
 * The caller's messages, newest first. Only the caller's own: the filter is their openid from the platform.
 * Paging: the storage port's keyset cursor over (createdAt, id) descending; the client passes `nextCursor`
 * back unchanged. A cursor the port does not accept (forged, or made for another order) is a field error.
 */
export async function listMessages({ ports, caller }: ActionContext, input: ListMessagesInput): Promise<ListMessagesOutput> {
  let page: Page<MessageDoc>;
  try {
    page = await ports.storage.page<MessageDoc>(MESSAGES, {
      where: { recipient: caller.openid },
      orderBy: { field: 'createdAt', direction: 'desc' },
      limit: input.limit ?? MESSAGES_PAGE_SIZE,
      after: input.cursor ?? null,
    });
  } catch (err) {
    if (err instanceof InvalidCursorError) throw AppError.field('cursor', 'FIELD_INVALID', { label: MESSAGES_FIELD_LABELS.cursor });
    throw err;
  }
  return { messages: page.docs.map(messageView), nextCursor: page.next };
}
