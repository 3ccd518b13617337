import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, ShiftedClock } from '../../server/adapters/local/clock';
import { nodeCrypto } from '../../server/adapters/local/crypto';
import type { CloudFunctionMain } from '../../server/app/handler';
import { createGateway, SESSION_COOKIE, sessionValue } from '../../server/gateway/server';

/**
 * Sessions, Host/Origin and content-type checks of the local gateway (issue 8 findings): sessions expire on the
 * server clock and logout revokes the very cookie it was given; requests for another Host (DNS rebinding) or from
 * another Origin are refused; /api takes only JSON bodies (no cross-site text/plain "simple request").
 */
const crypto = nodeCrypto('gateway-hardening-test-key');
const clock = new ManualClock('2026-11-23T02:00:00.000Z');
const DAY = 24 * 3600 * 1000;
/** a stand-in cloud function that answers with the caller the gateway put into its context */
const echo: CloudFunctionMain = async (_event, context) => ({ ok: true, data: { caller: (context as { localCaller?: { openid: string } }).localCaller ?? null } }) as never;

let dir: string;
let base: string;
let port: number;
const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongyi-gw-hardening-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>共议</title>');
  base = await listen(createGateway({ functions: { echo }, staticDir: dir, crypto, clock }));
  port = Number(new URL(base).port);
});
afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request with exactly the headers given (fetch would not let a test set Host). */
function raw(method: string, path: string, headers: Record<string, string>, body = '', at = port): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: at, method, path, headers: { 'content-length': String(Buffer.byteLength(body)), ...headers }, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const host = () => ({ host: `127.0.0.1:${port}` });

async function login(openid: string): Promise<string> {
  const res = await raw('POST', '/dev/login', { ...host(), 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ openid }).toString());
  expect(res.status).toBe(303);
  return String((res.headers['set-cookie'] as string[])[0]).split(';')[0];
}

async function callerOf(cookie: string): Promise<string | null> {
  const res = await raw('POST', '/api/echo', { ...host(), 'content-type': 'application/json', cookie }, '{}');
  expect(res.status).toBe(200);
  return JSON.parse(res.text).data.caller?.openid ?? null;
}

describe('gateway sessions', () => {
  it('a session in use expires 7 days after login on the server clock', async () => {
    const start = Date.parse('2026-11-23T02:00:00.000Z');
    clock.set(new Date(start));
    const cookie = await login('demo-owner');
    expect(await callerOf(cookie)).toBe('demo-owner');
    for (let h = 20; h < 7 * 24; h += 20) {
      clock.set(new Date(start + h * 3600_000));
      expect(await callerOf(cookie)).toBe('demo-owner');
    }
    clock.set(new Date(start + 7 * DAY + 60_000));
    expect(await callerOf(cookie)).toBeNull();
  });

  it('a session left idle for more than a day expires', async () => {
    const start = Date.parse('2026-11-23T02:00:00.000Z');
    clock.set(new Date(start));
    const cookie = await login('demo-owner');
    clock.set(new Date(start + DAY - 60_000));
    expect(await callerOf(cookie)).toBe('demo-owner');
    clock.set(new Date(start + 2 * DAY));
    expect(await callerOf(cookie)).toBeNull();
  });

  it('the cookie carries the same lifetime to the browser', async () => {
    const res = await raw('POST', '/dev/login', { ...host(), 'content-type': 'application/x-www-form-urlencoded' }, 'openid=demo-owner');
    expect(String((res.headers['set-cookie'] as string[])[0])).toMatch(/Max-Age=604800/);
  });

  it('logout revokes the session: the same cookie no longer identifies anyone', async () => {
    clock.set('2026-11-23T02:00:00.000Z');
    const cookie = await login('demo-community-staff');
    const other = await login('demo-community-staff');
    expect(await callerOf(cookie)).toBe('demo-community-staff');
    const out = await raw('POST', '/dev/logout', { ...host(), cookie });
    expect(out.status).toBe(303);
    expect(await callerOf(cookie)).toBeNull();
    expect(await callerOf(other)).toBe('demo-community-staff'); // only that session
  });

  it('a revoked session stays revoked after a restart (revocations kept in a file)', async () => {
    clock.set('2026-11-23T02:00:00.000Z');
    const file = join(dir, 'revoked', 'revoked-sessions.json');
    const first = await listen(createGateway({ functions: { echo }, staticDir: dir, crypto, clock, revokedSessionsFile: file }));
    const p1 = Number(new URL(first).port);
    const res = await raw('POST', '/dev/login', { host: `127.0.0.1:${p1}`, 'content-type': 'application/x-www-form-urlencoded' }, 'openid=demo-owner', p1);
    const cookie = String((res.headers['set-cookie'] as string[])[0]).split(';')[0];
    await raw('GET', '/dev/logout', { host: `127.0.0.1:${p1}`, cookie }, '', p1);
    const restarted = await listen(createGateway({ functions: { echo }, staticDir: dir, crypto, clock, revokedSessionsFile: file }));
    const p2 = Number(new URL(restarted).port);
    const after = await raw('POST', '/api/echo', { host: `127.0.0.1:${p2}`, 'content-type': 'application/json', cookie }, '{}', p2);
    expect(JSON.parse(after.text).data.caller).toBeNull();
  });

  it('a session value from before the change (openid + mac only) is not accepted', async () => {
    const { createHmac } = await import('node:crypto');
    const legacy = `demo-owner.${createHmac('sha256', 'gateway-hardening-test-key').update('gateway-session\u0000demo-owner').digest('hex')}`;
    expect(await callerOf(`${SESSION_COOKIE}=${legacy}`)).toBeNull();
  });

  it('sessionValue() mints a session the gateway accepts (tests and tools)', async () => {
    expect(await callerOf(`${SESSION_COOKIE}=${sessionValue(crypto, 'demo-owner', clock.now())}`)).toBe('demo-owner');
  });
});

