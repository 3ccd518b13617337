import { runtimePorts } from '../../server/adapters/runtime';
import { createCloudFunction } from '../../server/app/handler';
import { identityFunction } from '../../server/app/identity';
import { UPLOAD_MAX_BYTES } from '../../server/app/uploads';
import { SESSION_COOKIE } from '../../server/gateway/server';
import { buildDemoRosterXlsx } from '../../server/seed/demo-roster-file';
import { freshEnv, type TestEnv } from '../support/ports';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

/** The local stand-in for Taro.cloud.uploadFile, then the roster preview through the same gateway. */
let env: TestEnv;
let gw: TestGateway;
let base: string;
const login = (openid: string) => gw.login(openid);

beforeAll(async () => {
  env = await freshEnv({ seed: true });
  gw = await startTestGateway(env, { identity: createCloudFunction(identityFunction, runtimePorts) });
  base = gw.base;
});
afterAll(async () => {
  await gw.close();
  await env.cleanup();
});

const uploadFile = (body: Uint8Array | string, name: string, cookie?: string) =>
  fetch(`${base}/api/_upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(cookie ? { cookie } : {}) },
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
  });

describe('POST /api/_upload (local stand-in for Taro.cloud.uploadFile)', () => {
  it('stores the body under the session’s own upload prefix and returns the fileId, which the roster preview then reads', async () => {
    const cookie = await login('demo-community-staff');
    const bytes = await buildDemoRosterXlsx();
    const res = await uploadFile(bytes, '和睦家园 名册(2026).xlsx', cookie);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ ok: true, data: { fileId: expect.stringMatching(/^uploads\/demo-community-staff\/[0-9a-f]{16}-[A-Za-z0-9_-]+\.xlsx$/) } });
    const fileId: string = body.data.fileId;
    expect(Buffer.from((await env.ports.files.get(fileId))!).equals(Buffer.from(bytes))).toBe(true);

    const preview = await fetch(`${base}/api/identity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ action: 'previewRosterImport', input: { estateId: 'hemu', fileId, fileName: '和睦家园名册.xlsx' } }),
    });
    const p = await preview.json();
    // the file was read: it is the roster the estate already has (an unchanged roster is refused, issue 8)
    expect(p).toMatchObject({ ok: false, error: { code: 'ROSTER_UNCHANGED', params: { version: 1 } } });

    // another account cannot use that fileId
    const other = await login('demo-committee');
    const stolen = await fetch(`${base}/api/identity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: other },
      body: JSON.stringify({ action: 'previewRosterImport', input: { estateId: 'hemu', fileId, fileName: 'a.xlsx' } }),
    });
    expect(await stolen.json()).toMatchObject({ ok: false, error: { code: 'NOT_OWN_UPLOAD' } });
  });

  it('requires a valid session', async () => {
    const anonymous = await uploadFile('a,b', 'a.csv');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: '请先登录' } });
    const forged = await uploadFile('a,b', 'a.csv', `${SESSION_COOKIE}=demo-community-staff.${'0'.repeat(64)}`);
    expect(forged.status).toBe(401);
  });

  it('refuses bodies over 5 MB, empty bodies and a missing name', async () => {
    const cookie = await login('demo-community-staff');
    const big = await uploadFile(new Uint8Array(UPLOAD_MAX_BYTES + 1), 'big.csv', cookie);
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ ok: false, error: { code: 'FILE_TOO_LARGE', params: { maxMb: 5 }, message: '文件太大（超过 5 MB），请重新选择' } });
    expect((await uploadFile(new Uint8Array(0), 'a.csv', cookie)).status).toBe(400);
    expect((await uploadFile('a', '', cookie)).status).toBe(400);
    // exactly 5 MB is accepted
    expect((await uploadFile(new Uint8Array(UPLOAD_MAX_BYTES), 'max.csv', cookie)).status).toBe(200);
  });

  it('keeps file names from escaping the upload folder', async () => {
    const cookie = await login('demo-community-staff');
    const res = await uploadFile('x', '../../../etc/passwd', cookie);
    const { data } = await res.json();
    expect(data.fileId).toMatch(/^uploads\/demo-community-staff\/[0-9a-f]{16}-passwd$/);
  });
});
