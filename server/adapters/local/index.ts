import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Clock, Ports } from '../../ports';
import { openPgliteStorage } from '../pglite/storage';
import { acquireDataLock } from './data-lock';
import { localHashKey, localSecretDir, witnessAnchors } from './secrets';
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
  /**
   * folder for what must not travel with the data folder: the hash key and the audit anchor witness.
   * Default: GONGYI_SECRET_DIR or `.keys/<data folder name>` beside the data folder; none when `hashKey` is given
   * (tests) unless set explicitly.
   */
  secretDir?: string;
  clock?: Clock;
}

export async function createLocalPorts(options: LocalPortsOptions = {}): Promise<Ports> {
  const { dataDir } = options;
  const secretDir = options.secretDir ?? (dataDir && !options.hashKey ? localSecretDir(dataDir) : undefined);
  if (dataDir) mkdirSync(dataDir, { recursive: true }); // a fresh clone has no .data/ yet
  // one process per data folder (refused with the running one's pid and port); released when storage closes
  const lock = dataDir ? acquireDataLock(resolve(dataDir)) : undefined;
  let storage: Awaited<ReturnType<typeof openPgliteStorage>>;
  try {
    storage = await openPgliteStorage({
      dataDir: dataDir ? join(dataDir, 'pglite') : undefined,
      loadDataDir: options.loadDataDir,
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
  if (secretDir) witnessAnchors(storage, secretDir);
  if (lock) {
    const close = storage.close.bind(storage);
    storage.close = async () => {
      try {
        await close();
      } finally {
        lock.release();
      }
    };
  }
  return {
    storage,
    clock: options.clock ?? systemClock,
    crypto: nodeCrypto(options.hashKey ?? localHashKey(dataDir, secretDir)),
    files: folderFileStore(dataDir ? join(dataDir, 'files') : join(process.cwd(), '.tmp', 'files')),
    notifier: new RecordingNotifier(),
    platform: localPlatform,
  };
}