describe('gateway Host, Origin and content type', () => {
  it('refuses another Host (DNS rebinding) on the dev login and the api with 403', async () => {
    for (const evil of ['evil.example', 'evil.example:' + port, '127.0.0.1.evil.example']) {
      const page = await raw('GET', '/dev/login', { host: evil });
      expect(page.status).toBe(403);
      const post = await raw('POST', '/dev/login', { host: evil, 'content-type': 'application/x-www-form-urlencoded' }, 'openid=demo-owner');
      expect(post.status).toBe(403);
      expect(post.headers['set-cookie']).toBeUndefined();
      const api = await raw('POST', '/api/echo', { host: evil, 'content-type': 'application/json' }, '{}');
      expect(api.status).toBe(403);
      expect(JSON.parse(api.text).error.code).toBe('HOST_REFUSED');
    }
    for (const ok of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', '127.0.0.1']) {
      expect((await raw('GET', '/dev/login', { host: ok })).status).toBe(200);
    }
  });

  it('refuses a request from another Origin with 403 and accepts its own origin', async () => {
    const cookie = await login('demo-owner');
    const cross = await raw('POST', '/api/echo', { ...host(), origin: 'https://evil.example', 'content-type': 'application/json', cookie }, '{}');
    expect(cross.status).toBe(403);
    expect(JSON.parse(cross.text).error.code).toBe('ORIGIN_REFUSED');
    const crossLogin = await raw('POST', '/dev/login', { ...host(), origin: 'null', 'content-type': 'application/x-www-form-urlencoded' }, 'openid=demo-owner');
    expect(crossLogin.status).toBe(403);
    const same = await raw('POST', '/api/echo', { ...host(), origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json', cookie }, '{}');
    expect(same.status).toBe(200);
  });

  it('accepts only application/json on /api (415 otherwise)', async () => {
    const cookie = await login('demo-owner');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await raw('POST', '/api/echo', { ...host(), 'content-type': type, cookie }, '{}');
      expect(res.status).toBe(415);
      expect(JSON.parse(res.text).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const missing = await raw('POST', '/api/echo', { ...host(), cookie }, '{}');
    expect(missing.status).toBe(415);
    const ok = await raw('POST', '/api/echo', { ...host(), 'content-type': 'application/json; charset=utf-8', cookie }, '{}');
    expect(ok.status).toBe(200);
  });
});

describe('gateway without the demo login (cloudbase mode)', () => {
  it('serves no persona picker and logs nobody in', async () => {
    const noDemo = await listen(createGateway({ functions: { echo }, staticDir: dir, crypto, clock, demoLogin: false }));
    const p = Number(new URL(noDemo).port);
    const page = await raw('GET', '/dev/login', { host: `127.0.0.1:${p}` }, '', p);
    expect(page.status).toBe(404);
    expect(page.text).not.toContain('演示');
    const post = await raw('POST', '/dev/login', { host: `127.0.0.1:${p}`, 'content-type': 'application/x-www-form-urlencoded' }, 'openid=demo-owner', p);
    expect(post.status).toBe(404);
    expect(post.headers['set-cookie']).toBeUndefined();
    const root = await raw('GET', '/', { host: `127.0.0.1:${p}` }, '', p);
    expect(root.headers.location).not.toBe('/dev/login');
  });
});

describe('the test-only clock (GONGYI_DEV_CLOCK=1)', () => {
  it('moves forward by whole days only where the gateway was given one, and never backwards', async () => {
    const shifted = new ShiftedClock();
    const withClock = await listen(createGateway({ functions: { echo }, staticDir: dir, crypto, clock, devClock: shifted }));
    const p = Number(new URL(withClock).port);
    const h = { host: `127.0.0.1:${p}`, 'content-type': 'application/json' };
    const before = shifted.now().getTime();
    const moved = await raw('POST', '/dev/clock', h, JSON.stringify({ advanceDays: 15 }), p);
    expect(moved.status).toBe(200);
    expect(Date.parse(JSON.parse(moved.text).now) - before).toBeGreaterThanOrEqual(15 * DAY);
    expect(shifted.now().getTime() - Date.now()).toBeGreaterThanOrEqual(15 * DAY - 1000);
    for (const bad of [{ advanceDays: -1 }, { advanceDays: 1.5 }, { advanceDays: '3' }, {}]) {
      expect((await raw('POST', '/dev/clock', h, JSON.stringify(bad), p)).status).toBe(400);
    }
    // the default gateway (no devClock) and a gateway without the demo login do not offer it
    expect((await raw('POST', '/dev/clock', { ...host(), 'content-type': 'application/json' }, JSON.stringify({ advanceDays: 1 }))).status).toBe(405);
    const noDemo = await listen(createGateway({ functions: { echo }, staticDir: dir, crypto, clock, devClock: new ShiftedClock(), demoLogin: false }));
    const q = Number(new URL(noDemo).port);
    expect((await raw('POST', '/dev/clock', { host: `127.0.0.1:${q}`, 'content-type': 'application/json' }, JSON.stringify({ advanceDays: 1 }), q)).status).toBe(405);
  });
});
