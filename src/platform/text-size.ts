/**
 * The app's one 大字模式 store, bound to Taro: remembered with Taro storage (TEXT_SIZE_KEY), defaulting
 * to WeChat's font-size setting (wx.getAppBaseInfo; getSystemInfoSync on base libraries before 2.20.1).
 * Decisions live in src/lib/text-size.ts. Pages read it through <PageRoot> / useTextSize().
 */
import Taro from '@tarojs/taro';
import { createTextSizeStore, TEXT_SIZE_KEY, type WeChatFontInfo } from '../lib/text-size';

function wechatFont(): WeChatFontInfo | undefined {
  if (process.env.TARO_ENV !== 'weapp') return undefined;
  const info = (typeof Taro.getAppBaseInfo === 'function' ? Taro.getAppBaseInfo() : Taro.getSystemInfoSync()) as WeChatFontInfo;
  return { fontSizeSetting: info.fontSizeSetting, fontSizeScaleFactor: info.fontSizeScaleFactor };
}

export const textSize = createTextSizeStore({
  read: () => Taro.getStorageSync(TEXT_SIZE_KEY),
  write: (size) => Taro.setStorageSync(TEXT_SIZE_KEY, size),
  wechatFont,
});
