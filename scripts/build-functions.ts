import { build, type Metafile, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { JOBS_TRIGGER } from '../server/app/jobs';

/**
 * `npm run build:functions`: bundle every cloudfunctions/<name>/index.ts (the source entry) into
 * dist/cloudfunctions/<name>/index.js (CloudBase handler `index.main`) next to a generated package.json, from which
 * CloudBase installs the one runtime dependency left outside the bundle, @cloudbase/node-sdk.
 * dist/cloudfunctions/ is the deploy root (cloudbaserc.json functionRoot; WeChat DevTools cloudfunctionRoot):
 * each folder there is a complete, self-contained function.
 *
 * Why not cloudfunctions/<name>/index.js: an index.js next to index.ts wins every extensionless import of
 * `cloudfunctions/<name>` (tsx and jest both try .js first), so after one build the local gateway and the
 * handler tests would silently run the cloud bundle instead of the source.
 *
 * - platform node, target node18 (runtime Nodejs18.15), CommonJS;
 * - __GONGYI_DEFAULT_RUNTIME__ = "cloudbase": a deployed function uses the CloudBase ports by default;
 * - local-only code is EXCLUDED: PGlite, its adapter, the local ports factory and the gateway are replaced by
 *   a stub that throws if ever loaded; the metafile is checked for them after every build;
 * - each bundle must stay within BUNDLE_BUDGET_BYTES, or the build fails;
 * - cloudbaserc.json must list exactly the functions found here.
 */

export const ROOT = resolve(__dirname, '..');
export const FUNCTIONS_DIR = join(ROOT, 'cloudfunctions');
export const DEPLOY_DIR = join(ROOT, 'dist', 'cloudfunctions');
export const DEPLOY_ROOT_IN_RC = './dist/cloudfunctions';
/** Raised from 150 KB when identity gained chunked roster confirmation, notifications and typed error params
 * (171 KB minified), then to 256 KB with role grants, roster review and upload records (210 KB); node-sdk (not
 * bundled) still dominates cold start. Next step if it grows: move the roster actions into their own function. */
export const BUNDLE_BUDGET_BYTES = 256 * 1024;
export const SDK = '@cloudbase/node-sdk';
/**
 * Functions that belong to no capability: `jobs` answers CloudBase timer triggers only (server/app/jobs). Every
 * other folder under cloudfunctions/ is a capability's function (types/capabilities.ts).
 */
export const INTERNAL_FUNCTIONS = ['jobs'] as const;
/**
 * Packages a function loads at run time that are NOT bundled (installed by CloudBase from its package.json):
 * the identity function reads roster spreadsheets with exceljs, lazily, only in the roster actions.
 */
export const RUNTIME_DEPENDENCIES: Record<string, string[]> = { identity: ['exceljs', 'wx-server-sdk'], jobs: ['wx-server-sdk'] };

/**
 * config.json beside a function: the WeChat cloud calls (云调用) it may make, and (WeChat DevTools' format) its
 * timer trigger. identity exchanges getPhoneNumber codes for the verified phone number (roster match in WeChat);
 * jobs delivers notifications as subscription messages on its timer (the same trigger as cloudbaserc.json).
 */
export const FUNCTION_CONFIG: Record<string, { permissions: { openapi: string[] }; triggers?: { name: string; type: string; config: string }[] }> = {
  identity: { permissions: { openapi: ['phonenumber.getPhoneNumber'] } },
  jobs: { permissions: { openapi: ['subscribeMessage.send'] }, triggers: [{ ...JOBS_TRIGGER }] },
};

/** Modules that only make sense on a developer's machine. Matched against resolved paths. */
const LOCAL_ONLY: RegExp[] = [
  /[\\/]server[\\/]adapters[\\/]local[\\/]index\.ts$/,
  /[\\/]server[\\/]adapters[\\/]pglite[\\/]/,
  /[\\/]server[\\/]gateway[\\/]/,
  /[\\/]node_modules[\\/]@electric-sql[\\/]/,
];
/** What must never appear among a bundle's real inputs (the stubs live in the `local-only` namespace). */
const FORBIDDEN_INPUT = /@electric-sql|adapters[\\/]pglite|server[\\/]gateway|adapters[\\/]local[\\/](index|files|platform|notifier)\.ts|@cloudbase[\\/]|wx-server-sdk/;

const isLocalOnly = (path: string) => LOCAL_ONLY.some((re) => re.test(path));

/** Replace local-only modules by a stub: `GONGYI_RUNTIME=local` then fails with a clear message, and nothing of it ships. */
export const localOnlyPlugin: Plugin = {
  name: 'gongyi-local-only',
  setup(b) {
    b.onResolve({ filter: /^@electric-sql\// }, (args) => ({ path: args.path, namespace: 'local-only' }));
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData?.gongyiResolved) return undefined;
      const res = await b.resolve(args.path, {
        importer: args.importer,
        resolveDir: args.resolveDir,
        kind: args.kind,
        pluginData: { gongyiResolved: true },
      });
      if (res.errors.length > 0 || !isLocalOnly(res.path)) return undefined;
      return { path: relative(ROOT, res.path).split(sep).join('/'), namespace: 'local-only' };
    });
    b.onLoad({ filter: /.*/, namespace: 'local-only' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is local-only and not part of the cloud function bundle; deployed functions run with GONGYI_RUNTIME=cloudbase`)});\n`,
      loader: 'js',
    }));
  },
};

