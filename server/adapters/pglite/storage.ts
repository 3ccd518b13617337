import type { PGlite, Transaction } from '@electric-sql/pglite';
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
  type DocData,
  type OrderBy,
  type Page,
  type PageQuery,
  type Query,
  type Scalar,
  type Storage,
  type StoredDoc,
  type TxStore,
} from '../../ports';
import { collectionDdl, MIGRATIONS } from './migrations';

type Queryable = Pick<Transaction, 'query'>;
type Row = { id: string; version: number; data: DocData };

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
function field(name: string): string {
  if (!FIELD.test(name)) throw new Error(`invalid field name: ${name}`);
  return name;
}

const toDoc = <T extends DocData>(row: Row): StoredDoc<T> => ({ id: row.id, version: row.version, data: row.data as T });

/** A deep copy of a value parsed from JSON (objects, arrays, strings, numbers, booleans, null): faster than structuredClone. */
function copyJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = copyJson((value as Record<string, unknown>)[key]);
    // a "__proto__" key from JSON is an own property: assigning it would set the copy's prototype instead
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out as T;
}

/** a point read through doc_get (migration 4: its plan is cached, planning against every index is not repeated) */
async function getDoc<T extends DocData>(db: Queryable, collection: string, id: string): Promise<StoredDoc<T> | null> {
  const res = await db.query<Row>('SELECT id, version, data FROM doc_get($1, $2)', [collection, id]);
  return res.rows[0] ? toDoc<T>(res.rows[0]) : null;
}

const docKey = (collection: string, id: string) => `${collection}\u0000${id}`;

type Waiter<V> = { collection: string; id: string; resolve: (v: V) => void; reject: (e: unknown) => void };

/** when a batcher sends what has been issued: after the current microtasks, or after all pending callbacks (groups) */
type Defer = (run: () => void) => void;
const afterMicrotasks: Defer = (run) => queueMicrotask(run);
const afterCallbacks: Defer = (run) => void setImmediate(run);

/**
 * Point reads issued while a previous batch is still running (or in the same tick) are answered by ONE query
 * (doc_get_many): the engine is one connection that runs statements one after another, so a burst of requests
 * otherwise pays a round trip per read. Each read still gets exactly the document as committed when the batch
 * ran; reads outside a transaction promise nothing more.
 */
class GetBatcher {
  private waiting: Waiter<StoredDoc<DocData> | null>[] = [];
  private running = false;

  constructor(
    private readonly db: Queryable,
    private readonly defer: Defer = afterMicrotasks,
  ) {}

  get<T extends DocData>(collection: string, id: string): Promise<StoredDoc<T> | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ collection, id, resolve: resolve as (v: StoredDoc<DocData> | null) => void, reject });
      if (!this.running) {
        this.running = true;
        this.defer(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        if (batch.length === 1) {
          batch[0].resolve(await getDoc(this.db, batch[0].collection, batch[0].id));
          continue;
        }
        // each document asked once (a burst of submissions reads the same topic fifty times)
        const keys = new Map<string, Waiter<StoredDoc<DocData> | null>>();
        for (const w of batch) if (!keys.has(docKey(w.collection, w.id))) keys.set(docKey(w.collection, w.id), w);
        const asked = [...keys.values()];
        const res = await this.db.query<Row & { collection: string }>('SELECT collection, id, version, data FROM doc_get_many($1::text[], $2::text[])', [
          asked.map((w) => w.collection),
          asked.map((w) => w.id),
        ]);
        const found = new Map(res.rows.map((r) => [docKey(r.collection, r.id), r]));
        const given = new Set<Row>();
        for (const w of batch) {
          const row = found.get(docKey(w.collection, w.id));
          if (!row) {
            w.resolve(null);
            continue;
          }
          // each caller gets its own object (callers may change what they read): a document asked twice is copied
          w.resolve(toDoc(given.has(row) ? { ...row, data: copyJson(row.data) } : row));
          given.add(row);
        }
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.running = false;
  }
}

