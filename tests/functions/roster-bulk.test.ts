import type { ConfirmRosterOutput, PreviewRosterOutput, RosterSummaryOutput } from '../../types/identity';
import { runtimePorts } from '../../server/adapters/runtime';
import { BULK_CHUNK_WRITES, BULK_JOBS, type BulkJobDoc } from '../../server/app/bulk';
import { createCloudFunction } from '../../server/app/handler';
import type { UnitDoc } from '../../server/app/identity/records';
import { identityFunction } from '../../server/app/identity';
import { rosterJobId, runRosterConfirm, startRosterConfirm } from '../../server/app/identity/roster-confirm';
import type { RosterImportDoc } from '../../server/app/identity/roster-records';
import { idCheckChar, ROSTER_MAX_ROWS } from '../../server/core/identity/roster-import';
import { AppError } from '../../server/core/errors';
import { TRANSACTION_WRITE_LIMIT } from '../../server/ports';
import { decoded, type FakeCloudbaseServer } from '../support/cloudbase-fake';
import { freshEnv, onEngine, type TestEnv } from '../support/ports';
import { callerOf, ok } from '../support/handler-client';
import { confirmAndPoll as pollConfirm, createTestEstate, type TypedCall } from '../support/roster-fixtures';

/**
 * Roster confirmation as a chunked, resumable bulk job (server/app/bulk.ts, roster-confirm.ts), on both
 * engines. On the CloudBase stand-in every transaction is held to TRANSACTION_WRITE_LIMIT writes.
 */
