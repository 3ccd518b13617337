/**
 * The storage port: a small document store that both engines implement the same way.
 *
 * - Embedded default: PGlite (PostgreSQL in WebAssembly), one `docs` table keyed by (collection, id).
 * - Production: the CloudBase database, one collection per collection name, `_id` = id.
 *
 * Uniqueness that matters is expressed through DETERMINISTIC ids (a ballot's id is its item and unit),
 * so the engine's primary key rejects the second write: `create` never checks first.
 * Transactions only read and write by id, because CloudBase transactions cannot run queries.
 * Queries (filters, one sort key, cursor pages, batch get, grouped aggregates) run outside transactions.
 *
 * PINNED MEANINGS (identical on both engines; tests/support/storage-contract.ts runs them on both;
 * docs/storage.md lists them too). Filters apply to top-level fields:
 * - `{ f: x }` (x a scalar) matches documents whose f equals x, AND documents whose f is an ARRAY that
 *   contains x (MongoDB's meaning): `{ roles: 'community_staff' }` finds staff. Numbers compare by value
 *   (1 equals 1.0); a number never equals a string.
 * - `{ f: [a, b] }` (one of) matches when f equals a or b, or f is an array containing a or b. `[]` matches nothing.
 * - `{ f: null }` matches f = null AND f missing (and an array containing null). `[null, x]` likewise.
 * - `{ f: { gt?, gte?, lt?, lte? } }` is a range on numbers or on strings (all bounds one type). It is
 *   TYPE-BRACKETED: a numeric range only matches numbers, a string range only strings (never null, missing,
 *   booleans). Strings compare by code point (UTF-8 bytes: 'B' < 'a' < 'é'). Ranges on array-valued fields
 *   are NOT supported (MongoDB would test the elements, PGlite never matches): do not ask.
 * - Sorting: missing and null sort together, FIRST in asc and LAST in desc; ties (same value) are broken by
 *   id in the same direction, so every order is total. Sorting on a field holding values of different types
 *   (numbers in some documents, strings in others) or arrays is NOT supported; the order is then unspecified.
 * - Cursor pages: order = (sort field, id). `next` is null exactly when no document follows; a cursor made
 *   for another orderBy is refused (InvalidCursorError). A page may end on a document whose sort value is
 *   null or missing: the next page continues correctly (nulls first in asc: then the rest of the nulls by id,
 *   then all non-null values; in desc nulls come last: the rest of the nulls by id). Documents written after a
 *   cursor was made appear if they sort after it.
 * - Aggregates: rows sorted by their group values (null, then numbers, then strings, then booleans);
 *   a missing group field and null form ONE group, reported as null. `sum` adds only numbers (strings, null,
 *   missing add 0). `distinct` counts distinct non-null values (1 and 1.0 are one value). With no group fields
 *   the result is always exactly one row (count 0 over no documents); with group fields, only groups that
 *   have documents. Group and distinct fields must hold scalars.
 * Field names are plain identifiers (the CloudBase adapter also reserves `version` and names starting with `_`).
 */

export * from './storage-query';
import type { AggregateQuery, AggregateRow, OrderBy, PageQuery, Where } from './storage-query';
export type DocData = Record<string, unknown>;

export interface StoredDoc<T extends DocData = DocData> {
  id: string;
  /** starts at 1, +1 on every update: optimistic concurrency on both engines */
  version: number;
  data: T;
}

export interface Query {
  /** all conditions must hold: equality, one of (array), range ({ gt, gte, lt, lte }); meanings above */
  where?: Where;
  orderBy?: OrderBy;
  /** stop after this many documents; adapters page internally past per-request caps */
  limit?: number;
}

export interface Page<T extends DocData = DocData> {
  docs: StoredDoc<T>[];
  /** pass as `after` for the next page; null when no document follows */
  next: string | null;
}

export interface TxStore {
  get<T extends DocData>(collection: string, id: string): Promise<StoredDoc<T> | null>;
  /** Insert a new document; throws DuplicateKeyError when (collection, id) already exists. */
  create<T extends DocData>(collection: string, id: string, data: T): Promise<StoredDoc<T>>;
  /** Replace a document's data if its version is still `expectedVersion`; throws VersionConflictError otherwise. */
  update<T extends DocData>(collection: string, id: string, expectedVersion: number, data: T): Promise<StoredDoc<T>>;
}

