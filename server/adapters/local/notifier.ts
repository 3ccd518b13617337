import type { Notification, Notifier } from '../../ports';

/** Local mode cannot send WeChat subscription messages; it keeps them so the UI and tests can show them. */
export class OutboxNotifier implements Notifier {
  readonly sent: Notification[] = [];
  async send(notification: Notification) {
    this.sent.push(notification);
  }
}
