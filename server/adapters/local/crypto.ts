import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import type { Crypto } from '../../ports';

/** random bytes of one new id */
const ID_BYTES = 12;
/** ids' random bytes are drawn from the system CSPRNG this many at a time (as node's randomUUID caches its entropy) */
const ID_POOL_BYTES = 4096;
/** sealed values: "s1." + base64url(iv 12 bytes | tag 16 bytes | AES-256-GCM ciphertext) */
const SEAL_PREFIX = 's1.';

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
  // one AES key per purpose, derived from the deployment key (never the key itself)
  const sealKey = (purpose: string) => createHmac('sha256', hashKey).update(`seal\u0000${purpose}`, 'utf8').digest();
  return {
    sha256: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
    keyedHash: (purpose, value) => createHmac('sha256', hashKey).update(`${purpose}\u0000${value}`, 'utf8').digest('hex'),
    newId: (prefix) => `${prefix}_${idBytes().toString('base64url')}`,
    randomInt: (maxExclusive) => randomInt(maxExclusive),
    seal: (purpose, value) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealKey(purpose), iv);
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return SEAL_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    unseal: (purpose, sealed) => {
      if (!sealed.startsWith(SEAL_PREFIX)) return null;
      const raw = Buffer.from(sealed.slice(SEAL_PREFIX.length), 'base64url');
      if (raw.length < 28) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey(purpose), raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
