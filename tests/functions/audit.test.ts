import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudbaseStorage } from '../../server/adapters/cloudbase/storage';
import { createLocalPorts } from '../../server/adapters/local';
import { ManualClock } from '../../server/adapters/local/clock';
import { nodeCrypto } from '../../server/adapters/local/crypto';
import { AUDIT_ENTRIES, AUDIT_EVENTS, AUDIT_LINKS, appendAudit, auditActor, readAuditEvents, readChain, verifyEstateAudit } from '../../server/app/audit/log';
import { anchorAudit, SEQUENCE_EVENTS_PER_TX, SEQUENCE_READ_PAGE, SEQUENCE_TX_WRITES, sequenceAudit } from '../../server/app/audit/sequence';
import { AUDIT_LOOKBACK_MS } from '../../server/core/audit/verify';
import { folderFileStore } from '../../server/adapters/local/files';
import { OutboxNotifier } from '../../server/adapters/local/notifier';
import { localPlatform } from '../../server/adapters/local/platform';
import type { Crypto, Ports, Storage } from '../../server/ports';
import { DEMO_PERSONAS } from '../../server/seed/demo-estate';
import { seedDemoEstate } from '../../server/seed/load';
import { decoded, fakeCloudbaseDb, type FakeCloudbaseServer } from '../support/cloudbase-fake';
import { loadTemplate } from '../support/template';
import { buildRecord, TAMPERS } from '../support/audit-tamper';
import { AUDIT_EXPORT_FORMAT, type AuditExport } from '../../server/app/audit/export';

/**
 * The audit log on both engines: writers append independent events (no shared document), the sequencing
 * job chains them. This file builds its own engines (it runs once, in the "adapters" project) because it
 * needs the CloudBase stand-in's recorded requests and, for the CLI test, a PGlite data folder.
 */
const TEST_KEY = 'test-hash-key-0123456789abcdef';
const T0 = '2026-11-23T02:00:00.000Z';

interface Env {
  storage: Storage;
  clock: ManualClock;
  crypto: Crypto;
  ports: Ports;
  server?: FakeCloudbaseServer;
  dataDir?: string;
  cleanup(): Promise<void>;
}

