import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteStorage } from '../../server/adapters/pglite/storage';
import { DuplicateKeyError } from '../../server/ports';
import { storageContract } from '../support/storage-contract';
import { loadTemplate } from '../support/template';

storageContract('PGlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongyi-store-'));
  const storage = await openPgliteStorage({ dataDir: dir, loadDataDir: loadTemplate() });
  return {
    storage,
    async cleanup() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('PGlite engine guarantees', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongyi-durable-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps committed data in its folder across a close and reopen, and migrations are idempotent', async () => {
    const first = await openPgliteStorage({ dataDir: dir, loadDataDir: loadTemplate() });
    await first.transaction((tx) => tx.create('estates', 'e1', { name: '和睦家园' }));
    await first.close();
    const again = await openPgliteStorage({ dataDir: dir });
    expect((await again.get('estates', 'e1'))?.data).toEqual({ name: '和睦家园' });
    const migrations = await again.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(migrations.rows[0].n).toBeGreaterThanOrEqual(2);
    await again.close();
  });

  it('forbids updating or deleting audit entries at the database level', async () => {
    const storage = await openPgliteStorage({ dataDir: dir, loadDataDir: loadTemplate() });
    await storage.transaction((tx) => tx.create('audit_entries', 'e1:1', { seq: 1 }));
    await expect(storage.transaction((tx) => tx.update('audit_entries', 'e1:1', 1, { seq: 2 }))).rejects.toThrow(/append-only/);
    await expect(storage.db.query(`DELETE FROM docs WHERE collection = 'audit_entries'`)).rejects.toThrow(/append-only/);
    expect((await storage.get('audit_entries', 'e1:1'))?.data).toEqual({ seq: 1 });
    // ordinary collections stay updatable
    await storage.transaction((tx) => tx.create('topics', 't', { a: 1 }));
    await storage.transaction((tx) => tx.update('topics', 't', 1, { a: 2 }));
    await storage.close();
  });
});

/**
 * Group commit (server/adapters/pglite/storage.ts): transactions that arrive together run side by side in one
 * database transaction, which commits only if they were independent; otherwise each runs again alone. These pin
 * that every logical transaction stays all-or-nothing and serializable.
 */
describe('PGlite group commit', () => {
  let storage: Awaited<ReturnType<typeof openPgliteStorage>>;
  let dbTransactions: number;
  beforeEach(async () => {
    storage = await openPgliteStorage({ loadDataDir: loadTemplate() });
    const begin = storage.db.transaction.bind(storage.db);
    dbTransactions = 0;
    storage.db.transaction = ((work: Parameters<typeof begin>[0]) => {
      dbTransactions++;
      return begin(work);
    }) as typeof storage.db.transaction;
  });
  afterEach(() => storage.close());

  it('commits independent concurrent transactions together, each with its own answer', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        storage.transaction(async (tx) => {
          const [seen] = await Promise.all([tx.get('topics', `read-${i}`), tx.create('topics', `t${i}`, { i })]);
          await tx.create('estates', `t${i}:1`, { i });
          return { i, seen };
        }),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 40 }, (_, i) => ({ i, seen: null })));
    expect(await storage.count('topics')).toBe(40);
    expect(await storage.count('estates')).toBe(40);
    expect(dbTransactions).toBeLessThan(10);
  });

  it('stays serializable: of two claims that each check the other first, exactly one is made (write skew)', async () => {
    const claim = (me: string, other: string) =>
      storage.transaction(async (tx) => {
        if (await tx.get('topics', other)) return false;
        await tx.create('topics', me, { claimed: true });
        return true;
      });
    const pairs = await Promise.all(Array.from({ length: 10 }, (_, p) => Promise.all([claim(`a${p}`, `b${p}`), claim(`b${p}`, `a${p}`)])));
    for (const pair of pairs) expect(pair.filter(Boolean)).toHaveLength(1);
    expect(await storage.count('topics')).toBe(10);
  });

  it('runs read-modify-write updates of one document as if one after another', async () => {
    await storage.transaction((tx) => tx.create('topics', 'counter', { n: 0 }));
    await Promise.all(
      Array.from({ length: 25 }, () =>
        storage.transaction(async (tx) => {
          const doc = await tx.get<{ n: number }>('topics', 'counter');
          await tx.update('topics', 'counter', doc!.version, { n: doc!.data.n + 1 });
        }),
      ),
    );
    expect((await storage.get('topics', 'counter'))?.data).toEqual({ n: 25 });
  });

  it('keeps nothing of a transaction that failed after writing, and commits the others of its burst', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        storage.transaction(async (tx) => {
          await tx.create('topics', `t${i}`, { i });
          if (i === 7) throw new Error('refused after a write');
          if (i === 11) throw new Error('refused after the write, too');
          return i;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 20 }, (_, i) => (i === 7 || i === 11 ? 'rejected' : 'fulfilled')));
    expect((results[7] as PromiseRejectedResult).reason.message).toBe('refused after a write');
    expect(await storage.get('topics', 't7')).toBeNull();
    expect(await storage.get('topics', 't11')).toBeNull();
    expect(await storage.count('topics')).toBe(18);
  });

  it('answers a refusal before any write and commits the rest; an engine error (append-only) rejects only its own transaction', async () => {
    await storage.transaction((tx) => tx.create('audit_entries', 'e:1', { seq: 1 }));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        storage.transaction(async (tx) => {
          if (i === 3) throw new Error('refused before writing');
          if (i === 5) return tx.update('audit_entries', 'e:1', 1, { seq: 2 });
          return tx.create('topics', `t${i}`, { i });
        }),
      ),
    );
    expect((results[3] as PromiseRejectedResult).reason.message).toBe('refused before writing');
    expect(String((results[5] as PromiseRejectedResult).reason)).toMatch(/append-only/);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(18);
    expect(await storage.count('topics')).toBe(18);
    expect((await storage.get('audit_entries', 'e:1'))?.data).toEqual({ seq: 1 });
  });

  it('lets the engine decide concurrent creates of one id: exactly one, the others DuplicateKeyError, nothing else of theirs kept', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        storage.transaction(async (tx) => {
          await tx.create('estates', `side-${i}`, { i });
          await tx.create('topics', 'one', { i });
          return i;
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<number>[];
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DuplicateKeyError);
    expect((await storage.get('topics', 'one'))?.data).toEqual({ i: won[0].value });
    expect(await storage.count('estates')).toBe(1);
  });
});
