import { readFileSync } from 'node:fs';
import { CountInputError, countItem, countVote } from '../server/core/voting/count';

/**
 * `npm run count -- <file.json>`: counts a published vote item with the same function the product uses
 * (server/core/voting/count.ts) and prints the result as JSON on stdout. Format and worked examples:
 * docs/counting.md (examples in docs/examples/counting/).
 *
 * A file with `items` is the whole-vote form (one roster, several items); otherwise it is one item.
 * Exit code: 0 counted (whether or not the item passed), 2 could not count (bad arguments, unreadable file,
 * input that is not countable — the message says which field).
 */
function main(argv: string[]): number {
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    console.error('用法 usage: npm run count -- <file.json>');
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(argv[0], 'utf8'));
  } catch (e) {
    console.error(`无法读取 cannot read ${argv[0]}: ${(e as Error).message}`);
    return 2;
  }
  try {
    const isVote = !!raw && typeof raw === 'object' && 'items' in raw;
    const result = isVote ? countVote(raw as Parameters<typeof countVote>[0]) : countItem(raw as Parameters<typeof countItem>[0]);
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof CountInputError) {
      console.error(`无法计票 cannot count: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
