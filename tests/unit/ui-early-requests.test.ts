import { runInNewContext } from 'node:vm';
import { createApi, createHttpTransport } from '../../src/lib/api-core';
import { EARLY_GLOBAL, earlyRequestScript, takeEarlyAnswer } from '../../src/lib/early-requests';
import { PREFETCH_MAX_AGE_MS } from '../../src/lib/home-prefetch';
import { LAST_ESTATE_KEY } from '../../src/platform/last-estate-key';

/** Runs index.html's inline script in a bare context (no app code), as the browser does before any bundle. */
function runInlineScript(hash: string, stored: Record<string, string>) {
  const sent: { url: string; body: unknown }[] = [];
  const window: Record<string, unknown> = {
    location: { hash },
    localStorage: { getItem: (k: string) => stored[k] ?? null },
    fetch: async (url: string, init: { body: string }) => {
      sent.push({ url, body: JSON.parse(init.body) });
      return { json: async () => ({ ok: true, data: { url } }) };
    },
  };
  runInNewContext(earlyRequestScript(LAST_ESTATE_KEY), { window, JSON, Date, Promise });
  return { window, sent };
}

describe('index.html asks for the home page data before the bundles run (H5 first screen)', () => {
  it('sends me, and the remembered estate’s topics, in the shape the transport sends', () => {
    const { sent } = runInlineScript('', { [LAST_ESTATE_KEY]: JSON.stringify({ data: 'hemu' }) });
    expect(sent).toEqual([
      { url: '/api/identity', body: { action: 'me', input: {} } },
      { url: '/api/deliberation', body: { action: 'listTopics', input: { estateId: 'hemu' } } },
    ]);
  });

  it('sends nothing for another first page, and only me without a remembered estate or with garbage stored', () => {
    expect(runInlineScript('#/pages/me/index', {}).sent).toEqual([]);
    expect(runInlineScript('#/pages/home/index', { [LAST_ESTATE_KEY]: '{not json' }).sent.map((s) => s.url)).toEqual(['/api/identity']);
  });

  it('the transport takes each answer once, for the same function, action and input only', async () => {
    const { window } = runInlineScript('#/', { [LAST_ESTATE_KEY]: JSON.stringify({ data: 'hemu' }) });
    const asked: string[] = [];
    const fetchImpl = async (url: string) => {
      asked.push(url);
      return { status: 200, json: async () => ({ ok: true, data: { from: 'server' } }) };
    };
    const api = createApi(createHttpTransport(fetchImpl, '/api/', (n, a, i) => takeEarlyAnswer(window, n, a, i)));
    await expect(api.identity.me({})).resolves.toEqual({ ok: true, data: { url: '/api/identity' } });
    await expect(api.deliberation.listTopics({ estateId: 'other' })).resolves.toEqual({ ok: true, data: { from: 'server' } });
    await expect(api.identity.me({})).resolves.toEqual({ ok: true, data: { from: 'server' } }); // taken once
    await expect(api.deliberation.listTopics({ estateId: 'hemu' })).resolves.toEqual({ ok: true, data: { url: '/api/deliberation' } });
    expect(asked).toEqual(['/api/deliberation', '/api/identity']);
  });

  it('a stale or failed early answer is not used', async () => {
    const failing = Promise.reject(new Error('offline'));
    failing.catch(() => undefined);
    const scope = { [EARLY_GLOBAL]: { 'identity.me {}': { at: 0, answer: Promise.resolve('old') } } };
    expect(takeEarlyAnswer(scope, 'identity', 'me', {}, PREFETCH_MAX_AGE_MS + 1)).toBeUndefined();
    const api = createApi(
      createHttpTransport(async () => ({ status: 200, json: async () => ({ ok: true, data: 'fresh' }) }), '/api/', () => failing),
    );
    await expect(api.identity.me({})).resolves.toEqual({ ok: true, data: 'fresh' });
  });
});
