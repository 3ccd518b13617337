import type { NotificationKind } from '../../../types/notifications';

export const OUTBOX = 'notification_outbox';
export const MESSAGES = 'messages';
export const SUBSCRIPTIONS = 'wechat_subscriptions';

/**
 * What happened on the WeChat channel of one outbox document:
 * null (not yet looked at), not_configured (no template id: inbox-only), no_consent (no accepted tap left),
 * claimed (one consent used, send under way), sent, refused (43101), rejected (other definite refusal),
 * retry (definite "not sent", tried again later), unknown (no answer, or a crash after the claim: never resent).
 */
export type WechatState = null | 'not_configured' | 'no_consent' | 'claimed' | 'sent' | 'refused' | 'rejected' | 'retry' | 'unknown';

/** One notification for one recipient, written in the transaction of the event that causes it. */
export interface OutboxDoc extends Record<string, unknown> {
  kind: NotificationKind;
  estateId: string;
  /** openid of the recipient */
  recipient: string;
  params: Record<string, string | number>;
  /** the causing event (e.g. "vr:<requestId>:decided"); with the recipient it makes the id */
  eventKey: string;
  /** when the event happened */
  at: string;
  status: 'pending' | 'delivered' | 'failed';
  /** failed delivery attempts so far */
  attempts: number;
  /** not before this instant (ISO); backoff after a failure */
  nextAttemptAt: string;
  wechat: WechatState;
  deliveredAt: string | null;
  /** short error label of the last failure (never personal data) */
  lastError: string | null;
}

/** One inbox message (消息); its id is the outbox id, so a rerun of the delivery cannot create a second one. */
export interface MessageDoc extends Record<string, unknown> {
  recipient: string;
  estateId: string;
  kind: NotificationKind;
  params: Record<string, string | number>;
  /** for the staff workbench badge */
  staff: boolean;
  /** the event's time; the inbox is ordered by it, newest first */
  createdAt: string;
  read: boolean;
  readAt: string | null;
}

/**
 * Accepted one-time subscriptions of one person for one template (id `<openid>:<template key>`): every accepted
 * tap in `requestSubscribeMessage` allows WeChat to deliver one message; a send consumes one.
 */
export interface SubscriptionDoc extends Record<string, unknown> {
  openid: string;
  template: string;
  quota: number;
  updatedAt: string;
}

export const subscriptionId = (openid: string, template: string) => `${openid}:${template}`;
