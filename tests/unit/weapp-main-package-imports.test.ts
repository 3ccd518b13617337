/**
 * The mini-program's main package stays ≤ 600 KB (issue 9, `npm run bench:size`). A mini-program build keeps the
 * target of an import() in the package that imports it, so anything the main package's modules reach, statically
 * or through import(), is in the main package. zod and the contract schemas (~100 KB minified) must not be:
 *  - the weapp api (src/api/client.weapp.ts) is built from src/lib/api-facade.ts with the contracts subpackages
 *    register (src/api/contract-registry.ts), never from src/lib/api-core.ts, whose loaders import every contract;
 *  - pages of the main package take labels from zod-free modules (types/*-labels.ts), not from the contracts;
 *  - nor do they carry the server's notification templates (types/notifications.ts).
 * Deterministic source check, no build: follows value imports from src/app.ts and every main-package page the way
 * Taro resolves them for weapp (`x.weapp.ts` before `x.ts`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

function resolveImport(from: string, spec: string, platform: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = join(SRC, spec.slice(2));
  else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
  else return null;
  const candidates = [`.${platform}.ts`, `.${platform}.tsx`, '.ts', '.tsx', `/index.${platform}.ts`, `/index.${platform}.tsx`, '/index.ts', '/index.tsx', ''];
  for (const ext of candidates) {
    const path = base + ext;
    if (existsSync(path) && statSync(path).isFile()) return path;
  }
  return null;
}

/** Value imports (static, side-effect, re-exports and import()); `import type` / `export type` are erased. */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'([^']+)'/gm)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]),
    ...[...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]),
  ];
}

/** Every source module reachable from `entries`, and the packages they import, each with the chain that reaches it. */
function reach(entries: string[], platform: string) {
  const via = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  const queue = entries.map((e) => join(ROOT, e));
  for (const e of queue) via.set(e, [relative(ROOT, e)]);
  while (queue.length) {
    const file = queue.shift()!;
    if (!/\.tsx?$/.test(file)) continue;
    for (const spec of valueImports(file)) {
      const target = resolveImport(file, spec, platform);
      if (!target) {
        if (!spec.startsWith('.') && !spec.startsWith('@/') && !packages.has(spec)) packages.set(spec, via.get(file)!);
        continue;
      }
      if (via.has(target)) continue;
      via.set(target, [...via.get(file)!, relative(ROOT, target)]);
      queue.push(target);
    }
  }
  return { modules: via, packages };
}

function mainPackageEntries(): string[] {
  const config = readFileSync(join(SRC, 'app.config.ts'), 'utf8');
  const pages = /^\s*pages:\s*\[([^\]]*)\]/m.exec(config);
  if (!pages) throw new Error('src/app.config.ts: no top-level pages list');
  const list = [...pages[1].matchAll(/'([^']+)'/g)].map((m) => `src/${m[1]}.tsx`);
  return ['src/app.ts', ...list];
}

const zodChains = (graph: ReturnType<typeof reach>) => [...graph.packages].filter(([spec]) => /^zod(\/|$)/.test(spec));

describe('weapp main package: no zod, no contract loaders (issue 9, main package ≤ 600 KB)', () => {
  const entries = mainPackageEntries();
  const weapp = reach(entries, 'weapp');

  it('finds the main package pages', () => {
    expect(entries).toEqual(expect.arrayContaining(['src/app.ts', 'src/pages/home/index.tsx', 'src/pages/topic/index.tsx']));
    expect(entries.some((e) => e.includes('packages/'))).toBe(false);
  });

  it('the api is the weapp client, built without src/lib/api-core.ts or types/capability-loaders.ts', () => {
    const paths = [...weapp.modules.keys()].map((p) => relative(ROOT, p).split('\\').join('/'));
    expect(paths).toContain('src/api/client.weapp.ts');
    expect(paths).toContain('src/lib/api-facade.ts');
    for (const banned of ['src/api/client.ts', 'src/lib/api-core.ts', 'types/capability-loaders.ts', 'src/api/zod-setup.ts']) {
      expect({ banned, via: weapp.modules.get(join(ROOT, banned)) }).toEqual({ banned, via: undefined });
    }
  });

  it('nothing the main package imports imports zod (labels come from zod-free modules)', () => {
    expect(zodChains(weapp)).toEqual([]);
  });

  it("nor the server's notification templates (types/notifications.ts, ~27 KB): 消息 takes its limit from types/subscription-limits.ts", () => {
    expect(weapp.modules.get(join(ROOT, 'types/notifications.ts'))).toBeUndefined();
  });

  it('the check finds zod where it is: a subpackage that registers its contract, and the H5 client', () => {
    expect(zodChains(reach(['src/packages/requests/new/index.tsx'], 'weapp')).length).toBeGreaterThan(0);
    const h5 = reach(['src/api/client.ts'], 'h5');
    expect(h5.modules.has(join(ROOT, 'types/capability-loaders.ts'))).toBe(true);
    expect(zodChains(h5).length).toBeGreaterThan(0);
  });
});
