import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { AUDIT_PROBLEM_TEXT, parseAuditExport } from '../server/app/audit/export';
import { readAuditRecord } from '../server/app/audit/log';
import { verifyAudit, type AuditRecordSet } from '../server/core/audit/verify';
import { localSecretDir, readWitnessedAnchors, WITNESS_FILE } from '../server/adapters/local/secrets';
import { openLocalDatabase } from './audit-cli';

/**
 * `npm run verify:audit -- <estate | export.json> [--anchor <seq>:<hash> ...]`
 *
 * Verifies one estate's audit log, either in the local database (GONGYI_DATA_DIR, default .data) or in a
 * file written by `npm run export:audit`. `--anchor` adds anchors published elsewhere (a notice, a group
 * message), so a copy whose tail was cut, anchors included, is still caught.
 * For the local database, the anchors witnessed outside the data folder (GONGYI_SECRET_DIR, default
 * `.keys/<data folder name>/audit-anchors.jsonl`, written by the anchoring job) are always checked too: whoever
 * holds only the data folder can rewrite chain, anchors and head consistently, but not that copy.
 * Exit code: 0 intact, 1 tampering detected, 2 could not run (bad arguments, unreadable input).
 * Needs no secret: every hash in the log is a plain SHA-256 anyone can recompute.
 */
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function parseArgs(argv: string[]) {
  const anchors: { seq: number; hash: string }[] = [];
  let target: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--anchor') {
      const m = /^(\d+):([0-9a-f]{64})$/.exec(argv[++i] ?? '');
      if (!m) throw new Error('--anchor 需要 <seq>:<64 位十六进制哈希> expects <seq>:<64 hex digits>');
      anchors.push({ seq: Number(m[1]), hash: m[2] });
    } else if (!target) target = argv[i];
    else throw new Error(`多余的参数 unexpected argument: ${argv[i]}`);
  }
  if (!target) throw new Error('用法 usage: npm run verify:audit -- <estate | export.json> [--anchor <seq>:<hash>]');
  return { target, anchors };
}

async function load(target: string): Promise<{ record: AuditRecordSet; source: string; witnessed: { seq: number; hash: string }[] }> {
  if (target.endsWith('.json') || existsSync(target)) {
    return { record: parseAuditExport(readFileSync(target, 'utf8')), source: `export file ${target}`, witnessed: [] };
  }
  const { storage, dataDir, close } = await openLocalDatabase();
  try {
    const secretDir = localSecretDir(dataDir);
    const witnessed = readWitnessedAnchors(secretDir, target).map(({ seq, hash }) => ({ seq, hash }));
    if (!witnessed.length) console.log(`! 没有找到数据目录之外的锚点 no anchors witnessed outside the data folder (${secretDir}/${WITNESS_FILE})`);
    return { record: await readAuditRecord(storage, target), source: `local database ${dataDir}`, witnessed };
  } finally {
    await close();
  }
}

async function run(): Promise<number> {
  const { target, anchors } = parseArgs(process.argv.slice(2));
  const { record, source, witnessed } = await load(target);
  // the witness keeps every anchor ever made: the stored ones must not have disappeared from the database either
  const verdict = verifyAudit(sha256, record, { externalAnchors: [...anchors, ...witnessed] });
  if (witnessed.length) console.log(`  核对了数据目录之外的 ${witnessed.length} 个锚点 checked ${witnessed.length} anchors witnessed outside the data folder`);
  console.log(`小区 estate: ${record.estateId}（${source}）`);
  if (verdict.ok) {
    console.log(`✔ 审计日志完整：${verdict.length} 条链上记录，${verdict.events} 个事件，核对了 ${verdict.anchors} 个锚点；${verdict.pending} 个最新事件尚待入链。`);
    console.log(`✔ AUDIT LOG INTACT: ${verdict.length} chain entries, ${verdict.events} events, ${verdict.anchors} anchors checked; ${verdict.pending} recent events not yet chained.`);
    console.log(`  链头 head: seq ${verdict.length} hash ${verdict.headHash}`);
    return 0;
  }
  const text = AUDIT_PROBLEM_TEXT[verdict.reason];
  const where = [verdict.seq !== null ? `seq ${verdict.seq}` : null, verdict.eventId ? `event ${verdict.eventId}` : null].filter(Boolean).join(', ');
  console.log(`✘ 审计日志被篡改：${text.zh}${where ? `（位置：${where}）` : ''}`);
  console.log(`✘ TAMPERING DETECTED [${verdict.reason}]: ${text.en}${where ? ` at ${where}` : ''}. ${verdict.detail}`);
  return 1;
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`无法核验 cannot verify: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
