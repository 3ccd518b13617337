import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalPorts } from '../../server/adapters/local';
import { ManualClock } from '../../server/adapters/local/clock';
import { openPgliteStorage, type PgliteStorage } from '../../server/adapters/pglite/storage';
import { AUDIT_ANCHORS, AUDIT_ENTRIES, AUDIT_EVENTS, AUDIT_HEADS, auditEntryId, readAuditRecord, verifyEstateAudit } from '../../server/app/audit/log';
import { anchorAudit, auditAnchorId, sequenceAudit } from '../../server/app/audit/sequence';
import { eventHash } from '../../server/core/audit/chain';
import { DEMO_ESTATE_ID } from '../../server/seed/demo-estate';
import { seedDemoEstate } from '../../server/seed/load';
import { chainOver, sha256 } from '../support/audit-tamper';
import { loadTemplate } from '../support/template';

/**
 * The append-only guard of the embedded database and what covers its limits (issue 8):
 * - TRUNCATE and the marker table are guarded too (they were not);
 * - whoever holds the data folder can still switch triggers off and rewrite the chain, its anchors and its head
 *   consistently; verify:audit catches that against the anchors witnessed OUTSIDE the data folder.
 */
const SLOW = 240_000;
const KEY = 'audit-guard-test-key-0123456789';
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gongyi-audit-guard-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('PGlite append-only guard', () => {
  let storage: PgliteStorage;
  beforeAll(async () => {
    storage = await openPgliteStorage({ dataDir: join(root, 'guard'), loadDataDir: loadTemplate() });
    await storage.transaction((tx) => tx.create('audit_entries', 'e1:1', { seq: 1 }));
  });
  afterAll(() => storage.close());

  it('refuses TRUNCATE of the documents table while it holds append-only data', async () => {
    await expect(storage.db.query('TRUNCATE docs')).rejects.toThrow(/append-only/);
    expect((await storage.get('audit_entries', 'e1:1'))?.data).toEqual({ seq: 1 });
  });

  it('refuses removing, renaming or truncating the append-only markers', async () => {
    await expect(storage.db.query(`DELETE FROM append_only_collections WHERE collection = 'audit_entries'`)).rejects.toThrow(/append-only/);
    await expect(storage.db.query(`UPDATE append_only_collections SET collection = 'x' WHERE collection = 'audit_entries'`)).rejects.toThrow(/append-only/);
    await expect(storage.db.query('TRUNCATE append_only_collections')).rejects.toThrow(/append-only/);
    await expect(storage.db.query(`DELETE FROM docs WHERE collection = 'audit_entries'`)).rejects.toThrow(/append-only/);
  });
});

