import type { CollectionSpec } from '../../app/collections';

/**
 * Ordered schema migrations for the embedded engine. Applied once each, in order, recorded in
 * schema_migrations. Never edit an applied migration: add a new one.
 */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'documents',
    sql: `
      CREATE TABLE docs (
        collection text NOT NULL,
        id text NOT NULL,
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT docs_pkey PRIMARY KEY (collection, id)
      );
      CREATE INDEX docs_data_gin ON docs USING gin (data jsonb_path_ops);
    `,
  },
  {
    version: 2,
    name: 'append-only collections',
    // The audit chain must be append-only even against a buggy adapter or a hand-typed SQL statement.
    sql: `
      CREATE TABLE append_only_collections (collection text PRIMARY KEY);
      CREATE FUNCTION forbid_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM append_only_collections a WHERE a.collection = OLD.collection) THEN
          RAISE EXCEPTION 'collection % is append-only', OLD.collection USING ERRCODE = 'GY001';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$;
      CREATE TRIGGER docs_append_only BEFORE UPDATE OR DELETE ON docs
        FOR EACH ROW EXECUTE FUNCTION forbid_append_only_change();
    `,
  },
  {
    version: 3,
    name: 'append-only: truncate and the marker table',
    // Migration 2 guarded rows of docs only: TRUNCATE skips row triggers, and the marker table itself could be
    // emptied to switch the guard off. Whoever holds the database files can still bypass any trigger (disable it,
    // session_replication_role); verify:audit checks against anchors kept outside the data folder for that.
    sql: `
      CREATE FUNCTION forbid_append_only_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'append_only_collections'
          OR EXISTS (SELECT 1 FROM docs d JOIN append_only_collections a ON a.collection = d.collection) THEN
          RAISE EXCEPTION 'table % holds append-only data and cannot be truncated', TG_TABLE_NAME USING ERRCODE = 'GY001';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER docs_append_only_truncate BEFORE TRUNCATE ON docs
        FOR EACH STATEMENT EXECUTE FUNCTION forbid_append_only_truncate();
      CREATE FUNCTION forbid_marker_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'append-only markers cannot be changed or removed (%)', TG_OP USING ERRCODE = 'GY001';
      END $$;
      CREATE TRIGGER append_only_markers_fixed BEFORE UPDATE OR DELETE ON append_only_collections
        FOR EACH ROW EXECUTE FUNCTION forbid_marker_change();
      CREATE TRIGGER append_only_markers_no_truncate BEFORE TRUNCATE ON append_only_collections
        FOR EACH STATEMENT EXECUTE FUNCTION forbid_append_only_truncate();
    `,
  },
  {
    version: 4,
    name: 'point reads and updates with cached plans',
    // Planning any statement that reads docs looks at every partial index of the table (one per collection index:
    // dozens), and on PGlite each costs a file-size call: a point read by id took ~6 ms, most of it planning. These
    // functions keep their plans for the connection (PL/pgSQL caches a generic plan on the primary key), so a read
    // or an update by id is planned once. Same rows, same checks, same triggers as the statements they replace.
    sql: `
      CREATE FUNCTION doc_get(c text, i text) RETURNS TABLE (id text, version integer, data jsonb)
        LANGUAGE plpgsql STABLE AS $$
      BEGIN
        RETURN QUERY SELECT d.id, d.version, d.data FROM docs d WHERE d.collection = c AND d.id = i;
      END $$;
      CREATE FUNCTION doc_get_many(cs text[], ids text[]) RETURNS TABLE (collection text, id text, version integer, data jsonb)
        LANGUAGE plpgsql STABLE AS $$
      DECLARE n integer;
      BEGIN
        -- one cached point lookup per id (a join with unnest() got a worse plan)
        FOR n IN 1 .. coalesce(array_length(ids, 1), 0) LOOP
          RETURN QUERY SELECT d.collection, d.id, d.version, d.data FROM docs d WHERE d.collection = cs[n] AND d.id = ids[n];
        END LOOP;
      END $$;
      CREATE FUNCTION doc_update(c text, i text, expected integer, doc jsonb) RETURNS integer
        LANGUAGE plpgsql AS $$
      DECLARE v integer;
      BEGIN
        UPDATE docs SET data = doc, version = docs.version + 1, updated_at = now()
          WHERE docs.collection = c AND docs.id = i AND docs.version = expected RETURNING docs.version INTO v;
        RETURN v;
      END $$;
    `,
  },
  {
    version: 5,
    name: 'smaller GIN pending list',
    // New rows reach the GIN index through its pending list, which is merged into the index by whichever insert
    // finds it over gin_pending_list_limit (default 4 MB). That merge took ~200 ms in one statement, stalling every
    // transaction waiting behind it (bench:ballots: a p99 of 300 ms where the median was 30 ms). At 128 kB each merge
    // is small (worst insert ~40 ms in the same measurement) and the cost per row is unchanged (~0.09 ms); a smaller
    // list is also less for a @> query to scan.
    sql: `ALTER INDEX docs_data_gin SET (gin_pending_list_limit = 128);`,
  },
];

const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Per-collection expression indexes and append-only markers derived from the collection list. */
export function collectionDdl(collections: CollectionSpec[]): string[] {
  const statements: string[] = [];
  for (const c of collections) {
    if (!SAFE_NAME.test(c.name)) throw new Error(`bad collection name ${c.name}`);
    for (const fields of c.indexes) {
      for (const f of fields) if (!SAFE_NAME.test(f)) throw new Error(`bad field name ${f}`);
      const name = `docs_${c.name}_${fields.join('_')}`;
      const cols = fields.map((f) => `(data->'${f}')`).join(', ');
      statements.push(`CREATE INDEX IF NOT EXISTS ${name} ON docs (${cols}) WHERE collection = '${c.name}'`);
    }
    if (c.appendOnly) {
      statements.push(`INSERT INTO append_only_collections (collection) VALUES ('${c.name}') ON CONFLICT DO NOTHING`);
    }
  }
  return statements;
}