export interface Storage {
  get<T extends DocData>(collection: string, id: string): Promise<StoredDoc<T> | null>;
  find<T extends DocData>(collection: string, query?: Query): Promise<StoredDoc<T>[]>;
  count(collection: string, where?: Query['where']): Promise<number>;
  /** One page in the total order (sort field, id); `after` is the previous page's `next`. */
  page<T extends DocData>(collection: string, query: PageQuery): Promise<Page<T>>;
  /** Documents by id, in the order asked, null where none exists (repeated ids give repeated results). */
  getMany<T extends DocData>(collection: string, ids: readonly string[]): Promise<(StoredDoc<T> | null)[]>;
  /** Count, sums and distinct counts grouped by 0 to 2 fields, computed by the engine (no documents loaded). */
  aggregate(collection: string, query: AggregateQuery): Promise<AggregateRow[]>;
  /**
   * Run `work` atomically. On VersionConflictError the whole function is retried (a few times),
   * so `work` must only touch storage through `tx` and be safe to run again.
   */
  transaction<R>(work: (tx: TxStore) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

export class DuplicateKeyError extends Error {
  constructor(readonly collection: string, readonly id: string) {
    super(`duplicate key ${collection}/${id}`);
    this.name = 'DuplicateKeyError';
  }
}

export class VersionConflictError extends Error {
  constructor(readonly collection: string, readonly id: string) {
    super(`version conflict on ${collection}/${id}`);
    this.name = 'VersionConflictError';
  }
}

/** attempts of one transaction before its VersionConflictError reaches the caller (pauses in between: retryOnConflict) */
export const TRANSACTION_ATTEMPTS = 6;

/**
 * Most document WRITES (inserts, updates, deletes) one transaction may carry, on both engines. Work that
 * touches more runs in chunks (server/app/bulk.ts); the CloudBase stand-in refuses a bigger transaction.
 *
 * Source (searched 2026): CloudBase publishes no numeric per-transaction cap. Its docs say transactions run
 * only server-side and allow only single-document operations (no `where` batch writes) but "many records
 * in one transaction" (docs.cloudbase.net/database/transaction; developers.weixin.qq.com ...
 * /wxcloud/reference-sdk-api/database/Database.runTransaction). The document database is built on Tencent
 * Cloud MongoDB (docs.cloudbase.net/database/intro/introduce-db), whose documented transaction limits are a
 * 60 s lifetime (transactionLifetimeLimitSeconds) and 16 MB per oplog entry (mongodb.com/docs/manual/core/
 * transactions-production-consideration), and whose published best practice is to modify no more than
 * 1,000 documents per transaction (MongoDB blog "Performance Best Practices: Transactions and Read/Write
 * Concerns", Keep & Ingo). We take that 1,000 as the hard cap: a conservative choice, not a measured one.
 */
export const TRANSACTION_WRITE_LIMIT = 1000;

/** Ceiling of the random pause after the i-th lost race (i from 1): RETRY_BACKOFF_BASE_MS · 2^i, i.e. 20, 40, 80 … ms. */
export const RETRY_BACKOFF_BASE_MS = 10;

export interface RetryOptions {
  /** total attempts, the first included */
  attempts?: number;
  /** uniform in [0, 1); injectable for tests */
  random?: () => number;
  /** waits ms; injectable for tests */
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The pause after the i-th failed attempt: full jitter, uniform in [0, RETRY_BACKOFF_BASE_MS · 2^i). */
export const retryBackoffMs = (failedAttempt: number, random: () => number = Math.random) =>
  Math.floor(random() * RETRY_BACKOFF_BASE_MS * 2 ** failedAttempt);

/**
 * Shared retry policy for adapters: rerun the transaction body when another writer won the race.
 * Between attempts it waits a random pause whose ceiling doubles with each lost race (full jitter): two
 * writers that keep crossing each other on CloudBase (where both can lose) would otherwise retry in
 * lockstep and lose together every time. Other errors, and the last conflict, are thrown at once.
 */
export async function retryOnConflict<R>(attempt: () => Promise<R>, options: RetryOptions = {}): Promise<R> {
  const { attempts = TRANSACTION_ATTEMPTS, random = Math.random, sleep = wait } = options;
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof VersionConflictError) || i >= attempts) throw err;
    }
    const pause = retryBackoffMs(i, random);
    if (pause > 0) await sleep(pause);
  }
}
