/**
 * The query vocabulary of the storage port and the pieces both adapters share, so that a query means the
 * same thing on PGlite and on CloudBase: where-clause validation, the cursor format, and the order of
 * aggregate rows. The meanings themselves are pinned in the doc comment of `Storage` (storage.ts) and in
 * docs/storage.md; tests/support/storage-contract.ts checks them on both engines.
 */

export type Scalar = string | number | boolean | null;

/** A range on numbers OR on strings (all bounds one type); it only ever matches values of that type. */
export interface Range {
  gt?: number | string;
  gte?: number | string;
  lt?: number | string;
  lte?: number | string;
}

/** a scalar: equality; an array: one of; an object: a range */
export type Condition = Scalar | readonly Scalar[] | Range;
export type Where = Record<string, Condition>;

export interface OrderBy {
  field: string;
  direction?: 'asc' | 'desc';
}

export interface PageQuery {
  where?: Where;
  orderBy?: OrderBy;
  /** documents per page, at least 1 */
  limit: number;
  /** `next` of the previous page, with the same where and orderBy */
  after?: string | null;
}

export interface AggregateQuery {
  where?: Where;
  /** 0, 1 or 2 top-level fields holding scalars */
  groupBy?: string[];
  /** documents are always counted; `count: true` only says so at the call site */
  count?: true;
  /** integer fields to sum per group (only numbers are added; anything else counts as 0) */
  sum?: string[];
  /** a scalar field whose distinct non-null values are counted per group */
  distinct?: string;
}

export interface AggregateRow {
  /** one entry per groupBy field; a missing field and null both appear as null */
  group: Record<string, Scalar>;
  count: number;
  /** one entry per `sum` field */
  sums: Record<string, number>;
  /** present when `distinct` was asked for */
  distinct?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Where clauses, validated once for both adapters
// ---------------------------------------------------------------------------------------------------------

export type RangeType = 'number' | 'string';
export type Clause =
  | { field: string; op: 'eq'; value: Scalar }
  | { field: string; op: 'in'; values: Scalar[] }
  | { field: string; op: 'range'; type: RangeType; bounds: { op: 'gt' | 'gte' | 'lt' | 'lte'; value: number | string }[] };

const RANGE_KEYS = ['gt', 'gte', 'lt', 'lte'] as const;

function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * The clauses of a where object (all must hold), or `null` when an empty one-of means nothing can match.
 * Throws on anything the port does not define: NaN/Infinity, nested arrays or objects as values, unknown
 * range keys, an empty range, bounds of mixed or unsupported types.
 */
export function parseWhere(where: Where | undefined): Clause[] | null {
  const clauses: Clause[] = [];
  let impossible = false;
  for (const [field, cond] of Object.entries(where ?? {})) {
    if (Array.isArray(cond)) {
      if (!cond.every(isScalar)) throw new Error(`invalid one-of values for ${field}`);
      if (cond.length === 0) impossible = true;
      clauses.push({ field, op: 'in', values: [...cond] });
    } else if (cond !== null && typeof cond === 'object') {
      const range = cond as Record<string, unknown>;
      const keys = Object.keys(range);
      if (keys.length === 0 || keys.some((k) => !(RANGE_KEYS as readonly string[]).includes(k))) {
        throw new Error(`invalid range for ${field}: use gt, gte, lt, lte`);
      }
      const bounds = RANGE_KEYS.filter((k) => range[k] !== undefined).map((op) => ({ op, value: range[op] as number | string }));
      const types = new Set(bounds.map((b) => (typeof b.value === 'number' ? (Number.isFinite(b.value) ? 'number' : 'non-finite') : typeof b.value)));
      const [type] = [...types];
      if (bounds.length === 0 || types.size !== 1 || (type !== 'number' && type !== 'string')) {
        throw new Error(`invalid range for ${field}: bounds must all be finite numbers or all strings`);
      }
      clauses.push({ field, op: 'range', type, bounds });
    } else {
      if (!isScalar(cond)) throw new Error(`invalid value for ${field}`);
      clauses.push({ field, op: 'eq', value: cond });
    }
  }
  return impossible ? null : clauses;
}

// ---------------------------------------------------------------------------------------------------------
// Cursors: one opaque format for both engines
// ---------------------------------------------------------------------------------------------------------

export class InvalidCursorError extends Error {
  constructor(reason: string) {
    super(`invalid cursor: ${reason}`);
    this.name = 'InvalidCursorError';
  }
}

/** Where the next page starts: strictly after (value, id) in the page order. */
export interface CursorPosition {
  /** the sort field, or null when the page is ordered by id alone */
  field: string | null;
  direction: 'asc' | 'desc';
  /** the last document's sort value (null for a missing or null field); null when field is null */
  value: Scalar;
  id: string;
}

const CURSOR_VERSION = 1;

/** The one cursor encoder: base64url of a small JSON array. Opaque to callers. */
export function encodeCursor(position: CursorPosition): string {
  const json = JSON.stringify([CURSOR_VERSION, position.field, position.direction, position.value, position.id]);
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** The one cursor decoder; refuses a cursor made for another order (field or direction). */
export function decodeCursor(cursor: string, orderBy: OrderBy | undefined): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor');
  }
  if (!Array.isArray(parsed) || parsed.length !== 5 || parsed[0] !== CURSOR_VERSION) throw new InvalidCursorError('not a cursor');
  const [, field, direction, value, id] = parsed as unknown[];
  if ((field !== null && typeof field !== 'string') || (direction !== 'asc' && direction !== 'desc') || !isScalar(value) || typeof id !== 'string') {
    throw new InvalidCursorError('not a cursor');
  }
  const expected = pageOrder(orderBy);
  if (field !== expected.field || direction !== expected.direction) throw new InvalidCursorError('made for another order');
  return { field, direction, value: field === null ? null : value, id };
}

