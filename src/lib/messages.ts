/**
 * The 消息 page and the unread badge: state and decisions in plain TypeScript (tested by jest without
 * rendering, through the real API facade). Pages and the badge component stay thin.
 */
import type { ApiError } from '../../types/errors';
import type { MessageView } from '../../types/messages';
import type { SubscriptionKey } from '../../types/notifications';
import { MAX_TEMPLATES_PER_REQUEST } from '../../types/subscription-limits';
import { formatShanghai } from '../../types/time';
import type { Api } from './api-core';
import { MESSAGES_TEXT } from './messages-badge';

export { badgeText, loadBadge, MESSAGES_ROUTE, MESSAGES_TEXT, workbenchBadge } from './messages-badge';

export interface MessageRow {
  messageId: string;
  title: string;
  body: string;
  time: string;
  unread: boolean;
  /** where tapping the message goes, with a leading slash */
  url: string;
}

export function messageRows(messages: readonly MessageView[]): MessageRow[] {
  return messages.map((m) => ({
    messageId: m.messageId,
    title: m.title,
    body: m.body,
    // the app's one date format, the same one message bodies use (a list in another format read as two dates)
    time: formatShanghai(m.createdAt),
    unread: !m.read,
    url: `/${m.page}`,
  }));
}

export type InboxState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; messages: MessageView[]; nextCursor: string | null; unread: number; loadingMore?: boolean };

export async function loadInbox(api: Api): Promise<InboxState> {
  const [list, count] = await Promise.all([api.messages.listMessages({}), api.messages.unreadCount({})]);
  if (!list.ok) return { status: 'error', error: list.error };
  return { status: 'ready', messages: list.data.messages, nextCursor: list.data.nextCursor, unread: count.ok ? count.data.unread : 0 };
}

/** The next page, appended; a message already shown is not repeated. */
export async function loadMore(api: Api, state: Extract<InboxState, { status: 'ready' }>): Promise<InboxState> {
  if (!state.nextCursor) return state;
  const res = await api.messages.listMessages({ cursor: state.nextCursor });
  if (!res.ok) return { status: 'error', error: res.error };
  const seen = new Set(state.messages.map((m) => m.messageId));
  return { ...state, messages: [...state.messages, ...res.data.messages.filter((m) => !seen.has(m.messageId))], nextCursor: res.data.nextCursor };
}

/** Opening a message marks it read (optimistically) and says where to go. */
export async function openMessage(api: Api, state: Extract<InboxState, { status: 'ready' }>, messageId: string): Promise<{ state: InboxState; url: string | null }> {
  const m = state.messages.find((x) => x.messageId === messageId);
  if (!m) return { state, url: null };
  if (m.read) return { state, url: `/${m.page}` };
  const res = await api.messages.markRead({ messageId });
  const messages = state.messages.map((x) => (x.messageId === messageId ? { ...x, read: true } : x));
  return { state: { ...state, messages, unread: res.ok ? res.data.unread : Math.max(0, state.unread - 1) }, url: `/${m.page}` };
}

export async function markAllRead(api: Api, state: Extract<InboxState, { status: 'ready' }>): Promise<InboxState> {
  const res = await api.messages.markRead({});
  if (!res.ok) return { status: 'error', error: res.error };
  return { ...state, messages: state.messages.map((m) => ({ ...m, read: true })), unread: res.data.unread };
}

/** The result of `wx.requestSubscribeMessage`: template id → 'accept' | 'reject' | 'ban' | 'filter', plus errMsg. */
export type SubscribeResult = Record<string, string>;

/**
 * The "开启微信提醒" tap, in WeChat only: ask for the configured templates (at most 3, WeChat's limit) in ONE dialog
 * triggered by the tap, then report the accepted ones. `request` is Taro.requestSubscribeMessage; it must be called
 * synchronously inside the tap handler, which is why the template ids are loaded before the tap.
 */
export async function subscribeOnTap(
  api: Api,
  templates: readonly { key: SubscriptionKey; templateId: string }[],
  request: (tmplIds: string[]) => Promise<SubscribeResult>,
): Promise<{ message: string; accepted: SubscriptionKey[] }> {
  const asked = templates.slice(0, MAX_TEMPLATES_PER_REQUEST);
  if (asked.length === 0) return { message: MESSAGES_TEXT.subscribeUnavailable, accepted: [] };
  let result: SubscribeResult;
  try {
    result = await request(asked.map((t) => t.templateId));
  } catch {
    return { message: MESSAGES_TEXT.subscribeNone, accepted: [] };
  }
  const accepted = asked.filter((t) => result[t.templateId] === 'accept').map((t) => t.key);
  if (accepted.length === 0) return { message: MESSAGES_TEXT.subscribeNone, accepted };
  const res = await api.messages.recordSubscription({ accepted });
  return { message: res.ok ? MESSAGES_TEXT.subscribed : res.error.message, accepted };
}
