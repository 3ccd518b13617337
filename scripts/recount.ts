import { CountInputError } from '../server/core/voting/count';
import { recount, sameResult } from '../server/core/voting/publication';
import { readPublishedDir } from './published-files';

/**
 * `npm run recount -- <dir>`: counts a closed vote again from its published files alone (roster.json, ballots.json
 * and manifest.json, as downloaded from the result page), with the same engine the product counted with
 * (server/core/voting/count.ts), prints the result as JSON on stdout and says on stderr whether it equals the
 * published result.json. Exit code: 0 equal, 1 different, 2 could not count. docs/counting.md (公示数据与核验).
 */
function main(argv: string[]): number {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) {
    console.error('用法 usage: npm run recount -- <dir>');
    return 2;
  }
  try {
    const files = readPublishedDir(argv[0]!);
    const result = recount(files);
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    if (sameResult(result, files.result)) {
      console.error('一致 SAME: 重新计票结果与公示的计票结果（result.json）一致');
      return 0;
    }
    console.error('不一致 DIFFERENT: 重新计票结果与公示的计票结果（result.json）不一致');
    return 1;
  } catch (e) {
    if (e instanceof CountInputError || (e instanceof Error && e.message.startsWith('无法读取'))) {
      console.error(`无法计票 cannot count: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
