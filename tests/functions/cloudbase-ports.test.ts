import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudbaseFileStore } from '../../server/adapters/cloudbase/files';
import { createCloudbasePorts, type CloudbaseSdk } from '../../server/adapters/cloudbase';
import { cloudbasePlatform } from '../../server/adapters/cloudbase/platform';
import { CloudbaseStorage } from '../../server/adapters/cloudbase/storage';
import { createCloudFunction } from '../../server/app/handler';
import { identityFunction } from '../../server/app/identity';
import { seedDemoEstate } from '../../server/seed/load';
import type { Ports } from '../../server/ports';
import type { ApiResult } from '../../types/errors';
import type { MeOutput } from '../../types/identity';
import { fakeCloudbaseDb, FakeCloudbaseServer } from '../support/cloudbase-fake';
import { TEST_HASH_KEY } from '../support/ports';

const ROOT = process.cwd();
const TSX = ['--import', 'tsx'];
type Env = Record<string, string | undefined>;
/** a child's whole environment: nothing inherited but PATH */
const childEnv = (vars: Env) => ({ PATH: process.env.PATH, ...vars }) as unknown as NodeJS.ProcessEnv;

/** A stand-in for the @cloudbase/node-sdk module: its database is the real query builder over the fake server. */
function fakeSdk(server: FakeCloudbaseServer, env: Env) {
  const files = new Map<string, Buffer>();
  const sdk: CloudbaseSdk & { inits: unknown[] } = {
    SYMBOL_CURRENT_ENV: Symbol.for('SYMBOL_CURRENT_ENV'),
    inits: [],
    init(config) {
      sdk.inits.push(config);
      return {
        database: () => fakeCloudbaseDb(server).db,
        // what node-sdk's getUserInfo does: read the WeChat context of this invocation from the environment
        auth: () => ({ getUserInfo: () => ({ openId: env.WX_OPENID ?? '', appId: env.WX_APPID ?? '' }) }),
        async uploadFile({ cloudPath, fileContent }) {
          files.set(`cloud://fake-env.bucket/${cloudPath}`, fileContent);
          return { fileID: `cloud://fake-env.bucket/${cloudPath}` };
        },
        async downloadFile({ fileID }) {
          const content = files.get(fileID);
          if (!content) throw Object.assign(new Error('file not exist'), { code: 'STORAGE_FILE_NONEXIST' });
          return { fileContent: content };
        },
      };
    },
  };
  return sdk;
}

describe('CloudBase platform: the caller comes from the context, never from the event', () => {
  it('returns OPENID/APPID from getUserInfo and ignores an openid in the payload', async () => {
    const platform = cloudbasePlatform({ getUserInfo: () => ({ openId: 'o-real', appId: 'wx123' }) });
    const event = { action: 'me', openid: 'o-forged', input: { openid: 'o-forged' }, userInfo: { openId: 'o-forged' } };
    expect(await platform.caller(event, { OPENID: 'o-forged' })).toEqual({ openid: 'o-real', appid: 'wx123' });
  });

  it('knows no caller when the context has no OPENID, whatever the event says', async () => {
    const platform = cloudbasePlatform({ getUserInfo: () => ({ openId: '', appId: '' }) });
    expect(await platform.caller({ action: 'me', openid: 'o-forged' }, {})).toBeNull();
  });

  it('with the real node-sdk (child process, no request sent): WX_OPENID from the environment, payload ignored', () => {
    const script = `
      const { createCloudbasePorts } = require('./server/adapters/cloudbase');
      createCloudbasePorts().then(async (ports) => {
        const caller = await ports.platform.caller({ action: 'me', openid: 'o-forged' }, { environ: 'WX_OPENID=o-forged' });
        console.log(JSON.stringify({ caller, storage: ports.storage.constructor.name }));
        process.exit(0);
      });`;
    const res = spawnSync(process.execPath, [...TSX, '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20000,
      env: childEnv({
        GONGYI_HASH_KEY: TEST_HASH_KEY,
        // what the CloudBase runtime injects for an invocation from the mini-program
        WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP',
        WX_OPENID: 'o-from-wechat',
        WX_APPID: 'wx-app',
      }),
    });
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout.trim())).toEqual({ caller: { openid: 'o-from-wechat', appid: 'wx-app' }, storage: 'CloudbaseStorage' });
    expect(res.status).toBe(0);
  });
});

