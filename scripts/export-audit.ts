import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { exportAudit } from '../server/app/audit/export';
import { openLocalDatabase } from './audit-cli';

/**
 * `npm run export:audit -- <estate> [file]`: write one estate's audit log (events, chain entries, anchors,
 * head) from the local database (GONGYI_DATA_DIR, default .data) as JSON, default .tmp/audit-<estate>.json.
 * The file holds no openids (actors are keyed pseudonyms) and can be published; `npm run verify:audit -- <file>`
 * re-checks it. Stop the gateway first: the embedded database has one user at a time.
 */
async function run() {
  const [estateId, file] = process.argv.slice(2);
  if (!estateId) {
    console.error('用法 usage: npm run export:audit -- <estate> [file]');
    process.exit(2);
  }
  const out = resolve(file ?? `.tmp/audit-${estateId}.json`);
  const { storage, close } = await openLocalDatabase();
  try {
    const data = await exportAudit(storage, estateId, new Date());
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
    console.log(`审计日志已导出 audit log exported: ${out} (estate ${estateId}: ${data.events.length} events, ${data.entries.length} entries, ${data.anchors.length} anchors)`);
  } finally {
    await close();
  }
}

run().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