const main = createCloudFunction(identityFunction, runtimePorts);
const HEADER = ['楼栋', '单元', '房号', '登记面积(㎡)', '业主姓名', '身份证号', '手机号', '不动产权证号', '开发商持有'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';

let env: TestEnv;
let uploads = 0;

beforeAll(async () => {
  env = await freshEnv({ seed: true });
});
afterAll(async () => env.cleanup());

const call = callerOf(main) as TypedCall;

/** A new estate with its own community staff member. */
async function newEstate(estateId: string): Promise<string> {
  const staff = `${estateId}-staff`;
  await createTestEstate(env.storage, estateId, staff);
  return staff;
}

/** `units` rows, one owner each (distinct people), in buildings of 4 entrances × 25 floors × 2 rooms. */
function rosterCsv(units: number, salt = 0): Uint8Array {
  const lines = [HEADER.join(',')];
  for (let i = 0; i < units; i++) {
    const building = Math.floor(i / 200) + 1;
    const entrance = (Math.floor(i / 50) % 4) + 1;
    const room = (Math.floor((i % 50) / 2) + 1) * 100 + (i % 2) + 1;
    const day = new Date(Date.UTC(1960, 0, 1) + Math.floor(i / 900) * 86400000);
    const body = `110105${day.toISOString().slice(0, 10).replace(/-/g, '')}${String(i % 900 + 100).padStart(3, '0')}`;
    const name = SURNAMES[i % 20] + GIVEN[Math.floor(i / 20) % 20] + GIVEN[(Math.floor(i / 400) + salt) % 20];
    const area = (60 + (i % 80) + (i % 7) / 100).toFixed(2);
    lines.push([building, entrance, room, area, name, body + idCheckChar(body), `139${String(i).padStart(8, '0')}`, '', ''].join(','));
  }
  return new TextEncoder().encode(lines.join('\r\n'));
}

async function preview(staff: string, estateId: string, bytes: Uint8Array): Promise<Extract<PreviewRosterOutput, { valid: true }>> {
  const { fileId } = await env.ports.files.put(`uploads/${staff}/${++uploads}-r.csv`, bytes, 'text/csv');
  const p = ok(await call<PreviewRosterOutput>(staff, 'previewRosterImport', { estateId, fileId, fileName: '名册.csv' }));
  if (!p.valid) throw new Error(`expected a valid preview, got ${JSON.stringify(p.errors.slice(0, 3))}`);
  return p;
}

/** What the page does: confirm, then poll until the job is done; returns every progress it saw. */
const confirmAndPoll = (staff: string, estateId: string, importId: string) => pollConfirm(call, staff, estateId, importId);

/** Writes per transaction, from the fake server's recorded requests (CloudBase only). */
function writesPerTransaction(server: FakeCloudbaseServer): number[] {
  const counts = new Map<string, number>();
  for (const r of server.requests) {
    if (r.action !== 'database.insertDocument' && r.action !== 'database.modifyDocument' && r.action !== 'database.deleteDocument') continue;
    const id = decoded(r).params?.transactionId;
    if (typeof id !== 'string') continue;
    const n = r.action === 'database.insertDocument' ? ((r.params?.data as unknown[]) ?? []).length : 1;
    counts.set(id, (counts.get(id) ?? 0) + n);
  }
  return [...counts.values()];
}

const roster = (estateId: string) => env.storage.get<{ rosterVersion?: number; rosterJob?: string; totals: unknown }>('estates', estateId);

describe('the per-transaction write cap (CloudBase stand-in)', () => {
  onEngine('cloudbase', it)('refuses a transaction that writes more than TRANSACTION_WRITE_LIMIT documents, and keeps none of them', async () => {
    expect(TRANSACTION_WRITE_LIMIT).toBe(1000);
    const write = (n: number, prefix: string) =>
      env.storage.transaction(async (tx) => {
        for (let i = 0; i < n; i++) await tx.create('meta', `${prefix}-${i}`, { i });
      });
    await expect(write(TRANSACTION_WRITE_LIMIT + 1, 'too-many')).rejects.toThrow(/TransactionTooLarge/);
    expect(await env.storage.count('meta')).toBe(1); // the seed marker only
    await write(TRANSACTION_WRITE_LIMIT, 'just-enough');
    expect(await env.storage.count('meta')).toBe(1 + TRANSACTION_WRITE_LIMIT);
  });
});

describe('a 20 000-unit roster', () => {
  it(
    'confirms in chunks under the cap, reports progress, and becomes current all at once',
    async () => {
      const staff = await newEstate('big');
      const t0 = Date.now();
      const p = await preview(staff, 'big', rosterCsv(ROSTER_MAX_ROWS));
      const tPreview = Date.now() - t0;
      expect(p).toMatchObject({ rowCount: 20_000, baseVersion: 0, totals: { unitCount: 20_000, headcount: 20_000 } });
      env.cloudbase?.server.clearRequests();

      const t1 = Date.now();
      const started = await startRosterConfirm(
        env.ports,
        { estateId: 'big', importId: p.importId, actor: staff, imp: (await env.storage.get<RosterImportDoc>('roster_imports', p.importId))!.data, conflict: (version) => new AppError('ROSTER_VERSION_MOVED', { version }) },
        { maxChunks: 2 },
      );
      // two chunks in: progress is reported and nothing of version 1 is visible yet
      expect(started).toEqual({ status: 'running', done: 2 * (BULK_CHUNK_WRITES - 1), total: 40_000 });
      expect((await roster('big'))!.data.rosterVersion ?? 0).toBe(0);
      expect(await env.storage.get('roster_versions', 'big:1')).toBeNull();
      expect(ok(await call<RosterSummaryOutput>(staff, 'rosterSummary', { estateId: 'big' })).history).toEqual([]);

      const { out, seen } = await confirmAndPollFrom(staff, 'big', p.importId);
      const tConfirm = Date.now() - t1;
      console.log(`[${env.engine}] 20 000 units: preview ${tPreview} ms, confirm ${tConfirm} ms, ${seen.length} poll(s) still running`);
      expect(out).toEqual({ status: 'done', version: 1, totals: p.totals, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
      for (let i = 1; i < seen.length; i++) expect(seen[i].done).toBeGreaterThanOrEqual(seen[i - 1].done);

      expect(await env.storage.count('units', { estateId: 'big' })).toBe(20_000);
      expect(await env.storage.count('owners', { estateId: 'big' })).toBe(20_000);
      expect(ok(await call<RosterSummaryOutput>(staff, 'rosterSummary', { estateId: 'big' }))).toMatchObject({ version: 1, totals: p.totals, fingerprint: out.status === 'done' ? out.fingerprint : '' });
      expect((await roster('big'))!.data).not.toHaveProperty('rosterJob'); // the estate is released
      const job = (await env.storage.get<BulkJobDoc>(BULK_JOBS, rosterJobId(p.importId)))!.data;
      expect(job).toMatchObject({ status: 'done', done: 40_000, total: 40_000, chunks: Math.ceil(40_000 / (BULK_CHUNK_WRITES - 1)) });

      if (env.cloudbase) {
        const { server } = env.cloudbase;
        const perTx = writesPerTransaction(server);
        expect(perTx.length).toBeGreaterThanOrEqual(job.chunks);
        expect(Math.max(...perTx)).toBeLessThanOrEqual(TRANSACTION_WRITE_LIMIT);
        expect(Math.max(...server.committedTransactionWrites)).toBeLessThanOrEqual(TRANSACTION_WRITE_LIMIT);
      }
    },
    120_000,
  );
});

/** confirmAndPoll for an import whose job was started already: poll until done. */
const confirmAndPollFrom = (staff: string, estateId: string, importId: string) => pollConfirm(call, staff, estateId, importId, { started: true });

describe('a crash between chunks', () => {
  it('leaves the old version current; resuming writes exactly the right documents and one new version', async () => {
    const staff = await newEstate('crash');
    // version 1: 1 200 units, confirmed through the action in one request
    const first = await preview(staff, 'crash', rosterCsv(1200));
    const v1 = await confirmAndPoll(staff, 'crash', first.importId);
    expect(v1.out).toMatchObject({ status: 'done', version: 1 });
    const summary1 = ok(await call<RosterSummaryOutput>(staff, 'rosterSummary', { estateId: 'crash' }));

    // version 2: 1 500 units, 300 of them new, every owner renamed (salt) → 1 500 unit writes... only changed ones
    const p = await preview(staff, 'crash', rosterCsv(1500, 7));
    const imp = (await env.storage.get<RosterImportDoc>('roster_imports', p.importId))!.data;
    const total = imp.unitWrites.length + imp.removeRefs.length + imp.owners.length;
    expect(total).toBeGreaterThan(3 * (BULK_CHUNK_WRITES - 1));
    const auditBefore = await env.storage.count('audit_events').catch(() => 0);

    // the process dies after its third chunk (a thrown error stands in for kill -9: nothing after it runs)
    await expect(
      startRosterConfirm(env.ports, { estateId: 'crash', importId: p.importId, actor: staff, imp, conflict: (version) => new AppError('ROSTER_VERSION_MOVED', { version }) }, {
        afterChunk: (done) => {
          if (done >= 3 * (BULK_CHUNK_WRITES - 1)) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    // on CloudBase, the next chunk's commit is lost as well
    env.cloudbase?.server.failNext('database.commitTransaction', { code: 'DATABASE_REQUEST_FAILED', message: 'network error' });
    if (env.cloudbase) await expect(runRosterConfirm(env.ports, p.importId, { maxChunks: 1 })).rejects.toThrow();

    // nothing of version 2 is current: summary, history, estate, version documents, audit
    expect(ok(await call<RosterSummaryOutput>(staff, 'rosterSummary', { estateId: 'crash' }))).toEqual(summary1);
    expect(await env.storage.get('roster_versions', 'crash:2')).toBeNull();
    expect(await env.storage.get('roster_snapshots', 'crash:2')).toBeNull();
    expect((await roster('crash'))!.data).toMatchObject({ rosterVersion: 1, rosterJob: p.importId });
    const mid = (await env.storage.get<BulkJobDoc>(BULK_JOBS, rosterJobId(p.importId)))!.data;
    expect(mid).toMatchObject({ status: 'running', done: 3 * (BULK_CHUNK_WRITES - 1), chunks: 3, total });
    // confirming the same import again is refused; another import cannot start while this one is written
    expect(await call(staff, 'confirmRosterImport', { estateId: 'crash', importId: p.importId })).toMatchObject({ ok: false, error: { code: 'IMPORT_IN_PROGRESS' } });

    // resume: the poll carries on from chunk 4
    const resumed = await confirmAndPollFrom(staff, 'crash', p.importId);
    expect(resumed.out).toMatchObject({ status: 'done', version: 2, totals: p.totals });
    const job = (await env.storage.get<BulkJobDoc>(BULK_JOBS, rosterJobId(p.importId)))!.data;
    expect(job).toMatchObject({ status: 'done', done: total, chunks: Math.ceil(total / (BULK_CHUNK_WRITES - 1)) });

    // exactly the right documents: 1 500 units, each written once per version at most (no chunk ran twice)
    const units = await env.storage.find<UnitDoc>('units', { where: { estateId: 'crash' } });
    expect(units).toHaveLength(1500);
    const changedRefs = new Set(imp.unitWrites);
    for (const u of units) expect(u.version).toBe(changedRefs.has(u.id.slice('crash:'.length)) && !imp.newUnitRefs.includes(u.id.slice('crash:'.length)) ? 2 : 1);
    expect(await env.storage.count('owners', { estateId: 'crash' })).toBe(1200 + imp.newOwnerKeys.length);
    const s = ok(await call<RosterSummaryOutput>(staff, 'rosterSummary', { estateId: 'crash' }));
    expect(s).toMatchObject({ version: 2, totals: p.totals });
    expect(s.history.map((h) => h.version)).toEqual([2, 1]);
    expect((await roster('crash'))!.data).not.toHaveProperty('rosterJob');
    expect((await env.storage.get<RosterImportDoc>('roster_imports', p.importId))!.data).toMatchObject({ status: 'confirmed', confirmedVersion: 2, units: [] });
    if (auditBefore > 0) expect(await env.storage.count('audit_events')).toBe(auditBefore + 1);
    // polling a finished job just reports it
    expect(ok(await call<ConfirmRosterOutput>(staff, 'rosterImportProgress', { estateId: 'crash', importId: p.importId }))).toEqual(resumed.out);
  }, 60_000);

  it('a document the preview found missing but that exists by confirm time is taken over (the chunk re-runs reading first)', async () => {
    const staff = await newEstate('late');
    const p = await preview(staff, 'late', rosterCsv(10));
    const imp = (await env.storage.get<RosterImportDoc>('roster_imports', p.importId))!.data;
    expect(imp.newUnitRefs).toContain('1-1-101');
    await env.storage.transaction((tx) => tx.create('units', 'late:1-1-101', { estateId: 'late', building: '1', entrance: '1', room: '101', label: 'x', areaCenti: 1, ownerKeys: [], developerHeld: true, note: 'kept' }));
    const { out } = await confirmAndPoll(staff, 'late', p.importId);
    expect(out).toMatchObject({ status: 'done', version: 1 });
    expect((await env.storage.get<UnitDoc>('units', 'late:1-1-101'))!.data).toMatchObject({ label: '1号楼1单元101', developerHeld: false, note: 'kept' });
    expect(await env.storage.count('units', { estateId: 'late' })).toBe(10);
  });

  onEngine('cloudbase', it)('two pollers at once: every chunk is written once, one version', async () => {
    const staff = await newEstate('race');
    const p = await preview(staff, 'race', rosterCsv(1500));
    const imp = (await env.storage.get<RosterImportDoc>('roster_imports', p.importId))!.data;
    const running = await startRosterConfirm(env.ports, { estateId: 'race', importId: p.importId, actor: staff, imp, conflict: (version) => new AppError('ROSTER_VERSION_MOVED', { version }) }, { maxChunks: 1 });
    expect(running.status).toBe('running');
    const [a, b] = await Promise.all([confirmAndPollFrom(staff, 'race', p.importId), confirmAndPollFrom(staff, 'race', p.importId)]);
    expect(a.out).toEqual(b.out);
    expect(a.out).toMatchObject({ status: 'done', version: 1 });
    const units = await env.storage.find<UnitDoc>('units', { where: { estateId: 'race' } });
    expect(units).toHaveLength(1500);
    expect(units.every((u) => u.version === 1)).toBe(true);
  }, 60_000);
});
