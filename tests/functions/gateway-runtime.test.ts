import { spawnSync } from 'node:child_process';

/** The gateway picks its storage by one setting, GONGYI_RUNTIME; the CloudBase branch needs its environment id. */
describe('gateway runtime selection', () => {
  it('GONGYI_RUNTIME=cloudbase switches the gateway to the CloudBase adapters (and says what it needs)', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/gateway/main.ts'], {
      env: { ...process.env, NODE_OPTIONS: '', GONGYI_RUNTIME: 'cloudbase', ENV_ID: '', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('GONGYI_RUNTIME=cloudbase needs ENV_ID');
  });

  it('refuses to reach CloudBase without the deployment hash key', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', GONGYI_RUNTIME: 'cloudbase', ENV_ID: 'test-env', PORT: '0' };
    delete env.GONGYI_HASH_KEY;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/gateway/main.ts'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('GONGYI_HASH_KEY is not set');
  });
});