/** `npm run verify:audit -- <estate>` on a data folder, with the secret folder the gateway used. */
function verifyScript(dataDir: string, secretDir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/verify-audit.ts', DEMO_ESTATE_ID],
      { cwd: process.cwd(), env: { PATH: process.env.PATH, GONGYI_DATA_DIR: dataDir, GONGYI_SECRET_DIR: secretDir } as unknown as NodeJS.ProcessEnv },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe('verify:audit against anchors kept outside the data folder', () => {
  const estate = DEMO_ESTATE_ID;
  let dataDir: string;
  let secretDir: string;

  beforeAll(async () => {
    dataDir = join(root, 'data');
    secretDir = join(root, 'secrets');
    const clock = new ManualClock('2026-11-23T02:00:00.000Z');
    const ports = await createLocalPorts({ dataDir, secretDir, loadDataDir: loadTemplate(), hashKey: KEY, clock });
    await seedDemoEstate(ports);
    clock.set('2026-11-23T03:00:00.000Z');
    await sequenceAudit(ports, estate);
    await anchorAudit(ports, estate);
    await ports.storage.close();
  }, SLOW);

  it('the anchors are witnessed in the secret folder, not in the data folder', () => {
    expect(readdirSync(secretDir)).toContain('audit-anchors.jsonl');
    expect(existsSync(join(dataDir, 'audit-anchors.jsonl'))).toBe(false);
  });

  it('an untouched folder verifies (exit 0)', async () => {
    const run = await verifyScript(dataDir, secretDir);
    expect(run).toMatchObject({ code: 0 });
  }, SLOW);

  /** Tamper with a copy of the folder the way a file holder can: triggers off, then consistent rewrites. */
  async function tampered(name: string, edit: (db: PgliteStorage) => Promise<void>): Promise<string> {
    const copy = join(root, name);
    cpSync(dataDir, copy, { recursive: true });
    const db = await openPgliteStorage({ dataDir: join(copy, 'pglite') });
    await db.db.exec('ALTER TABLE docs DISABLE TRIGGER USER');
    await edit(db);
    await db.db.exec('ALTER TABLE docs ENABLE TRIGGER USER');
    // the database alone no longer shows anything: the tampering is self-consistent
    expect(await verifyEstateAudit(db, { sha256 }, estate)).toMatchObject({ ok: true });
    await db.close();
    return copy;
  }

  const set = (db: PgliteStorage, collection: string, id: string, patch: unknown) =>
    db.db.query(`UPDATE docs SET data = data || $3::jsonb WHERE collection = $1 AND id = $2`, [collection, id, JSON.stringify(patch)]);

  it('detects the whole log truncated (events, chain, anchors and head gone)', async () => {
    const copy = await tampered('truncated', async (db) => {
      await db.db.query(`DELETE FROM docs WHERE collection IN ($1, $2, $3, $4, 'audit_links') AND (data->>'estateId' = $5 OR id = $5)`, [
        AUDIT_EVENTS,
        AUDIT_ENTRIES,
        AUDIT_ANCHORS,
        AUDIT_HEADS,
        estate,
      ]);
    });
    const run = await verifyScript(copy, secretDir);
    expect(run.code).toBe(1);
    expect(run.out).toContain('anchor_beyond_chain');
  }, SLOW);

  it('detects the tail removed (entries, anchors and head cut back consistently)', async () => {
    const copy = await tampered('tail', async (db) => {
      const record = await readAuditRecord(db, estate);
      const keep = Math.floor(record.entries.length / 2);
      const cut = record.entries.slice(keep);
      await db.db.query(`DELETE FROM docs WHERE collection = $1 AND data->>'estateId' = $2 AND (data->>'seq')::int > $3`, [AUDIT_ENTRIES, estate, keep]);
      await db.db.query(`DELETE FROM docs WHERE collection = $1 AND data->>'estateId' = $2 AND (data->>'seq')::int > $3`, [AUDIT_ANCHORS, estate, keep]);
      for (const e of cut) {
        await db.db.query(`DELETE FROM docs WHERE collection IN ($1, 'audit_links') AND id = $2`, [AUDIT_EVENTS, e.eventId]);
      }
      const last = record.entries[keep - 1];
      await set(db, AUDIT_HEADS, estate, { seq: last.seq, hash: last.hash, cursorAt: last.event.at });
    });
    const run = await verifyScript(copy, secretDir);
    expect(run.code).toBe(1);
    expect(run.out).toContain('anchor_beyond_chain');
  }, SLOW);

  it('detects an entry rewritten with every later hash, anchor and the head recomputed', async () => {
    const copy = await tampered('rehashed', async (db) => {
      const record = await readAuditRecord(db, estate);
      const events = record.entries.map((e) => record.events.find((ev) => ev.id === e.eventId)!);
      const forged = { ...events[1], subject: 'topics/forged' };
      forged.eventHash = eventHash(sha256, forged);
      events[1] = forged;
      await set(db, AUDIT_EVENTS, forged.id, { subject: forged.subject, eventHash: forged.eventHash });
      const entries = chainOver(estate, events, (i) => record.entries[i].sequencedAt);
      for (const e of entries) await set(db, AUDIT_ENTRIES, auditEntryId(estate, e.seq), e);
      for (const a of record.anchors) await set(db, AUDIT_ANCHORS, auditAnchorId(estate, a.seq), { hash: entries[a.seq - 1].hash });
      const last = entries[entries.length - 1];
      await set(db, AUDIT_HEADS, estate, { hash: last.hash });
    });
    const run = await verifyScript(copy, secretDir);
    expect(run.code).toBe(1);
    expect(run.out).toContain('anchor_mismatch');
  }, SLOW);
});
