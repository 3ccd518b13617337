import { join, resolve } from 'node:path';
import { heldDataLock } from '../adapters/local/data-lock';
import { localSecretDir } from '../adapters/local/secrets';
import { ShiftedClock } from '../adapters/local/clock';
import { localPlatform } from '../adapters/local/platform';
import { setRuntimePorts } from '../adapters/runtime';
import type { Ports } from '../ports';
import { demoSeedEnabled, seedDemoEstate } from '../seed/load';
import { CLOUD_FUNCTIONS } from './functions';
import { startJobTimer } from './jobs-timer';
import { recordUpload } from '../app/upload-records';
import { createGateway } from './server';

/**
 * The gateway's ports. Default: the embedded database (PGlite) in GONGYI_DATA_DIR.
 * GONGYI_RUNTIME=cloudbase: the same handlers against a real CloudBase environment (ENV_ID, GONGYI_HASH_KEY and
 * TENCENTCLOUD_SECRETID/SECRETKEY set), while callers still come from the local session, not from WeChat.
 * Each branch loads only its own adapter: local mode never loads @cloudbase/node-sdk.
 */
async function gatewayPorts(dataDir: string, cloud: boolean): Promise<{ ports: Ports; label: string }> {
  if (cloud) {
    const { createCloudbasePorts } = await import('../adapters/cloudbase');
    const envId = process.env.ENV_ID;
    if (!envId) throw new Error('GONGYI_RUNTIME=cloudbase needs ENV_ID (the CloudBase environment id)');
    const cloud = await createCloudbasePorts({ envId });
    return { ports: { ...cloud, platform: localPlatform }, label: `CloudBase 环境 environment ${envId}` };
  }
  const { createLocalPorts } = await import('../adapters/local');
  return { ports: await createLocalPorts({ dataDir, clock: devClock }), label: `数据目录 data folder: ${dataDir}` };
}

// local browser tests only: a clock that POST /dev/clock moves forward (e.g. past a voting window); never in cloudbase mode
const devClock = process.env.GONGYI_DEV_CLOCK === '1' && (process.env.GONGYI_RUNTIME ?? 'local') !== 'cloudbase' ? new ShiftedClock() : undefined;

/**
 * `npm start` ends here: open (or create) the database, seed the demo estate on first start,
 * and serve the H5 app plus every cloud function on 127.0.0.1 only.
 */
async function start() {
  const dataDir = resolve(process.env.GONGYI_DATA_DIR ?? '.data');
  const port = Number(process.env.PORT ?? 8787);
  // cloudbase mode talks to a real environment: no demo personas are seeded into it and no demo login is served
  const cloud = (process.env.GONGYI_RUNTIME ?? 'local') === 'cloudbase';
  const { ports, label } = await gatewayPorts(dataDir, cloud);
  setRuntimePorts(ports);
  // GONGYI_DEMO_SEED=off: an empty folder stays empty; the administrator (GONGYI_ADMIN_OPENIDS) creates the first estate
  const seeded = cloud || !demoSeedEnabled() ? false : await seedDemoEstate(ports, { requests: process.env.GONGYI_DEMO_REQUESTS !== 'off' });

  // scheduled jobs (notification delivery, ...): the same registry the CloudBase timer trigger runs
  // GONGYI_JOB_TICK_MS shortens the tick (browser tests); jobs due every n minutes still run only at those minutes
  const jobs = startJobTimer(ports, { intervalMs: Number(process.env.GONGYI_JOB_TICK_MS) || undefined });
  const server = createGateway({ functions: CLOUD_FUNCTIONS, staticDir: resolve(process.env.GONGYI_H5_DIR || 'dist/h5'), crypto: ports.crypto, files: ports.files, recordUpload: (openid, fileId, bytes) => recordUpload(ports, openid, fileId, bytes), demoLogin: !cloud, revokedSessionsFile: cloud ? undefined : join(localSecretDir(dataDir), 'revoked-sessions.json'), devClock });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    heldDataLock(dataDir)?.setPort(actual); // a second process on this folder names this one
    if (cloud) console.log('CloudBase 模式：没有演示登录，也不载入演示数据。cloudbase mode: no demo login, no demo seed.');
    console.log(seeded ? '已载入演示小区“和睦家园”。' : demoSeedEnabled() ? '使用已有数据。' : '未载入演示数据（GONGYI_DEMO_SEED=off）。demo seed off.');
    console.log(label);
    console.log(`共议本地版已启动 Gongyi is running: http://127.0.0.1:${actual}/`);
  });

  const stop = async () => {
    server.close();
    await jobs.stop();
    await ports.storage.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

start().catch((err) => {
  console.error('启动失败 failed to start:', err);
  process.exit(1);
});
