import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openPgliteStorage, type PgliteStorage } from '../server/adapters/pglite/storage';

/** The local database the gateway uses (GONGYI_DATA_DIR, default .data), opened read-mostly for audit tools. */
export async function openLocalDatabase(): Promise<{ storage: PgliteStorage; dataDir: string }> {
  const dataDir = resolve(process.env.GONGYI_DATA_DIR ?? '.data');
  const dbDir = join(dataDir, 'pglite');
  if (!existsSync(dbDir)) {
    throw new Error(`没有找到本地数据库 no local database at ${dbDir} (set GONGYI_DATA_DIR, or run the gateway once)`);
  }
  return { storage: await openPgliteStorage({ dataDir: dbDir }), dataDir };
}
