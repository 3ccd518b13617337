import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { createApi } from '../../src/lib/api-core';
import { adminFunction } from '../../server/app/admin';
import { deliberationFunction } from '../../server/app/deliberation';
import { identityFunction } from '../../server/app/identity';
import { messagesFunction } from '../../server/app/messages';
import { votingFunction } from '../../server/app/voting';
import { requestsFunction } from '../../server/app/requests';
import { implement, type Implementation } from '../../server/app/action';
import { CAPABILITIES } from '../../types/capabilities';
import { ROLES, ROLE_LABELS } from '../../types/common';
import { action, defineCapability, SHARED_FIELD_LABELS } from '../../types/contract';
import { FUNCTION_NAMES, type FunctionName } from '../../types/envelope';
import { ERRORS } from '../../types/errors';
import { PERMISSIONS } from '../../types/permissions';
import { API_DOC_PATH, renderApiDocs } from '../../scripts/docs-api';
import { ACTION_ROUTES_PATH, CAPABILITY_LOADERS_PATH, renderActionRoutes, renderCapabilityLoaders } from '../../scripts/action-routes';

/** Every capability's server side; a capability without one is a type error here. */
const IMPLEMENTATIONS: Record<FunctionName, Implementation> = { identity: identityFunction, deliberation: deliberationFunction, voting: votingFunction, messages: messagesFunction, admin: adminFunction, requests: requestsFunction };

describe('one contract, derived everywhere', () => {
  it('FUNCTION_NAMES are the capability names', () => {
    expect([...FUNCTION_NAMES]).toEqual(CAPABILITIES.map((c) => c.name));
  });

  it.each(CAPABILITIES.map((c) => [c.name, c] as const))('%s: every contract action has exactly one server handler and one facade method', (name, capability) => {
    const actions = Object.keys(capability.actions).sort();
    expect(Object.keys(IMPLEMENTATIONS[name].actions).sort()).toEqual(actions);
    for (const a of Object.values(IMPLEMENTATIONS[name].actions)) expect(typeof a.run).toBe('function');
    const api = createApi(async () => ({ ok: true, data: {} })) as unknown as Record<string, Record<string, unknown>>;
    expect(Object.keys(api[name]).sort()).toEqual(actions);
  });

  it.each(CAPABILITIES.flatMap((c) => Object.entries(c.actions).map(([a, def]) => [`${c.name}.${a}`, def, c.labels] as const)))(
    '%s: access, scope, errors and labels are consistent',
    (_name, def, labels) => {
      const shape = (def.input as unknown as { def: { shape?: Record<string, unknown> } }).def.shape ?? {};
      if (def.scope !== 'none') expect(shape).toHaveProperty('estateId');
      if (def.scope === 'unit') expect(shape).toHaveProperty('unitId');
      if (def.access !== 'signedIn' && def.access !== 'member' && def.access !== 'admin') expect(Object.keys(PERMISSIONS)).toContain(def.access);
      for (const code of def.errors) expect(Object.keys(ERRORS)).toContain(code);
      // every top-level input field has a Chinese label
      for (const key of Object.keys(shape)) expect(labels[key]).toMatch(/[\u4e00-\u9fa5]/);
    },
  );

  it('implement() refuses a missing or an extra handler at run time too (the types refuse them at compile time)', () => {
    const cap = defineCapability('probe', {
      labels: {},
      actions: { ping: action<{ pong: true }>()({ input: z.strictObject({}), access: 'signedIn', scope: 'none', summary: '探测' }) },
    });
    const ping = async () => ({ pong: true as const });
    expect(implement(cap, { ping }).actions.ping.run).toBe(ping);
    // @ts-expect-error missing handler
    expect(() => implement(cap, {})).toThrow('probe.ping has no handler');
    // @ts-expect-error extra handler
    expect(() => implement(cap, { ping, pong: ping })).toThrow('pong');
    // @ts-expect-error an estate-scoped action must carry estateId in its input
    action<null>()({ input: z.strictObject({ x: z.string() }), access: 'member', scope: 'estate', summary: '' });
    // @ts-expect-error scope 'none' is for signed-in actions only
    action<null>()({ input: z.strictObject({}), access: 'member', scope: 'none', summary: '' });
  });
});

describe('docs/api.md', () => {
  it('is what `npm run docs:api` generates from the contracts (run it after changing a contract)', () => {
    expect(readFileSync(API_DOC_PATH, 'utf8')).toBe(renderApiDocs());
  });
});

