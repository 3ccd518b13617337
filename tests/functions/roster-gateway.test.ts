import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimePorts } from '../../server/adapters/runtime';
import { createCloudFunction } from '../../server/app/handler';
import { rosterActions } from '../../server/app/identity/roster';
import { UPLOAD_MAX_BYTES } from '../../server/app/uploads';
import { createGateway, SESSION_COOKIE } from '../../server/gateway/server';
import { buildDemoRosterXlsx } from '../../server/seed/demo-roster-file';
import { freshEnv, type TestEnv } from '../support/ports';

/** The local stand-in for Taro.cloud.uploadFile, then the roster preview through the same gateway. */
let env: TestEnv;
let server: Server;
let base: string;
let staticDir: string;

beforeAll(async () => {
  env = await freshEnv({ seed: true });
  staticDir = mkdtempSync(join(tmpdir(), 'gongyi-h5-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>共议</title>');
  const identity = createCloudFunction('identity', rosterActions, runtimePorts);
  server = createGateway({ functions: { identity }, staticDir, crypto: env.ports.crypto, files: env.ports.files });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(staticDir, { recursive: true, force: true });
  await env.cleanup();
});

async function login(openid: string): Promise<string> {
  const res = await fetch(`${base}/dev/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ openid }).toString(),
  });
  return res.headers.get('set-cookie')!.split(';')[0];
}

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
    expect(p).toMatchObject({ ok: true, data: { valid: true, baseVersion: 1, diff: { added: [], removed: [], changed: [], unchangedCount: 120 } } });

    // another account cannot use that fileId
    const other = await login('demo-committee');
    const stolen = await fetch(`${base}/api/identity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: other },
      body: JSON.stringify({ action: 'previewRosterImport', input: { estateId: 'hemu', fileId, fileName: 'a.xlsx' } }),
    });
    expect(await stolen.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
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
    expect(await big.json()).toEqual({ ok: false, error: { code: 'VALIDATION_FAILED', message: '文件不能超过 5 MB' } });
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
