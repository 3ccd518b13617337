import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import type { Crypto } from '../../ports';

/** random bytes of one new id */
const ID_BYTES = 12;
/** ids' random bytes are drawn from the system CSPRNG this many at a time (as node's randomUUID caches its entropy) */
const ID_POOL_BYTES = 4096;

export function nodeCrypto(hashKey: string): Crypto {
  if (hashKey.length < 16) throw new Error('hash key must be at least 16 characters');
  // one randomBytes call per id cost ~10 µs (a job per call); a ballot submission takes three ids
  let pool = Buffer.alloc(0);
  let used = 0;
  const idBytes = () => {
    if (used + ID_BYTES > pool.length) {
      pool = randomBytes(ID_POOL_BYTES);
      used = 0;
    }
    used += ID_BYTES;
    return pool.subarray(used - ID_BYTES, used);
  };
  return {
    sha256: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
    keyedHash: (purpose, value) => createHmac('sha256', hashKey).update(`${purpose}\u0000${value}`, 'utf8').digest('hex'),
    newId: (prefix) => `${prefix}_${idBytes().toString('base64url')}`,
    randomInt: (maxExclusive) => randomInt(maxExclusive),
  };
}
