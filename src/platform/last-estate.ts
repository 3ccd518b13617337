/**
 * The estate whose topics the home page showed last on this device (src/lib/home-state.ts estateToRemember),
 * kept in Taro storage so the next first screen can ask for its topics together with `me`. An estate id only;
 * storage failures just mean one round trip more.
 */
import Taro from '@tarojs/taro';

import { LAST_ESTATE_KEY } from './last-estate-key';

export { LAST_ESTATE_KEY };

export function readLastEstate(): string | undefined {
  try {
    const id: unknown = Taro.getStorageSync(LAST_ESTATE_KEY);
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** undefined: keep what is remembered; null: forget. */
export function rememberEstate(id: string | null | undefined): void {
  if (id === undefined) return;
  try {
    if (id === null) Taro.removeStorageSync(LAST_ESTATE_KEY);
    else if (id !== readLastEstate()) Taro.setStorageSync(LAST_ESTATE_KEY, id);
  } catch {
    // storage full or unavailable (private mode): the next start asks after `me`, as without it
  }
}
