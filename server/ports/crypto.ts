/** Hashing and ids. Keyed hashes protect personal data (ID numbers, phones) at rest. */
export interface Crypto {
  /** hex SHA-256 of a UTF-8 string: public, re-checkable by anyone (audit chain, fingerprints) */
  sha256(text: string): string;
  /** hex HMAC-SHA-256 under the deployment's secret key, domain-separated by purpose */
  keyedHash(purpose: string, value: string): string;
  /** a fresh random id, URL-safe */
  newId(prefix: string): string;
  /** a uniformly random integer in [0, maxExclusive), from a cryptographic source (codes people type) */
  randomInt(maxExclusive: number): number;
}
