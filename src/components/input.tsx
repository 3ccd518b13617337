/**
 * Taro's Input, imported from here by every page that uses it. On weapp (and in jest) it is simply Taro's;
 * on H5 Taro resolves input.h5.tsx (see picker.h5.tsx for why).
 */
export { Input } from '@tarojs/components';
