import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLISHED_FILES, type PublishedFiles } from '../server/core/voting/publication';

/** Reads a directory of published vote files (manifest.json, roster.json, ballots.json, ledger.json, result.json). */
export function readPublishedDir(dir: string): PublishedFiles {
  const out: Record<string, unknown> = {};
  for (const name of PUBLISHED_FILES) {
    const path = join(dir, `${name}.json`);
    try {
      out[name] = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`无法读取 cannot read ${path}: ${(e as Error).message}`);
    }
  }
  return out as unknown as PublishedFiles;
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
