import type { Notification, Notifier } from '../../ports';

/**
 * Subscription messages: a STUB. Sending needs templates approved for the mini-program and the
 * subscribeMessage.send open API; until those exist this notifier only counts what would be sent and
 * logs the template name, never the recipient's openid or the message data (both personal).
 */
export class LoggingNotifier implements Notifier {
  /** template → number of messages that would have been sent by this instance */
  readonly counts = new Map<string, number>();

  async send(notification: Notification): Promise<void> {
    this.counts.set(notification.template, (this.counts.get(notification.template) ?? 0) + 1);
    console.info(`[gongyi] notification not sent (stub): template=${notification.template}`);
  }
}
