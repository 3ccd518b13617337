import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS } from '../../server/app/collections';
import { FUNCTION_NAMES } from '../../types/envelope';
import { BUNDLE_BUDGET_BYTES, buildFunctions, DEPLOY_ROOT_IN_RC, functionNames, functionPackageJson, INTERNAL_FUNCTIONS, ROOT, type FunctionBundle } from '../../scripts/build-functions';
import { setupPlan } from '../../scripts/cloudbase-setup';

/** Builds every function into a scratch folder inside the repository (so node_modules resolves), as CloudBase would run it. */
const outRoot = join(ROOT, '.tmp', `functions-test-${process.pid}`);
let bundles: FunctionBundle[];
let problems: string[];

beforeAll(async () => {
  ({ bundles, problems } = await buildFunctions({ outRoot }));
}, 30000);
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

function runBundle(name: string, scenario: string, env: Record<string, string>) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'tests/support/run-bundle.ts', join(outRoot, name, 'index.js'), scenario], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 20000,
    env: { PATH: process.env.PATH, ...env } as unknown as NodeJS.ProcessEnv,
  });
  const line = res.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`bundle run failed (${res.status}): ${res.stdout}\n${res.stderr}`);
  }
}

describe('npm run build:functions', () => {
  it('builds one bundle per cloud function, each within budget, without problems', () => {
    expect(problems).toEqual([]);
    // one per capability, plus the timer-only jobs function
    expect(functionNames()).toEqual([...FUNCTION_NAMES, ...INTERNAL_FUNCTIONS].sort());
    expect(bundles.map((b) => b.name)).toEqual([...FUNCTION_NAMES, ...INTERNAL_FUNCTIONS].sort());
    for (const b of bundles) {
      expect(b.bytes).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
      expect(b.bytes).toBeGreaterThan(10 * 1024); // a real bundle, not an empty shell
    }
  });

  it('excludes PGlite, the local ports and the gateway; keeps @cloudbase/node-sdk external', () => {
    for (const b of bundles) {
      expect(b.stubbed).toEqual(['server/adapters/local/index.ts']);
      const code = readFileSync(b.outfile, 'utf8');
      expect(code).not.toMatch(/electric-sql|PGlite|createGateway/);
      expect(code).toContain('require("@cloudbase/node-sdk")');
      expect(code).toMatch(/DEFAULT_RUNTIME\s*=\s*"cloudbase"/);
    }
  });

  it('writes each function a package.json that lists the SDK and its run-time dependencies, at the exact versions of the root package.json', () => {
    for (const name of FUNCTION_NAMES) {
      expect(readFileSync(join(outRoot, name, 'package.json'), 'utf8')).toBe(functionPackageJson(name));
      expect(JSON.parse(functionPackageJson(name))).toMatchObject({ main: 'index.js', dependencies: { '@cloudbase/node-sdk': '3.18.3' } });
    }
    // the identity function reads roster spreadsheets with exceljs, installed by CloudBase, not bundled
    expect(JSON.parse(functionPackageJson('identity')).dependencies).toEqual({ '@cloudbase/node-sdk': '3.18.3', exceljs: '4.4.0', 'wx-server-sdk': '4.0.2' });
    // the cloud call that turns a getPhoneNumber code into the verified number must be granted
    expect(JSON.parse(readFileSync(join(outRoot, 'identity', 'config.json'), 'utf8'))).toEqual({ permissions: { openapi: ['phonenumber.getPhoneNumber'] } });
    expect(existsSync(join(outRoot, 'deliberation', 'config.json'))).toBe(false);
    expect(JSON.parse(functionPackageJson('deliberation')).dependencies).toEqual({ '@cloudbase/node-sdk': '3.18.3' });
    // the jobs function sends subscription messages through the cloud call, on its timer trigger
    expect(JSON.parse(readFileSync(join(outRoot, 'jobs', 'config.json'), 'utf8'))).toEqual({
      permissions: { openapi: ['subscribeMessage.send'] },
      triggers: [{ name: 'jobs_tick', type: 'timer', config: '0 * * * * * *' }],
    });
    expect(JSON.parse(functionPackageJson('jobs')).dependencies).toEqual({ '@cloudbase/node-sdk': '3.18.3', 'wx-server-sdk': '4.0.2' });
  });

  it('never writes next to the sources: an index.js there would shadow index.ts for the gateway and the tests', () => {
    for (const name of FUNCTION_NAMES) {
      expect(existsSync(join(ROOT, 'cloudfunctions', name, 'index.js'))).toBe(false);
      expect(existsSync(join(ROOT, 'cloudfunctions', name, 'package.json'))).toBe(false);
    }
    expect(JSON.parse(readFileSync(join(ROOT, 'cloudbaserc.json'), 'utf8')).functionRoot).toBe(DEPLOY_ROOT_IN_RC);
  });

  it('a built bundle runs in CloudBase mode by default: caller from the context, data through the SDK database', () => {
    const out = runBundle('identity', 'cloudbase', { GONGYI_HASH_KEY: 'test-hash-key-0123456789abcdef' });
    expect(out.crash).toBeUndefined();
    const [asOwner, anonymous] = out.results;
    expect(asOwner).toMatchObject({ ok: true, data: { estates: [{ estateId: 'e1', name: '和睦家园' }] } });
    expect(asOwner.data.current.units).toEqual([{ unitId: 'e1:1-1-101', label: '1号楼1单元101', areaCenti: 8952, isRepresentative: true }]);
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
    expect(out.inits).toBe(1); // one SDK app per warm instance
    expect(out.loaded).toEqual([]);
    // reads only: memberships, the estate, the caller's unit links, each unit and its representative
    expect(out.requests).toEqual(Array(5).fill('database.getDocument'));
  });

  it('a bundle without GONGYI_HASH_KEY answers INTERNAL, says why in the log, and never loads the SDK', () => {
    const out = runBundle('identity', 'plain', {});
    expect(out.results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'INTERNAL' }) }]);
    expect(out.errors.join('\n')).toContain('GONGYI_HASH_KEY is not set');
    expect(out.inits).toBe(0);
  });

  it('GONGYI_RUNTIME=local inside a bundle fails clearly instead of loading anything local', () => {
    const out = runBundle('identity', 'plain', { GONGYI_RUNTIME: 'local', GONGYI_HASH_KEY: 'test-hash-key-0123456789abcdef' });
    expect(out.results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'INTERNAL' }) }]);
    expect(out.errors.join('\n')).toContain('local-only and not part of the cloud function bundle');
    expect(out.loaded).toEqual([]);
  });
});

describe('CloudBase setup: collections, indexes and security rules', () => {
  const rules = JSON.parse(readFileSync(join(ROOT, 'cloudbase', 'database-rules.json'), 'utf8')) as { rules: Record<string, unknown>; collections: Record<string, unknown> };

  it('plans every collection of server/app/collections.ts with its indexes', () => {
    const plan = setupPlan();
    expect(plan.map((c) => c.name)).toEqual(COLLECTIONS.map((c) => c.name));
    const units = plan.find((c) => c.name === 'units')!;
    expect(units.indexes).toEqual([
      { IndexName: 'idx_estateId_building', MgoKeySchema: { MgoIsUnique: false, MgoIndexKeys: [{ Name: 'estateId', Direction: '1' }, { Name: 'building', Direction: '1' }] } },
    ]);
  });

  it('security rules forbid every direct client read and write, for every collection', () => {
    expect(rules.rules).toEqual({ read: false, write: false });
    expect(Object.keys(rules.collections).sort()).toEqual(COLLECTIONS.map((c) => c.name).sort());
    for (const rule of Object.values(rules.collections)) expect(rule).toEqual({ read: false, write: false });
  });
});
