import { COLLECTIONS } from '../../app/collections';
import {
  checkAggregate,
  checkPageLimit,
  cursorAfter,
  decodeCursor,
  DuplicateKeyError,
  emptyAggregateRow,
  pageOrder,
  parseWhere,
  retryOnConflict,
  sortAggregateRows,
  VersionConflictError,
  type AggregateQuery,
  type AggregateRow,
  type CursorPosition,
  type DocData,
  type Page,
  type PageQuery,
  type Query,
  type Scalar,
  type Storage,
  type StoredDoc,
  type TxStore,
} from '../../ports';

/**
 * The storage port over the CloudBase document database (@cloudbase/node-sdk `app.database()`).
 *
 * Layout: one CloudBase collection per port collection; a document is stored as
 *   { _id: <our id>, version: <n>, ...data }
 * so data fields sit at the top level, next to the two RESERVED fields `_id` and `version`. Top-level data
 * field names must be plain identifiers, must not be `version` and must not start with `_` (CloudBase's own
 * system fields such as `_id` and `_openid` use that prefix); nested objects are stored as they are.
 *
 * - Uniqueness: `create` inserts with a deterministic `_id` inside a transaction; the database's `_id` index
 *   rejects a second insert (E11000 duplicate key), which becomes DuplicateKeyError.
 * - Optimistic concurrency: `update` checks the stored `version` inside the transaction and writes the whole
 *   document with `version + 1`. CloudBase transactions are snapshot-isolated: if another writer committed the
 *   same document after our snapshot, the write or commit fails with DATABASE_TRANSACTION_CONFLICT, which
 *   becomes VersionConflictError; either error makes `transaction()` rerun the body (retryOnConflict).
 * - CloudBase transactions cannot run queries: `find`/`count` run outside transactions, as the port says.
 * - One server-side `get` returns at most 1000 documents: `find` pages with skip/limit over a total order
 *   (the sort field, then `_id`) until `limit` documents are read or a short page shows the end; `page` walks
 *   the same order by keyset (strictly after the last (value, _id)), so it never skips or repeats.
 * - `getMany` asks `_id in [...]` in chunks of 1000 ids (one request per chunk).
 * - `aggregate` is one aggregation pipeline (aggregateDocuments): $match, $group with $ifNull keys (so missing
 *   and null group together) and $sum, a second $group for distinct counts, $sort on the keys, $skip/$limit
 *   pages of 1000 groups (an aggregation without $limit returns only 20 rows on CloudBase).
 * - Append-only collections (collections.ts) refuse `update` here, in the adapter: CloudBase has no triggers.
 *   Clients cannot write at all (cloudbase/database-rules.json); the audit hash chain shows any other edit.
 */

/** Largest page the CloudBase server returns for one query `get`. */
export const CLOUDBASE_PAGE_MAX = 1000;
/** Ids per `_id in [...]` request in getMany (the page cap: at most this many documents come back). */
export const CLOUDBASE_IN_MAX = 1000;
/** Groups per aggregation request (we always send $limit: without one CloudBase returns 20 rows). */
export const CLOUDBASE_AGGREGATE_PAGE = 1000;
/** CloudBase retries a conflicted transaction itself unless told not to; our retry policy is retryOnConflict. */
const SDK_TRANSACTION_RETRIES = 0;

// ---------------------------------------------------------------------------------------------------------
// The subset of node-sdk's database this adapter uses. `app.database()` (a @cloudbase/database `Db`)
// satisfies it; tests inject the same `Db` class over a recording request layer.
// ---------------------------------------------------------------------------------------------------------

/** A stored CloudBase document as the SDK returns it (EJSON already decoded). */
export type CloudbaseDocument = Record<string, unknown> & { _id?: unknown; version?: unknown };

export interface CloudbaseQuery {
  orderBy(field: string, direction: 'asc' | 'desc'): CloudbaseQuery;
  skip(offset: number): CloudbaseQuery;
  limit(max: number): CloudbaseQuery;
  get(): Promise<{ data?: CloudbaseDocument[] }>;
  count(): Promise<{ total?: number }>;
}

