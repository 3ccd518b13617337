import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteStorage } from '../../server/adapters/pglite/storage';
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
