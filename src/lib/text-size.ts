/**
 * 大字模式 (large text): one preference for every page, remembered on the device, and switched on by
 * itself when WeChat's own font size is set large. Pure logic with the platform injected (the Taro-bound
 * store lives in src/platform/text-size.ts); the page wrapper (src/components/page-root.tsx) turns the
 * size into the `.text-large` class that scales every type token in src/styles/tokens.css by 1.25.
 *
 * WeChat reports its font size through wx.getAppBaseInfo() (base library >= 2.20.1; getSystemInfoSync is
 * no longer maintained): fontSizeSetting in px and fontSizeScaleFactor = setting / standard size (17 px on
 * iOS, 16 px on Android, per WeChat's 小程序适老化设计指南). iOS steps on a 375-wide screen are 16, 17, 18,
 * 19.5, 21, 22, 23.8 (关怀模式): from the second step above standard (factor >= 1.14) we start large.
 */
export type TextSize = 'normal' | 'large';

/** Taro storage key. On H5 Taro keeps it in localStorage as JSON: localStorage['gongyi.textSize'] = '{"data":"large"}'. */
export const TEXT_SIZE_KEY = 'gongyi.textSize';
/** Class on the page root that scales the type tokens. */
export const LARGE_TEXT_CLASS = 'text-large';
/** How much larger every text token is in 大字模式 (tokens.css spells the values out). */
export const LARGE_TEXT_SCALE = 1.25;
/** WeChat's font size counts as "large" from this scale factor (iOS +2 step: 19.5 / 17 = 1.147). */
export const WECHAT_LARGE_FACTOR = 1.14;
/** Standard WeChat font sizes, to derive a factor when only fontSizeSetting is reported. */
const WECHAT_STANDARD_PX = 17;

export const TEXT_SIZE_TEXT = {
  label: '大字模式',
  hint: '打开后，所有文字放大到 1.25 倍。',
  automatic: '已按微信的字体大小设置自动打开。',
  on: '已打开大字模式',
  off: '已关闭大字模式',
} as const;

export interface WeChatFontInfo {
  fontSizeSetting?: number;
  fontSizeScaleFactor?: number;
}

/** A remembered choice, or undefined when the person never chose (or storage holds something else). */
export function parseTextSize(stored: unknown): TextSize | undefined {
  return stored === 'large' || stored === 'normal' ? stored : undefined;
}

/** What WeChat's font-size setting asks for (normal when unknown, e.g. on H5). */
export function textSizeFromWeChat(info: WeChatFontInfo | undefined): TextSize {
  if (!info) return 'normal';
  const factor =
    typeof info.fontSizeScaleFactor === 'number' && info.fontSizeScaleFactor > 0
      ? info.fontSizeScaleFactor
      : typeof info.fontSizeSetting === 'number' && info.fontSizeSetting > 0
        ? info.fontSizeSetting / WECHAT_STANDARD_PX
        : 1;
  return factor >= WECHAT_LARGE_FACTOR ? 'large' : 'normal';
}

/** The person's own choice wins; without one, follow WeChat's setting. */
export function resolveTextSize(stored: unknown, info: WeChatFontInfo | undefined): TextSize {
  return parseTextSize(stored) ?? textSizeFromWeChat(info);
}

export function textSizeClass(size: TextSize): string {
  return size === 'large' ? LARGE_TEXT_CLASS : '';
}

export interface TextSizePlatform {
  /** the stored value (anything: parsed here) */
  read(): unknown;
  write(size: TextSize): void;
  /** WeChat's font settings; undefined where there are none (H5) or the call fails */
  wechatFont(): WeChatFontInfo | undefined;
}

export interface TextSizeStore {
  get(): TextSize;
  /** Remember the person's choice and tell every subscribed page. */
  set(size: TextSize): void;
  /** true when the current size came from WeChat's setting, not from a choice made here */
  automatic(): boolean;
  subscribe(listener: (size: TextSize) => void): () => void;
}

export function createTextSizeStore(platform: TextSizePlatform): TextSizeStore {
  let loaded: { size: TextSize; automatic: boolean } | undefined;
  const listeners = new Set<(size: TextSize) => void>();
  const load = () => {
    if (!loaded) {
      let stored: unknown;
      try {
        stored = platform.read();
      } catch {
        stored = undefined;
      }
      const chosen = parseTextSize(stored);
      loaded = chosen ? { size: chosen, automatic: false } : { size: textSizeFromWeChat(safe(platform.wechatFont)), automatic: true };
    }
    return loaded;
  };
  return {
    get: () => load().size,
    automatic: () => load().automatic,
    set(size) {
      loaded = { size, automatic: false };
      try {
        platform.write(size);
      } catch {
        // storage full or unavailable: the choice still holds until the app closes
      }
      for (const l of [...listeners]) l(size);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
