/**
 * Privacy of a request on both engines (issue 12 item 7): the requester's contact phone and masked name go only to the
 * members of the organisation holding the open request (not oversight staff, not the previous holder after an
 * escalation, not other residents, not the requester's own view), and the phone is stored sealed, never in clear;
 * photos of a request and of its handling are served only to those who see the whole request (requestPhoto), never to
 * another resident (not of a private request, not of a public one), not through another action, not by the file id
 * on the gateway.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { readAuditEvents } from '../../server/app/audit/log';
import { createCloudFunction } from '../../server/app/handler';
import { requestsFunction } from '../../server/app/requests';
import { runRequestDeadlines } from '../../server/app/requests/deadline-job';
import { CLOUD_FUNCTIONS } from '../../server/gateway/functions';
import type { FileRequestOutput, RequestDetailOutput, RequestPhotoOutput } from '../../types/requests';
import { callerOf, okOf as ok, refusalOf as refused } from '../support/handler-client';
import { uploadAs } from '../support/uploads';
import { freshEnv, TEST_NOW, type TestEnv } from '../support/ports';
import { startTestGateway } from '../support/test-gateway';

const call = callerOf(createCloudFunction(requestsFunction, runtimePorts));
const OWNER = 'demo-owner';
const TENANT = 'demo-tenant';
const GRID = 'demo-grid-worker';
const STAFF = 'demo-community-staff';
const SUBDISTRICT = 'demo-subdistrict-staff';
const PROPERTY = 'demo-property-manager';
const COMMITTEE = 'demo-committee';
const HOUR = 3_600_000;
const E = { estateId: 'hemu' };
const PHONE = '13912345678';
const PHOTO_BYTES = new TextEncoder().encode('PHOTO-OF-MY-FLAT-0001');

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const noise = { ...E, idempotencyKey: 'key-00000001', category: 'noise', description: '夜间施工噪音', locationKind: 'public', place: '小区东门', visibility: 'private' };
const detail = (who: string, requestId: string) => ok<RequestDetailOutput>(call(who, 'requestDetail', { ...E, requestId }));
const contactOf = async (who: string, requestId: string) => {
  const d = await detail(who, requestId);
  return [d.requesterName, d.requesterPhone];
};
const upload = (openid: string) => uploadAs(env, openid, { bytes: PHOTO_BYTES });

describe("requests: the requester's phone for the current handler", () => {
  it('only the holding organisation reads it, while it holds the open request; sealed at rest, not in the audit log', async () => {
    const { requestId } = await ok<FileRequestOutput>(call(OWNER, 'fileRequest', { ...noise, contactPhone: '139 1234 5678' }));
    const [name, phone] = await contactOf(GRID, requestId);
    expect(phone).toBe(PHONE);
    expect(name).toMatch(/^王\*+国$/);
    // oversight staff see the whole request but not the phone; the requester's own view and other residents neither
    expect(await contactOf(STAFF, requestId)).toEqual([null, null]);
    expect(await contactOf(SUBDISTRICT, requestId)).toEqual([null, null]);
    expect(await contactOf(OWNER, requestId)).toEqual([null, null]);
    expect((await refused(call(TENANT, 'requestDetail', { ...E, requestId }))).code).toBe('REQUEST_NOT_FOUND');

    // escalated past the response limit: the 居委会 holds it now, the grid worker no longer reads the phone
    env.clock.set(new Date(Date.parse(TEST_NOW) + 24 * HOUR));
    await runRequestDeadlines(env.ports);
    expect(await contactOf(GRID, requestId)).toEqual([null, null]);
    expect((await contactOf(STAFF, requestId))[1]).toBe(PHONE);

    // sealed on the request while it is open
    expect((await env.storage.get<{ contactPhoneSealed?: string }>('requests', requestId))!.data.contactPhoneSealed).toMatch(/^s1\./);
    // closed (withdrawn): nobody reads it any more, and the request keeps no phone at all
    await ok(call(OWNER, 'withdrawRequest', { ...E, requestId }));
    expect(await contactOf(STAFF, requestId)).toEqual([null, null]);
    expect((await env.storage.get<{ contactPhoneSealed?: string }>('requests', requestId))!.data).not.toHaveProperty('contactPhoneSealed');

    // at rest: sealed, never in clear (nor its masked form), in no document and no audit event
    const stored = Buffer.concat(await env.storedBytes()).toString('utf8');
    expect(stored).not.toContain(PHONE);
    expect(stored).not.toContain('139****5678');
    const audit = await readAuditEvents(env.storage, 'hemu');
    expect(JSON.stringify(audit)).not.toContain(PHONE);
    expect(audit.find((e) => e.action === 'request.filed')!.data).toMatchObject({ contactPhone: 'typed' });
  });

  it('a request filed without a contact phone gives the holder the masked name only; a malformed phone is refused and writes nothing', async () => {
    const { requestId } = await ok<FileRequestOutput>(call(OWNER, 'fileRequest', noise));
    expect(await contactOf(GRID, requestId)).toEqual([expect.stringMatching(/^王\*+国$/), null]);
    const before = await env.storage.count('requests');
    expect((await refused(call(OWNER, 'fileRequest', { ...noise, idempotencyKey: 'key-00000002', contactPhone: '12345' }))).code).toBe('VALIDATION_FAILED');
    expect(await env.storage.count('requests')).toBe(before);
  });
});

describe("requests: the contact phone from WeChat's getPhoneNumber code", () => {
  beforeEach(() => {
    // the platform as in WeChat: this code stands for the requester's verified number, once
    let spent = false;
    env.ports.platform = { ...env.ports.platform, exchangePhoneCode: async (code: string) => (code === 'wechat-code-1' && !spent ? ((spent = true), PHONE) : null) };
  });

  it('the server exchanges the code; a retry returns the first request; two sources or a bad code are refused and write nothing', async () => {
    const before = await env.storage.count('requests');
    const both = await refused(call(OWNER, 'fileRequest', { ...noise, contactPhone: PHONE, contactPhoneCode: 'wechat-code-1' }));
    expect([both.code, both.fields?.[0]?.code]).toEqual(['VALIDATION_FAILED', 'PHONE_TWO_SOURCES']);
    const bad = await refused(call(OWNER, 'fileRequest', { ...noise, contactPhoneCode: 'expired-code' }));
    expect([bad.code, bad.fields?.[0]?.code]).toEqual(['VALIDATION_FAILED', 'PHONE_CODE_EXPIRED']);
    expect(await env.storage.count('requests')).toBe(before);
    const first = await ok<FileRequestOutput>(call(OWNER, 'fileRequest', { ...noise, contactPhoneCode: 'wechat-code-1' }));
    expect(await contactOf(GRID, first.requestId)).toEqual([expect.stringMatching(/^王\*+国$/), PHONE]);
    // the same submission again (its code now spent): the first request, not a refusal and not a second request
    expect(await ok<FileRequestOutput>(call(OWNER, 'fileRequest', { ...noise, contactPhoneCode: 'wechat-code-1' }))).toEqual(first);
    expect(await env.storage.count('requests')).toBe(before + 1);
  });
});

describe('requests: photos only for those allowed', () => {
  it('the requester, the holder and oversight staff read the photos; other residents cannot, by any action', async () => {
    const photo = await upload(OWNER);
    const privateReq = (await ok<FileRequestOutput>(call(OWNER, 'fileRequest', { ...noise, photos: [photo] }))).requestId;
    const publicReq = (await ok<FileRequestOutput>(call(OWNER, 'fileRequest', { ...noise, idempotencyKey: 'key-00000002', visibility: 'public', photos: [photo] }))).requestId;
    const photoOf = (who: string, requestId: string, set = 'request', index = 0) => call(who, 'requestPhoto', { ...E, requestId, set, index });
    const dataUrl = `data:image/jpeg;base64,${Buffer.from(PHOTO_BYTES).toString('base64')}`;
    for (const who of [OWNER, GRID, STAFF, SUBDISTRICT]) {
      expect((await ok<RequestPhotoOutput>(photoOf(who, privateReq))).dataUrl).toBe(dataUrl);
    }
    // a private request: other residents and the property company (not routed to it) find nothing at all
    for (const who of [TENANT, PROPERTY, COMMITTEE]) expect((await refused(photoOf(who, privateReq))).code).toBe('REQUEST_NOT_FOUND');
    // a public request: other residents read it without photos, and requestPhoto answers as for no photo
    const seen = await detail(TENANT, publicReq);
    expect([seen.view, seen.photos, seen.resultPhotos]).toEqual(['public', [], []]);
    expect((await refused(photoOf(TENANT, publicReq))).code).toBe('REQUEST_PHOTO_NOT_FOUND');
    expect((await refused(photoOf(OWNER, privateReq, 'request', 1))).code).toBe('REQUEST_PHOTO_NOT_FOUND');
    // nor by attaching the guessed file id to a request of their own: only own uploads are accepted
    expect((await refused(call(TENANT, 'fileRequest', { ...noise, idempotencyKey: 'key-00000003', photos: [photo] }))).code).toBe('NOT_OWN_UPLOAD');

    // the holder's result photos: the requester reads them, another resident does not
    const result = await upload(GRID);
    await ok(call(GRID, 'handleRequest', { ...E, requestId: publicReq, result: '已处理', photos: [result] }));
    expect((await detail(OWNER, publicReq)).resultPhotos).toEqual([result]);
    expect((await ok<RequestPhotoOutput>(photoOf(OWNER, publicReq, 'result'))).dataUrl).toBe(dataUrl);
    expect((await refused(photoOf(TENANT, publicReq, 'result'))).code).toBe('REQUEST_PHOTO_NOT_FOUND');
  });

  it('the gateway serves no stored file by its id, to anyone', async () => {
    const photo = await upload(OWNER);
    await ok(call(OWNER, 'fileRequest', { ...noise, photos: [photo] }));
    const gw = await startTestGateway(env, CLOUD_FUNCTIONS);
    try {
      for (const who of [TENANT, OWNER]) {
        const cookie = await gw.login(who);
        for (const path of [`/${photo}`, `/files/${photo}`, `/api/files/${photo}`, `/api/_upload?name=${encodeURIComponent(photo)}`, `/${encodeURIComponent(photo)}`]) {
          const res = await fetch(`${gw.base}${path}`, { headers: { cookie } });
          expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).not.toContain('PHOTO-OF-MY-FLAT');
        }
      }
    } finally {
      await gw.close();
    }
  });
});
