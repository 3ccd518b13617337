import { loadWxOpenapi } from './wx-cloud';
import { classifySendError, type Notifier, type SendResult, type SubscriptionMessage } from '../../ports';

/**
 * wx-server-sdk's cloud call for subscription messages (`cloud.openapi.subscribeMessage.send`). Inside a cloud
 * function it needs no access token; the function's config.json grants `subscribeMessage.send` (written by
 * npm run build:functions for the functions that deliver: jobs). Parameters are camelCase in the cloud call.
 */
export interface SubscribeMessageApi {
  send(args: {
    touser: string;
    templateId: string;
    page?: string;
    data: Record<string, { value: string }>;
    /** developer | trial | formal (default formal): which version of the mini-program the card opens */
    miniprogramState?: 'developer' | 'trial' | 'formal';
    lang?: 'zh_CN';
  }): Promise<{ errCode?: number; errMsg?: string }>;
}

export const loadSubscribeMessageApi = (): Promise<SubscribeMessageApi> => loadWxOpenapi<'subscribeMessage', SubscribeMessageApi>('subscribeMessage');

export const MINIPROGRAM_STATE_ENV = 'GONGYI_WX_MINIPROGRAM_STATE';

const errCodeOf = (err: unknown): number | undefined => {
  const code = (err as { errCode?: unknown } | null)?.errCode;
  return typeof code === 'number' ? code : typeof code === 'string' && /^-?\d+$/.test(code) ? Number(code) : undefined;
};

/**
 * Subscription messages through the cloud call. Template ids come from configuration (GONGYI_WX_TEMPLATE_*,
 * cloudbaserc.json envVariables); a template without an id is never sent (its kinds stay inbox-only).
 * Logs carry the errCode only, never the openid or the message data (both personal).
 */
export function cloudbaseNotifier(
  templates: Record<string, string>,
  api: () => Promise<SubscribeMessageApi> = loadSubscribeMessageApi,
  miniprogramState: 'developer' | 'trial' | 'formal' = 'formal',
): Notifier {
  let loaded: Promise<SubscribeMessageApi> | null = null;
  return {
    templateId: (key) => templates[key] ?? null,
    async send(message: SubscriptionMessage): Promise<SendResult> {
      let sdk: SubscribeMessageApi;
      try {
        loaded ??= api();
        sdk = await loaded;
      } catch {
        loaded = null; // nothing was sent: load again and retry later
        console.error('[gongyi] subscribeMessage: wx-server-sdk could not be loaded');
        return { status: 'retry' };
      }
      try {
        const res = await sdk.send({
          touser: message.touser,
          templateId: message.templateId,
          page: message.page,
          data: message.data,
          miniprogramState,
          lang: 'zh_CN',
        });
        // the cloud call throws on errors; a returned non-zero errCode is treated the same way
        if (res && typeof res.errCode === 'number' && res.errCode !== 0) {
          console.error(`[gongyi] subscribeMessage.send refused: errCode ${res.errCode}`);
          return { status: classifySendError(res.errCode), code: res.errCode };
        }
        return { status: 'sent' };
      } catch (err) {
        const code = errCodeOf(err);
        console.error(`[gongyi] subscribeMessage.send failed: ${code === undefined ? 'no answer' : `errCode ${code}`}`);
        return code === undefined ? { status: 'unknown' } : { status: classifySendError(code), code };
      }
    },
  };
}