/** The total order of a page query: the sort field (if any) then id, both in one direction. */
export function pageOrder(orderBy: OrderBy | undefined): { field: string | null; direction: 'asc' | 'desc' } {
  return orderBy ? { field: orderBy.field, direction: orderBy.direction === 'desc' ? 'desc' : 'asc' } : { field: null, direction: 'asc' };
}

/** The cursor that continues after `doc`. A sort value that is an array or object cannot be paged on. */
export function cursorAfter(doc: { id: string; data: Record<string, unknown> }, orderBy: OrderBy | undefined): string {
  const { field, direction } = pageOrder(orderBy);
  let value: Scalar = null;
  if (field !== null) {
    const v = doc.data[field];
    if (v !== undefined && !isScalar(v)) throw new Error(`cannot page on ${field}: document ${doc.id} holds a non-scalar value`);
    value = v === undefined ? null : v;
  }
  return encodeCursor({ field, direction, value, id: doc.id });
}

export function checkPageLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`page limit must be a positive integer, got ${limit}`);
  return limit;
}

// ---------------------------------------------------------------------------------------------------------
// Aggregates
// ---------------------------------------------------------------------------------------------------------

export function checkAggregate(query: AggregateQuery): { groupBy: string[]; sum: string[]; distinct: string | null } {
  const groupBy = query.groupBy ?? [];
  const sum = query.sum ?? [];
  if (groupBy.length > 2) throw new Error('aggregate: group by at most 2 fields');
  if (new Set(groupBy).size !== groupBy.length || new Set(sum).size !== sum.length) throw new Error('aggregate: repeated field');
  return { groupBy, sum, distinct: query.distinct ?? null };
}

/** MongoDB's order of the scalar types (null < numbers < strings < booleans); strings by code point. */
function typeRank(v: Scalar): number {
  if (v === null) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  return 3;
}

/** UTF-8 byte order = code point order (what MongoDB and PostgreSQL's "C" collation use); JS `<` compares UTF-16 units. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1; // a surrogate pair encodes a code point above every BMP one
    return x - y;
  }
  return a.length - b.length;
}

export function compareScalars(a: Scalar, b: Scalar): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (typeof a === 'number' || typeof a === 'boolean') return Number(a) - Number(b);
  return 0;
}

/** Aggregate rows in one order on both engines: by the group values, field by field. */
export function sortAggregateRows(rows: AggregateRow[], groupBy: string[]): AggregateRow[] {
  return rows.sort((x, y) => {
    for (const f of groupBy) {
      const c = compareScalars(x.group[f], y.group[f]);
      if (c !== 0) return c;
    }
    return 0;
  });
}

/** With no group fields there is always exactly one row, even over no documents. */
export function emptyAggregateRow(sum: string[], distinct: string | null): AggregateRow {
  const row: AggregateRow = { group: {}, count: 0, sums: Object.fromEntries(sum.map((f) => [f, 0])) };
  if (distinct !== null) row.distinct = 0;
  return row;
}
