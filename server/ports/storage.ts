/**
 * The storage port: a small document store that both engines implement the same way.
 *
 * - Embedded default: PGlite (PostgreSQL in WebAssembly), one `docs` table keyed by (collection, id).
 * - Production: the CloudBase database, one collection per collection name, `_id` = id.
 *
 * Uniqueness that matters is expressed through DETERMINISTIC ids (a ballot's id is its item and unit),
 * so the engine's primary key rejects the second write: `create` never checks first.
 * Transactions only read and write by id, because CloudBase transactions cannot run queries.
 * Queries (equality filters, one sort key, paging) run outside transactions.
 */

export type Scalar = string | number | boolean | null;
export type DocData = Record<string, unknown>;

export interface StoredDoc<T extends DocData = DocData> {
  id: string;
  /** starts at 1, +1 on every update: optimistic concurrency on both engines */
  version: number;
  data: T;
}

export interface Query {
  /** equality on top-level fields; an array value means "one of" */
  where?: Record<string, Scalar | Scalar[]>;
  orderBy?: { field: string; direction?: 'asc' | 'desc' };
  /** stop after this many documents; adapters page internally past per-request caps */
  limit?: number;
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

export const TRANSACTION_ATTEMPTS = 4;

/** Shared retry policy for adapters: rerun the transaction body when another writer won the race. */
export async function retryOnConflict<R>(attempt: () => Promise<R>, attempts = TRANSACTION_ATTEMPTS): Promise<R> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof VersionConflictError) || i >= attempts) throw err;
    }
  }
}
