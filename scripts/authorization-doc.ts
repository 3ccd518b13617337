import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAuthorizationMarkdown } from '../types/authorization';

/**
 * Render docs/authorization.md from the contracts (types/authorization.ts derives the matrix).
 * `--check` exits 1 when the file is stale (tests/functions/authorization-matrix.test.ts checks it too).
 */
const target = join(__dirname, '..', 'docs', 'authorization.md');
const text = renderAuthorizationMarkdown();
if (process.argv.includes('--check')) {
  if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
    console.error('docs/authorization.md is stale: run npx tsx scripts/authorization-doc.ts');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
