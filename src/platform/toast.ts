/**
 * Taro.showToast for pages on the first screen. On H5, taro-h5's toast lives in one module with its modal and
 * action sheet (~45 KB before gzip); importing it when the first toast is shown keeps it out of the first
 * screen's JavaScript. The weapp build keeps the direct call (the branch is constant per platform, so each
 * build only contains its own).
 */
import Taro from '@tarojs/taro';

export type ToastOptions = Taro.showToast.Option;

export function showToast(options: ToastOptions): Promise<unknown> {
  if (process.env.TARO_ENV === 'h5') {
    return import('./toast-h5').then((m) => m.showToast(options));
  } else {
    return Taro.showToast(options);
  }
}