export interface FunctionBundle {
  name: string;
  outfile: string;
  bytes: number;
  /** local-only modules replaced by the stub */
  stubbed: string[];
  /** bundled inputs by size, largest first (for the report) */
  largest: { path: string; bytes: number }[];
  problems: string[];
}

export interface BuildOptions {
  /** folder that receives <name>/index.js and <name>/package.json; defaults to dist/cloudfunctions */
  outRoot?: string;
}

export function functionNames(): string[] {
  return readdirSync(FUNCTIONS_DIR)
    .filter((name) => statSync(join(FUNCTIONS_DIR, name)).isDirectory() && existsSync(join(FUNCTIONS_DIR, name, 'index.ts')))
    .sort();
}

function rootPackage(): { version: string; dependencies: Record<string, string> } {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
}

/** The package.json CloudBase installs from (installDependency: true): the SDK and the function's runtime
 * dependencies, at the repository's exact versions. */
export function functionPackageJson(name: string): string {
  const root = rootPackage();
  const deps: Record<string, string> = {};
  for (const dep of [SDK, ...(RUNTIME_DEPENDENCIES[name] ?? [])]) {
    if (!root.dependencies[dep]) throw new Error(`${dep} is missing from the root package.json dependencies`);
    deps[dep] = root.dependencies[dep];
  }
  const pkg = {
    name: `gongyi-${name}`,
    version: root.version,
    private: true,
    description: `共议 cloud function "${name}", built by npm run build:functions from cloudfunctions/${name}/index.ts; do not edit.`,
    main: 'index.js',
    dependencies: deps,
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** cloudbaserc.json must deploy exactly the functions that exist, with the handler the bundles export. */
export function checkCloudbaserc(names: string[]): string[] {
  const problems: string[] = [];
  const rc = JSON.parse(readFileSync(join(ROOT, 'cloudbaserc.json'), 'utf8')) as {
    functionRoot?: string;
    functions?: {
      name: string;
      handler?: string;
      runtime?: string;
      installDependency?: boolean;
      envVariables?: Record<string, string>;
      triggers?: unknown[];
    }[];
  };
  if (rc.functionRoot !== DEPLOY_ROOT_IN_RC) problems.push(`cloudbaserc.json: functionRoot must be ${DEPLOY_ROOT_IN_RC} (the built functions)`);
  const listed = (rc.functions ?? []).map((f) => f.name).sort();
  if (JSON.stringify(listed) !== JSON.stringify(names)) problems.push(`cloudbaserc.json lists [${listed.join(', ')}], cloudfunctions/ has [${names.join(', ')}]`);
  for (const f of rc.functions ?? []) {
    if (f.handler !== 'index.main') problems.push(`cloudbaserc.json: ${f.name}.handler must be index.main`);
    if (f.installDependency !== true) problems.push(`cloudbaserc.json: ${f.name}.installDependency must be true (CloudBase installs ${SDK})`);
    if (f.envVariables?.GONGYI_RUNTIME !== 'cloudbase') problems.push(`cloudbaserc.json: ${f.name} must set GONGYI_RUNTIME=cloudbase`);
    if (!f.envVariables?.GONGYI_HASH_KEY) problems.push(`cloudbaserc.json: ${f.name} must set GONGYI_HASH_KEY`);
    // timer triggers come from the jobs registry (server/app/jobs): exactly JOBS_TRIGGER on jobs, none elsewhere
    const expected = FUNCTION_CONFIG[f.name]?.triggers ?? [];
    if (JSON.stringify(f.triggers ?? []) !== JSON.stringify(expected)) {
      problems.push(`cloudbaserc.json: ${f.name}.triggers must be ${JSON.stringify(expected)} (server/app/jobs JOBS_TRIGGER)`);
    }
  }
  return problems;
}

function inspect(name: string, outfile: string, metafile: Metafile): FunctionBundle {
  const bytes = statSync(outfile).size;
  const inputs = Object.entries(metafile.inputs);
  const stubbed = inputs.filter(([path]) => path.startsWith('local-only:')).map(([path]) => path.slice('local-only:'.length));
  const problems: string[] = [];
  for (const [path] of inputs) {
    if (!path.startsWith('local-only:') && FORBIDDEN_INPUT.test(path)) problems.push(`${name}: bundle contains local-only or SDK code: ${path}`);
  }
  const output = Object.values(metafile.outputs)[0];
  if (!output.imports.some((i) => i.path === SDK && i.external)) problems.push(`${name}: ${SDK} is not an external import of the bundle`);
  if (bytes > BUNDLE_BUDGET_BYTES) problems.push(`${name}: bundle is ${(bytes / 1024).toFixed(1)} KB, over the ${BUNDLE_BUDGET_BYTES / 1024} KB budget`);
  const largest = Object.entries(output.inputs)
    .map(([path, v]) => ({ path, bytes: v.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  return { name, outfile, bytes, stubbed, largest, problems };
}

export async function buildFunctions(options: BuildOptions = {}): Promise<{ bundles: FunctionBundle[]; problems: string[] }> {
  const outRoot = options.outRoot ?? DEPLOY_DIR;
  rmSync(outRoot, { recursive: true, force: true }); // the deploy root holds built functions only: no stale ones
  const names = functionNames();
  const problems = checkCloudbaserc(names);
  const bundles: FunctionBundle[] = [];
  for (const name of names) {
    const outfile = join(outRoot, name, 'index.js');
    mkdirSync(dirname(outfile), { recursive: true });
    const result = await build({
      entryPoints: [join(FUNCTIONS_DIR, name, 'index.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      external: [SDK, ...(RUNTIME_DEPENDENCIES[name] ?? [])],
      // whitespace and syntax only: identifiers stay readable in CloudBase's stack traces
      minifyWhitespace: true,
      minifySyntax: true,
      // import() of the SDK becomes a plain require(): CloudBase's Node runtime loads it like any CommonJS dependency
      supported: { 'dynamic-import': false },
      define: { __GONGYI_DEFAULT_RUNTIME__: '"cloudbase"' },
      plugins: [localOnlyPlugin],
      metafile: true,
      legalComments: 'none',
      charset: 'utf8',
      logLevel: 'silent',
      banner: { js: `// 共议 cloud function "${name}": built by npm run build:functions, do not edit.` },
    });
    const bundle = inspect(name, outfile, result.metafile);
    bundles.push(bundle);
    problems.push(...bundle.problems);
    writeFileSync(join(outRoot, name, 'package.json'), functionPackageJson(name));
    if (FUNCTION_CONFIG[name]) writeFileSync(join(outRoot, name, 'config.json'), `${JSON.stringify(FUNCTION_CONFIG[name], null, 2)}\n`);
  }
  return { bundles, problems };
}

function report(bundles: FunctionBundle[]): void {
  for (const b of bundles) {
    console.log(`${b.name.padEnd(14)} ${(b.bytes / 1024).toFixed(1).padStart(7)} KB  ${relative(ROOT, b.outfile)}`);
    console.log(`${''.padEnd(14)} largest: ${b.largest.map((i) => `${i.path} ${(i.bytes / 1024).toFixed(1)} KB`).join(', ')}`);
    console.log(`${''.padEnd(14)} excluded (local-only stubs): ${b.stubbed.join(', ') || 'none'}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) {
  buildFunctions()
    .then(({ bundles, problems }) => {
      report(bundles);
      if (problems.length > 0) {
        for (const p of problems) console.error(`✗ ${p}`);
        process.exit(1);
      }
      console.log(`✓ ${bundles.length} functions in ${relative(ROOT, DEPLOY_DIR)}/, each within ${BUNDLE_BUDGET_BYTES / 1024} KB, ${SDK} external, no local-only code`);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
