import * as z from 'zod/mini';
import { PAGE_CURSOR_MAX, PageCursorSchema, type Instant } from './common';
import { action, defineCapability } from './contract';
import { SUBSCRIPTION_KEYS, MAX_TEMPLATES_PER_REQUEST, type NotificationKind, type SubscriptionKey } from './notifications';

/**
 * The 消息 inbox: every notification (types/notifications.ts) a person received, newest first, with an unread
 * badge; and the WeChat subscription consents they gave on a tap. Messages belong to the caller's openid only.
 */

export const MESSAGES_PAGE_SIZE = 20;
/** a cursor encodes one createdAt instant and one message id: the shared page cursor (types/common.ts) */
export const MESSAGES_CURSOR_MAX = PAGE_CURSOR_MAX;

export const ListMessagesSchema = z.strictObject({
  /** the previous page's nextCursor, passed back unchanged (opaque base64url from the storage port) */
  cursor: z.optional(PageCursorSchema),
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(50))),
});
export type ListMessagesInput = z.infer<typeof ListMessagesSchema>;

export interface MessageView {
  messageId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** the mini-program page it opens, e.g. "packages/staff/identity/review/index" */
  page: string;
  createdAt: Instant;
  read: boolean;
  /** a message for the staff workbench */
  staff: boolean;
}
export interface ListMessagesOutput {
  messages: MessageView[];
  nextCursor: string | null;
}

export const MarkReadSchema = z.strictObject({
  /** one message; omitted: every unread message of the caller */
  messageId: z.optional(z.string().check(z.minLength(1), z.maxLength(80), z.regex(/^[A-Za-z0-9:_.-]+$/))),
});
export type MarkReadInput = z.infer<typeof MarkReadSchema>;

export interface UnreadCountOutput {
  /** all unread messages */
  unread: number;
  /** unread messages for the staff workbench (new claims, lockouts) */
  staff: number;
}

export const UnreadCountSchema = z.strictObject({});
export const SubscriptionOptionsSchema = z.strictObject({});

/** The WeChat templates this deployment has configured, to pass to Taro.requestSubscribeMessage on a tap. */
export interface SubscriptionOptionsOutput {
  templates: { key: SubscriptionKey; templateId: string; label: string }[];
}

export const RecordSubscriptionSchema = z.strictObject({
  /** templates the person accepted in the dialog (WeChat answered "accept" for their ids) */
  accepted: z.array(z.enum(SUBSCRIPTION_KEYS as [SubscriptionKey, ...SubscriptionKey[]])).check(z.maxLength(MAX_TEMPLATES_PER_REQUEST)),
});
export type RecordSubscriptionInput = z.infer<typeof RecordSubscriptionSchema>;
export interface RecordSubscriptionOutput {
  /** remaining one-time consents per template after this tap */
  remaining: Partial<Record<SubscriptionKey, number>>;
}

export const MESSAGES_FIELD_LABELS = { cursor: '翻页位置', limit: '条数', messageId: '消息', accepted: '订阅的提醒' };

/** The messages capability: every action works on the caller's own inbox and consents (scope none). */
export const messages = defineCapability('messages', {
  labels: MESSAGES_FIELD_LABELS,
  actions: {
    listMessages: action<ListMessagesOutput>()({ input: ListMessagesSchema, access: 'signedIn', scope: 'none', summary: '我的消息，最新的在前，分页' }),
    unreadCount: action<UnreadCountOutput>()({ input: UnreadCountSchema, access: 'signedIn', scope: 'none', summary: '未读消息数（含工作台待办数）' }),
    markRead: action<UnreadCountOutput>()({ input: MarkReadSchema, access: 'signedIn', scope: 'none', errors: ['NOT_FOUND'], summary: '标记一条或全部消息为已读' }),
    subscriptionOptions: action<SubscriptionOptionsOutput>()({ input: SubscriptionOptionsSchema, access: 'signedIn', scope: 'none', summary: '本部署已配置的微信订阅消息模板' }),
    recordSubscription: action<RecordSubscriptionOutput>()({ input: RecordSubscriptionSchema, access: 'signedIn', scope: 'none', summary: '记录用户在点击后同意的微信订阅消息模板' }),
  },
});
