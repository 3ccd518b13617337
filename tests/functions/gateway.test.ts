import { FUNCTION_NAMES } from '../../types/envelope';
import { CLOUD_FUNCTIONS } from '../../server/gateway/functions';
import { SESSION_COOKIE } from '../../server/gateway/server';
import { freshEnv, type TestEnv } from '../support/ports';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

let env: TestEnv;
let gw: TestGateway;
let base: string;

beforeAll(async () => {
  env = await freshEnv({ seed: true });
  gw = await startTestGateway(env, CLOUD_FUNCTIONS);
  base = gw.base;
});
afterAll(async () => {
  await gw.close();
  await env.cleanup();
});

async function login(openid: string): Promise<string> {
  const res = await fetch(`${base}/dev/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ openid }).toString(),
  });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/#/pages/home/index');
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  return cookie.split(';')[0];
}

const api = (name: string, body: unknown, cookie?: string) =>
  fetch(`${base}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('local gateway', () => {
  it('serves exactly the deployed cloud functions', () => {
    expect(Object.keys(CLOUD_FUNCTIONS).sort()).toEqual([...FUNCTION_NAMES].sort());
  });

  it('sends a visitor without a session to the dev login, which lists the demo personas in Chinese', async () => {
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/dev/login');
    const page = await (await fetch(`${base}/dev/login`)).text();
    for (const text of ['本地演示登录', '王建国', '小区党支部书记', '社区居委会工作人员', '物业服务企业项目经理', '网格员', '租户']) {
      expect(page).toContain(text);
    }
  });

  it('runs a cloud function as the logged-in persona, taking identity from the session only', async () => {
    const cookie = await login('demo-owner');
    const res = await api('identity', { action: 'me', input: {}, openid: 'demo-party-secretary' }, cookie);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ok).toBe(true);
    expect(body.data.current.displayName).toBe('王*国');
    expect(body.data.current.roles).toEqual(['owner']);
  });

  it('treats a missing or forged session as not logged in', async () => {
    expect(await (await api('identity', { action: 'me' })).json()).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
    const forged = `${SESSION_COOKIE}=demo-party-secretary.${'0'.repeat(64)}`;
    expect(await (await api('identity', { action: 'me' }, forged)).json()).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
  });

  it('refuses unknown personas, unknown functions and malformed bodies', async () => {
    const bad = await fetch(`${base}/dev/login`, { method: 'POST', body: 'openid=someone-else', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(bad.status).toBe(400);
    const cookie = await login('demo-owner');
    expect((await api('nosuch', { action: 'x' }, cookie)).status).toBe(404);
    const malformed = await api('identity', '{not json', cookie);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: '请求格式不正确' } }); // the handler's code for a malformed event
  });

  it('serves the H5 build and falls back to index.html, without leaving its folder', async () => {
    const cookie = await login('demo-owner');
    expect(await (await fetch(`${base}/app.js`)).text()).toBe('console.log(1)');
    expect(await (await fetch(`${base}/`, { headers: { cookie } })).text()).toContain('共议');
    const traversal = await fetch(`${base}/..%2F..%2Fetc%2Fpasswd`);
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).not.toContain('root:');
  });

  it('logs out by clearing the session', async () => {
    const res = await fetch(`${base}/dev/logout`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });
});