async function pgliteEnv(): Promise<Env> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongyi-audit-'));
  const clock = new ManualClock(T0);
  const all = await createLocalPorts({ dataDir, loadDataDir: loadTemplate(), hashKey: TEST_KEY, clock });
  return {
    storage: all.storage,
    clock,
    crypto: all.crypto,
    ports: all,
    dataDir,
    async cleanup() {
      await all.storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function cloudbaseEnv(): Env {
  const { db, server } = fakeCloudbaseDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'gongyi-audit-'));
  const clock = new ManualClock(T0);
  const crypto = nodeCrypto(TEST_KEY);
  const storage = new CloudbaseStorage(db);
  const ports: Ports = { storage, clock, crypto, files: folderFileStore(join(dataDir, 'files')), notifier: new OutboxNotifier(), platform: localPlatform };
  return {
    storage,
    clock,
    crypto,
    ports,
    server,
    async cleanup() {
      expect(server.openTransactions()).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const ENGINES: [string, () => Promise<Env> | Env][] = [
  ['PGlite', pgliteEnv],
  ['CloudBase stand-in', cloudbaseEnv],
];

/** Create one document and audit it, in one transaction; counts how often the body ran. */
async function auditedWrite(env: Env, estateId: string, i: number, attempts: { n: number }) {
  return env.storage.transaction(async (tx) => {
    attempts.n++;
    await tx.create('topics', `${estateId}-t${i}`, { estateId, title: `议题${i}` });
    return appendAudit(tx, env.ports, { estateId, actor: `openid-writer-${i}`, action: 'topic.opened', subject: `topics/${estateId}-t${i}`, data: { i } });
  });
}

describe.each(ENGINES)('audit log on %s', (engineName, make) => {
  // one database per engine for the whole file (opening PGlite is the slow part); each case its own estate
  let env: Env;
  beforeAll(async () => {
    env = await make();
  });
  afterAll(async () => {
    await env.cleanup();
  });
  afterEach(() => {
    if (env.server) expect(env.server.openTransactions()).toBe(0); // every transaction committed or rolled back
  });

  it('50 concurrent audited writes in one estate all succeed; the sequenced chain has 50 entries and verifies', async () => {
    const attempts = { n: 0 };
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => auditedWrite(env, 'w50', i, attempts)));
    const failed = results.filter((r) => r.status === 'rejected');
    const retries = attempts.n - 50;
    console.log(`[audit] ${engineName}: 50 concurrent audited writes, ${50 - failed.length} succeeded, ${retries} transaction retries`);
    expect(failed).toEqual([]);
    expect(await env.storage.count('topics', { estateId: 'w50' })).toBe(50);
    expect(await env.storage.count(AUDIT_EVENTS, { estateId: 'w50' })).toBe(50);
    // no conflicts at all: nothing in the transaction is shared between writers
    expect(retries).toBe(0);

    const [run] = await sequenceAudit(env.ports, 'w50');
    expect(run).toMatchObject({ estateId: 'w50', sequenced: 50, seq: 50, more: false });
    const chain = await readChain(env.storage, 'w50');
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(chain.map((e) => e.eventId)).size).toBe(50);
    expect(await verifyEstateAudit(env.storage, env.crypto, 'w50')).toEqual({ ok: true, length: 50, headHash: chain[49].hash, events: 50, pending: 0, anchors: 0 });
  });

  it('stores actors as per-estate keyed pseudonyms: no openid anywhere in events or entries', async () => {
    const attempts = { n: 0 };
    await auditedWrite(env, 'pseudo', 1, attempts);
    await env.storage.transaction((tx) => appendAudit(tx, env.ports, { estateId: 'pseudo-b', actor: 'openid-writer-1', action: 'x', subject: 'y' }));
    await env.storage.transaction((tx) => appendAudit(tx, env.ports, { estateId: 'pseudo', actor: 'system', action: 'x', subject: 'y' }));
    await sequenceAudit(env.ports, 'pseudo');
    await sequenceAudit(env.ports, 'pseudo-b');
    const [e1, e2] = [await readAuditEvents(env.storage, 'pseudo'), await readAuditEvents(env.storage, 'pseudo-b')];
    const pseudonym = auditActor(env.crypto, 'pseudo', 'openid-writer-1');
    expect(pseudonym).toMatch(/^p_[0-9a-f]{24}$/);
    expect(e1.map((e) => e.actor).sort()).toEqual([pseudonym, 'system'].sort());
    expect(e2[0].actor).not.toBe(pseudonym); // not linkable across estates
    const stored = JSON.stringify([await env.storage.find(AUDIT_EVENTS), await env.storage.find(AUDIT_ENTRIES), await env.storage.find(AUDIT_LINKS)]);
    expect(stored).not.toContain('openid-writer');
  });

  it('the demo seed leaves a chained, anchored, verifiable log that names no persona openid', async () => {
    await seedDemoEstate(env.ports);
    const verdict = await verifyEstateAudit(env.storage, env.crypto, 'hemu');
    expect(verdict).toMatchObject({ ok: true, pending: 0, anchors: 1 });
    const stored = JSON.stringify([await env.storage.find(AUDIT_EVENTS), await env.storage.find(AUDIT_ENTRIES)]);
    for (const p of DEMO_PERSONAS) expect(stored).not.toContain(p.openid);
  });

  it('the sequencer is idempotent: a second run adds nothing', async () => {
    const attempts = { n: 0 };
    for (let i = 0; i < 7; i++) await auditedWrite(env, 'idem', i, attempts);
    expect((await sequenceAudit(env.ports, 'idem'))[0]).toMatchObject({ sequenced: 7, seq: 7 });
    expect((await sequenceAudit(env.ports, 'idem'))[0]).toMatchObject({ sequenced: 0, seq: 7, transactions: 0 });
    expect(await env.storage.count(AUDIT_ENTRIES, { estateId: 'idem' })).toBe(7);
    expect(await env.storage.count(AUDIT_LINKS, { estateId: 'idem' })).toBe(7);
  });

  it('reads the event range in cursor pages: more events than one page, all at the same instant, each chained once', async () => {
    const n = SEQUENCE_READ_PAGE + 10;
    await env.storage.transaction(async (tx) => {
      // one instant for all (the clock does not move): the pages are cut inside a run of equal `at` values
      for (let i = 0; i < n; i++) await appendAudit(tx, env.ports, { estateId: 'pages', actor: `openid-${i}`, action: 'topic.opened', subject: `topics/p${i}`, data: { i } });
    });
    expect((await sequenceAudit(env.ports, 'pages'))[0]).toMatchObject({ sequenced: n, seq: n, more: false });
    const chain = await readChain(env.storage, 'pages');
    expect(chain.map((e) => e.eventId)).toEqual((await readAuditEvents(env.storage, 'pages')).map((e) => e.id)); // (at, id) order
    // a few more within the look-back: the already chained ones (over two pages) are skipped by their markers
    env.clock.advance(1_000);
    await env.storage.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await appendAudit(tx, env.ports, { estateId: 'pages', actor: 'openid-late', action: 'topic.opened', subject: `topics/q${i}`, data: { i } });
    });
    expect((await sequenceAudit(env.ports, 'pages'))[0]).toMatchObject({ sequenced: 3, seq: n + 3, more: false });
    expect(await verifyEstateAudit(env.storage, env.crypto, 'pages')).toMatchObject({ ok: true, length: n + 3, pending: 0 });
  });

  it('late events within the look-back are picked up; the verifier flags one older than the look-back allows', async () => {
    const attempts = { n: 0 };
    for (let i = 0; i < 3; i++) {
      env.clock.advance(60_000);
      await auditedWrite(env, 'late', i, attempts);
    }
    await sequenceAudit(env.ports, 'late');
    const cursor = env.clock.now().getTime();
    // a transaction that started 90 s before the cursor commits only now (within LOOKBACK)
    env.clock.set(new Date(cursor - 90_000).toISOString());
    await auditedWrite(env, 'late', 10, attempts);
    env.clock.set(new Date(cursor + 5_000).toISOString());
    expect(await verifyEstateAudit(env.storage, env.crypto, 'late')).toMatchObject({ ok: true, length: 3, pending: 1 });
    expect((await sequenceAudit(env.ports, 'late'))[0]).toMatchObject({ sequenced: 1, seq: 4 });
    expect(await verifyEstateAudit(env.storage, env.crypto, 'late')).toMatchObject({ ok: true, length: 4, pending: 0 });

    // an event dated before cursor - LOOKBACK (impossible for a real transaction) is never sequenced, and
    // the verifier reports it as an event missing from the chain
    env.clock.set(new Date(cursor - AUDIT_LOOKBACK_MS - 60_000).toISOString());
    const old = await auditedWrite(env, 'late', 11, attempts);
    env.clock.set(new Date(cursor + 10_000).toISOString());
    expect((await sequenceAudit(env.ports, 'late'))[0]).toMatchObject({ sequenced: 0 });
    expect(await verifyEstateAudit(env.storage, env.crypto, 'late')).toMatchObject({ ok: false, reason: 'event_unsequenced', eventId: old.eventId });
  });

  it('anchors pin the chain end, once per seq', async () => {
    const attempts = { n: 0 };
    expect(await anchorAudit(env.ports, 'anchor')).toEqual([null]); // empty chain: nothing to anchor
    for (let i = 0; i < 3; i++) await auditedWrite(env, 'anchor', i, attempts);
    await sequenceAudit(env.ports, 'anchor');
    const [a] = await anchorAudit(env.ports, 'anchor');
    expect(a).toMatchObject({ estateId: 'anchor', seq: 3, hash: (await readChain(env.storage, 'anchor'))[2].hash });
    expect(await anchorAudit(env.ports, 'anchor')).toEqual([a]);
    expect(await env.storage.count('audit_anchors', { estateId: 'anchor' })).toBe(1);
    expect(await verifyEstateAudit(env.storage, env.crypto, 'anchor')).toMatchObject({ ok: true, anchors: 1 });
  });

  it('two concurrent sequencers produce one consistent chain', async () => {
    const attempts = { n: 0 };
    await Promise.all(Array.from({ length: 120 }, (_, i) => auditedWrite(env, 'race', i, attempts)));
    env.server?.clearRequests();
    const runs = await Promise.all([sequenceAudit(env.ports, 'race'), sequenceAudit(env.ports, 'race'), sequenceAudit(env.ports, 'race')]);
    if (env.server) {
      // on the stand-in the runs really interleave: the losers' transactions were aborted on a conflict
      const aborted = env.server.requests.filter((r) => r.action === 'database.abortTransaction').length;
      console.log(`[audit] ${engineName}: ${aborted} sequencing transactions aborted by the race`);
      expect(aborted).toBeGreaterThan(0);
    }
    const total = runs.reduce((n, [r]) => n + r.sequenced, 0);
    console.log(`[audit] ${engineName}: three concurrent sequencers appended ${runs.map(([r]) => `${r.sequenced}${r.contended ? ' (contended)' : ''}`).join(' + ')} entries`);
    expect(total).toBe(120);
    const chain = await readChain(env.storage, 'race');
    expect(chain).toHaveLength(120);
    expect(new Set(chain.map((e) => e.eventId)).size).toBe(120);
    expect(await verifyEstateAudit(env.storage, env.crypto, 'race')).toMatchObject({ ok: true, length: 120, pending: 0 });
  });

  it(`keeps every sequencing transaction within ${SEQUENCE_TX_WRITES} writes`, async () => {
    const attempts = { n: 0 };
    await Promise.all(Array.from({ length: 130 }, (_, i) => auditedWrite(env, 'chunk', i, attempts)));
    env.server?.clearRequests();
    const [run] = await sequenceAudit(env.ports, 'chunk');
    expect(run).toMatchObject({ sequenced: 130, transactions: Math.ceil(130 / SEQUENCE_EVENTS_PER_TX) });
    if (env.server) {
      // count the writes each transaction carried, from the requests the CloudBase stand-in received
      const writes = new Map<string, number>();
      const tail = env.server.requests.map(decoded);
      for (const r of tail) {
        const tx = r.params?.transactionId;
        if (typeof tx === 'string' && (r.action === 'database.insertDocument' || r.action === 'database.modifyDocument')) writes.set(tx, (writes.get(tx) ?? 0) + 1);
      }
      const counts = [...writes.values()];
      expect(Math.max(...counts)).toBeLessThanOrEqual(SEQUENCE_TX_WRITES);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(130 * 2 + run.transactions); // entry + link per event, head per transaction
    }
  });
});

