/**
 * The requests function (issue 12, first actions), on both engines: filing routes a request by the default routing
 * table and gives its limits from the injected clock; the requester sees the whole timeline; the property company
 * never sees a request not routed to it; private requests are hidden from other residents; refusals write nothing
 * and clean up the uploaded photos; a retried submission files once.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { readAuditEvents } from '../../server/app/audit/log';
import { createCloudFunction } from '../../server/app/handler';
import { requestsFunction } from '../../server/app/requests';
import { REQUEST_TIMELINE, REQUESTS } from '../../server/app/requests/records';
import type { FileRequestOutput, MyRequestsOutput, RequestDetailOutput } from '../../types/requests';
import { callerOf, okOf as ok, refusalOf as refused } from '../support/handler-client';
import { uploadAs } from '../support/uploads';
import { freshEnv, TEST_NOW, type TestEnv } from '../support/ports';

const call = callerOf(createCloudFunction(requestsFunction, runtimePorts));

const OWNER = 'demo-owner';
const OWNER_UNIT = 'hemu:1-1-101';
const TENANT = 'demo-tenant';
const PROPERTY = 'demo-property-manager';
const GRID = 'demo-grid-worker';
const STAFF = 'demo-community-staff';
const HOUR = 3_600_000;

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const upload = (openid: string) => uploadAs(env, openid);

const base = { estateId: 'hemu', idempotencyKey: 'key-00000001', description: '三号楼楼道夜里有人大声喧哗', visibility: 'private' };
const noise = { ...base, category: 'noise', locationKind: 'building', building: '3' };
const repair = { ...base, idempotencyKey: 'key-00000002', category: 'repair', description: '卫生间漏水到楼下', locationKind: 'unit', unitId: OWNER_UNIT };

describe('requests: file, my requests, detail', () => {
  it('files a request routed by the default table with limits from the server clock, and the requester sees the whole timeline', async () => {
    const photo = await upload(OWNER);
    const filed = await ok<FileRequestOutput>(call(OWNER, 'fileRequest', { ...noise, photos: [photo] }));
    expect(filed.holder).toBe('grid');
    expect(filed.respondBy).toBe(new Date(Date.parse(TEST_NOW) + 24 * HOUR).toISOString());
    expect(filed.resolveBy).toBe(new Date(Date.parse(TEST_NOW) + 120 * HOUR).toISOString());
    const mine = await ok<MyRequestsOutput>(call(OWNER, 'myRequests', { estateId: 'hemu' }));
    expect(mine.requests.map((r) => [r.requestId, r.status, r.holder])).toEqual([[filed.requestId, 'dispatched', 'grid']]);
    const detail = await ok<RequestDetailOutput>(call(OWNER, 'requestDetail', { estateId: 'hemu', requestId: filed.requestId }));
    expect(detail).toMatchObject({ view: 'full', mine: true, photos: [photo], building: '3', status: 'dispatched' });
    expect(detail.timeline.map((t) => [t.kind, t.actorRole, t.holder])).toEqual([['received', 'requester', null], ['dispatch', null, 'grid']]);
    expect(detail.timeline.every((t) => t.at === TEST_NOW)).toBe(true);
    const audit = await readAuditEvents(env.storage, 'hemu');
    expect(audit.filter((e) => e.action === 'request.filed')).toHaveLength(1);
    // the grid worker it was routed to and community staff see it; the tenant's own list does not show it
    expect((await ok<RequestDetailOutput>(call(GRID, 'requestDetail', { estateId: 'hemu', requestId: filed.requestId }))).view).toBe('full');
    expect((await ok<RequestDetailOutput>(call(STAFF, 'requestDetail', { estateId: 'hemu', requestId: filed.requestId }))).view).toBe('full');
    expect((await ok<MyRequestsOutput>(call(TENANT, 'myRequests', { estateId: 'hemu' }))).requests).toEqual([]);
  });

  it('the property company never sees a request not routed to it, and sees one that is; private requests are hidden from other residents', async () => {
    const toGrid = await ok<FileRequestOutput>(call(OWNER, 'fileRequest', noise));
    const toProperty = await ok<FileRequestOutput>(call(OWNER, 'fileRequest', repair));
    expect(toProperty.holder).toBe('property');
    expect((await refused(call(PROPERTY, 'requestDetail', { estateId: 'hemu', requestId: toGrid.requestId }))).code).toBe('REQUEST_NOT_FOUND');
    const publicOne = await ok<FileRequestOutput>(call(OWNER, 'fileRequest', { ...noise, idempotencyKey: 'key-00000003', visibility: 'public' }));
    expect((await refused(call(PROPERTY, 'requestDetail', { estateId: 'hemu', requestId: publicOne.requestId }))).code).toBe('REQUEST_NOT_FOUND');
    expect((await ok<RequestDetailOutput>(call(PROPERTY, 'requestDetail', { estateId: 'hemu', requestId: toProperty.requestId }))).view).toBe('full');
    // another resident: the private one does not exist for them, the public one shows without photos
    expect((await refused(call(TENANT, 'requestDetail', { estateId: 'hemu', requestId: toGrid.requestId }))).code).toBe('REQUEST_NOT_FOUND');
    expect(await ok<RequestDetailOutput>(call(TENANT, 'requestDetail', { estateId: 'hemu', requestId: publicOne.requestId }))).toMatchObject({ view: 'public', mine: false, photos: [] });
    // the property company may not file requests at all
    expect((await refused(call(PROPERTY, 'fileRequest', { ...noise, idempotencyKey: 'key-00000009' }))).code).toBe('FORBIDDEN');
  });

  it('a retried submission files once; a resident files about a building', async () => {
    const a = await ok<FileRequestOutput>(call(OWNER, 'fileRequest', noise));
    const b = await ok<FileRequestOutput>(call(OWNER, 'fileRequest', noise));
    expect(b.requestId).toBe(a.requestId);
    await ok(call(TENANT, 'fileRequest', noise));
    expect(await env.storage.count(REQUESTS, { estateId: 'hemu' })).toBe(2);
  });

  it('refusals write nothing and clean up the uploaded photos', async () => {
    const refusals: [string, unknown, string][] = [
      // someone else's unit
      [TENANT, { ...repair }, 'REQUEST_UNIT_NOT_OWN'],
      // the location the kind needs is missing
      [OWNER, { ...noise, building: undefined }, 'VALIDATION_FAILED'],
      // the property company has no filing permission
      [PROPERTY, { ...noise }, 'FORBIDDEN'],
      // a tenth photo
      [OWNER, { ...noise, tenPhotos: true }, 'VALIDATION_FAILED'],
    ];
    for (const [who, input, code] of refusals) {
      const photos = await Promise.all(Array.from({ length: (input as { tenPhotos?: boolean }).tenPhotos ? 10 : 1 }, () => upload(who)));
      const { tenPhotos: _ignored, ...rest } = input as Record<string, unknown>;
      const error = await refused(call(who, 'fileRequest', { ...rest, photos }));
      expect(error.code).toBe(code);
      for (const p of photos) expect(await env.ports.files.get(p)).toBeNull();
    }
    // someone else's photo: refused, and their file is left alone
    const others = await upload(TENANT);
    expect((await refused(call(OWNER, 'fileRequest', { ...noise, photos: [others] }))).code).toBe('NOT_OWN_UPLOAD');
    expect(await env.ports.files.get(others)).not.toBeNull();
    expect(await env.storage.count(REQUESTS, {})).toBe(0);
    expect(await env.storage.count(REQUEST_TIMELINE, {})).toBe(0);
    expect((await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action === 'request.filed')).toHaveLength(0);
  });
});
