import { randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AUDIT_ANCHORS } from '../../app/audit/log';
import type { AuditAnchor } from '../../core/audit/verify';
import type { Storage } from '../../ports';

/**
 * Where local secrets live: GONGYI_SECRET_DIR, else a git-ignored `.keys/<data folder name>` beside the data folder
 * (`.data` -> `.keys/data`). Never inside the data folder: whoever copies the folder (a backup, a shared laptop
 * image) must not get the key that turns its phone and name hashes back into phone numbers and names.
 */
export function localSecretDir(dataDir: string): string {
  if (process.env.GONGYI_SECRET_DIR) return resolve(process.env.GONGYI_SECRET_DIR);
  const abs = resolve(dataDir);
  return join(dirname(abs), '.keys', basename(abs).replace(/^\.+/, '') || 'data');
}

/**
 * The local hash key, created once in the secret folder; production sets GONGYI_HASH_KEY. A key left inside the
 * data folder by an earlier version is moved out (same key, so existing hashes keep matching), with a notice.
 */
export function localHashKey(dataDir: string | undefined, secretDir: string | undefined): string {
  if (process.env.GONGYI_HASH_KEY) return process.env.GONGYI_HASH_KEY;
  if (!dataDir || !secretDir) return randomBytes(32).toString('hex');
  if (secretDir === resolve(dataDir) || secretDir.startsWith(resolve(dataDir) + '/')) {
    throw new Error(`GONGYI_SECRET_DIR (${secretDir}) must not be inside the data folder ${resolve(dataDir)}`);
  }
  const file = join(secretDir, 'hash.key');
  const legacy = join(dataDir, 'hash.key');
  mkdirSync(secretDir, { recursive: true, mode: 0o700 });
  if (existsSync(legacy)) {
    const old = readFileSync(legacy, 'utf8').trim();
    if (existsSync(file) && readFileSync(file, 'utf8').trim() !== old) {
      throw new Error(`两个不同的密钥 two different hash keys: ${legacy} and ${file}; keep the one this data was written with and delete the other`);
    }
    if (!existsSync(file)) {
      try {
        renameSync(legacy, file);
      } catch {
        copyFileSync(legacy, file); // another file system
      }
    }
    if (existsSync(legacy)) unlinkSync(legacy);
    console.log(`已将哈希密钥移出数据目录 moved the hash key out of the data folder: ${legacy} -> ${file}`);
  }
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
}

/** Anchors witnessed outside the data folder, one JSON line each: `{estateId, seq, hash, at}`. */
export const WITNESS_FILE = 'audit-anchors.jsonl';

/**
 * Every audit anchor the local storage commits is also appended to the witness file in the secret folder.
 * Whoever holds only the data folder can bypass the database's append-only triggers and rewrite the chain,
 * its anchors and its head consistently; they cannot rewrite this copy, which `verify:audit` checks by default.
 */
export function witnessAnchors<S extends Storage>(storage: S, secretDir: string): S {
  const file = join(secretDir, WITNESS_FILE);
  const transaction = storage.transaction.bind(storage);
  storage.transaction = (async (fn: Parameters<Storage['transaction']>[0], ...rest: unknown[]) => {
    let created: AuditAnchor[] = [];
    const result = await (transaction as (...a: unknown[]) => Promise<unknown>)(async (tx: Parameters<typeof fn>[0]) => {
      created = []; // a retried attempt starts over
      const wrapped = new Proxy(tx, {
        get(target, prop) {
          if (prop === 'create') {
            return async (collection: string, id: string, data: Record<string, unknown>) => {
              const out = await target.create(collection, id, data);
              if (collection === AUDIT_ANCHORS) created.push(data as unknown as AuditAnchor);
              return out;
            };
          }
          const value = Reflect.get(target, prop) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      return fn(wrapped);
    }, ...rest);
    if (created.length) {
      mkdirSync(secretDir, { recursive: true, mode: 0o700 });
      appendFileSync(file, created.map((a) => JSON.stringify({ estateId: a.estateId, seq: a.seq, hash: a.hash, at: a.at }) + '\n').join(''), { mode: 0o600 });
    }
    return result;
  }) as S['transaction'];
  return storage;
}

/** The witnessed anchors of one estate (empty when there is no witness file). */
export function readWitnessedAnchors(secretDir: string, estateId: string): { seq: number; hash: string; at: string }[] {
  const file = join(secretDir, WITNESS_FILE);
  if (!existsSync(file)) return [];
  const out: { seq: number; hash: string; at: string }[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let a: { estateId?: unknown; seq?: unknown; hash?: unknown; at?: unknown };
    try {
      a = JSON.parse(line);
    } catch {
      continue; // a line cut short by a crash while appending
    }
    if (a.estateId === estateId && typeof a.seq === 'number' && typeof a.hash === 'string') out.push({ seq: a.seq, hash: a.hash, at: String(a.at) });
  }
  return out;
}
