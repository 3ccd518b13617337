/** Outgoing notifications (subscription messages in WeChat; recorded locally). */
export interface Notification {
  openid: string;
  template: string;
  data: Record<string, string>;
  page?: string;
}
export interface Notifier {
  send(notification: Notification): Promise<void>;
}
