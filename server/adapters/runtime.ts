import type { Ports } from '../ports';

/**
 * The ports a deployed function runs with, chosen once per process:
 * GONGYI_RUNTIME=local (default: PGlite in GONGYI_DATA_DIR) or cloudbase (production).
 * The gateway and tests install their own with setRuntimePorts().
 */
let current: Promise<Ports> | null = null;

export function setRuntimePorts(ports: Ports | Promise<Ports> | null): void {
  current = ports ? Promise.resolve(ports) : null;
}

export function runtimePorts(): Promise<Ports> {
  if (!current) current = createFromEnvironment();
  return current;
}

async function createFromEnvironment(): Promise<Ports> {
  const runtime = process.env.GONGYI_RUNTIME ?? 'local';
  if (runtime === 'local') {
    const { createLocalPorts } = await import('./local');
    return createLocalPorts({ dataDir: process.env.GONGYI_DATA_DIR ?? '.data' });
  }
  throw new Error(`GONGYI_RUNTIME=${runtime} is not available in this build`);
}