/** SQL text with numbered parameters; field names also travel as parameters (after the whitelist check). */
class Sql {
  readonly params: unknown[];
  constructor(collection: string) {
    this.params = [collection];
  }
  /** a parameter placeholder */
  p(value: unknown, cast = ''): string {
    this.params.push(value);
    return `$${this.params.length}${cast}`;
  }
  json(value: unknown): string {
    return this.p(JSON.stringify(value), '::jsonb');
  }
  /** `data -> 'field'` (jsonb; SQL NULL when the field is missing) */
  f(name: string): string {
    return `(data -> ${this.p(field(name), '::text')})`;
  }
  /** the field with JSON null folded into SQL NULL: missing and null are one value */
  nf(name: string): string {
    return `NULLIF(data -> ${this.p(field(name), '::text')}, 'null'::jsonb)`;
  }
}

/** Equality with the pinned meaning: equal, or an array containing the value; null also matches missing. */
function equalsSql(q: Sql, name: string, value: Scalar): string {
  // the two halves use the (data->'f') btree index and the jsonb_path_ops GIN index respectively
  const parts = [`${q.f(name)} = ${q.json(value)}`, `data @> jsonb_build_object(${q.p(field(name), '::text')}, jsonb_build_array(${q.json(value)}))`];
  if (value === null) parts.push(`${q.f(name)} IS NULL`);
  return `(${parts.join(' OR ')})`;
}

function oneOfSql(q: Sql, name: string, values: Scalar[]): string {
  if (values.length <= 8) return `(${values.map((v) => equalsSql(q, name, v)).join(' OR ')})`;
  const list = q.json(values);
  const f = q.f(name);
  const parts = [
    `${f} IN (SELECT jsonb_array_elements(${list}))`,
    `CASE WHEN jsonb_typeof(${f}) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements(${f}) e WHERE e IN (SELECT jsonb_array_elements(${list}))) ELSE false END`,
  ];
  if (values.includes(null)) parts.push(`${f} IS NULL`);
  return `(${parts.join(' OR ')})`;
}

const RANGE_OPS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** WHERE conditions with the pinned meanings (storage.ts); always false when an empty one-of makes them impossible. */
function whereSql(q: Sql, where: Query['where']): string {
  const clauses = parseWhere(where);
  if (!clauses) return 'collection = $1 AND FALSE';
  const parts = ['collection = $1'];
  for (const c of clauses) {
    if (c.op === 'eq') parts.push(equalsSql(q, c.field, c.value));
    else if (c.op === 'in') parts.push(oneOfSql(q, c.field, c.values));
    else {
      // type-bracketed: jsonb compares numbers numerically and strings by the database collation ("C": bytes)
      const f = q.f(c.field);
      const bounds = c.bounds.map((b) => `${f} ${RANGE_OPS[b.op]} ${q.json(b.value)}`);
      parts.push(`(jsonb_typeof(${f}) = '${c.type}' AND ${bounds.join(' AND ')})`);
    }
  }
  return parts.join(' AND ');
}

/** ORDER BY for the total order (sort field with nulls first in asc / last in desc, then id). */
function orderSql(q: Sql, orderBy: OrderBy | undefined): string {
  const { field: name, direction } = pageOrder(orderBy);
  if (name === null) return 'ORDER BY id ASC';
  return direction === 'desc' ? `ORDER BY ${q.nf(name)} DESC NULLS LAST, id DESC` : `ORDER BY ${q.nf(name)} ASC NULLS FIRST, id ASC`;
}

/**
 * Creates issued together inside one transaction (e.g. under Promise.all) go to the engine as ONE multi-row insert;
 * each still succeeds or fails (DuplicateKeyError) on its own, exactly as separate inserts would. A create issued
 * alone is a single-row insert as before.
 */
const CREATE_BATCH = 200;

class CreateBatcher {
  private waiting: (Waiter<boolean> & { json: string })[] = [];
  private running = false;

  constructor(
    private readonly tx: Queryable,
    private readonly defer: Defer = afterMicrotasks,
  ) {}

