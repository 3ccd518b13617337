/**
 * Mini-program package size check: `npx tsx bench/size.ts` (npm run bench:size).
 *
 * Builds weapp in production mode, then measures dist/weapp: the main package (everything outside the
 * subPackages roots declared in dist/weapp/app.json) against WeChat's 2048 KB limit, and the total.
 * Files WeChat does not upload are left out: project(.private).config.json, source maps and the
 * *.LICENSE.txt files excluded by packOptions in project.config.json.
 * Exit code: 0 when the build succeeds and the main package fits; 1 otherwise.
 * Options: --no-build (measure the existing dist/weapp), --top N (list the N largest files, default 8).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

import { taroBuild } from './taro-build';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'dist', 'weapp');
const MAIN_LIMIT_KB = 2048;
/** our own target (issue 9): leave room under WeChat's limit for the pages the vote still adds */
const MAIN_BUDGET_KB = 600;

const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) || 0 : 8;

const kb = (bytes: number) => bytes / 1024;
const fmt = (bytes: number) => `${kb(bytes).toFixed(1)} KB`;

function build(): void {
  taroBuild('weapp');
}

function walk(dir: string, out: { path: string; size: number }[] = []) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, out);
    else out.push({ path: relative(OUT, full).split(sep).join('/'), size: st.size });
  }
  return out;
}

const NOT_UPLOADED = [/^project(\.private)?\.config\.json$/, /\.map$/, /\.LICENSE\.txt$/];

function subpackageRoots(): string[] {
  const app = JSON.parse(readFileSync(join(OUT, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  return [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((p) => p.root.replace(/^\.?\//, '').replace(/\/?$/, '/'));
}

function main() {
  if (!skipBuild) build();
  if (!existsSync(join(OUT, 'app.json'))) {
    console.error(`找不到 ${relative(ROOT, OUT)}/app.json：请先构建（去掉 --no-build）`);
    process.exit(1);
  }
  const roots = subpackageRoots();
  const files = walk(OUT).filter((f) => !NOT_UPLOADED.some((re) => re.test(f.path)));
  const inSub = (p: string) => roots.some((r) => p.startsWith(r));
  const mainFiles = files.filter((f) => !inSub(f.path));
  const mainBytes = mainFiles.reduce((s, f) => s + f.size, 0);
  const totalBytes = files.reduce((s, f) => s + f.size, 0);
  const pct = (kb(mainBytes) / MAIN_LIMIT_KB) * 100;

  console.log('');
  console.log(`主包：${fmt(mainBytes)}（${mainFiles.length} 个文件），上限 ${MAIN_LIMIT_KB} KB，已用 ${pct.toFixed(1)}%`);
  console.log(`主包预算 ≤ ${MAIN_BUDGET_KB} KB：${kb(mainBytes) <= MAIN_BUDGET_KB ? '✓ 符合' : '✗ 超出'}`);
  console.log(`分包：${roots.length ? roots.join(', ') : '无'}`);
  console.log(`总计：${fmt(totalBytes)}（${files.length} 个文件）`);
  if (top > 0) {
    console.log(`最大的 ${Math.min(top, files.length)} 个文件：`);
    for (const f of [...files].sort((a, b) => b.size - a.size).slice(0, top)) {
      console.log(`  ${fmt(f.size).padStart(10)}  ${f.path}${inSub(f.path) ? '（分包）' : ''}`);
    }
  }
  if (kb(mainBytes) > MAIN_LIMIT_KB) {
    console.error(`主包超过 ${MAIN_LIMIT_KB} KB 上限`);
    process.exit(1);
  }
}

main();
