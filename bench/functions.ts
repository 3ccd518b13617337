import { spawnSync } from 'node:child_process';
import { BUNDLE_BUDGET_BYTES, buildFunctions, ROOT } from '../scripts/build-functions';
import { CAPABILITIES } from '../types/capabilities';

/** any real action of each function: the handler resolves the ports (and loads the SDK) only for a known action */
const firstAction = (name: string) => Object.keys(CAPABILITIES.find((c) => c.name === name)?.actions ?? {})[0] ?? 'me';

/**
 * `npm run bench:functions`: build the cloud function bundles, then for each one report
 * - the bundle size;
 * - cold `require` of the bundle alone, in a fresh Node process (the SDK is loaded lazily, so this is the
 *   bundle's own load);
 * - the first invocation, in the same fresh process: `main({ action })` with no WeChat OPENID in the
 *   environment. That loads and initialises the real @cloudbase/node-sdk and creates every port, then stops
 *   at "not authenticated" BEFORE any database request. (Outside CloudBase, without credentials, the first
 *   request of node-sdk raises an unhandled rejection that ends the process; requiring and initialising it
 *   offline is safe, and this is what is measured. Network latency to the database is not.)
 * Median of RUNS fresh processes per function.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const PROBE = `
const t0 = process.hrtime.bigint();
const { main } = require(process.argv[1]);
const t1 = process.hrtime.bigint();
main({ action: process.argv[2], input: {} }, {}).then((res) => {
  const t2 = process.hrtime.bigint();
  const sdkLoaded = Object.keys(require.cache).some((k) => /node_modules[\\\\/]@cloudbase[\\\\/]node-sdk[\\\\/]/.test(k));
  process.stdout.write(JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, firstCallMs: Number(t2 - t1) / 1e6, code: res.ok ? 'OK' : res.error.code, sdkLoaded }) + '\\n');
  process.exit(0);
});
`;

interface Sample {
  requireMs: number;
  firstCallMs: number;
  code: string;
  sdkLoaded: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

function probe(bundle: string, action: string): Sample {
  const res = spawnSync(process.execPath, ['-e', PROBE, bundle, action], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30000,
    // a deployed function's configuration, minus the WeChat caller (so no database request is made)
    env: { PATH: process.env.PATH, GONGYI_RUNTIME: 'cloudbase', GONGYI_HASH_KEY: 'bench-hash-key-0123456789abcdef' } as unknown as NodeJS.ProcessEnv,
  });
  const line = res.stdout.trim().split('\n').pop();
  if (res.status !== 0 || !line) throw new Error(`probe failed (${res.status}): ${res.stdout}${res.stderr}`);
  return JSON.parse(line) as Sample;
}

async function main() {
  const { bundles, problems } = await buildFunctions();
  if (problems.length > 0) {
    for (const p of problems) console.error(`✗ ${p}`);
    process.exit(1);
  }
  console.log(`Node ${process.version}, ${RUNS} fresh processes per function (median)\n`);
  console.log('function       bundle KB   require bundle ms   first call (SDK load + init) ms   SDK loaded on first call');
  for (const b of bundles) {
    const action = firstAction(b.name);
    const samples = Array.from({ length: RUNS }, () => probe(b.outfile, action));
    const codes = [...new Set(samples.map((s) => s.code))].join(',');
    console.log(
      [
        b.name.padEnd(14),
        (b.bytes / 1024).toFixed(1).padStart(9),
        median(samples.map((s) => s.requireMs)).toFixed(1).padStart(19),
        median(samples.map((s) => s.firstCallMs)).toFixed(1).padStart(33),
        `${samples.every((s) => s.sdkLoaded) ? 'yes' : 'no'} (answer ${codes})`.padStart(27),
      ].join(' '),
    );
  }
  console.log(`\nbudget ${BUNDLE_BUDGET_BYTES / 1024} KB per bundle; @cloudbase/node-sdk is installed by CloudBase (installDependency) and not counted.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
