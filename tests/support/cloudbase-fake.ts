import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { CloudbaseDatabase } from '../../server/adapters/cloudbase/storage';

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
 * - a query `get` returns at most 1000 documents (100 when no limit is given).
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
}

const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`;
const collectionOf = (key: string) => key.slice(0, key.indexOf('\u0000'));

export const duplicateKeyError = (collection: string, id: string): WireError => ({
  code: 'DATABASE_REQUEST_FAILED',
  message: `[FailedOperation.Insert] bulk write error: [{E11000 duplicate key error collection: tnt-fake.${collection} index: _id_ dup key: { _id: "${id}" }}]`,
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
  if (ra === 2 || ra === 3) return (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
  if (ra === 8) return Number(a) - Number(b);
  return 0;
}

function matches(doc: Doc, query: Record<string, unknown>): boolean {
  return Object.entries(query).every(([field, cond]) => {
    const value = doc[field];
    const equals = (c: unknown) => (Array.isArray(value) ? value.includes(c) : c === null ? value === null || value === undefined : value === c);
    if (cond && typeof cond === 'object' && !Array.isArray(cond)) {
      const ops = cond as Record<string, unknown>;
      const keys = Object.keys(ops);
      if (keys.length !== 1 || keys[0] !== '$in' || !Array.isArray(ops.$in)) throw new Error(`fake server: unsupported condition ${JSON.stringify(cond)}`);
      return ops.$in.some(equals);
    }
    return equals(cond);
  });
}

export class FakeCloudbaseServer {
  readonly requests: WireRequest[] = [];
  private readonly history = new Map<string, Version[]>();
  private readonly txs = new Map<string, Tx>();
  private seq = 0;
  private txCounter = 0;
  private reqCounter = 0;
  private readonly injected: { action: string; error: WireError }[] = [];

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
        this.txs.set(id, { id, snapshot: this.seq, writes: new Map(), failed: false });
        return { transactionId: id };
      }
      case 'database.commitTransaction': {
        const tx = this.openTx(p)!;
        this.seq++;
        for (const [key, doc] of tx.writes) this.commitVersion(key, doc);
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
