import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { CloudbaseDatabase } from '../../server/adapters/cloudbase/storage';
import { TRANSACTION_WRITE_LIMIT } from '../../server/ports/storage';
// MongoDB compares strings by UTF-8 bytes, i.e. by code point (JS `<` compares UTF-16 code units): the same order the port pins
import { compareStrings } from '../../server/ports/storage-query';

/**
 * An in-process stand-in for the CloudBase database server, at the wire level.
 *
 * The client side is the REAL query builder node-sdk uses: `app.database()` is a `Db` from
 * @cloudbase/database, which turns every call into `reqClass.send(action, params)` with EJSON strings.
 * node-sdk installs its HTTP requester as `Db.reqClass`; here a requester hands the same (action, params)
 * to FakeCloudbaseServer and records them, so tests see exactly what would go over the wire, and no
 * node-sdk code (which must not run offline) is loaded.
 *
 * The server models what the adapter relies on, the way MongoDB (under CloudBase) behaves:
 * - `_id` is unique: a second insert fails with code DATABASE_REQUEST_FAILED and an "E11000 duplicate key" message;
 * - transactions read a snapshot taken at start and see their own writes;
 * - write-write conflicts are detected when the write happens (first writer wins): writing a document that
 *   another open transaction has written, or that was committed after our snapshot, fails with
 *   DATABASE_TRANSACTION_CONFLICT, and the failed transaction is aborted;
 * - nothing a transaction writes is visible to others before commit; abort discards it;
 * - a query `get` returns at most 1000 documents (100 when no limit is given);
 * - a transaction carries at most `transactionWriteLimit` writes (default TRANSACTION_WRITE_LIMIT);
 * - queries use MongoDB's meanings for what the adapter sends: equality (arrays match an element, null matches
 *   missing), $in, $ne, $exists, type-bracketed $gt/$gte/$lt/$lte, $and/$or; strings compare by code point;
 * - aggregateDocuments runs $match, $group ($sum; $ifNull/$cond/$eq expressions), $sort, $skip, $limit on
 *   committed data, and returns 20 rows when the pipeline has no $limit, as CloudBase does.
 */

const requireHere = createRequire(__filename);
const sdkDir = dirname(requireHere.resolve('@cloudbase/node-sdk/package.json'));
/** the @cloudbase/database (and bson) that node-sdk itself uses; resolving never loads node-sdk */
const database = requireHere(requireHere.resolve('@cloudbase/database', { paths: [sdkDir] })) as {
  Db: { new (config: unknown): unknown; reqClass: unknown };
};
const databaseDir = dirname(requireHere.resolve('@cloudbase/database/package.json', { paths: [sdkDir] }));
export const EJSON = (requireHere(requireHere.resolve('bson', { paths: [databaseDir] })) as {
  EJSON: { parse(text: string, options?: { relaxed?: boolean }): any; stringify(value: unknown, options?: { relaxed?: boolean }): string };
}).EJSON;

export type WireParams = Record<string, unknown> | undefined;
export interface WireRequest {
  action: string;
  params: WireParams;
}
export interface WireError {
  code: string;
  message: string;
}

type Doc = Record<string, unknown> & { _id: string };
interface Version {
  seq: number;
  doc: Doc | null;
}
interface Tx {
  id: string;
  snapshot: number;
  writes: Map<string, Doc | null>;
  failed: boolean;
  /** write operations so far (inserts and modifies; a document written twice counts twice) */
  ops: number;
}

