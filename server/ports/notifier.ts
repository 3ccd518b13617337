/**
 * WeChat subscription messages (订阅消息). The in-app inbox is written by the delivery job through storage;
 * this port is only the WeChat channel: CloudBase sends through the `subscribeMessage.send` cloud call, local
 * mode records what it would send.
 */
export interface SubscriptionMessage {
  /** the recipient's openid */
  touser: string;
  /** the deployment's template id (from configuration) */
  templateId: string;
  /** the mini-program page the card opens */
  page: string;
  /** `{ thing1: { value: '…' }, time3: { value: '…' } }`, values within their keyword limits */
  data: Record<string, { value: string }>;
}

/**
 * What WeChat answered:
 * - sent:     accepted (the person's one-time quota for that template is used up);
 * - refused:  43101, the person has no subscription (refused, or the quota is used): do not retry;
 * - rejected: another definite refusal (bad template id, page or data): retrying cannot help;
 * - retry:    a definite "not sent, try later" (system busy -1, rate limit 45009): safe to retry;
 * - unknown:  no answer (timeout, network): it MAY have been sent; never retried (at-most-once).
 */
export type SendStatus = 'sent' | 'refused' | 'rejected' | 'retry' | 'unknown';
export interface SendResult {
  status: SendStatus;
  /** WeChat's errCode, when there was one */
  code?: number;
}

export interface Notifier {
  /** the configured template id for a subscription template key (types/notifications.ts), or null: inbox-only */
  templateId(key: string): string | null;
  send(message: SubscriptionMessage): Promise<SendResult>;
}

/** Template ids from the deployment's environment: `GONGYI_WX_TEMPLATE_*` variables (see docs/deploy.md). */
export function templateIdsFromEnv(configKeys: Record<string, string>, env: Record<string, string | undefined> = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, configKey] of Object.entries(configKeys)) {
    const id = env[configKey]?.trim();
    // an unset variable may arrive empty or as the unrendered "{{env.…}}" placeholder: both mean not configured
    if (id && !id.startsWith('{{')) out[key] = id;
  }
  return out;
}

/** Map a WeChat errCode onto what the delivery job should do with it. */
export function classifySendError(code: number | undefined): SendStatus {
  if (code === undefined || Number.isNaN(code)) return 'unknown';
  if (code === 43101) return 'refused';
  if (code === -1 || code === 45009 || code === 45011) return 'retry';
  return 'rejected';
}
