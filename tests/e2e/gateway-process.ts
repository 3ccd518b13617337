import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningGateway {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Start the real local product (`npm run serve`, the second half of `npm start`) on a free port with
 * a fresh data folder, and wait for the URL it prints.
 */
export async function startGateway(extraEnv: Record<string, string> = {}): Promise<RunningGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongyi-e2e-'));
  const secretDir = mkdtempSync(join(tmpdir(), 'gongyi-e2e-keys-')); // the hash key lives outside the data folder
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/gateway/main.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: '0', GONGYI_DATA_DIR: dataDir, GONGYI_SECRET_DIR: secretDir, NODE_OPTIONS: '', GONGYI_DEV_CLOCK: '1', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM'); // else the gateway outlives the test run and jest never exits
      reject(new Error(`gateway did not start in time:\n${output}`));
    }, 240_000); // seeding the demo estate took over 90 s on a 2-core machine shared by several builds
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`gateway exited with ${code}:\n${output}`)));
  });
  return {
    url,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(secretDir, { recursive: true, force: true });
    },
  };
}
