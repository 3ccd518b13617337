/**
 * H5 first screen: the home page's data is asked for when the app starts, not when the page has rendered.
 * Between the two, a slow phone spends a few hundred ms starting the framework, the router and the page (issue 9
 * measures 4× CPU throttling); app.ts starts loadHome when the first page is the home page, and the page's first
 * load takes that answer instead of asking again. Later loads (back from another page, switching estates) ask
 * afresh. Pure and platform-free, so jest tests it; src/app.ts and src/pages/home/index.tsx wire it.
 */

/** The H5 hash router opens the home page (the app's first page) for an empty hash or its own path. */
export function opensOnHome(hash: string): boolean {
  return hash === '' || hash === '#' || hash === '#/' || /^#\/pages\/home\/index(\?|$)/.test(hash);
}

/** An answer older than this is not used: the page asks again (it was not the first screen after all). */
export const PREFETCH_MAX_AGE_MS = 15_000;

export interface Prefetch<T> {
  start(load: () => Promise<T>): void;
  /** the started answer, once; undefined when none was started, it was taken already, or it is too old */
  take(): Promise<T> | undefined;
}

export function createPrefetch<T>(now: () => number = Date.now): Prefetch<T> {
  let pending: { answer: Promise<T>; at: number } | undefined;
  return {
    start(load) {
      pending = { answer: load(), at: now() };
    },
    take() {
      const p = pending;
      pending = undefined;
      return p && now() - p.at <= PREFETCH_MAX_AGE_MS ? p.answer : undefined;
    },
  };
}
