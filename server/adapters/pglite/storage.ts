import type { PGlite, Transaction } from '@electric-sql/pglite';
import { COLLECTIONS } from '../../app/collections';
import {
  DuplicateKeyError,
  retryOnConflict,
  VersionConflictError,
  type DocData,
  type Query,
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

async function getDoc<T extends DocData>(db: Queryable, collection: string, id: string): Promise<StoredDoc<T> | null> {
  const res = await db.query<Row>('SELECT id, version, data FROM docs WHERE collection = $1 AND id = $2', [collection, id]);
  return res.rows[0] ? toDoc<T>(res.rows[0]) : null;
}

/** WHERE clause for equality filters; values travel as jsonb parameters, field names are whitelisted. */
function whereSql(collection: string, where: Query['where'] = {}): { sql: string; params: unknown[] } {
  const params: unknown[] = [collection];
  const clauses = ['collection = $1'];
  for (const [name, value] of Object.entries(where)) {
    params.push(field(name));
    const key = `$${params.length}`;
    if (Array.isArray(value)) {
      if (value.length === 0) return { sql: 'FALSE', params: [] };
      const placeholders = value.map((v) => {
        params.push(JSON.stringify(v));
        return `$${params.length}::jsonb`;
      });
      clauses.push(`(data -> ${key}::text) IN (${placeholders.join(', ')})`);
    } else {
      params.push(JSON.stringify(value));
      clauses.push(`(data -> ${key}::text) = $${params.length}::jsonb`);
    }
  }
  return { sql: clauses.join(' AND '), params };
}

class PgTx implements TxStore {
  constructor(private readonly tx: Queryable) {}

  get<T extends DocData>(collection: string, id: string) {
    return getDoc<T>(this.tx, collection, id);
  }

  async create<T extends DocData>(collection: string, id: string, data: T): Promise<StoredDoc<T>> {
    // ON CONFLICT DO NOTHING lets the primary key decide without aborting the surrounding transaction.
    const res = await this.tx.query<{ id: string }>(
      'INSERT INTO docs (collection, id, data) VALUES ($1, $2, $3::jsonb) ON CONFLICT ON CONSTRAINT docs_pkey DO NOTHING RETURNING id',
      [collection, id, JSON.stringify(data)],
    );
    if (res.rows.length === 0) throw new DuplicateKeyError(collection, id);
    return { id, version: 1, data };
  }

  async update<T extends DocData>(collection: string, id: string, expectedVersion: number, data: T): Promise<StoredDoc<T>> {
    const res = await this.tx.query<{ version: number }>(
      `UPDATE docs SET data = $4::jsonb, version = version + 1, updated_at = now()
        WHERE collection = $1 AND id = $2 AND version = $3 RETURNING version`,
      [collection, id, expectedVersion, JSON.stringify(data)],
    );
    if (res.rows.length === 0) throw new VersionConflictError(collection, id);
    return { id, version: res.rows[0].version, data };
  }
}

export class PgliteStorage implements Storage {
  constructor(readonly db: PGlite) {}

  get<T extends DocData>(collection: string, id: string) {
    return getDoc<T>(this.db, collection, id);
  }

  async find<T extends DocData>(collection: string, query: Query = {}): Promise<StoredDoc<T>[]> {
    const { sql, params } = whereSql(collection, query.where);
    let text = `SELECT id, version, data FROM docs WHERE ${sql}`;
    if (query.orderBy) {
      params.push(field(query.orderBy.field));
      const dir = query.orderBy.direction === 'desc' ? 'DESC' : 'ASC';
      text += ` ORDER BY (data -> $${params.length}::text) ${dir}, id ${dir}`;
    } else {
      text += ' ORDER BY id';
    }
    if (query.limit !== undefined) {
      params.push(Math.max(0, Math.floor(query.limit)));
      text += ` LIMIT $${params.length}`;
    }
    const res = await this.db.query<Row>(text, params);
    return res.rows.map((r) => toDoc<T>(r));
  }

  async count(collection: string, where?: Query['where']): Promise<number> {
    const { sql, params } = whereSql(collection, where);
    const res = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docs WHERE ${sql}`, params);
    return res.rows[0].n;
  }

  transaction<R>(work: (tx: TxStore) => Promise<R>): Promise<R> {
    return retryOnConflict(() => this.db.transaction((tx) => work(new PgTx(tx))));
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
