/**
 * Residents linked to their unit or building (issue 12 item 1) on both engines: staff confirming a resident
 * registration (住户登记) record where the resident lives — the claimed unit, or only its building; the resident then
 * files a request about "my unit" (and the request carries the building), never about another unit; the link is not
 * a unit link (no ownership, no vote). Recording a residence on anything but an approved resident registration is
 * refused and writes nothing.
 */
import { main as identity } from '../../cloudfunctions/identity';
import { readAuditEvents } from '../../server/app/audit/log';
import { createCloudFunction } from '../../server/app/handler';
import { runtimePorts } from '../../server/adapters/runtime';
import { requestsFunction } from '../../server/app/requests';
import { PRIVACY_NOTICE_VERSION, type MeOutput } from '../../types/identity';
import type { FileRequestOutput, RequestDetailOutput } from '../../types/requests';
import { callerOf, okOf as ok, refusalOf as refused } from '../support/handler-client';
import { freshEnv, type TestEnv } from '../support/ports';

const id = callerOf(identity);
const req = callerOf(createCloudFunction(requestsFunction, runtimePorts));
const STAFF = 'demo-community-staff';
const E = { estateId: 'hemu' };
const UNIT = 'hemu:2-1-502';

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

async function register(openid: string): Promise<string> {
  const input = { ...E, unit: { building: '2', entrance: '1', room: '502' }, name: '钱多多', relation: 'tenant', consentVersion: PRIVACY_NOTICE_VERSION };
  return (await ok<{ request: { requestId: string } }>(id(openid, 'requestResidentRole', input))).request.requestId;
}
const residenceOf = async (openid: string) => (await ok<MeOutput>(id(openid, 'me', E))).current!.residence;
const repair = (key: string, unitId: string) => ({ ...E, idempotencyKey: key, category: 'repair', description: '卫生间漏水', locationKind: 'unit', unitId, visibility: 'private' });

describe('requests: residents linked to their unit or building', () => {
  it('staff confirm the unit: the resident files about "my unit", the request knows the building; no ownership comes with it', async () => {
    const requestId = await register('demo-newcomer');
    await ok(id(STAFF, 'decideVerification', { ...E, requestId, decision: 'approve', residence: 'unit' }));
    expect(await residenceOf('demo-newcomer')).toEqual({ unitId: UNIT, label: '2号楼1单元502', building: '2' });
    expect((await ok<MeOutput>(id('demo-newcomer', 'me', E))).current!.units).toEqual([]);
    expect(await env.storage.count('unit_links', { openid: 'demo-newcomer' })).toBe(0);
    const filed = await ok<FileRequestOutput>(req('demo-newcomer', 'fileRequest', repair('key-00000001', UNIT)));
    const d = await ok<RequestDetailOutput>(req('demo-newcomer', 'requestDetail', { ...E, requestId: filed.requestId }));
    expect([d.locationKind, d.building]).toEqual(['unit', '2']);
    expect((await refused(req('demo-newcomer', 'fileRequest', repair('key-00000002', 'hemu:1-1-101')))).code).toBe('REQUEST_UNIT_NOT_OWN');
    const approved = (await readAuditEvents(env.storage, 'hemu')).find((e) => e.action === 'member.resident_approved')!;
    expect(approved.data).toMatchObject({ residence: 'unit' });
  });

  it('staff confirm only the building: no "my unit" request, a building request for it', async () => {
    const requestId = await register('new-tenant-2');
    await ok(id(STAFF, 'decideVerification', { ...E, requestId, decision: 'approve', residence: 'building' }));
    expect(await residenceOf('new-tenant-2')).toEqual({ unitId: null, label: '2号楼', building: '2' });
    expect((await refused(req('new-tenant-2', 'fileRequest', repair('key-00000001', UNIT)))).code).toBe('REQUEST_UNIT_NOT_OWN');
    await ok(req('new-tenant-2', 'fileRequest', { ...E, idempotencyKey: 'key-00000002', category: 'public_facility', description: '楼道灯坏了', locationKind: 'building', building: '2', visibility: 'public' }));
  });

  it('without a choice the claimed unit is recorded (the earlier behaviour of the confirm action stays valid)', async () => {
    const requestId = await register('demo-newcomer');
    await ok(id(STAFF, 'decideVerification', { ...E, requestId, decision: 'approve' }));
    expect(await residenceOf('demo-newcomer')).toMatchObject({ unitId: UNIT });
  });

  it('a residence on a rejection or on an owner verification is refused and writes nothing', async () => {
    const requestId = await register('demo-newcomer');
    const auditBefore = (await readAuditEvents(env.storage, 'hemu')).length;
    const rejected = await refused(id(STAFF, 'decideVerification', { ...E, requestId, decision: 'reject', reason: '不是本小区住户', residence: 'unit' }));
    expect([rejected.code, rejected.fields?.[0]?.code]).toEqual(['VALIDATION_FAILED', 'RESIDENCE_NOT_APPLICABLE']);
    const offline = (await ok<{ request: { requestId: string } }>(id('demo-buyer', 'requestOfflineCheck', { ...E, unit: { building: '3', entrance: '1', room: '702' } }))).request.requestId;
    const owner = await refused(id(STAFF, 'decideVerification', { ...E, requestId: offline, decision: 'approve', note: '核对原件', residence: 'unit' }));
    expect(owner.fields?.[0]?.code).toBe('RESIDENCE_NOT_APPLICABLE');
    expect(await env.storage.count('resident_homes')).toBe(0);
    const queue = await ok<{ items: { requestId: string; status: string }[] }>(id(STAFF, 'reviewQueue', E));
    expect(queue.items.filter((i) => i.requestId === requestId || i.requestId === offline).map((i) => i.status)).toEqual(['pending', 'pending']);
    // only the offline-check filing was audited since: the refusals wrote nothing
    expect((await readAuditEvents(env.storage, 'hemu')).length).toBe(auditBefore + 1);
  });
});
