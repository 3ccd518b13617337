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
  /**
   * Encrypt a value that someone must read back in full later (a requester's contact phone, for the handler who
   * calls them) under a key derived from the deployment's secret and the purpose: whoever has only the data folder
   * or the database cannot read it. Authenticated: a changed or foreign value does not open.
   */
  seal(purpose: string, value: string): string;
  /** the value `seal` was given under the same purpose, or null when it does not open (another key, purpose or a change) */
  unseal(purpose: string, sealed: string): string | null;
}