export interface CloudbaseDocumentRef {
  /** outside a transaction `data` is an array (0 or 1 documents); inside one it is the document or null */
  get(): Promise<{ data?: CloudbaseDocument[] | CloudbaseDocument | null }>;
  /** replace the whole document (everything but `_id`) */
  set(data: Record<string, unknown>): Promise<{ updated?: number }>;
}

export interface CloudbaseCollection {
  doc(id: string): CloudbaseDocumentRef;
  /** insert; `_id` in the data sets the document id */
  add(data: Record<string, unknown>): Promise<{ id?: string }>;
  where(filter: unknown): CloudbaseQuery;
  aggregate(): CloudbaseAggregate;
}

/** node-sdk's Aggregation: each stage becomes { stageKey, stageValue: EJSON } in one aggregateDocuments request. */
export interface CloudbaseAggregate {
  match(filter: unknown): CloudbaseAggregate;
  group(spec: Record<string, unknown>): CloudbaseAggregate;
  sort(spec: Record<string, 1 | -1>): CloudbaseAggregate;
  skip(n: number): CloudbaseAggregate;
  limit(n: number): CloudbaseAggregate;
  end(): Promise<{ data?: Record<string, unknown>[] }>;
}

/** a query-command value (`_.gt(1)`, ...); `.and` chains another condition on the same field */
export interface CloudbaseCommandValue {
  and(...others: unknown[]): CloudbaseCommandValue;
}

/** the subset of `db.command` the adapter uses */
export interface CloudbaseCommand {
  in(values: unknown[]): unknown;
  gt(v: unknown): CloudbaseCommandValue;
  gte(v: unknown): CloudbaseCommandValue;
  lt(v: unknown): CloudbaseCommandValue;
  lte(v: unknown): CloudbaseCommandValue;
  neq(v: unknown): CloudbaseCommandValue;
  and(conditions: unknown[]): unknown;
  or(conditions: unknown[]): unknown;
}

export interface CloudbaseTransaction {
  collection(name: string): Pick<CloudbaseCollection, 'doc' | 'add'>;
}

export interface CloudbaseDatabase {
  command: CloudbaseCommand;
  collection(name: string): CloudbaseCollection;
  runTransaction<R>(work: (transaction: CloudbaseTransaction) => Promise<R>, times?: number): Promise<R>;
}

// ---------------------------------------------------------------------------------------------------------
// Errors: how node-sdk reports what the port cares about.
// ---------------------------------------------------------------------------------------------------------

/** node-sdk throws TcbError { code, message, requestId }; wx-server-sdk-style errors carry errCode/errMsg. */
interface SdkErrorLike {
  code?: unknown;
  message?: unknown;
  errCode?: unknown;
  errMsg?: unknown;
}

export const TRANSACTION_CONFLICT_CODE = 'DATABASE_TRANSACTION_CONFLICT';
/** MongoDB's duplicate-key error as CloudBase passes it on, e.g. code DATABASE_REQUEST_FAILED with
 *  "[FailedOperation.Insert] bulk write error: [{E11000 duplicate key error collection: tnt-x.units index: _id_ dup key: ...}]" */
const DUPLICATE_KEY = /E11000|duplicate key/i;

export function isTransactionConflict(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as SdkErrorLike).code === TRANSACTION_CONFLICT_CODE;
}

export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as SdkErrorLike;
  return [e.message, e.errMsg].some((m) => typeof m === 'string' && DUPLICATE_KEY.test(m));
}

/** In the SDK's compatibility mode (setThrowOnCode(false)) failures come back as `{ code, message }`. */
function check<T>(res: T): T {
  const code = (res as SdkErrorLike | null | undefined)?.code;
  if (typeof code === 'string' && code) {
    const message = (res as SdkErrorLike).message;
    throw Object.assign(new Error(typeof message === 'string' ? message : code), { code });
  }
  return res;
}

// ---------------------------------------------------------------------------------------------------------
// Documents and filters

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
// ---------------------------------------------------------------------------------------------------------

const FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;

function field(name: string): string {
  if (!FIELD.test(name) || name === 'version') throw new Error(`invalid field name: ${name}`);
  return name;
}

function toCloudbase(id: string, version: number, data: DocData): Record<string, unknown> {
  for (const key of Object.keys(data)) field(key);
  return { _id: id, version, ...data };
}

