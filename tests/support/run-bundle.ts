/**
 * Child-process driver for tests/functions/cloudbase-bundle.test.ts:
 *   node --import tsx tests/support/run-bundle.ts <bundle/index.js> <scenario>
 * Loads a BUILT cloud function bundle the way CloudBase does (require, then exports.main(event, context)),
 * with @cloudbase/node-sdk replaced in the module cache by a fake whose database is the real
 * @cloudbase/database query builder over FakeCloudbaseServer. Prints one JSON line.
 */
import { createRequire } from 'node:module';
import { fakeCloudbaseDb, FakeCloudbaseServer } from './cloudbase-fake';

const [bundlePath, scenario] = process.argv.slice(2);
const requireHere = createRequire(__filename);

const server = new FakeCloudbaseServer();
server.seed('estates', [
  {
    _id: 'e1',
    version: 1,
    name: '和睦家园',
    district: '区',
    address: '路',
    communityName: '社区',
    partyBranchName: '党支部',
    buildings: ['1'],
    totals: { unitCount: 1, areaCenti: 8952, headcount: 1 },
    createdAt: '2026-01-01T00:00:00.000Z',
  },
]);
server.seed('units', [{ _id: 'e1:1-1-101', version: 1, estateId: 'e1', building: '1', entrance: '1', room: '101', label: '1号楼1单元101', areaCenti: 8952, ownerKeys: ['k'], developerHeld: false }]);
server.seed('unit_links', [
  { _id: 'e1:1-1-101:o-owner', version: 1, estateId: 'e1', unitId: 'e1:1-1-101', openid: 'o-owner', accountKey: 'a-owner', active: true, method: 'roster_match', personKey: 'k', since: '2026-01-01T00:00:00.000Z' },
]);
server.seed('unit_representatives', [
  { _id: 'e1:1-1-101', version: 1, estateId: 'e1', unitId: 'e1:1-1-101', openid: 'o-owner', method: 'sole_owner', since: '2026-01-01T00:00:00.000Z' },
]);
server.seed('members', [
  { _id: 'e1:o-owner', version: 1, estateId: 'e1', openid: 'o-owner', accountKey: 'a-owner', roles: ['owner'], displayName: '王*国', since: '2026-01-01T00:00:00.000Z', history: [] },
]);

let inits = 0;
const fakeSdk = {
  SYMBOL_CURRENT_ENV: Symbol('current env'),
  init() {
    inits++;
    return {
      database: () => fakeCloudbaseDb(server).db,
      // like node-sdk: the invocation's WeChat context, from the environment
      auth: () => ({ getUserInfo: () => ({ openId: process.env.WX_OPENID ?? '', appId: process.env.WX_APPID ?? '' }) }),
      uploadFile: async () => ({ fileID: 'cloud://x' }),
      downloadFile: async () => ({ fileContent: Buffer.from('') }),
    };
  },
};
const sdkPath = requireHere.resolve('@cloudbase/node-sdk');
requireHere.cache[sdkPath] = { id: sdkPath, filename: sdkPath, loaded: true, exports: fakeSdk } as unknown as NodeJS.Module;

const errors: string[] = [];
console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));

async function run() {
  const { main } = requireHere(bundlePath) as { main: (event: unknown, context?: unknown) => Promise<unknown> };
  const results: unknown[] = [];
  if (scenario === 'cloudbase') {
    process.env.WX_OPENID = 'o-owner';
    results.push(await main({ action: 'me', input: {}, openid: 'o-forged' }, { environ: 'WX_OPENID=o-forged' }));
    delete process.env.WX_OPENID;
    results.push(await main({ action: 'me', input: {}, openid: 'o-owner' }, {}));
  } else {
    results.push(await main({ action: 'me', input: {} }, {}));
  }
  const loaded = Object.keys(requireHere.cache).filter((k) => /@electric-sql|pglite|[\\/]gateway[\\/]/.test(k));
  process.stdout.write(`${JSON.stringify({ results, inits, loaded, errors, requests: server.requests.map((r) => r.action) })}\n`);
}

run().then(
  () => process.exit(0),
  (err) => {
    process.stdout.write(`${JSON.stringify({ crash: String(err?.stack ?? err) })}\n`);
    process.exit(1);
  },
);
