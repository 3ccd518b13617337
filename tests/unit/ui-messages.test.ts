import { createApi, type Transport } from '../../src/lib/api-core';
import { badgeText, loadBadge, loadInbox, loadMore, markAllRead, messageRows, MESSAGES_TEXT, openMessage, subscribeOnTap, workbenchBadge } from '../../src/lib/messages';
import type { MessageView } from '../../types/messages';

function recordingApi(reply: (action: string, input: unknown) => unknown) {
  const sent: { name: string; action: string; input: unknown }[] = [];
  const transport: Transport = async (name, action, input) => {
    sent.push({ name, action, input });
    return reply(action, input);
  };
  return { api: createApi(transport), sent };
}
const msg = (i: number, read = false): MessageView => ({
  messageId: `m${i}`,
  kind: 'verification_locked',
  title: '有住户核验被锁定',
  body: `正文${i}`,
  page: 'packages/staff/identity/review/index',
  createdAt: '2026-11-23T02:00:00.000Z',
  read,
  staff: true,
});

describe('the unread badge', () => {
  it('shows nothing at zero, the count, then 99+', () => {
    expect([0, -1, NaN, 1, 99, 100].map(badgeText)).toEqual(['', '', '', '1', '99', '99+']);
  });
  it('reads counts from messages.unreadCount, and shows no badge when that fails', async () => {
    const { api, sent } = recordingApi(() => ({ ok: true, data: { unread: 3, staff: 2 } }));
    expect(await loadBadge(api)).toEqual({ unread: 3, staff: 2 });
    expect(sent).toEqual([{ name: 'messages', action: 'unreadCount', input: {} }]);
    const failing = recordingApi(() => ({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: '请先登录' } }));
    expect(await loadBadge(failing.api)).toBeNull();
  });
  it('the staff workbench shows the staff count on 审核队列 only', () => {
    expect(workbenchBadge('review', { unread: 5, staff: 2 })).toBe(2);
    expect(workbenchBadge('roster', { unread: 5, staff: 2 })).toBe(0);
    expect(workbenchBadge('review', null)).toBe(0);
  });
});

describe('the 消息 page', () => {
  it('loads the first page and the count; rows show Beijing time and the page to open', async () => {
    const { api } = recordingApi((action) =>
      action === 'listMessages' ? { ok: true, data: { messages: [msg(1)], nextCursor: 'WzEsImNyZWF0ZWRBdCJd' } } : { ok: true, data: { unread: 1, staff: 1 } },
    );
    const state = await loadInbox(api);
    expect(state).toMatchObject({ status: 'ready', unread: 1, nextCursor: 'WzEsImNyZWF0ZWRBdCJd' });
    expect(messageRows(state.status === 'ready' ? state.messages : [])).toEqual([
      { messageId: 'm1', title: '有住户核验被锁定', body: '正文1', time: '2026-11-23 10:00', unread: true, url: '/packages/staff/identity/review/index' },
    ]);
  });

  it('loads more with the cursor without repeating a message; opening marks it read and goes to its page', async () => {
    const { api, sent } = recordingApi((action) =>
      action === 'listMessages' ? { ok: true, data: { messages: [msg(2), msg(3, true)], nextCursor: null } } : { ok: true, data: { unread: 0, staff: 0 } },
    );
    const first = { status: 'ready' as const, messages: [msg(1), msg(2)], nextCursor: 'WzEsImF0Il0', unread: 2 };
    const more = await loadMore(api, first);
    expect(sent.pop()).toEqual({ name: 'messages', action: 'listMessages', input: { cursor: 'WzEsImF0Il0' } });
    expect(more.status === 'ready' && more.messages.map((m) => m.messageId)).toEqual(['m1', 'm2', 'm3']);
    const opened = await openMessage(api, first, 'm1');
    expect(sent.pop()).toEqual({ name: 'messages', action: 'markRead', input: { messageId: 'm1' } });
    expect(opened.url).toBe('/packages/staff/identity/review/index');
    expect(opened.state).toMatchObject({ unread: 0, messages: [{ messageId: 'm1', read: true }, { messageId: 'm2', read: false }] });
    const all = await markAllRead(api, first);
    expect(sent.pop()).toEqual({ name: 'messages', action: 'markRead', input: {} });
    expect(all.status === 'ready' && all.messages.every((m) => m.read)).toBe(true);
  });
});

describe('开启微信提醒 (WeChat only)', () => {
  const templates = [
    { key: 'staff_review' as const, templateId: 't-staff' },
    { key: 'decision_result' as const, templateId: 't-decision' },
  ];
  it('asks for the configured templates in one dialog and reports only the accepted ones', async () => {
    const { api, sent } = recordingApi(() => ({ ok: true, data: { remaining: { staff_review: 1 } } }));
    const asked: string[][] = [];
    const out = await subscribeOnTap(api, templates, async (ids) => {
      asked.push(ids);
      return { errMsg: 'requestSubscribeMessage:ok', 't-staff': 'accept', 't-decision': 'reject' };
    });
    expect(asked).toEqual([['t-staff', 't-decision']]);
    expect(sent).toEqual([{ name: 'messages', action: 'recordSubscription', input: { accepted: ['staff_review'] } }]);
    expect(out).toEqual({ message: MESSAGES_TEXT.subscribed, accepted: ['staff_review'] });
  });
  it('sends nothing when everything was declined, the dialog failed, or nothing is configured', async () => {
    const { api, sent } = recordingApi(() => ({ ok: true, data: {} }));
    expect(await subscribeOnTap(api, templates, async () => ({ 't-staff': 'reject', 't-decision': 'ban' }))).toMatchObject({ accepted: [] });
    expect(await subscribeOnTap(api, templates, async () => Promise.reject(new Error('requestSubscribeMessage:fail')))).toMatchObject({ accepted: [] });
    expect(await subscribeOnTap(api, [], async () => ({}))).toEqual({ message: MESSAGES_TEXT.subscribeUnavailable, accepted: [] });
    expect(sent).toEqual([]);
  });
});
