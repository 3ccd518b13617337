import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import type { Crypto } from '../../ports';

export function nodeCrypto(hashKey: string): Crypto {
  if (hashKey.length < 16) throw new Error('hash key must be at least 16 characters');
  return {
    sha256: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
    keyedHash: (purpose, value) => createHmac('sha256', hashKey).update(`${purpose}\u0000${value}`, 'utf8').digest('hex'),
    newId: (prefix) => `${prefix}_${randomBytes(12).toString('base64url')}`,
    randomInt: (maxExclusive) => randomInt(maxExclusive),
  };
}
