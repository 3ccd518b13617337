/**
 * H5 build of prefetch.ts: the home page's data, asked for at app start (src/lib/home-prefetch.ts explains
 * why). app.ts calls prefetchHome(location.hash); the page's first load takes the answer with takePrefetchedHome().
 */
import { api } from '../../api/client';
import { createPrefetch, opensOnHome } from '../../lib/home-prefetch';
import { loadHome, type HomeState } from '../../lib/home-state';
import { readLastEstate } from '../../platform/last-estate';

const prefetch = createPrefetch<HomeState>();

export function prefetchHome(hash: string): void {
  if (opensOnHome(hash)) prefetch.start(() => loadHome(api, undefined, readLastEstate()));
}

export const takePrefetchedHome = (): Promise<HomeState> | undefined => prefetch.take();
