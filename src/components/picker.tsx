/**
 * Taro's Picker, imported from here by every page that uses it. On weapp (and in jest) it is simply Taro's;
 * on H5 Taro resolves picker.h5.tsx, which builds the same React wrapper around the same web component itself.
 */
export { Picker } from '@tarojs/components';
