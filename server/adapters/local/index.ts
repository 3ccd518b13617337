import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Ports } from '../../ports';
import { openPgliteStorage } from '../pglite/storage';
import { systemClock } from './clock';
import { nodeCrypto } from './crypto';
import { folderFileStore } from './files';
import { RecordingNotifier } from './notifier';
import { localPlatform } from './platform';

export interface LocalPortsOptions {
  /** durable folder for the database, files and the local secret; omit for a throwaway in-memory setup */
  dataDir?: string;
  /** start the database from a dumped template instead of initdb */
  loadDataDir?: Blob;
  hashKey?: string;
  clock?: Clock;
}

/** The local key lives beside the data it protects, created once; production sets GONGYI_HASH_KEY. */
function localHashKey(dataDir: string | undefined): string {
  if (process.env.GONGYI_HASH_KEY) return process.env.GONGYI_HASH_KEY;
  if (!dataDir) return randomBytes(32).toString('hex');
  const file = join(dataDir, 'hash.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

export async function createLocalPorts(options: LocalPortsOptions = {}): Promise<Ports> {
  const { dataDir } = options;
  if (dataDir) mkdirSync(dataDir, { recursive: true }); // a fresh clone has no .data/ yet
  const storage = await openPgliteStorage({
    dataDir: dataDir ? join(dataDir, 'pglite') : undefined,
    loadDataDir: options.loadDataDir,
  });
  return {
    storage,
    clock: options.clock ?? systemClock,
    crypto: nodeCrypto(options.hashKey ?? localHashKey(dataDir)),
    files: folderFileStore(dataDir ? join(dataDir, 'files') : join(process.cwd(), '.tmp', 'files')),
    notifier: new RecordingNotifier(),
    platform: localPlatform,
  };
}
