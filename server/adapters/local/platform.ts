import type { Caller, Platform } from '../../ports';

/**
 * Local stand-in for the CloudBase context. The gateway resolves the caller from its signed session
 * cookie and passes it in the invocation CONTEXT (which a client cannot write), never the event.
 */
export interface LocalContext {
  localCaller?: Caller;
}

export const localPlatform: Platform = {
  async caller(_event, context) {
    const c = (context as LocalContext | undefined)?.localCaller;
    return c && typeof c.openid === 'string' && c.openid ? { openid: c.openid, appid: c.appid } : null;
  },
  // no WeChat here: people type their phone number in the H5 build
  async exchangePhoneCode() {
    return null;
  },
};