describe('types/action-routes.ts (the zod-free table the client facade routes with)', () => {
  it('is what `npm run docs:api` generates from the contracts (run it after changing a contract)', async () => {
    expect(readFileSync(ACTION_ROUTES_PATH, 'utf8')).toBe(await renderActionRoutes());
    // H5's on-demand contract loaders, in a file of their own the mini-program never imports (issue 9)
    expect(readFileSync(CAPABILITY_LOADERS_PATH, 'utf8')).toBe(await renderCapabilityLoaders());
  });

  it('imports no zod, nor does anything it or the label modules pages take from types/ import (value imports, followed through)', () => {
    const typesDir = join(__dirname, '..', '..', 'types');
    const valueImports = (file: string) =>
      [...readFileSync(join(typesDir, file), 'utf8').matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'([^']+)'/gm)].map((m) => m[1]);
    const zodPaths = (file: string, path: string[] = []): string[][] =>
      path.includes(file)
        ? []
        : valueImports(file).flatMap((i) => (i.startsWith('zod') ? [[...path, file, i]] : i.startsWith('./') ? zodPaths(`${i.slice(2)}.ts`, [...path, file]) : []));
    for (const file of ['action-routes.ts', 'roles.ts', 'topics.ts', 'admin-labels.ts', 'identity-labels.ts', 'deliberation-labels.ts', 'uploads.ts', 'permissions.ts', 'normalize.ts', 'errors.ts', 'time.ts']) {
      expect(zodPaths(file)).toEqual([]);
    }
    // the check itself finds zod where it is
    expect(zodPaths('capabilities.ts').length).toBeGreaterThan(0);
  });
});

/** src/lib must take roles, labels, action lists and normalisers from types/, never keep its own copy. */
describe('src/lib repeats nothing the contract holds', () => {
  const dir = join(__dirname, '..', '..', 'src', 'lib');
  const sources = readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => ({
      file: f,
      // code without comments and without import/export-from lines
      code: readFileSync(join(dir, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/^\s*(import|export)\b[^;]*\bfrom\s+'[^']+';/gm, ''),
    }));
  const roleIds = new Set<string>(ROLES);
  const roleLabels = new Set(Object.values(ROLE_LABELS));
  const actionNames = new Set(CAPABILITIES.flatMap((c) => Object.keys(c.actions)));
  const labelPairs = new Set(CAPABILITIES.flatMap((c) => Object.entries(c.labels).map(([k, v]) => `${k}:${v}`)));
  const stringsIn = (text: string) => [...text.matchAll(/'([^'\\\n]*)'/g)].map((m) => m[1]);
  const arrayLiterals = (code: string) => [...code.matchAll(/\[([^\[\]]*)\]/g)].map((m) => stringsIn(m[1]));

  it.each(sources.map((s) => [s.file, s.code] as const))('%s declares no role list, role label, action list, contract label or normaliser', (_file, code) => {
    for (const items of arrayLiterals(code)) {
      expect(items.filter((s) => roleIds.has(s)).length).toBeLessThan(2);
      expect(items.filter((s) => actionNames.has(s)).length).toBeLessThan(2);
    }
    expect(stringsIn(code).filter((s) => roleLabels.has(s))).toEqual([]);
    // role-keyed maps: `owner: '…'`, `community_staff: …`
    expect([...code.matchAll(/\b([a-z_]+)\s*:\s*['`]/g)].map((m) => m[1]).filter((k) => roleIds.has(k) && k.includes('_'))).toEqual([]);
    // a contract field label written again: `estateId: '小区'`
    expect([...code.matchAll(/\b(\w+)\s*:\s*'([^']*)'/g)].map((m) => `${m[1]}:${m[2]}`).filter((p) => labelPairs.has(p))).toEqual([]);
    // normalisers live in types/normalize.ts
    expect(code).not.toMatch(/\b(function\s+normalize\w*|const\s+normalize\w*\s*=\s*\()/);
  });

  it('the scan would catch a copy', () => {
    const copy = "const STAFF = ['community_staff', 'committee_member']; const L = { estateId: '小区' }; const x = '网格员';";
    expect(arrayLiterals(copy)[0].filter((s) => roleIds.has(s))).toHaveLength(2);
    expect(labelPairs.has('estateId:小区')).toBe(true);
    expect(stringsIn(copy).filter((s) => roleLabels.has(s))).toEqual(['网格员']);
    expect(SHARED_FIELD_LABELS.estateId).toBe('小区');
  });
});
