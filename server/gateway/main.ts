import { resolve } from 'node:path';
import { createLocalPorts } from '../adapters/local';
import { setRuntimePorts } from '../adapters/runtime';
import { seedDemoEstate } from '../seed/load';
import { CLOUD_FUNCTIONS } from './functions';
import { createGateway } from './server';

/**
 * `npm start` ends here: open (or create) the embedded database, seed the demo estate on first start,
 * and serve the H5 app plus every cloud function on 127.0.0.1 only.
 */
async function start() {
  const dataDir = resolve(process.env.GONGYI_DATA_DIR ?? '.data');
  const port = Number(process.env.PORT ?? 8787);
  const ports = await createLocalPorts({ dataDir });
  setRuntimePorts(ports);
  const seeded = await seedDemoEstate(ports);

  const server = createGateway({ functions: CLOUD_FUNCTIONS, staticDir: resolve('dist/h5'), crypto: ports.crypto });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    console.log(seeded ? '已载入演示小区“和睦家园”。' : '使用已有数据。');
    console.log(`数据目录 data folder: ${dataDir}`);
    console.log(`共议本地版已启动 Gongyi is running: http://127.0.0.1:${actual}/`);
  });

  const stop = async () => {
    server.close();
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