const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`;
const collectionOf = (key: string) => key.slice(0, key.indexOf('\u0000'));

export const duplicateKeyError = (collection: string, id: string): WireError => ({
  code: 'DATABASE_REQUEST_FAILED',
  message: `[FailedOperation.Insert] bulk write error: [{E11000 duplicate key error collection: tnt-fake.${collection} index: _id_ dup key: { _id: "${id}" }}]`,
});
export const transactionTooLargeError = (limit: number): WireError => ({
  code: 'DATABASE_REQUEST_FAILED',
  message: `TransactionTooLarge: a transaction may carry at most ${limit} write operations (modelled limit)`,
});
export const transactionConflictError = (): WireError => ({
  code: 'DATABASE_TRANSACTION_CONFLICT',
  message: 'database transaction conflict: WriteConflict error: this operation conflicted with another operation',
});

/** BSON comparison order for the types we store: null < numbers < strings < objects < arrays < booleans */
function rank(v: unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 5;
  if (typeof v === 'object') return 4;
  if (typeof v === 'boolean') return 8;
  return 9;
}
function compare(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 2) return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  if (ra === 3) return compareStrings(a as string, b as string);
  if (ra === 8) return Number(a) - Number(b);
  return 0;
}

const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));

/** a (possibly dotted) field path; undefined when missing */
function pathValue(doc: Record<string, unknown>, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** MongoDB query equality: equal, or an array holding it; null also matches a missing field */
function queryEquals(value: unknown, c: unknown): boolean {
  if (c === null) return value === null || value === undefined || (Array.isArray(value) && value.includes(null));
  if (Array.isArray(value)) return value.some((e) => rank(e) === rank(c) && compare(e, c) === 0);
  return value !== undefined && rank(value) === rank(c) && compare(value, c) === 0;
}

/** MongoDB comparison operators are type-bracketed: only values of the bound's type can match; arrays by element */
function queryCompares(value: unknown, op: string, bound: unknown): boolean {
  const test = (v: unknown) => {
    if (v === undefined || rank(v) !== rank(bound)) return false;
    const c = compare(v, bound);
    return op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
  };
  return Array.isArray(value) ? value.some(test) : test(value);
}

function matchesCondition(value: unknown, cond: unknown): boolean {
  if (!isOperatorObject(cond)) return queryEquals(value, cond);
  return Object.entries(cond).every(([op, arg]) => {
    switch (op) {
      case '$eq':
        return queryEquals(value, arg);
      case '$ne':
        return !queryEquals(value, arg);
      case '$in':
        if (!Array.isArray(arg)) throw new Error('fake server: $in needs an array');
        return arg.some((c) => queryEquals(value, c));
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        return queryCompares(value, op, arg);
      case '$exists':
        return (value !== undefined) === Boolean(arg);
      default:
        throw new Error(`fake server: unsupported condition ${JSON.stringify(cond)}`);
    }
  });
}

function matches(doc: Record<string, unknown>, query: Record<string, unknown>): boolean {
  return Object.entries(query).every(([key, cond]) => {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(cond) || cond.length === 0) throw new Error(`fake server: ${key} needs a non-empty array`);
      const parts = cond as Record<string, unknown>[];
      return key === '$and' ? parts.every((q) => matches(doc, q)) : parts.some((q) => matches(doc, q));
    }
    if (key.startsWith('$')) throw new Error(`fake server: unsupported operator ${key}`);
    return matchesCondition(pathValue(doc, key), cond);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Aggregation: the stages and expressions the adapter sends, with MongoDB's meaning
// ---------------------------------------------------------------------------------------------------------

/** an aggregation expression; undefined stands for "missing" */
function evaluate(doc: Record<string, unknown>, expr: unknown): unknown {
  if (typeof expr === 'string') return expr.startsWith('$') ? pathValue(doc, expr.slice(1)) : expr;
  if (expr === null || typeof expr !== 'object') return expr;
  if (Array.isArray(expr)) return expr.map((e) => evaluate(doc, e));
  const entries = Object.entries(expr as Record<string, unknown>);
  if (entries.length === 1 && entries[0][0].startsWith('$')) {
    const [op, arg] = entries[0];
    const args = Array.isArray(arg) ? arg : [arg];
    switch (op) {
      case '$ifNull': {
        const v = evaluate(doc, args[0]);
        return v === null || v === undefined ? evaluate(doc, args[1]) : v;
      }
      case '$cond':
        return evaluate(doc, args[0]) ? evaluate(doc, args[1]) : evaluate(doc, args[2]);
      case '$eq': {
        // in expressions a missing field is not null
        const [a, b] = args.map((e) => evaluate(doc, e));
        if (a === undefined || b === undefined) return a === b;
        return rank(a) === rank(b) && compare(a, b) === 0;
      }
      default:
        throw new Error(`fake server: unsupported expression ${op}`);
    }
  }
  // an object expression; fields that evaluate to missing are left out
  const out: Record<string, unknown> = {};
  for (const [k, e] of entries) {
    const v = evaluate(doc, e);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function groupStage(docs: Record<string, unknown>[], spec: Record<string, unknown>): Record<string, unknown>[] {
  const { _id: keyExpr, ...accumulators } = spec;
  if (!('_id' in spec)) throw new Error('fake server: $group needs _id');
  const groups = new Map<string, Record<string, unknown>>();
  for (const doc of docs) {
    const key = evaluate(doc, keyExpr) ?? null;
    const k = JSON.stringify(key);
    let group = groups.get(k);
    if (!group) {
      group = { _id: key };
      for (const name of Object.keys(accumulators)) group[name] = 0;
      groups.set(k, group);
    }
    for (const [name, acc] of Object.entries(accumulators)) {
      const ops = acc as Record<string, unknown>;
      if (!isOperatorObject(ops) || Object.keys(ops).join() !== '$sum') throw new Error(`fake server: unsupported accumulator ${JSON.stringify(acc)}`);
      const v = evaluate(doc, ops.$sum);
      if (typeof v === 'number') group[name] = (group[name] as number) + v; // $sum ignores non-numbers
    }
  }
  return [...groups.values()];
}

/** CloudBase answers an aggregation without $limit with 20 rows at most */
const AGGREGATE_DEFAULT_ROWS = 20;

function runPipeline(input: Record<string, unknown>[], stages: { stageKey: string; stageValue: string }[]): Record<string, unknown>[] {
  let docs = input;
  let limited = false;
  for (const { stageKey, stageValue } of stages) {
    const value = EJSON.parse(stageValue);
    switch (stageKey) {
      case '$match':
        docs = docs.filter((d) => matches(d, value));
        break;
      case '$group':
        docs = groupStage(docs, value);
        break;
      case '$sort': {
        const order = Object.entries(value as Record<string, number>);
        docs = [...docs].sort((a, b) => {
          for (const [path, dir] of order) {
            const c = compare(pathValue(a, path), pathValue(b, path));
            if (c !== 0) return dir < 0 ? -c : c;
          }
          return 0;
        });
        break;
      }
      case '$skip':
        docs = docs.slice(Number(value));
        break;
      case '$limit':
        limited = true;
        docs = docs.slice(0, Number(value));
        break;
      default:
        throw new Error(`fake server: unsupported aggregation stage ${stageKey}`);
    }
  }
  return limited ? docs : docs.slice(0, AGGREGATE_DEFAULT_ROWS);
}

export class FakeCloudbaseServer {
  readonly requests: WireRequest[] = [];
  private readonly history = new Map<string, Version[]>();
  private readonly txs = new Map<string, Tx>();
  private seq = 0;
  private txCounter = 0;
  private reqCounter = 0;
  private readonly injected: { action: string; error: WireError }[] = [];

  /**
   * Most write operations one transaction may carry (TRANSACTION_WRITE_LIMIT, see server/ports/storage.ts for
   * the figure and its source). The write that goes past it fails and aborts the transaction, as a MongoDB
   * write error does. The exact error CloudBase returns is not documented; this one is our model.
   */
  transactionWriteLimit = TRANSACTION_WRITE_LIMIT;
  /** write operations of every committed transaction, in commit order */
  readonly committedTransactionWrites: number[] = [];

  /** the next request for `action` fails with `error` (without touching data) */
  failNext(action: string, error: WireError): void {
    this.injected.push({ action, error });
  }

  /** committed documents of a collection, ids sorted */
  documents(collection: string): Doc[] {
    const out: Doc[] = [];
    for (const [key, versions] of this.history) {
      const doc = versions[versions.length - 1].doc;
      if (collectionOf(key) === collection && doc) out.push(doc);
    }
    return out.sort((a, b) => compare(a._id, b._id));
  }

  openTransactions(): number {
    return this.txs.size;
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /**
   * A new server holding a copy of this one's committed documents (latest versions; no requests, no transactions):
   * tests start later seeded environments from it instead of seeding again (see tests/support/ports.ts).
   */
  copyCommitted(): FakeCloudbaseServer {
    const copy = new FakeCloudbaseServer();
    copy.seq = this.seq;
    for (const [key, versions] of this.history) {
      const doc = versions[versions.length - 1].doc;
      if (doc) copy.history.set(key, [{ seq: this.seq, doc: EJSON.parse(EJSON.stringify(doc)) as Doc }]);
    }
    return copy;
  }

  /** seed committed documents directly (no requests recorded) */
  seed(collection: string, docs: Doc[]): void {
    this.seq++;
    for (const doc of docs) this.commitVersion(keyOf(collection, doc._id), EJSON.parse(EJSON.stringify(doc)) as Doc);
  }

  async dispatch(action: string, params: WireParams): Promise<Record<string, unknown>> {
    this.requests.push({ action, params: params === undefined ? undefined : JSON.parse(JSON.stringify(params)) });
    // answer asynchronously, like a network round trip, so concurrent transactions interleave
    await new Promise((resolve) => setImmediate(resolve));
    const requestId = `req-${++this.reqCounter}`;
    const i = this.injected.findIndex((f) => f.action === action);
    if (i >= 0) {
      const [{ error }] = this.injected.splice(i, 1);
      const tx = this.tx(params);
      if (tx) tx.failed = true;
      return { requestId, ...error };
    }
    try {
      return { requestId, ...this.handle(action, params ?? {}) };
    } catch (err) {
      if (err && typeof err === 'object' && 'code' in err) {
        const tx = this.tx(params);
        if (tx) tx.failed = true; // MongoDB aborts a transaction on a write error
        return { requestId, ...(err as WireError) };
      }
      throw err;
    }
  }

  private tx(params: WireParams): Tx | undefined {
    const id = params?.transactionId;
    return typeof id === 'string' ? this.txs.get(id) : undefined;
  }

  private latest(key: string): Doc | null {
    const versions = this.history.get(key);
    return versions ? versions[versions.length - 1].doc : null;
  }

  private visible(key: string, tx: Tx | undefined): Doc | null {
    if (!tx) return this.latest(key);
    if (tx.writes.has(key)) return tx.writes.get(key)!;
    const versions = this.history.get(key) ?? [];
    for (let i = versions.length - 1; i >= 0; i--) if (versions[i].seq <= tx.snapshot) return versions[i].doc;
    return null;
  }

  private commitVersion(key: string, doc: Doc | null): void {
    const versions = this.history.get(key) ?? [];
    versions.push({ seq: this.seq, doc });
    this.history.set(key, versions);
  }

  /**
   * first writer wins: another open transaction's write, or a commit after our snapshot, is a conflict.
   * A transaction that already failed holds nothing: MongoDB aborts it at the failing write and releases
   * its writes then, not when the client's abortTransaction arrives (else two conflicting transactions
   * could both lose, every time, while their aborts are in flight).
   */
  private claim(key: string, tx: Tx | undefined): void {
    for (const other of this.txs.values()) {
      if (other !== tx && !other.failed && other.writes.has(key)) throw transactionConflictError();
    }
    if (tx) {
      const versions = this.history.get(key) ?? [];
      if (versions.length && versions[versions.length - 1].seq > tx.snapshot) throw transactionConflictError();
    }
  }

  private write(key: string, doc: Doc | null, tx: Tx | undefined): void {
    if (tx) {
      if (++tx.ops > this.transactionWriteLimit) throw transactionTooLargeError(this.transactionWriteLimit);
      tx.writes.set(key, doc);
    } else {
      this.seq++;
      this.commitVersion(key, doc);
    }
  }

  private openTx(params: Record<string, unknown>): Tx | undefined {
    if (params.transactionId === undefined) return undefined;
    const tx = this.tx(params);
    if (!tx) throw { code: 'DATABASE_TRANSACTION_FAIL', message: `no such transaction ${String(params.transactionId)}` };
    if (tx.failed) throw { code: 'DATABASE_TRANSACTION_FAIL', message: 'transaction has been aborted' };
    return tx;
  }

  private scan(collection: string, query: Record<string, unknown>, tx: Tx | undefined): Doc[] {
    const keys = new Set<string>();
    for (const key of this.history.keys()) if (collectionOf(key) === collection) keys.add(key);
    if (tx) for (const key of tx.writes.keys()) if (collectionOf(key) === collection) keys.add(key);
    const out: Doc[] = [];
    for (const key of keys) {
      const doc = this.visible(key, tx);
      if (doc && matches(doc, query)) out.push(doc);
    }
    return out;
  }

  private handle(action: string, p: Record<string, unknown>): Record<string, unknown> {
    const collection = p.collectionName as string;
    switch (action) {
      case 'database.startTransaction': {
        const id = `tx-${++this.txCounter}`;
        this.txs.set(id, { id, snapshot: this.seq, writes: new Map(), failed: false, ops: 0 });
        return { transactionId: id };
      }
      case 'database.commitTransaction': {
        const tx = this.openTx(p)!;
        this.seq++;
        for (const [key, doc] of tx.writes) this.commitVersion(key, doc);
        this.committedTransactionWrites.push(tx.ops);
        this.txs.delete(tx.id);
        return {};
      }
      case 'database.abortTransaction': {
        const tx = this.tx(p);
        if (!tx) throw { code: 'DATABASE_TRANSACTION_FAIL', message: 'no such transaction' };
        this.txs.delete(tx.id);
        return {};
      }
      case 'database.insertDocument': {
        const tx = this.openTx(p);
        const ids: string[] = [];
        for (const text of p.data as string[]) {
          const doc = EJSON.parse(text) as Doc;
          if (typeof doc._id !== 'string') throw new Error('fake server: inserts without _id are not modelled');
          const key = keyOf(collection, doc._id);
          if (this.visible(key, tx)) throw duplicateKeyError(collection, doc._id);
          if (!tx && this.latest(key)) throw duplicateKeyError(collection, doc._id);
          this.claim(key, tx);
          this.write(key, doc, tx);
          ids.push(doc._id);
        }
        return { data: { insertedIds: ids } };
      }
      case 'database.modifyDocument': {
        const tx = this.openTx(p);
        if (p.queryType !== 'DOC' || p.multi !== false) throw new Error('fake server: only single-document writes are modelled');
        const { _id } = EJSON.parse(p.query as string) as { _id: string };
        const key = keyOf(collection, _id);
        const data = EJSON.parse(p.data as string) as Record<string, unknown>;
        const existing = this.visible(key, tx);
        if (!existing && !p.upsert) return { data: { updated: 0, upsert_id: null } };
        let next: Doc;
        if (p.merge) {
          const keys = Object.keys(data);
          if (keys.length !== 1 || keys[0] !== '$set') throw new Error('fake server: only $set merges are modelled');
          next = { ...(existing ?? {}), ...(data.$set as Record<string, unknown>), _id };
        } else {
          if (Object.keys(data).some((k) => k.startsWith('$'))) throw { code: 'DATABASE_REQUEST_FAILED', message: 'replacement document must not contain update operators' };
          next = { ...data, _id };
        }
        this.claim(key, tx);
        this.write(key, next, tx);
        return existing ? { data: { updated: 1, upsert_id: null } } : { data: { updated: 0, upsert_id: _id } };
      }
      case 'database.getDocument': {
        const tx = this.openTx(p);
        const query = p.query ? (EJSON.parse(p.query as string) as Record<string, unknown>) : {};
        if (p.queryType === 'DOC') {
          const doc = this.visible(keyOf(collection, String(query._id)), tx);
          return { data: { list: doc ? [EJSON.stringify(doc, { relaxed: false })] : [] } };
        }
        let docs = this.scan(collection, query, tx);
        if (p.order) {
          const order = Object.entries(EJSON.parse(p.order as string) as Record<string, number>);
          docs = docs.sort((a, b) => {
            for (const [field, dir] of order) {
              const c = compare(a[field], b[field]);
              if (c !== 0) return dir < 0 ? -c : c;
            }
            return 0;
          });
        }
        const offset = typeof p.offset === 'number' ? p.offset : 0;
        const limit = Math.min(1000, typeof p.limit === 'number' ? p.limit : 100);
        const page = docs.slice(offset, offset + limit);
        return { data: { list: page.map((d) => EJSON.stringify(d, { relaxed: false })) } };
      }
      case 'database.calculateDocument': {
        const tx = this.openTx(p);
        const query = p.query ? (EJSON.parse(p.query as string) as Record<string, unknown>) : {};
        return { data: { total: this.scan(collection, query, tx).length } };
      }
      case 'database.aggregateDocuments': {
        // aggregations run outside transactions, on committed data (node-sdk never sends a transactionId here)
        if (p.transactionId !== undefined) throw { code: 'DATABASE_REQUEST_FAILED', message: 'aggregate is not supported in a transaction' };
        const out = runPipeline(this.scan(collection, {}, undefined), p.stages as { stageKey: string; stageValue: string }[]);
        return { data: { list: out.map((d) => EJSON.stringify(d, { relaxed: false })) } };
      }
      default:
        throw new Error(`fake server: unsupported action ${action}`);
    }
  }
}

/** node-sdk's requester throws a TcbError { code, message, requestId } for any answer that carries a code. */
class FakeRequester {
  constructor(private readonly config: { fakeServer: FakeCloudbaseServer }) {}

  async send(action: string, params?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await this.config.fakeServer.dispatch(action, params);
    if (res.code) {
      const err = new Error(String(res.message)) as Error & { code?: unknown; requestId?: unknown };
      err.name = 'TcbError';
      err.code = res.code;
      err.requestId = res.requestId;
      throw err;
    }
    return res;
  }
}

/** The real @cloudbase/database `Db` (what `app.database()` returns), talking to a fake server. */
export function fakeCloudbaseDb(server = new FakeCloudbaseServer()): { db: CloudbaseDatabase; server: FakeCloudbaseServer } {
  database.Db.reqClass = FakeRequester;
  const db = new database.Db({ env: 'fake-env', fakeServer: server }) as CloudbaseDatabase;
  return { db, server };
}

/** Decode the EJSON strings in recorded params, for readable assertions. */
export function decoded(request: WireRequest): { action: string; params: Record<string, unknown> | undefined } {
  if (!request.params) return { action: request.action, params: undefined };
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request.params)) {
    if ((k === 'query' || k === 'order' || k === 'data') && typeof v === 'string') params[k] = EJSON.parse(v);
    else if (k === 'data' && Array.isArray(v)) params[k] = v.map((s) => EJSON.parse(s as string));
    else params[k] = v;
  }
  return { action: request.action, params };
}
