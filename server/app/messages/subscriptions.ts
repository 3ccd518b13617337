import type { RecordSubscriptionInput, RecordSubscriptionOutput, SubscriptionOptionsOutput } from '../../../types/messages';
import { SUBSCRIPTION_KEYS, SUBSCRIPTION_TEMPLATES, type SubscriptionKey } from '../../../types/notifications';
import type { ActionContext } from '../action';
import { SUBSCRIPTIONS, subscriptionId, type SubscriptionDoc } from '../notifications/records';

/**
 * Consents kept per template. WeChat keeps its own count (one message per accepted tap) and answers 43101 when
 * none is left, so this cap only stops a client from inflating our count; the delivery job resets it on 43101.
 */
export const MAX_CONSENTS_PER_TEMPLATE = 20;

/** The configured templates, for `Taro.requestSubscribeMessage({ tmplIds })` (at most 3, WeChat's limit per dialog). */
export async function subscriptionOptions({ ports }: ActionContext): Promise<SubscriptionOptionsOutput> {
  return {
    templates: SUBSCRIPTION_KEYS.flatMap((key) => {
      const templateId = ports.notifier.templateId(key);
      return templateId ? [{ key, templateId, label: SUBSCRIPTION_TEMPLATES[key].label }] : [];
    }),
  };
}

/**
 * The client reports which templates the person accepted after a tap on "开启微信提醒": each acceptance allows one
 * subscription message. Templates not configured here are ignored. One transaction; retried as a whole.
 */
export async function recordSubscription({ ports, caller }: ActionContext, input: RecordSubscriptionInput): Promise<RecordSubscriptionOutput> {
  const keys = [...new Set(input.accepted)].filter((k) => ports.notifier.templateId(k));
  const at = ports.clock.now().toISOString();
  return ports.storage.transaction(async (tx) => {
    const remaining: Partial<Record<SubscriptionKey, number>> = {};
    for (const key of keys) {
      const id = subscriptionId(caller.openid, key);
      const current = await tx.get<SubscriptionDoc>(SUBSCRIPTIONS, id);
      const quota = Math.min((current?.data.quota ?? 0) + 1, MAX_CONSENTS_PER_TEMPLATE);
      const doc: SubscriptionDoc = { openid: caller.openid, template: key, quota, updatedAt: at };
      if (current) await tx.update(SUBSCRIPTIONS, id, current.version, doc);
      else await tx.create(SUBSCRIPTIONS, id, doc);
      remaining[key] = quota;
    }
    return { remaining };
  });
}
