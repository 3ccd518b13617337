import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { nodeCrypto } from '../../server/adapters/local/crypto';
import { folderFileStore } from '../../server/adapters/local/files';
import { UPLOAD_MAX_BYTES } from '../../server/app/uploads';
import { CLOUD_FUNCTIONS } from '../../server/gateway/functions';
import { createGateway, sessionValue, SESSION_COOKIE } from '../../server/gateway/server';
import { ERRORS, isErrorCode, renderError, type ApiError } from '../../types/errors';

/**
 * The gateway's own refusals (before or instead of a cloud function) look like every other refusal:
 * a code from the one table in types/errors.ts, its message rendered from that table, coded field errors.
 * A malformed body gets the same code from the gateway as a malformed event gets from the handler.
 */
const crypto = nodeCrypto('gateway-errors-test-key');
let dir: string;
let server: Server;
let base: string;
const cookie = `${SESSION_COOKIE}=${sessionValue(crypto, 'demo-community-staff')}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongyi-gw-errors-'));
  server = createGateway({ functions: CLOUD_FUNCTIONS, staticDir: dir, crypto, files: folderFileStore(join(dir, 'files')) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: string | Uint8Array, withSession = true) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(withSession ? { cookie } : {}) },
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
  });

/** Every error on the wire: a known code, the message the table renders for it and its params, coded fields. */
function expectTableError(error: ApiError) {
  expect(isErrorCode(error.code)).toBe(true);
  expect(error.message).toBe(renderError(error.code, error.params as never));
  for (const f of error.fields ?? []) {
    expect(isErrorCode(f.code)).toBe(true);
    expect(f.message).toBe(renderError(f.code, f.params as never));
  }
}

describe('gateway refusals use the one error table', () => {
  it('answers an unreadable JSON body with the code the handler gives a malformed event', async () => {
    const fromHandler = await (await post('/api/messages', JSON.stringify('not an envelope'))).json();
    expect(fromHandler.ok).toBe(false);
    const unreadable = await post('/api/messages', '{not json');
    expect(unreadable.status).toBe(400);
    const body = await unreadable.json();
    expect(body).toEqual({ ok: false, error: { code: fromHandler.error.code, message: ERRORS[fromHandler.error.code as 'BAD_REQUEST'].message } });
    expect(body.error.code).toBe('BAD_REQUEST');
    expectTableError(body.error);
  });

  it('answers an oversized JSON body (over 1 MB) with the same code, after reading it (no reset connection)', async () => {
    const big = JSON.stringify({ action: 'listMessages', input: { pad: 'x'.repeat(1024 * 1024 + 10) } });
    const res = await post('/api/messages', big);
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(body.error.code).toBe('BAD_REQUEST');
    expectTableError(body.error);
  });

  it('renders unknown functions and missing sessions from the table', async () => {
    const unknown = await post('/api/nosuch', '{}');
    expect(unknown.status).toBe(404);
    const u = (await unknown.json()).error;
    expect(u.code).toBe('UNKNOWN_ACTION');
    expectTableError(u);
    const anonymous = await post('/api/_upload?name=a.csv', 'a,b', false);
    expect(anonymous.status).toBe(401);
    const a = (await anonymous.json()).error;
    expect(a.code).toBe('NOT_AUTHENTICATED');
    expectTableError(a);
  });

  it('/api/_upload: a bad name is a coded field error; empty and oversized files use the file codes the client uses', async () => {
    const missing = await post('/api/_upload', 'a,b');
    expect(missing.status).toBe(400);
    const m = (await missing.json()).error as ApiError;
    expect(m.code).toBe('VALIDATION_FAILED');
    expect(m.fields).toEqual([{ field: 'name', code: 'FILE_NAME_MISSING', message: renderError('FILE_NAME_MISSING') }]);
    expectTableError(m);

    const tooLong = (await (await post(`/api/_upload?name=${'a'.repeat(121)}.csv`, 'a,b')).json()).error as ApiError;
    expect(tooLong.fields).toEqual([expect.objectContaining({ field: 'name', code: 'FIELD_INVALID' })]);
    expect(tooLong.fields![0].message).toBe('文件名格式不正确');
    expectTableError(tooLong);

    const empty = await post('/api/_upload?name=a.csv', new Uint8Array(0));
    expect(empty.status).toBe(400);
    const e = (await empty.json()).error;
    expect(e.code).toBe('FILE_EMPTY');
    expectTableError(e);

    const big = await post('/api/_upload?name=big.csv', new Uint8Array(UPLOAD_MAX_BYTES + 1));
    expect(big.status).toBe(413);
    const b = (await big.json()).error;
    expect(b).toEqual({ code: 'FILE_TOO_LARGE', params: { maxMb: 5 }, message: renderError('FILE_TOO_LARGE', { maxMb: 5 }) });
  });
});