describe('createCloudbasePorts', () => {
  const saved = process.env.GONGYI_HASH_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.GONGYI_HASH_KEY;
    else process.env.GONGYI_HASH_KEY = saved;
  });

  it('refuses to start without GONGYI_HASH_KEY, before touching the SDK', async () => {
    delete process.env.GONGYI_HASH_KEY;
    const sdk = fakeSdk(new FakeCloudbaseServer(), {});
    await expect(createCloudbasePorts({ sdk })).rejects.toThrow(/GONGYI_HASH_KEY is not set/);
    await expect(createCloudbasePorts({ sdk, hashKey: 'short' })).rejects.toThrow(/at least 16/);
    expect(sdk.inits).toEqual([]);
  });

  it('initialises the SDK for the current environment and wires every port', async () => {
    process.env.GONGYI_HASH_KEY = TEST_HASH_KEY;
    const sdk = fakeSdk(new FakeCloudbaseServer(), { WX_OPENID: 'o1' });
    const ports = await createCloudbasePorts({ sdk });
    expect(sdk.inits).toEqual([{ env: sdk.SYMBOL_CURRENT_ENV }]);
    expect(ports.storage).toBeInstanceOf(CloudbaseStorage);
    expect(await ports.platform.caller({}, {})).toEqual({ openid: 'o1' });
    expect(ports.crypto.keyedHash('phone', '13800000000')).toMatch(/^[0-9a-f]{64}$/);
    const { fileId } = await ports.files.put('certificates/e1/u1.jpg', new Uint8Array([1, 2, 3]), 'image/jpeg');
    expect(fileId).toBe('cloud://fake-env.bucket/certificates/e1/u1.jpg');
    expect(Array.from((await ports.files.get(fileId))!)).toEqual([1, 2, 3]);
    expect(await ports.files.get('cloud://fake-env.bucket/none')).toBeNull();
    await expect(ports.files.put('../escape', new Uint8Array(), 'text/plain')).rejects.toThrow(/invalid file key/);
  });

  it('the notifier sends through subscribeMessage.send with configured templates and logs only the errCode, never the openid or the data', async () => {
    process.env.GONGYI_HASH_KEY = TEST_HASH_KEY;
    const calls: unknown[] = [];
    const ports = await createCloudbasePorts({
      sdk: fakeSdk(new FakeCloudbaseServer(), {}),
      templates: { staff_review: 'tmpl-staff' },
      subscribeApi: async () => ({
        async send(args) {
          calls.push(args);
          throw Object.assign(new Error('errCode: 43101 | errMsg: user refuse to accept the msg'), { errCode: 43101 });
        },
      }),
    });
    expect(ports.notifier.templateId('staff_review')).toBe('tmpl-staff');
    expect(ports.notifier.templateId('decision_result')).toBeNull(); // not configured: inbox-only
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const data = { thing1: { value: '王建国' }, thing2: { value: '13800000000' } };
      expect(await ports.notifier.send({ touser: 'o-secret', templateId: 'tmpl-staff', page: 'pages/home/index', data })).toEqual({ status: 'refused', code: 43101 });
      expect(calls).toEqual([{ touser: 'o-secret', templateId: 'tmpl-staff', page: 'pages/home/index', data, miniprogramState: 'formal', lang: 'zh_CN' }]);
      const printed = log.mock.calls.map((c) => c.join(' ')).join('\n');
      expect(printed).toContain('43101');
      expect(printed).not.toMatch(/o-secret|王建国|13800000000/);
    } finally {
      log.mockRestore();
    }
  });

  it('other file errors are not mistaken for a missing file', async () => {
    const files = cloudbaseFileStore({
      uploadFile: async () => ({}),
      downloadFile: async () => {
        throw Object.assign(new Error('denied'), { code: 'STORAGE_PERMISSION_DENIED' });
      },
    });
    await expect(files.get('cloud://x')).rejects.toThrow('denied');
    await expect(files.put('a.txt', new Uint8Array(), 'text/plain')).rejects.toThrow(/no fileID/);
  });
});

