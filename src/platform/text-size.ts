/**
 * The app's one 大字模式 store, bound to Taro: remembered with Taro storage (TEXT_SIZE_KEY), defaulting
 * to WeChat's font-size setting (wx.getAppBaseInfo; getSystemInfoSync on base libraries before 2.20.1).
 * Decisions live in src/lib/text-size.ts. Pages read it through <PageRoot> / useTextSize().
 */
import Taro from '@tarojs/taro';
import { createTextSizeStore, TEXT_SIZE_KEY, type WeChatFontInfo } from '../lib/text-size';

function wechatFont(): WeChatFontInfo | undefined {
  // The WeChat calls sit inside the weapp-only branch (not after an early return): webpack drops a constant
  // branch before it looks at imports, so H5 does not bundle taro-h5's getSystemInfo and platform.js (~10 KB gz).
  if (process.env.TARO_ENV === 'weapp') {
    const info = (typeof Taro.getAppBaseInfo === 'function' ? Taro.getAppBaseInfo() : Taro.getSystemInfoSync()) as WeChatFontInfo;
    return { fontSizeSetting: info.fontSizeSetting, fontSizeScaleFactor: info.fontSizeScaleFactor };
  }
  return undefined;
}

export const textSize = createTextSizeStore({
  read: () => Taro.getStorageSync(TEXT_SIZE_KEY),
  write: (size) => Taro.setStorageSync(TEXT_SIZE_KEY, size),
  wechatFont,
});
