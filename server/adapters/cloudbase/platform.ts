import type { Caller, Platform } from '../../ports';

/**
 * The subset of node-sdk's `app.auth()` used here. Inside a cloud function `getUserInfo()` reads the
 * WeChat context the platform injects into the function's environment (WX_OPENID, WX_APPID, listed in
 * WX_CONTEXT_KEYS) for the current invocation: the caller's identity as WeChat vouches for it.
 */
export interface CloudbaseAuth {
  getUserInfo(): { openId?: string; appId?: string };
}

/**
 * The caller comes from the CloudBase context only. The event (the client's `callFunction` data) is never
 * consulted: an `openid` in the payload is ignored, whatever it says.
 */
export function cloudbasePlatform(auth: CloudbaseAuth): Platform {
  return {
    async caller(): Promise<Caller | null> {
      const { openId, appId } = auth.getUserInfo();
      if (typeof openId !== 'string' || !openId) return null;
      return typeof appId === 'string' && appId ? { openid: openId, appid: appId } : { openid: openId };
    },
  };
}
