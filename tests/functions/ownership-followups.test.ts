/**
 * Issue 8 follow-ups of "ownership stays true", through the real handlers on both engines:
 * - a process that dies between a roster confirm's finish and its review list: the timer jobs finish the list
 *   (before, only a later poll of that very import did; nobody polls after a crash);
 * - inbox messages: staff when a roster version leaves review items; the previous verified owners of a unit when
 *   a certificate approval retires them;
 * - certificate photos are kept CERTIFICATE_PHOTO_RETENTION_DAYS after the decision (objections), approved or
 *   refused, and then deleted by the cleanup job (before, they were kept forever).
 */
import type { ApiResult } from '../../types/errors';
import { PRIVACY_NOTICE_VERSION, type RosterReviewOutput } from '../../types/identity';
import { runtimePorts } from '../../server/adapters/runtime';
import { createCloudFunction } from '../../server/app/handler';
import { identityFunction } from '../../server/app/identity';
import { writeRosterWorkbook } from '../../server/app/identity/roster-file';
import { JOBS, runJobs } from '../../server/app/jobs';
import { CERTIFICATE_PHOTO_RETENTION_DAYS, cleanupUploads } from '../../server/app/upload-records';
import type { Ports, Storage } from '../../server/ports';
import { buildDemoRoster } from '../../server/seed/demo-estate';
import { demoRosterRows } from '../../server/seed/demo-roster-file';
import { freshEnv, type TestEnv } from '../support/ports';
import { callerOf, ok } from '../support/handler-client';
import { idOf, importRosterFile, type TypedCall } from '../support/roster-fixtures';

const STAFF = 'demo-community-staff';
const BUYER = 'demo-buyer';
const SELLER = 'seller-account';

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const call = callerOf(createCloudFunction(identityFunction, runtimePorts));
const outbox = async (kind: string) =>
  (await env.storage.find<{ kind: string; recipient: string; params: Record<string, unknown> }>('notification_outbox', { where: { kind } })).map((o) => o.data);

/** The demo roster with unit 1-1-101 (demo-owner's, verified by roster match in the seed) sold to someone else. */
function soldRows(): string[][] {
  const rows = demoRosterRows().map((r) => [...r]);
  const i = rows.findIndex((r) => `${r[0]}-${r[1]}-${r[2]}` === '1-1-101');
  rows[i][4] = '新业主';
  rows[i][5] = idOf('11010519850202123');
  rows[i][6] = '13900002222';
  return rows.slice(1);
}

