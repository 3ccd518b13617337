/**
 * H5 first screen, earliest possible data: index.html carries a few lines (earlyRequestScript(), inlined by
 * config/index.ts) that send the home page's two reads — `identity.me({})` and, when this device remembers an
 * estate, `deliberation.listTopics({ estateId })` — while the browser still downloads the JavaScript. On a slow
 * network (issue 9: 150 ms round trips, 1.6 Mbps) that takes the API round trips off the critical path instead
 * of starting them after the framework has run. The H5 transport (createHttpTransport) takes each answer once,
 * for exactly the same function, action and input, and only while it is fresh; anything else asks the server.
 *
 * The inline script is this file's `sendEarlyRequests` turned into source text, so the request shape, the API
 * base, the storage key and the home-page test are written once (api-core, platform/last-estate, home-prefetch).
 */
import { opensOnHome, PREFETCH_MAX_AGE_MS } from './home-prefetch';

/** The global the inline script fills: request key -> { at, answer }. */
export const EARLY_GLOBAL = '__gongyiEarly';
export const API_BASE = '/api/';

interface EarlyEntry {
  at: number;
  answer: Promise<unknown>;
}
type EarlyMap = Record<string, EarlyEntry>;

export const earlyKey = (name: string, action: string, input: unknown): string => `${name}.${action} ${JSON.stringify(input)}`;

interface EarlyWindow {
  location: { hash: string };
  localStorage?: { getItem(key: string): string | null };
  fetch(url: string, init: object): Promise<{ json(): Promise<unknown> }>;
  [EARLY_GLOBAL]?: EarlyMap;
}

/**
 * Runs in the page before any bundle: self-contained (no imports, no closures), because it is serialised with
 * Function.prototype.toString and called with its arguments in index.html.
 */
export function sendEarlyRequests(w: EarlyWindow, base: string, lastEstateKey: string, globalName: string, opensHome: (hash: string) => boolean): void {
  // no named inner functions: transpilers may wrap those in helpers (esbuild's __name) the page does not have
  try {
    if (!opensHome(w.location.hash)) return;
    let estateId: unknown;
    try {
      const stored = w.localStorage?.getItem(lastEstateKey);
      estateId = stored ? (JSON.parse(stored) as { data?: unknown }).data : undefined;
    } catch {
      estateId = undefined;
    }
    const requests: [string, string, object][] = [['identity', 'me', {}]];
    if (typeof estateId === 'string' && estateId !== '') requests.push(['deliberation', 'listTopics', { estateId }]);
    const early: EarlyMap = {};
    for (const [name, action, input] of requests) {
      const answer = w
        .fetch(base + name, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ action, input }),
        })
        .then((res) => res.json());
      answer.catch(() => undefined); // an unused failed answer must not be reported as unhandled
      early[`${name}.${action} ${JSON.stringify(input)}`] = { at: Date.now(), answer };
    }
    (w as unknown as Record<string, EarlyMap>)[globalName] = early;
  } catch {
    // anything odd (no fetch, storage blocked): the app asks as usual
  }
}

/** The inline script for index.html. */
export function earlyRequestScript(lastEstateKey: string): string {
  return `(${sendEarlyRequests.toString()})(window, ${JSON.stringify(API_BASE)}, ${JSON.stringify(lastEstateKey)}, ${JSON.stringify(EARLY_GLOBAL)}, ${opensOnHome.toString()});`;
}

/**
 * The answer the inline script got for this request, once (it is removed when taken), if it is fresh. A failed
 * early request yields undefined so the caller asks the server itself.
 */
export function takeEarlyAnswer(
  scope: Record<string, unknown> | undefined,
  name: string,
  action: string,
  input: unknown,
  now: number = Date.now(),
): Promise<unknown> | undefined {
  const early = scope?.[EARLY_GLOBAL] as EarlyMap | undefined;
  if (!early) return undefined;
  const key = earlyKey(name, action, input);
  const entry = early[key];
  if (!entry) return undefined;
  delete early[key];
  if (now - entry.at > PREFETCH_MAX_AGE_MS) return undefined;
  return entry.answer;
}
