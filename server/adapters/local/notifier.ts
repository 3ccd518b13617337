import type { Notifier, SendResult, SubscriptionMessage } from '../../ports';

/**
 * Local mode has no WeChat: it records the subscription messages it would send, so tests can assert them.
 * With no template ids (the default) every kind is inbox-only, as in a deployment without templates.
 * Tests may pass template ids and a scripted answer per call.
 */
export class RecordingNotifier implements Notifier {
  /** every send requested, whatever the answer */
  readonly calls: SubscriptionMessage[] = [];
  /** the sends answered "sent" */
  readonly sent: SubscriptionMessage[] = [];
  constructor(
    private readonly templates: Record<string, string> = {},
    /** the answer to each send; default: sent */
    public answer: (message: SubscriptionMessage) => SendResult | Promise<SendResult> = () => ({ status: 'sent' }),
  ) {}

  templateId(key: string): string | null {
    return this.templates[key] ?? null;
  }

  async send(message: SubscriptionMessage): Promise<SendResult> {
    this.calls.push(message);
    const result = await this.answer(message);
    if (result.status === 'sent') this.sent.push(message);
    return result;
  }
}

/** The former name, kept for callers that construct the local notifier. */
export { RecordingNotifier as OutboxNotifier };