/** Storage that "dies" (throws, as kill -9 would stop everything after it) on its first matching query. */
function dyingOn(storage: Storage, when: (collection: string, query: { where?: Record<string, unknown> }) => boolean): Storage {
  let died = false;
  return new Proxy(storage, {
    get(target, prop, receiver) {
      if (prop === 'find') {
        return (collection: string, query: { where?: Record<string, unknown> } = {}) => {
          if (!died && when(collection, query)) {
            died = true;
            return Promise.reject(new Error('killed'));
          }
          return target.find(collection, query as never);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('a crash between the confirm finish and the review list', () => {
  it('the timer jobs compute the review list and tell staff, once', async () => {
    const dying: Ports = { ...env.ports, storage: dyingOn(env.storage, (c, q) => c === 'units' && q.where?.superseded === true) };
    const crashing = callerOf(createCloudFunction(identityFunction, async () => dying)) as TypedCall;
    const { fileId } = await env.ports.files.put(`uploads/${STAFF}/sold.xlsx`, await writeRosterWorkbook(soldRows()), 'application/octet-stream');
    await expect(importRosterFile(crashing, STAFF, 'hemu', fileId)).rejects.toThrow(/INTERNAL/);

    // the version is committed, its review list is not there
    expect(ok(await call(STAFF, 'rosterSummary', { estateId: 'hemu' }))).toMatchObject({ version: 2 });
    expect((ok(await call(STAFF, 'rosterReview', { estateId: 'hemu' })) as RosterReviewOutput).items).toEqual([]);
    expect(await outbox('roster_review_pending')).toEqual([]);

    // the scheduler's next ticks (every job in the registry), nobody polling the import
    const runs = await runJobs(env.ports, JOBS);
    expect(runs.every((r) => r.ok)).toBe(true);
    const items = (ok(await call(STAFF, 'rosterReview', { estateId: 'hemu' })) as RosterReviewOutput).items;
    expect(items).toEqual([expect.objectContaining({ unitLabel: '1号楼1单元101', version: 2, reason: 'owners_changed', status: 'open' })]);
    expect(await outbox('roster_review_pending')).toEqual([expect.objectContaining({ recipient: STAFF, params: { version: 2, items: 1 } })]);

    await runJobs(env.ports, JOBS);
    expect((ok(await call(STAFF, 'rosterReview', { estateId: 'hemu' })) as RosterReviewOutput).items).toHaveLength(1);
    expect(await outbox('roster_review_pending')).toHaveLength(1);
  });

  it('without a crash staff are told too, and a version with nothing to review tells nobody', async () => {
    const { fileId } = await env.ports.files.put(`uploads/${STAFF}/sold.xlsx`, await writeRosterWorkbook(soldRows()), 'application/octet-stream');
    expect(await importRosterFile(call as TypedCall, STAFF, 'hemu', fileId)).toMatchObject({ status: 'done', version: 2 });
    expect(await outbox('roster_review_pending')).toEqual([expect.objectContaining({ recipient: STAFF, params: { version: 2, items: 1 } })]);

    const rows = soldRows();
    const j = rows.findIndex((r) => `${r[0]}-${r[1]}-${r[2]}` === '2-2-1001');
    rows[j][3] = (Number(rows[j][3]) + 0.01).toFixed(2); // an area change: no owner changes
    const { fileId: again } = await env.ports.files.put(`uploads/${STAFF}/area.xlsx`, await writeRosterWorkbook(rows), 'application/octet-stream');
    expect(await importRosterFile(call as TypedCall, STAFF, 'hemu', again)).toMatchObject({ status: 'done', version: 3 });
    expect(await outbox('roster_review_pending')).toHaveLength(1);
  });
});

const demo = buildDemoRoster();
const seller = (() => {
  const unit = demo.units.find((u) => `${u.building}-${u.entrance}-${u.room}` === '3-1-702')!;
  return demo.people.find((p) => p.key === unit.owners[0])!;
})();
const unit702 = { building: '3', entrance: '1', room: '702' };

async function certificateRequest(openid: string, unit: { building: string; entrance: string; room: string }) {
  const { fileId } = await env.ports.files.put(`uploads/${openid}/cert-${unit.room}.png`, new Uint8Array([137, 80, 78, 71, 1]), 'image/png');
  const requestId = ok(await call(openid, 'requestCertificateReview', { estateId: 'hemu', unit, name: '韩雪', certificateFileIds: [fileId], consentVersion: PRIVACY_NOTICE_VERSION }))
    .request.requestId as string;
  return { requestId, fileId };
}

describe('a certificate approval that retires the previous owners', () => {
  it('tells the previous verified owner (inbox), not the buyer', async () => {
    ok(await call(SELLER, 'verifyByRoster', { estateId: 'hemu', unit: unit702, name: seller.name, phone: seller.phone, consentVersion: PRIVACY_NOTICE_VERSION }));
    const { requestId } = await certificateRequest(BUYER, unit702);
    ok(await call(STAFF, 'decideVerification', { estateId: 'hemu', requestId, decision: 'approve', transfer: true, reason: '已核对网签合同和新产权证' }));
    expect(await outbox('ownership_superseded')).toEqual([expect.objectContaining({ recipient: SELLER, params: { unit: '3号楼1单元702' } })]);
    expect(await outbox('verification_approved')).toEqual([expect.objectContaining({ recipient: BUYER })]);
  });
});

describe('certificate photos after the decision', () => {
  const DAY = 86_400_000;
  it.each(['approve', 'reject'] as const)('%s: kept for the retention (objections), then deleted by the cleanup job', async (decision) => {
    const { requestId, fileId } = await certificateRequest(BUYER, unit702);
    ok(await call(STAFF, 'decideVerification', { estateId: 'hemu', requestId, decision, ...(decision === 'reject' ? { reason: '照片不清晰' } : {}) }));
    const view = () => call(STAFF, 'viewCertificate', { estateId: 'hemu', requestId, index: 0 }) as Promise<ApiResult<{ dataUrl: string }>>;

    env.clock.advance(CERTIFICATE_PHOTO_RETENTION_DAYS * DAY - 60_000);
    await cleanupUploads(env.ports);
    expect(await env.ports.files.get(fileId)).not.toBeNull();
    expect(ok(await view()).dataUrl).toMatch(/^data:image\/png;base64,/);

    env.clock.advance(60_000);
    expect(await cleanupUploads(env.ports)).toMatchObject({ certificatePhotos: 1 });
    expect(await env.ports.files.get(fileId)).toBeNull();
    expect(await view()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const req = (await env.storage.get<Record<string, unknown>>('verification_requests', requestId))!.data;
    expect(req).toMatchObject({ certificateFileIds: [], photosRemovedAt: env.clock.now().toISOString() });
    expect(JSON.stringify(req)).not.toContain(fileId);
    expect(await cleanupUploads(env.ports)).toMatchObject({ certificatePhotos: 0 });
  });

  it('a pending request keeps its photos however long it waits', async () => {
    const { fileId } = await certificateRequest(BUYER, unit702);
    env.clock.advance(2 * CERTIFICATE_PHOTO_RETENTION_DAYS * DAY);
    expect(await cleanupUploads(env.ports)).toMatchObject({ certificatePhotos: 0 });
    expect(await env.ports.files.get(fileId)).not.toBeNull();
  });
});