  create(collection: string, id: string, json: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ collection, id, json, resolve, reject });
      if (!this.running) {
        this.running = true;
        this.defer(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length) {
      // at most CREATE_BATCH rows per statement (bounded parameter count)
      const batch = this.waiting.splice(0, CREATE_BATCH);
      try {
        if (batch.length === 1) {
          const w = batch[0];
          // ON CONFLICT DO NOTHING lets the primary key decide without aborting the surrounding transaction.
          const res = await this.tx.query<{ id: string }>(
            'INSERT INTO docs (collection, id, data) VALUES ($1, $2, $3::jsonb) ON CONFLICT ON CONSTRAINT docs_pkey DO NOTHING RETURNING id',
            [w.collection, w.id, w.json],
          );
          w.resolve(res.rows.length > 0);
          continue;
        }
        // the same id twice in one batch: the first is inserted (or not), every later one is a duplicate
        const first = new Map<string, (typeof batch)[number]>();
        for (const w of batch) if (!first.has(`${w.collection}\u0000${w.id}`)) first.set(`${w.collection}\u0000${w.id}`, w);
        const rows = [...first.values()];
        // VALUES rows in the order issued (measured cheaper than inserting from unnest() of arrays)
        const values = rows.map((_, n) => `($${3 * n + 1}, $${3 * n + 2}, $${3 * n + 3}::jsonb)`).join(', ');
        const res = await this.tx.query<{ collection: string; id: string }>(
          `INSERT INTO docs (collection, id, data) VALUES ${values} ON CONFLICT ON CONSTRAINT docs_pkey DO NOTHING RETURNING collection, id`,
          rows.flatMap((w) => [w.collection, w.id, w.json]),
        );
        const inserted = new Set(res.rows.map((r) => `${r.collection}\u0000${r.id}`));
        for (const w of batch) {
          const key = `${w.collection}\u0000${w.id}`;
          w.resolve(first.get(key) === w && inserted.has(key));
        }
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.running = false;
  }
}

class PgTx implements TxStore {
  private readonly gets: GetBatcher;
  private readonly creates: CreateBatcher;

  constructor(
    private readonly tx: Queryable,
    defer: Defer = afterMicrotasks,
  ) {
    this.gets = new GetBatcher(tx, defer);
    this.creates = new CreateBatcher(tx, defer);
  }

  get<T extends DocData>(collection: string, id: string) {
    return this.gets.get<T>(collection, id);
  }

  async create<T extends DocData>(collection: string, id: string, data: T): Promise<StoredDoc<T>> {
    if (!(await this.creates.create(collection, id, JSON.stringify(data)))) throw new DuplicateKeyError(collection, id);
    return { id, version: 1, data };
  }

  async update<T extends DocData>(collection: string, id: string, expectedVersion: number, data: T): Promise<StoredDoc<T>> {
    // doc_update (migration 4): the UPDATE with its plan cached
    const res = await this.tx.query<{ version: number | null }>('SELECT doc_update($1, $2, $3, $4::jsonb) AS version', [collection, id, expectedVersion, JSON.stringify(data)]);
    const version = res.rows[0]?.version;
    if (version === null || version === undefined) throw new VersionConflictError(collection, id);
    return { id, version, data };
  }
}

/** One logical transaction's view of a shared database transaction: it records every key the work reads or writes. */
class MemberTx implements TxStore {
  readonly reads = new Set<string>();
  readonly writes = new Set<string>();

  constructor(private readonly shared: TxStore) {}

  get<T extends DocData>(collection: string, id: string) {
    this.reads.add(docKey(collection, id));
    return this.shared.get<T>(collection, id);
  }

  create<T extends DocData>(collection: string, id: string, data: T) {
    this.writes.add(docKey(collection, id));
    return this.shared.create(collection, id, data);
  }

  update<T extends DocData>(collection: string, id: string, expectedVersion: number, data: T) {
    this.writes.add(docKey(collection, id));
    return this.shared.update(collection, id, expectedVersion, data);
  }
}

/**
 * Whether a group of logical transactions that ran side by side in one database transaction may commit as it is:
 * no key written by one was read or written by another (so each saw exactly the state before the group, as if it
 * had run alone first, and any order of them gives the same result), and every one that failed wrote nothing.
 */
function independent(members: MemberTx[], outcomes: PromiseSettledResult<unknown>[]): boolean {
  const writer = new Map<string, MemberTx>();
  for (const [i, m] of members.entries()) {
    if (outcomes[i]!.status === 'rejected' && m.writes.size > 0) return false;
    for (const key of m.writes) {
      if (writer.has(key)) return false;
      writer.set(key, m);
    }
  }
  for (const m of members) for (const key of m.reads) if ((writer.get(key) ?? m) !== m) return false;
  return true;
}

type Member = { work: (tx: TxStore) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

/** most logical transactions merged into one database transaction */
const GROUP_LIMIT = 64;

export class PgliteStorage implements Storage {
  private readonly gets: GetBatcher;
  private readonly queued: Member[] = [];
  private committing = false;

  constructor(readonly db: PGlite) {
    this.gets = new GetBatcher(db);
  }

  get<T extends DocData>(collection: string, id: string) {
    return this.gets.get<T>(collection, id);
  }

  async find<T extends DocData>(collection: string, query: Query = {}): Promise<StoredDoc<T>[]> {
    const q = new Sql(collection);
    let text = `SELECT id, version, data FROM docs WHERE ${whereSql(q, query.where)} ${orderSql(q, query.orderBy)}`;
    if (query.limit !== undefined) text += ` LIMIT ${q.p(Math.max(0, Math.floor(query.limit)))}`;
    const res = await this.db.query<Row>(text, q.params);
    return res.rows.map((r) => toDoc<T>(r));
  }

  async count(collection: string, where?: Query['where']): Promise<number> {
    const q = new Sql(collection);
    const res = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docs WHERE ${whereSql(q, where)}`, q.params);
    return res.rows[0].n;
  }

  async page<T extends DocData>(collection: string, query: PageQuery): Promise<Page<T>> {
    const limit = checkPageLimit(query.limit);
    const q = new Sql(collection);
    let text = `SELECT id, version, data FROM docs WHERE ${whereSql(q, query.where)}`;
    if (query.after) {
      const at = decodeCursor(query.after, query.orderBy);
      const id = q.p(at.id, '::text');
      if (at.field === null) {
        text += ` AND id > ${id}`;
      } else {
        const f = q.nf(at.field);
        const asc = at.direction === 'asc';
        if (at.value === null) {
          text += asc ? ` AND ((${f} IS NULL AND id > ${id}) OR ${f} IS NOT NULL)` : ` AND ${f} IS NULL AND id < ${id}`;
        } else {
          const v = q.json(at.value);
          text += asc
            ? ` AND (${f} > ${v} OR (${f} = ${v} AND id > ${id}))`
            : ` AND (${f} < ${v} OR (${f} = ${v} AND id < ${id}) OR ${f} IS NULL)`;
        }
      }
    }
    // one more than asked shows whether anything follows
    text += ` ${orderSql(q, query.orderBy)} LIMIT ${q.p(limit + 1)}`;
    const rows = (await this.db.query<Row>(text, q.params)).rows.map((r) => toDoc<T>(r));
    const docs = rows.slice(0, limit);
    return { docs, next: rows.length > limit ? cursorAfter(docs[docs.length - 1], query.orderBy) : null };
  }

  async getMany<T extends DocData>(collection: string, ids: readonly string[]): Promise<(StoredDoc<T> | null)[]> {
    if (ids.length === 0) return [];
    const res = await this.db.query<Row>('SELECT id, version, data FROM docs WHERE collection = $1 AND id = ANY($2::text[])', [collection, [...new Set(ids)]]);
    const byId = new Map(res.rows.map((r) => [r.id, toDoc<T>(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async aggregate(collection: string, query: AggregateQuery): Promise<AggregateRow[]> {
    const { groupBy, sum, distinct } = checkAggregate(query);
    const q = new Sql(collection);
    const where = whereSql(q, query.where);
    const cols = groupBy.map((g, i) => `${q.nf(g)} AS g${i}`);
    cols.push('count(*)::int AS n');
    sum.forEach((s, i) => {
      const f = q.f(s);
      // only JSON numbers are added; no number at all sums to 0
      cols.push(`coalesce(sum(CASE WHEN jsonb_typeof(${f}) = 'number' THEN ${f}::numeric END), 0)::float8 AS s${i}`);
    });
    if (distinct !== null) cols.push(`count(DISTINCT ${q.nf(distinct)})::int AS d`);
    let text = `SELECT ${cols.join(', ')} FROM docs WHERE ${where}`;
    if (groupBy.length) text += ` GROUP BY ${groupBy.map((_, i) => i + 1).join(', ')}`;
    const res = await this.db.query<Record<string, unknown>>(text, q.params);
    const rows = res.rows.map((r) => {
      const row: AggregateRow = {
        group: Object.fromEntries(groupBy.map((g, i) => [g, (r[`g${i}`] ?? null) as Scalar])),
        count: Number(r.n),
        sums: Object.fromEntries(sum.map((s, i) => [s, Number(r[`s${i}`])])),
      };
      if (distinct !== null) row.distinct = Number(r.d);
      return row;
    });
    if (groupBy.length === 0 && rows.length === 0) return [emptyAggregateRow(sum, distinct)];
    return sortAggregateRows(rows, groupBy);
  }

  /**
   * Group commit: the engine runs one statement at a time, and a burst of small transactions (bench:ballots) pays
   * BEGIN, COMMIT and a round trip per statement each. Transactions that arrive while one runs wait and then run
   * SIDE BY SIDE in one database transaction: their reads go to the engine as one statement, their creates as one
   * multi-row insert. The group commits only if the members were independent (no key written by one was read or
   * written by another; every member that failed wrote nothing): then each member saw the state before the group
   * and wrote what it would have written alone, so the result is that of running them one after another, the unique
   * keys and versions decided by the engine as before. Otherwise the group is rolled back whole and each member runs
   * again alone, in its own transaction, as without grouping (work must be safe to run again: the port says so).
   */
  transaction<R>(work: (tx: TxStore) => Promise<R>): Promise<R> {
    return retryOnConflict(
      () =>
        new Promise<R>((resolve, reject) => {
          this.queued.push({ work, resolve: resolve as (v: unknown) => void, reject });
          if (!this.committing) {
            this.committing = true;
            setImmediate(() => void this.commitQueued());
          }
        }),
    );
  }

  private async commitQueued(): Promise<void> {
    while (this.queued.length) {
      const group = this.queued.splice(0, GROUP_LIMIT);
      if (group.length > 1 && (await this.commitGroup(group))) continue;
      for (const m of group) {
        try {
          m.resolve(await this.db.transaction((tx) => m.work(new PgTx(tx))));
        } catch (err) {
          m.reject(err);
        }
      }
    }
    this.committing = false;
  }

  /** true: the group committed and each member has its answer; false: nothing of it was kept */
  private async commitGroup(group: Member[]): Promise<boolean> {
    let outcomes: PromiseSettledResult<unknown>[] | null;
    try {
      outcomes = await this.db.transaction(async (tx) => {
        const shared = new PgTx(tx, afterCallbacks);
        const members = group.map(() => new MemberTx(shared));
        const settled = await Promise.allSettled(group.map((m, i) => m.work(members[i]!)));
        if (independent(members, settled)) return settled;
        await tx.rollback();
        return null;
      });
    } catch {
      // the engine refused (an aborted transaction, a failed commit): nothing committed, each runs alone
      return false;
    }
    if (!outcomes) return false;
    outcomes.forEach((o, i) => (o.status === 'fulfilled' ? group[i]!.resolve(o.value) : group[i]!.reject(o.reason)));
    return true;
  }

  async close() {
    if (!this.db.closed) await this.db.close();
  }
}

/** Bring a database up to date: numbered migrations once each, then the per-collection indexes. */
export async function migrate(db: PGlite): Promise<void> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied = new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    });
  }
  for (const statement of collectionDdl(COLLECTIONS)) await db.exec(statement);
}

export interface OpenPgliteOptions {
  /** durable data folder; omit for an in-memory database (tests) */
  dataDir?: string;
  /** a tarball from dumpDataDir() to start from instead of running initdb (fast start) */
  loadDataDir?: Blob;
}

export async function openPgliteStorage(options: OpenPgliteOptions = {}): Promise<PgliteStorage> {
  // Loaded lazily: PGlite is ESM-only and large; nothing pays for it unless the local engine is chosen.
  const { PGlite } = await import('@electric-sql/pglite');
  const db = options.dataDir
    ? await PGlite.create(options.dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {})
    : await PGlite.create(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  await migrate(db);
  return new PgliteStorage(db);
}
