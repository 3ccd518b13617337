import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildDemoRosterXlsx } from '../server/seed/demo-roster-file';

/**
 * `npm run demo:roster [-- <out file>]`: write the demo estate's roster as an .xlsx (default .tmp/demo-roster.xlsx),
 * in the template's columns. Uploading it unchanged as community staff is refused (ROSTER_UNCHANGED: it is the
 * seeded version); change a row (an area, a phone, an owner) to see the preview's differences.
 * The names, ID numbers and phones in it are fictional.
 */
async function run() {
  const out = resolve(process.argv[2] ?? '.tmp/demo-roster.xlsx');
  mkdirSync(dirname(out), { recursive: true });
  const bytes = await buildDemoRosterXlsx();
  writeFileSync(out, bytes);
  console.log(`演示名册已写入 demo roster written: ${out} (${(bytes.length / 1024).toFixed(1)} KB)`);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