/** Run one of the audit scripts as a user would (`npm run verify:audit -- …` is `tsx scripts/verify-audit.ts …`). */
function runScript(script: string, args: string[], dataDir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', `scripts/${script}`, ...args],
      { cwd: process.cwd(), env: { PATH: process.env.PATH, GONGYI_DATA_DIR: dataDir } as unknown as NodeJS.ProcessEnv },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe('npm run export:audit / verify:audit', () => {
  // each case spawns the scripts as separate Node processes (tsx compiles on the fly): slow on a busy machine
  const SLOW = 240_000;
  let env: Env;
  let dir: string;
  beforeAll(async () => {
    env = await pgliteEnv();
    dir = mkdtempSync(join(tmpdir(), 'gongyi-audit-cli-'));
    await seedDemoEstate(env.ports);
    const attempts = { n: 0 };
    for (let i = 0; i < 5; i++) await auditedWrite(env, 'hemu', i, attempts);
    await sequenceAudit(env.ports, 'hemu');
    await anchorAudit(env.ports, 'hemu');
    await env.storage.close(); // the scripts open the same data folder
  }, SLOW);
  afterAll(async () => {
    await env.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports the local database, and both the database and the export verify (exit 0)', async () => {
    const file = join(dir, 'hemu.json');
    const exported = await runScript('export-audit.ts', ['hemu', file], env.dataDir!);
    expect(exported).toMatchObject({ code: 0 });
    const data = JSON.parse(readFileSync(file, 'utf8')) as AuditExport;
    expect(data).toMatchObject({ format: AUDIT_EXPORT_FORMAT, estateId: 'hemu', head: { seq: data.entries.length } });
    expect(data.entries.length).toBe(data.events.length);
    expect(data.anchors).toHaveLength(2);
    for (const p of DEMO_PERSONAS) expect(JSON.stringify(data)).not.toContain(p.openid);

    const [fromDb, fromFile] = await Promise.all([runScript('verify-audit.ts', ['hemu'], env.dataDir!), runScript('verify-audit.ts', [file], env.dataDir!)]);
    expect(fromDb.code).toBe(0);
    expect(fromDb.out).toContain('审计日志完整');
    expect(fromDb.out).toContain('AUDIT LOG INTACT');
    expect(fromFile.code).toBe(0);
    expect(fromFile.out).toContain(`${data.entries.length} chain entries`);

    // one edited event in the real export
    data.events[3].data = { ...data.events[3].data, forged: true };
    writeFileSync(join(dir, 'hemu-edited.json'), JSON.stringify(data));
    const edited = await runScript('verify-audit.ts', [join(dir, 'hemu-edited.json')], env.dataDir!);
    expect(edited.code).toBe(1);
    expect(edited.out).toContain('审计日志被篡改');
    expect(edited.out).toContain(`TAMPERING DETECTED [event_hash]`);
    expect(edited.out).toContain(data.events[3].id);
  }, SLOW);

  it('catches every kind of tampering in an export file (exit 1, reason and position printed)', async () => {
    const base = buildRecord(10, { anchorAt: [3, 8] });
    const asExport = (r: typeof base): AuditExport => ({
      format: AUDIT_EXPORT_FORMAT,
      estateId: r.estateId,
      exportedAt: T0,
      head: r.head ?? null,
      events: r.events,
      entries: r.entries,
      anchors: r.anchors,
    });
    const cases = [{ name: 'intact', file: join(dir, 'intact.json'), expect: null as null | (typeof TAMPERS)[number]['expect'] }];
    writeFileSync(cases[0].file, JSON.stringify(asExport(base)));
    for (const [i, t] of TAMPERS.entries()) {
      const file = join(dir, `tamper-${i}.json`);
      writeFileSync(file, JSON.stringify(asExport(t.apply(base))));
      cases.push({ name: t.name, file, expect: t.expect });
    }
    const results: { code: number; out: string }[] = [];
    for (let i = 0; i < cases.length; i += 3) results.push(...(await Promise.all(cases.slice(i, i + 3).map((c) => runScript('verify-audit.ts', [c.file], env.dataDir!)))));
    for (const [i, c] of cases.entries()) {
      const r = results[i];
      if (!c.expect) {
        expect(r).toMatchObject({ code: 0 });
        continue;
      }
      expect({ name: c.name, code: r.code }).toEqual({ name: c.name, code: 1 });
      expect(r.out).toContain(`[${c.expect.reason}]`);
      if (c.expect.seq) expect(r.out).toContain(`seq ${c.expect.seq}`);
      if (c.expect.eventId) expect(r.out).toContain(`event ${c.expect.eventId}`);
    }
    // a copy whose tail AND stored anchors were cut passes on its own, not against a published anchor
    const cut = asExport({ ...base, entries: base.entries.slice(0, 6), events: base.events.slice(0, 6), anchors: base.anchors.slice(0, 1), head: null });
    writeFileSync(join(dir, 'cut.json'), JSON.stringify(cut));
    const published = `8:${base.entries[7].hash}`;
    const [alone, anchored] = await Promise.all([
      runScript('verify-audit.ts', [join(dir, 'cut.json')], env.dataDir!),
      runScript('verify-audit.ts', [join(dir, 'cut.json'), '--anchor', published], env.dataDir!),
    ]);
    expect(alone.code).toBe(0);
    expect(anchored.code).toBe(1);
    expect(anchored.out).toContain('[anchor_beyond_chain]');
  }, SLOW);

  it('refuses bad input with exit 2', async () => {
    writeFileSync(join(dir, 'junk.json'), JSON.stringify({ format: 'something else' }));
    const [junk, noArgs] = await Promise.all([runScript('verify-audit.ts', [join(dir, 'junk.json')], env.dataDir!), runScript('verify-audit.ts', [], env.dataDir!)]);
    expect(junk.code).toBe(2);
    expect(junk.out).toContain('not an audit export');
    expect(noArgs.code).toBe(2);
  }, SLOW);
});
