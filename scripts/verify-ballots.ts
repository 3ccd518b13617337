import { verifyPublishedBallots } from '../server/core/voting/publication';
import { readPublishedDir, sha256 } from './published-files';

/**
 * `npm run verify:ballots -- <dir> [rootHash]`: checks a closed vote's published ballot list (ballots.json) against
 * its root hash (ballots.json, manifest.json and, when given, the root announced on the result page), and against
 * the vote's hash-chained ledger (ledger.json: links, entry hashes, every receipt at its ledger place, every valid
 * receipt listed). Any altered, removed, reordered or inserted ballot fails. Prints the verdict as JSON.
 * Exit code: 0 intact, 1 a problem found, 2 could not read. docs/counting.md (公示数据与核验).
 */
function main(argv: string[]): number {
  if (argv.length < 1 || argv.length > 2 || argv[0]!.startsWith('-')) {
    console.error('用法 usage: npm run verify:ballots -- <dir> [rootHash]');
    return 2;
  }
  let files;
  try {
    files = readPublishedDir(argv[0]!);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const verdict = verifyPublishedBallots(sha256, files, argv[1]);
  process.stdout.write(JSON.stringify({ ok: verdict.ok, ballots: files.ballots.ballots.length, rootHash: verdict.rootHash, problems: verdict.problems }, null, 2) + '\n');
  console.error(verdict.ok ? '通过 OK: 选票清单与根哈希、表决账本一致' : `未通过 FAILED: 发现 ${verdict.problems.length} 处问题`);
  return verdict.ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
