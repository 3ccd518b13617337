/**
 * The 消息 entry and its unread badge (home page, workbench): what the first screen needs of src/lib/messages.ts,
 * kept apart so the home page does not download the inbox logic and the notification table (H5 first screen).
 * src/lib/messages.ts re-exports all of it; tested in tests/unit/ui-messages.test.ts.
 */
import type { UnreadCountOutput } from '../../types/messages';
import type { Api } from './api-core';

export const MESSAGES_ROUTE = '/pages/messages/index';

export const MESSAGES_TEXT = {
  title: '消息',
  empty: '还没有消息。有人需要你确认、你的申请有了结果，都会出现在这里。',
  loading: '正在加载…',
  more: '加载更多',
  markAll: '全部标为已读',
  unread: '未读',
  subscribe: '开启微信提醒',
  subscribeHint: '点一次，下一条同类消息会通过微信服务通知提醒你（微信规定每次只能提醒一次）。',
  subscribed: '已开启，下一条消息会在微信里提醒你',
  subscribeNone: '你没有选择任何提醒，消息仍会出现在这里',
  subscribeUnavailable: '微信提醒暂未开通，消息仍会出现在这里',
  badgeLabel: (n: number) => `消息，${n} 条未读`,
} as const;

/** What a badge shows: nothing at 0, the number up to 99, then "99+". */
export function badgeText(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return '';
  return count > 99 ? '99+' : String(Math.floor(count));
}

/** The badge counts, or null when they cannot be read (not signed in, offline): then no badge is shown. */
export async function loadBadge(api: Api): Promise<UnreadCountOutput | null> {
  const res = await api.messages.unreadCount({});
  return res.ok ? res.data : null;
}

/** The staff workbench shows the staff count on the entry where that work is done (审核队列). */
export function workbenchBadge(entryKey: string, counts: UnreadCountOutput | null): number {
  return entryKey === 'review' ? (counts?.staff ?? 0) : 0;
}
