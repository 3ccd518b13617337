/**
 * Test environments for handler tests, on either storage engine.
 *
 * THE RULE (jest.config.js applies it):
 * - A test file under tests/functions/ that calls `freshEnv(` is a handler test. It runs TWICE, once per
 *   engine: project "functions:pglite" (PGlite; transactions run one after another) and project
 *   "functions:cloudbase" (the CloudBase adapter over the real @cloudbase/database client and the
 *   in-process fake server, tests/support/cloudbase-fake.ts; transactions truly interleave and conflict).
 *   Such a test must only use the ports (`env.storage`, `env.ports`), never one engine's internals.
 *   `env.storedBytes()` gives what the engine holds at rest, for privacy scans on both engines.
 * - A file under tests/functions/ that does not call `freshEnv(` builds its own engine (adapter, bundle
 *   and contract tests: storage-*.test.ts, cloudbase-*.test.ts, ...). It runs ONCE, in project "adapters".
 * - A single case that only makes sense on one engine: `onEngine('cloudbase', it)(...)` (skipped on the
 *   other, with the reason in its name).
 * The engine: `freshEnv({ engine })`, else the project's GONGYI_TEST_ENGINE global, else the
 * GONGYI_TEST_ENGINE environment variable, else 'pglite'. One engine only:
 * `npx jest --selectProjects functions:cloudbase tests/functions/x.test.ts`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudbaseStorage } from '../../server/adapters/cloudbase/storage';
import { ManualClock } from '../../server/adapters/local/clock';
import { nodeCrypto } from '../../server/adapters/local/crypto';
import { folderFileStore } from '../../server/adapters/local/files';
import { OutboxNotifier } from '../../server/adapters/local/notifier';
import { localPlatform } from '../../server/adapters/local/platform';
import { setRuntimePorts } from '../../server/adapters/runtime';
import type { Ports, Storage } from '../../server/ports';
import { openPgliteStorage, PgliteStorage } from '../../server/adapters/pglite/storage';
import { seedDemoEstate } from '../../server/seed/load';
import { fakeCloudbaseDb, type FakeCloudbaseServer } from './cloudbase-fake';
import { loadTemplate } from './template';

export type TestEngine = 'pglite' | 'cloudbase';
const ENGINES: readonly TestEngine[] = ['pglite', 'cloudbase'];

/** The engine this test process runs handler tests on (see the rule above). */
export function testEngine(): TestEngine {
  const chosen = (globalThis as { GONGYI_TEST_ENGINE?: unknown }).GONGYI_TEST_ENGINE ?? process.env.GONGYI_TEST_ENGINE ?? 'pglite';
  if (!ENGINES.includes(chosen as TestEngine)) throw new Error(`GONGYI_TEST_ENGINE must be one of ${ENGINES.join(', ')}, got ${String(chosen)}`);
  return chosen as TestEngine;
}

/** `onEngine('cloudbase', it)('...', fn)`: the case runs on that engine only and is skipped (named so) on the other. */
export function onEngine<F extends jest.It | jest.Describe>(engine: TestEngine, fn: F): F {
  if (testEngine() === engine) return fn;
  const skip = fn.skip as unknown as (name: string, ...rest: unknown[]) => unknown;
  return ((name: string, ...rest: unknown[]) => skip(`[${engine} only] ${name}`, ...rest)) as unknown as F;
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));

export const TEST_HASH_KEY = 'test-hash-key-0123456789abcdef';
export const TEST_NOW = '2026-11-23T02:00:00.000Z'; // 10:00 in Beijing

export interface TestEnv {
  engine: TestEngine;
  ports: Ports;
  storage: Storage;
  clock: ManualClock;
  /** the temporary folder for files (and, on PGlite, the database) */
  dataDir: string;
  /** the fake CloudBase server, on the cloudbase engine only (recorded requests, committed documents) */
  cloudbase?: { server: FakeCloudbaseServer };
  /**
   * Everything the engine and the file store hold at rest, for "nothing in clear" scans: on PGlite the
   * database and file folders after a CHECKPOINT; on CloudBase every request that reached the database
   * server (each write, including aborted ones) plus the file folder.
   */
  storedBytes(): Promise<Buffer[]>;
  cleanup(): Promise<void>;
}

/**
 * Starting PGlite costs seconds (the WASM engine plus the template's data folder), more than most tests
 * take. So each test file (one jest worker process) keeps ONE PGlite database and gives every env an empty
 * or seeded copy of the data by resetting its one data table (`docs`) between envs: emptied with the
 * append-only guard lifted for that statement only, then refilled with the demo seed's rows (the seed runs
 * through the use cases once per file; it writes only to storage: no files, no notifications). The
 * schema, its functions and the guard triggers are the template's. An env asked for while another is still
 * open gets a database of its own, as before.
 */
interface PooledPglite {
  storage: PgliteStorage;
  dir: string;
  inUse: boolean;
}
let pooledPglite: PooledPglite | null = null;
/** the seeded `docs` rows as JSON (physical order), captured from the first seeded env of this file */
let seededRowsJson: string | null = null;
/** the same for the CloudBase stand-in: the first seeded server's committed documents, copied for later envs */
let seededCloudbase: { server: FakeCloudbaseServer; requests: string } | null = null;

async function resetDocs(storage: PgliteStorage, rowsJson: string | null): Promise<void> {
  await storage.db.transaction(async (tx) => {
    // the guard refuses TRUNCATE of audit collections by design; a test reset is the one place that may
    await tx.exec('ALTER TABLE docs DISABLE TRIGGER USER; TRUNCATE docs; ALTER TABLE docs ENABLE TRIGGER USER;');
    if (rowsJson) await tx.query('INSERT INTO docs SELECT * FROM json_populate_recordset(NULL::docs, $1::json)', [rowsJson]);
  });
}

