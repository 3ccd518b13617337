import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalPorts } from '../../server/adapters/local';
import { ManualClock } from '../../server/adapters/local/clock';
import { setRuntimePorts } from '../../server/adapters/runtime';
import type { Ports } from '../../server/ports';
import type { PgliteStorage } from '../../server/adapters/pglite/storage';
import { seedDemoEstate } from '../../server/seed/load';
import { loadTemplate } from './template';

export const TEST_HASH_KEY = 'test-hash-key-0123456789abcdef';
export const TEST_NOW = '2026-11-23T02:00:00.000Z'; // 10:00 in Beijing

export interface TestEnv {
  ports: Ports;
  storage: PgliteStorage;
  clock: ManualClock;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** A fresh database in a temporary data folder, started from the migrated template. */
export async function freshEnv(options: { seed?: boolean } = {}): Promise<TestEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongyi-test-'));
  const clock = new ManualClock(TEST_NOW);
  const ports = await createLocalPorts({ dataDir, loadDataDir: loadTemplate(), hashKey: TEST_HASH_KEY, clock });
  if (options.seed) await seedDemoEstate(ports);
  setRuntimePorts(ports);
  return {
    ports,
    storage: ports.storage as PgliteStorage,
    clock,
    dataDir,
    async cleanup() {
      setRuntimePorts(null);
      await ports.storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The context the local gateway builds for a logged-in persona (identity lives in context, not event). */
export const as = (openid: string) => ({ requestId: 'test', localCaller: { openid } });
