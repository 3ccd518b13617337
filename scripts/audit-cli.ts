import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openPgliteStorage, type PgliteStorage } from '../server/adapters/pglite/storage';

/**
 * The local database the gateway uses (GONGYI_DATA_DIR, default .data), for the audit tools.
 *
 * The tools open a COPY of the data folder: PGlite is single-process, and a second process on the live folder
 * (a `npm start` still running) would corrupt it. A copy taken while the gateway writes is at worst a crash image,
 * which PostgreSQL recovers from; the live folder is never opened, let alone migrated, by these tools.
 */
export async function openLocalDatabase(): Promise<{ storage: PgliteStorage; dataDir: string; close(): Promise<void> }> {
  const dataDir = resolve(process.env.GONGYI_DATA_DIR ?? '.data');
  const dbDir = join(dataDir, 'pglite');
  if (!existsSync(dbDir)) {
    throw new Error(`没有找到本地数据库 no local database at ${dbDir} (set GONGYI_DATA_DIR, or run the gateway once)`);
  }
  const copy = mkdtempSync(join(tmpdir(), 'gongyi-audit-'));
  cpSync(dbDir, copy, { recursive: true });
  // a copy of a folder in use carries the live server's lock file; this process is the copy's only user
  rmSync(join(copy, 'postmaster.pid'), { force: true });
  const storage = await openPgliteStorage({ dataDir: copy });
  return {
    storage,
    dataDir,
    async close() {
      await storage.close();
      rmSync(copy, { recursive: true, force: true });
    },
  };
}
