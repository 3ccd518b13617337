import type { Ports } from '../ports';

/**
 * The ports a deployed function runs with, chosen once per process by GONGYI_RUNTIME:
 * - `local`: PGlite in GONGYI_DATA_DIR (the default when running from source: gateway, tests, scripts);
 * - `cloudbase`: the CloudBase database, storage and context (production).
 * The function bundles (`npm run build:functions`) are built with __GONGYI_DEFAULT_RUNTIME__ = "cloudbase",
 * so a deployed function defaults to CloudBase even without the variable (cloudbaserc.json sets it anyway),
 * and the bundles do not contain the local runtime at all.
 * The gateway and tests install their own with setRuntimePorts().
 */
declare const __GONGYI_DEFAULT_RUNTIME__: string | undefined;

export const DEFAULT_RUNTIME: string = typeof __GONGYI_DEFAULT_RUNTIME__ === 'string' ? __GONGYI_DEFAULT_RUNTIME__ : 'local';

let current: Promise<Ports> | null = null;

export function setRuntimePorts(ports: Ports | Promise<Ports> | null): void {
  current = ports ? Promise.resolve(ports) : null;
}

export function runtimePorts(): Promise<Ports> {
  if (!current) {
    const created = createFromEnvironment();
    current = created;
    // a failed start (e.g. a missing GONGYI_HASH_KEY) is not cached: the next invocation tries again
    created.catch(() => {
      if (current === created) current = null;
    });
  }
  return current;
}

async function createFromEnvironment(): Promise<Ports> {
  const runtime = process.env.GONGYI_RUNTIME || DEFAULT_RUNTIME;
  if (runtime === 'local') {
    const { createLocalPorts } = await import('./local');
    return createLocalPorts({ dataDir: process.env.GONGYI_DATA_DIR ?? '.data' });
  }
  if (runtime === 'cloudbase') {
    // loads @cloudbase/node-sdk; never reached in local mode
    const { createCloudbasePorts } = await import('./cloudbase');
    return createCloudbasePorts();
  }
  throw new Error(`GONGYI_RUNTIME=${runtime} is not available in this build (use local or cloudbase)`);
}