describe('the whole identity function on CloudBase ports (fake database server)', () => {
  const server = new FakeCloudbaseServer();
  const env: Env = {};
  let ports: Ports;
  const main = createCloudFunction(identityFunction, async () => ports);

  beforeAll(async () => {
    ports = await createCloudbasePorts({ sdk: fakeSdk(server, env), hashKey: TEST_HASH_KEY });
    expect(await seedDemoEstate(ports)).toBe(true);
  });

  it('seeds the demo estate through transactions and serves identity.me to the WeChat caller', async () => {
    env.WX_OPENID = 'demo-owner';
    const res = (await main({ action: 'me', input: {}, openid: 'demo-multi-owner' }, {})) as ApiResult<MeOutput>;
    if (!res.ok) throw new Error(res.error.code);
    expect(res.data.current?.units).toEqual([{ unitId: 'hemu:1-1-101', label: '1号楼1单元101', areaCenti: 8952, isRepresentative: true }]);
    expect(res.data.current?.estate.totals.unitCount).toBe(120);
    expect(server.documents('units')).toHaveLength(120);
    expect(server.openTransactions()).toBe(0);
  });

  it('answers NOT_AUTHENTICATED when the context has no OPENID, even with an openid in the event', async () => {
    delete env.WX_OPENID;
    const res = await main({ action: 'me', input: {}, openid: 'demo-owner' }, {});
    expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_AUTHENTICATED' }) });
  });
});

describe('local mode never loads @cloudbase/node-sdk', () => {
  afterEach(() => jest.resetModules());

  it('runtimePorts(): local by default without loading the SDK; cloudbase loads it only when selected', async () => {
    const loads: string[] = [];
    jest.resetModules();
    const mockModule = (jest as unknown as { unstable_mockModule(name: string, factory: () => unknown): void }).unstable_mockModule;
    // runtime.ts loads both adapters with import(), which jest serves from its ESM registry
    mockModule('@cloudbase/node-sdk', () => {
      loads.push('@cloudbase/node-sdk');
      return { default: fakeSdk(new FakeCloudbaseServer(), {}) };
    });
    const localPorts = { tag: 'local' } as unknown as Ports;
    mockModule('../../server/adapters/local', () => ({ createLocalPorts: async () => localPorts }));
    const savedRuntime = process.env.GONGYI_RUNTIME;
    const savedKey = process.env.GONGYI_HASH_KEY;
    try {
      delete process.env.GONGYI_RUNTIME;
      const runtime = await import('../../server/adapters/runtime');
      expect(runtime.DEFAULT_RUNTIME).toBe('local');
      expect(await runtime.runtimePorts()).toBe(localPorts);
      expect(loads).toEqual([]);

      runtime.setRuntimePorts(null);
      process.env.GONGYI_RUNTIME = 'cloudbase';
      delete process.env.GONGYI_HASH_KEY;
      await expect(runtime.runtimePorts()).rejects.toThrow(/GONGYI_HASH_KEY/);
      expect(loads).toEqual([]); // the key is checked first

      process.env.GONGYI_HASH_KEY = TEST_HASH_KEY; // a failed start is not cached: the next call tries again
      const ports = await runtime.runtimePorts();
      expect(loads).toEqual(['@cloudbase/node-sdk']);
      expect(ports.storage.constructor.name).toBe('CloudbaseStorage');
    } finally {
      if (savedRuntime === undefined) delete process.env.GONGYI_RUNTIME;
      else process.env.GONGYI_RUNTIME = savedRuntime;
      if (savedKey === undefined) delete process.env.GONGYI_HASH_KEY;
      else process.env.GONGYI_HASH_KEY = savedKey;
    }
  });

  it('the real local gateway process (npm run serve) starts, seeds and serves without loading any @cloudbase module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongyi-gw-'));
    // a preload that notes every @cloudbase module the process asks for or has in its module cache at exit
    const preload = join(dir, 'watch-cloudbase.cjs');
    writeFileSync(
      preload,
      `const Module = require('node:module');
       const seen = new Set();
       const load = Module._load;
       Module._load = function (request) { if (/@cloudbase[\\\\/]/.test(request)) seen.add(request); return load.apply(this, arguments); };
       process.on('exit', () => {
         for (const k of Object.keys(require.cache)) if (/@cloudbase[\\\\/]/.test(k)) seen.add(k);
         process.stderr.write('CLOUDBASE_MODULES=' + JSON.stringify([...seen]) + '\\n');
       });`,
    );
    mkdirSync(join(dir, 'data'));
    const child = spawn(process.execPath, ['--require', preload, ...TSX, 'server/gateway/main.ts'], {
      cwd: ROOT,
      env: childEnv({ PORT: '0', GONGYI_DATA_DIR: join(dir, 'data') }),
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => {
          stdout += b;
          const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
          if (m) resolve(`http://127.0.0.1:${m[1]}`);
        });
        child.on('exit', () => reject(new Error(`gateway exited early: ${stderr}`)));
      });
      // one call through a cloud function: the handler resolves its ports through the runtime
      const res = await fetch(`${base}/api/identity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"me"}' });
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('CLOUDBASE_MODULES=[]');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});