/** Documents written outside this adapter (e.g. a console import) have no version: they count as version 1. */
function fromCloudbase<T extends DocData>(doc: CloudbaseDocument): StoredDoc<T> {
  const { _id, version, ...rest } = doc;
  const data: DocData = {};
  for (const [key, value] of Object.entries(rest)) if (!key.startsWith('_')) data[key] = value;
  return { id: String(_id), version: typeof version === 'number' ? version : 1, data: data as T };
}

function singleDoc(res: { data?: CloudbaseDocument[] | CloudbaseDocument | null }): CloudbaseDocument | null {
  const data = res.data;
  if (Array.isArray(data)) return data[0] ?? null;
  return data ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Transactions
// ---------------------------------------------------------------------------------------------------------

const key = (collection: string, id: string) => `${collection}\u0000${id}`;
const APPEND_ONLY = new Set(COLLECTIONS.filter((c) => c.appendOnly).map((c) => c.name));

class CloudbaseTx implements TxStore {
  /** versions this transaction has seen or written: its snapshot does not change under it */
  private readonly versions = new Map<string, number | null>();

  constructor(private readonly t: CloudbaseTransaction) {}

  private async call<R>(collection: string, id: string, op: () => Promise<R>): Promise<R> {
    try {
      return check(await op());
    } catch (err) {
      if (isDuplicateKey(err)) throw new DuplicateKeyError(collection, id);
      if (isTransactionConflict(err)) throw new VersionConflictError(collection, id);
      throw err;
    }
  }

  async get<T extends DocData>(collection: string, id: string): Promise<StoredDoc<T> | null> {
    const res = await this.call(collection, id, () => this.t.collection(collection).doc(id).get());
    const doc = singleDoc(res);
    const stored = doc ? fromCloudbase<T>(doc) : null;
    this.versions.set(key(collection, id), stored ? stored.version : null);
    return stored;
  }

  async create<T extends DocData>(collection: string, id: string, data: T): Promise<StoredDoc<T>> {
    const doc = toCloudbase(id, 1, data);
    await this.call(collection, id, () => this.t.collection(collection).add(doc));
    this.versions.set(key(collection, id), 1);
    return { id, version: 1, data };
  }

  async update<T extends DocData>(collection: string, id: string, expectedVersion: number, data: T): Promise<StoredDoc<T>> {
    if (APPEND_ONLY.has(collection)) throw new Error(`${collection} is append-only: documents cannot be updated`);
    const k = key(collection, id);
    // The check reads inside the transaction (or reuses what this transaction already read, which its
    // snapshot keeps stable); a writer that commits in between makes our write or commit conflict.
    if (!this.versions.has(k)) await this.get(collection, id);
    const current = this.versions.get(k);
    if (current !== expectedVersion) throw new VersionConflictError(collection, id);
    const next = expectedVersion + 1;
    const doc = toCloudbase(id, next, data);
    delete doc._id; // set() replaces everything but _id and refuses an _id field
    await this.call(collection, id, () => this.t.collection(collection).doc(id).set(doc));
    this.versions.set(k, next);
    return { id, version: next, data };
  }
}

// ---------------------------------------------------------------------------------------------------------
// The adapter
// ---------------------------------------------------------------------------------------------------------

export interface CloudbaseStorageOptions {
  /** documents per server-side get; CloudBase caps it at 1000 */
  pageSize?: number;
}

export class CloudbaseStorage implements Storage {
  private readonly pageSize: number;

  constructor(
    readonly db: CloudbaseDatabase,
    options: CloudbaseStorageOptions = {},
  ) {
    this.pageSize = Math.min(CLOUDBASE_PAGE_MAX, Math.max(1, Math.floor(options.pageSize ?? CLOUDBASE_PAGE_MAX)));
  }

  async get<T extends DocData>(collection: string, id: string): Promise<StoredDoc<T> | null> {
    const doc = singleDoc(check(await this.db.collection(collection).doc(id).get()));
    return doc ? fromCloudbase<T>(doc) : null;
  }

  /**
   * The where object in MongoDB form with the pinned meanings (storage.ts): a scalar as it is (MongoDB
   * matches arrays containing it and, for null, missing fields), one-of as `_.in`, a range as a chain of
   * `_.gt/_.gte/_.lt/_.lte` (type-bracketed by MongoDB itself). `null` when an empty one-of means nothing can match.
   */
  private filter(where: Query['where']): Record<string, unknown> | null {
    const clauses = parseWhere(where);
    if (!clauses) return null;
    const _ = this.db.command;
    const out: Record<string, unknown> = {};
    for (const c of clauses) {
      const name = field(c.field);
      if (c.op === 'eq') out[name] = c.value;
      else if (c.op === 'in') out[name] = _.in(c.values);
      else {
        const [first, ...rest] = c.bounds.map((b) => _[b.op](b.value));
        out[name] = rest.length ? first.and(...rest) : first;
      }
    }
    return out;
  }

  async find<T extends DocData>(collection: string, query: Query = {}): Promise<StoredDoc<T>[]> {
    const filter = this.filter(query.where);
    const sortField = query.orderBy ? field(query.orderBy.field) : null;
    const limit = query.limit === undefined ? Infinity : Math.max(0, Math.floor(query.limit));
    if (!filter || limit === 0) return [];

    const direction = query.orderBy?.direction === 'desc' ? 'desc' : 'asc';
    const out: StoredDoc<T>[] = [];
    for (;;) {
      const want = Math.min(this.pageSize, limit - out.length);
      // `_id` breaks ties so that consecutive pages neither repeat nor skip documents
      let q = this.db.collection(collection).where(filter);
      if (sortField) q = q.orderBy(sortField, direction);
      q = q.orderBy('_id', sortField ? direction : 'asc');
      if (out.length > 0) q = q.skip(out.length);
      const page = check(await q.limit(want).get()).data ?? [];
      for (const doc of page) out.push(fromCloudbase<T>(doc));
      if (page.length < want || out.length >= limit) return out;
    }
  }

  /** Documents strictly after `at` in the order (sort field with nulls first in asc / last in desc, then _id). */
  private after(at: CursorPosition): unknown {
    const _ = this.db.command;
    if (at.field === null) return { _id: _.gt(at.id) };
    const f = field(at.field);
    if (at.direction === 'asc') {
      return at.value === null
        ? _.or([{ [f]: null, _id: _.gt(at.id) }, { [f]: _.neq(null) }])
        : _.or([{ [f]: _.gt(at.value) }, { [f]: at.value, _id: _.gt(at.id) }]);
    }
    return at.value === null
      ? { [f]: null, _id: _.lt(at.id) }
      : _.or([{ [f]: _.lt(at.value) }, { [f]: at.value, _id: _.lt(at.id) }, { [f]: null }]);
  }

  async page<T extends DocData>(collection: string, query: PageQuery): Promise<Page<T>> {
    const limit = checkPageLimit(query.limit);
    const filter = this.filter(query.where);
    const { field: sortName, direction } = pageOrder(query.orderBy);
    const sortField = sortName === null ? null : field(sortName);
    let at = query.after ? decodeCursor(query.after, query.orderBy) : null;
    if (!filter) return { docs: [], next: null };

    // one more than asked shows whether anything follows; past 1000 the page is read in keyset steps
    const out: StoredDoc<T>[] = [];
    for (;;) {
      const want = Math.min(this.pageSize, limit + 1 - out.length);
      const conditions = [filter, ...(at ? [this.after(at)] : [])].filter((c) => !(isPlainObject(c) && Object.keys(c).length === 0));
      const where = conditions.length === 0 ? {} : conditions.length === 1 ? conditions[0] : this.db.command.and(conditions);
      let q = this.db.collection(collection).where(where);
      if (sortField) q = q.orderBy(sortField, direction);
      q = q.orderBy('_id', direction);
      const batch = (check(await q.limit(want).get()).data ?? []).map((d) => fromCloudbase<T>(d));
      out.push(...batch);
      if (batch.length < want || out.length > limit) break;
      const last = batch[batch.length - 1];
      at = decodeCursor(cursorAfter(last, query.orderBy), query.orderBy);
    }
    const docs = out.slice(0, limit);
    return { docs, next: out.length > limit ? cursorAfter(docs[docs.length - 1], query.orderBy) : null };
  }

  async getMany<T extends DocData>(collection: string, ids: readonly string[]): Promise<(StoredDoc<T> | null)[]> {
    const unique = [...new Set(ids)];
    const byId = new Map<string, StoredDoc<T>>();
    for (let i = 0; i < unique.length; i += CLOUDBASE_IN_MAX) {
      const chunk = unique.slice(i, i + CLOUDBASE_IN_MAX);
      const res = check(await this.db.collection(collection).where({ _id: this.db.command.in(chunk) }).limit(chunk.length).get());
      for (const doc of res.data ?? []) {
        const stored = fromCloudbase<T>(doc);
        byId.set(stored.id, stored);
      }
    }
    return ids.map((id) => byId.get(id) ?? null);
  }

  async aggregate(collection: string, query: AggregateQuery): Promise<AggregateRow[]> {
    const { groupBy, sum, distinct } = checkAggregate(query);
    groupBy.forEach(field);
    sum.forEach(field);
    if (distinct !== null) field(distinct);
    const filter = this.filter(query.where);
    const rows: AggregateRow[] = [];
    if (filter) {
      // group keys g0, g1 (and d for distinct) fold missing into null, as $ifNull does
      const keyOf = (name: string) => ({ $ifNull: [`$${name}`, null] });
      const key: Record<string, unknown> = {};
      groupBy.forEach((g, i) => (key[`g${i}`] = keyOf(g)));
      if (distinct !== null) key.d = keyOf(distinct);
      const first: Record<string, unknown> = { _id: Object.keys(key).length ? key : null, count: { $sum: 1 } };
      sum.forEach((s, i) => (first[`s${i}`] = { $sum: `$${s}` })); // $sum adds numbers and ignores the rest
      let second: Record<string, unknown> | null = null;
      if (distinct !== null) {
        // first stage: one row per (group, distinct value); second: one row per group, counting non-null values
        const outer: Record<string, unknown> = {};
        groupBy.forEach((_g, i) => (outer[`g${i}`] = `$_id.g${i}`));
        second = { _id: groupBy.length ? outer : null, count: { $sum: '$count' }, d: { $sum: { $cond: [{ $eq: ['$_id.d', null] }, 0, 1] } } };
        sum.forEach((_s, i) => (second![`s${i}`] = { $sum: `$s${i}` }));
      }
      const order: Record<string, 1> = {};
      groupBy.forEach((_g, i) => (order[`_id.g${i}`] = 1));
      for (let skip = 0; ; skip += CLOUDBASE_AGGREGATE_PAGE) {
        let a = this.db.collection(collection).aggregate();
        if (Object.keys(filter).length) a = a.match(filter);
        a = a.group(first);
        if (second) a = a.group(second);
        if (groupBy.length) a = a.sort(order);
        if (skip) a = a.skip(skip);
        const batch = check(await a.limit(CLOUDBASE_AGGREGATE_PAGE).end()).data ?? [];
        for (const r of batch) {
          const id = (r._id ?? {}) as Record<string, unknown>;
          const row: AggregateRow = {
            group: Object.fromEntries(groupBy.map((g, i) => [g, (id[`g${i}`] ?? null) as Scalar])),
            count: Number(r.count),
            sums: Object.fromEntries(sum.map((s, i) => [s, Number(r[`s${i}`] ?? 0)])),
          };
          if (distinct !== null) row.distinct = Number(r.d);
          rows.push(row);
        }
        if (batch.length < CLOUDBASE_AGGREGATE_PAGE) break;
      }
    }
    if (groupBy.length === 0 && rows.length === 0) return [emptyAggregateRow(sum, distinct)];
    return sortAggregateRows(rows, groupBy);
  }

  async count(collection: string, where?: Query['where']): Promise<number> {
    const filter = this.filter(where);
    if (!filter) return 0;
    const res = check(await this.db.collection(collection).where(filter).count());
    return Number(res.total ?? 0);
  }

  transaction<R>(work: (tx: TxStore) => Promise<R>): Promise<R> {
    return retryOnConflict(async () => {
      try {
        // runTransaction starts, commits, or rolls back when `work` throws, then rethrows its error
        return await this.db.runTransaction((t) => work(new CloudbaseTx(t)), SDK_TRANSACTION_RETRIES);
      } catch (err) {
        // a conflict reported by start/commit rather than by one of our operations
        if (isTransactionConflict(err)) throw new VersionConflictError('(transaction)', '(commit)');
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    // node-sdk keeps no connection to close
  }
}
