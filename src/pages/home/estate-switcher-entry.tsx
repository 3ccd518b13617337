/**
 * The 切换小区 row as the home page imports it. On weapp (and in jest) the Picker itself; on H5 Taro resolves
 * estate-switcher-entry.h5.tsx instead, which loads the Picker on demand (most people belong to one estate).
 */
export { EstateSwitcher } from './estate-switcher';
