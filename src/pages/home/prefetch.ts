/**
 * The home page's data asked for at app start: H5 only (prefetch.h5.ts). In the mini-program the page starts
 * its own load as before (the app starts without a hash router, and cloud calls wait for Taro.cloud.init).
 */
import type { HomeState } from '../../lib/home-state';

export function prefetchHome(_hash: string): void {}

export const takePrefetchedHome = (): Promise<HomeState> | undefined => undefined;
