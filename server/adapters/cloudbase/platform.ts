import { loadWxOpenapi } from './wx-cloud';
import type { Caller, Platform } from '../../ports';

/**
 * The subset of node-sdk's `app.auth()` used here. Inside a cloud function `getUserInfo()` reads the
 * WeChat context the platform injects into the function's environment (WX_OPENID, WX_APPID, listed in
 * WX_CONTEXT_KEYS) for the current invocation: the caller's identity as WeChat vouches for it.
 */
export interface CloudbaseAuth {
  getUserInfo(): { openId?: string; appId?: string };
}

/** wx-server-sdk's cloud call for phone numbers (`cloud.openapi.phonenumber`). */
export interface PhoneNumberApi {
  getPhoneNumber(args: { code: string }): Promise<{ phoneInfo?: { purePhoneNumber?: string; countryCode?: string | number } }>;
}

/**
 * The cloud call (云调用) needs no access token inside a cloud function; the function's config.json grants
 * `phonenumber.getPhoneNumber` (written by npm run build:functions). Loaded on first use only.
 */
export const loadPhoneNumberApi = (): Promise<PhoneNumberApi> => loadWxOpenapi<'phonenumber', PhoneNumberApi>('phonenumber');

/**
 * The caller comes from the CloudBase context only. The event (the client's `callFunction` data) is never
 * consulted: an `openid` in the payload is ignored, whatever it says.
 */
export function cloudbasePlatform(auth: CloudbaseAuth, phoneApi: () => Promise<PhoneNumberApi> = loadPhoneNumberApi): Platform {
  let phone: Promise<PhoneNumberApi> | null = null;
  return {
    async exchangePhoneCode(code) {
      try {
        phone ??= phoneApi();
        const { phoneInfo } = await (await phone).getPhoneNumber({ code });
        const number = phoneInfo?.purePhoneNumber;
        // the roster holds mainland mobiles; anything else cannot match it
        return typeof number === 'string' && /^1[3-9]\d{9}$/.test(number) && String(phoneInfo?.countryCode ?? '86') === '86' ? number : null;
      } catch (err) {
        phone = null; // a failed load is retried next time; the SDK module itself stays cached by require
        // an invalid or used code (errCode 40029 and friends); never log the code or a number
        console.error('[gongyi] phone code exchange failed:', err instanceof Error ? err.message.replace(/\d{6,}/g, '…') : 'error');
        return null;
      }
    },
    async caller(): Promise<Caller | null> {
      const { openId, appId } = auth.getUserInfo();
      if (typeof openId !== 'string' || !openId) return null;
      return typeof appId === 'string' && appId ? { openid: openId, appid: appId } : { openid: openId };
    },
  };
}
