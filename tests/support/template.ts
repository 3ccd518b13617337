import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS } from '../../server/app/collections';
import { collectionDdl, MIGRATIONS } from '../../server/adapters/pglite/migrations';

/**
 * initdb is the slow part of PGlite (seconds, ~850 MB peak). Tests start from a migrated database
 * dumped once; the file name carries a hash of the schema so a schema change rebuilds it.
 */
export function templatePath(): string {
  const schema = createHash('sha256').update(JSON.stringify([MIGRATIONS, collectionDdl(COLLECTIONS)])).digest('hex').slice(0, 16);
  return join(process.cwd(), '.tmp', `pglite-template-${schema}.tar`);
}

export async function ensureTemplate(): Promise<string> {
  const file = templatePath();
  if (existsSync(file)) return file;
  const { openPgliteStorage } = await import('../../server/adapters/pglite/storage');
  const storage = await openPgliteStorage();
  const dump = await storage.db.dumpDataDir('none');
  await storage.close();
  mkdirSync(join(process.cwd(), '.tmp'), { recursive: true });
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, new Uint8Array(await dump.arrayBuffer()));
  renameSync(tmp, file);
  return file;
}

export function loadTemplate(): Blob {
  return new Blob([new Uint8Array(readFileSync(templatePath()))]);
}
