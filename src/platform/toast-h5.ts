/** The H5 toast, imported on demand by src/platform/toast.ts. */
import Taro from '@tarojs/taro';

export const showToast = (options: Taro.showToast.Option) => Taro.showToast(options);