async function captureDocs(storage: PgliteStorage): Promise<string> {
  const res = await storage.db.query<{ rows: string }>('SELECT coalesce(json_agg(d ORDER BY d.ctid), $$[]$$::json)::text AS rows FROM (SELECT ctid, * FROM docs) d');
  return res.rows[0].rows;
}

/** this file's PGlite database, emptied or seeded for a new env; a second one at once gets its own */
async function pgliteForEnv(seed: boolean, clock: ManualClock): Promise<{ storage: PgliteStorage; dbDir: string; pooled: PooledPglite | null }> {
  let pooled = pooledPglite;
  if (pooled?.inUse) pooled = null;
  else if (!pooled) {
    const dir = mkdtempSync(join(tmpdir(), 'gongyi-test-db-'));
    pooled = pooledPglite = { storage: await openPgliteStorage({ dataDir: join(dir, 'pglite'), loadDataDir: loadTemplate() }), dir, inUse: false };
  }
  const dbDir = pooled?.dir ?? mkdtempSync(join(tmpdir(), 'gongyi-test-db-'));
  // a new adapter over the pooled database: per-storage caches (e.g. the frozen electorates in
  // server/app/voting/context.ts) must not carry one env's data into the next
  const storage = pooled ? new PgliteStorage(pooled.storage.db) : await openPgliteStorage({ dataDir: join(dbDir, 'pglite'), loadDataDir: loadTemplate() });
  if (pooled) pooled.inUse = true;
  await resetDocs(storage, seed ? seededRowsJson : null);
  if (seed && seededRowsJson === null) {
    await seedDemoEstate(localTestPorts(storage, clock, dbDir), { requests: false });
    seededRowsJson = await captureDocs(storage);
  }
  return { storage, dbDir, pooled };
}

/** the ports createLocalPorts builds for tests (fixed hash key, no secret folder), around a given storage */
function localTestPorts(storage: Storage, clock: ManualClock, dataDir: string): Ports {
  return { storage, clock, crypto: nodeCrypto(TEST_HASH_KEY), files: folderFileStore(join(dataDir, 'files')), notifier: new OutboxNotifier(), platform: localPlatform };
}

// the pooled database outlives its envs: close it when this test file is done
afterAll(async () => {
  const pooled = pooledPglite;
  pooledPglite = null;
  if (!pooled) return;
  await pooled.storage.close();
  rmSync(pooled.dir, { recursive: true, force: true });
});

/** Local clock, crypto, files, notifier and platform around the chosen storage engine, in a temporary folder. */
export async function freshEnv(options: { seed?: boolean; engine?: TestEngine } = {}): Promise<TestEnv> {
  const engine = options.engine ?? testEngine();
  const dataDir = mkdtempSync(join(tmpdir(), 'gongyi-test-'));
  const clock = new ManualClock(TEST_NOW);
  let ports: Ports;
  let cloudbase: TestEnv['cloudbase'];
  let storedBytes: TestEnv['storedBytes'];
  let seeded = false;
  let release = async () => {};
  if (engine === 'pglite') {
    const db = await pgliteForEnv(!!options.seed, clock);
    ports = localTestPorts(db.storage, clock, dataDir);
    seeded = !!options.seed;
    storedBytes = async () => {
      await db.storage.db.query('CHECKPOINT'); // flush the WAL into the heap files we scan
      return [...filesUnder(db.dbDir), ...filesUnder(dataDir)].map((f) => readFileSync(f));
    };
    release = async () => {
      if (db.pooled) db.pooled.inUse = false;
      else {
        await db.storage.close();
        rmSync(db.dbDir, { recursive: true, force: true });
      }
    };
  } else {
    const { db, server } = fakeCloudbaseDb(options.seed && seededCloudbase ? seededCloudbase.server.copyCommitted() : undefined);
    seeded = !!options.seed && !!seededCloudbase;
    cloudbase = { server };
    ports = {
      storage: new CloudbaseStorage(db),
      clock,
      crypto: nodeCrypto(TEST_HASH_KEY),
      files: folderFileStore(join(dataDir, 'files')),
      notifier: new OutboxNotifier(),
      platform: localPlatform,
    };
    // a copied seed was sent to the first server: its requests count as stored here too
    const seedRequests = seeded && seededCloudbase ? [Buffer.from(seededCloudbase.requests, 'utf8')] : [];
    storedBytes = async () => [...seedRequests, Buffer.from(JSON.stringify(server.requests), 'utf8'), ...filesUnder(dataDir).map((f) => readFileSync(f))];
  }
  if (options.seed && !seeded) {
    await seedDemoEstate(ports, { requests: false });
    if (cloudbase) seededCloudbase = { server: cloudbase.server.copyCommitted(), requests: JSON.stringify(cloudbase.server.requests) };
  }
  setRuntimePorts(ports);
  return {
    engine,
    ports,
    storage: ports.storage,
    clock,
    dataDir,
    cloudbase,
    storedBytes,
    async cleanup() {
      setRuntimePorts(null);
      if (engine === 'pglite') await release();
      else await ports.storage.close();
      if (cloudbase) expect(cloudbase.server.openTransactions()).toBe(0); // every transaction committed or rolled back
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The context the local gateway builds for a logged-in persona (identity lives in context, not event). */
export const as = (openid: string) => ({ requestId: 'test', localCaller: { openid } });
