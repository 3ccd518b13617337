/**
 * fast-check arbitraries derived from the contract's zod/mini schemas, so every action gets test inputs
 * without anyone writing them by hand (the fuzz test and the authorization matrix both use this).
 *
 * - `validInput(schema, options)`: values the schema accepts. `overrides` pins top-level fields (the matrix
 *   sets `estateId` / `unitId` to the cell's target); `weird: true` fills free text with the characters
 *   that break naive code (RTL marks, zero-width, emoji, control characters) while staying valid.
 * - `hostileInput(schema)`: values the schema REJECTS, each made from a valid value by breaking one or more
 *   of its constraints: wrong types, a required field missing, unknown keys (`__proto__`, `constructor`,
 *   ...), over-long strings (100,000 chars), control/RTL/zero-width characters and lone surrogate halves
 *   where a pattern forbids them, NaN/±Infinity/huge/fractional numbers, deep nesting, arrays of
 *   thousands, null, non-object inputs. Every candidate is checked against the schema itself, so a
 *   mutation that happens to stay valid (say, an emoji in a free-text title) is dropped, never sent.
 * - `hostileEnvelope(actionNames)`: cloud-function events that must be refused before any action runs.
 *
 * The deriver reads zod's own definition (`schema._zod.def`): string, number, boolean, literal, enum,
 * object (strict or loose), array, optional, nullable, default, pipe, union, unknown. A schema kind it does
 * not know makes it throw, naming the kind, so a new kind in the contract is noticed instead of skipped.
 */
import fc from 'fast-check';

/** The part of a zod (or zod/mini) v4 schema the deriver reads. */
export interface ZodLike {
  _zod: { def: ZodDef };
  safeParse(value: unknown): { success: boolean; data?: unknown };
}
interface ZodDef {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, ZodLike>;
  catchall?: ZodLike;
  element?: ZodLike;
  innerType?: ZodLike;
  in?: ZodLike;
  out?: ZodLike;
  options?: ZodLike[];
  values?: unknown[];
  entries?: Record<string, string | number>;
}
interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  format?: string;
  pattern?: RegExp;
  value?: number;
  inclusive?: boolean;
}

export function isZodLike(schema: unknown): schema is ZodLike {
  return typeof schema === 'object' && schema !== null && '_zod' in schema && typeof (schema as ZodLike).safeParse === 'function';
}

const defOf = (schema: ZodLike) => schema._zod.def;
const checksOf = (schema: ZodLike): CheckDef[] => (defOf(schema).checks ?? []).map((c) => c._zod.def);
const accepts = (schema: ZodLike, value: unknown) => schema.safeParse(value).success;

// ───────────────────────── constraints read from checks ─────────────────────────

interface StringRules {
  min: number;
  max: number;
  patterns: RegExp[];
  /** an "overwrite" check (trim, case folding) runs before the length checks */
  transformed: boolean;
}
function stringRules(schema: ZodLike): StringRules {
  const rules: StringRules = { min: 0, max: Infinity, patterns: [], transformed: false };
  // a format schema (z.iso.datetime(), z.email(), ...) carries its pattern on its own definition, not in checks
  const own = defOf(schema) as ZodDef & { pattern?: RegExp };
  if (own.pattern instanceof RegExp) rules.patterns.push(own.pattern);
  for (const c of checksOf(schema)) {
    if (c.check === 'min_length') rules.min = Math.max(rules.min, c.minimum ?? 0);
    else if (c.check === 'max_length') rules.max = Math.min(rules.max, c.maximum ?? Infinity);
    else if (c.check === 'length_equals') rules.min = rules.max = c.length ?? 0;
    else if (c.check === 'string_format' && c.pattern) rules.patterns.push(c.pattern);
    else if (c.check === 'overwrite') rules.transformed = true;
  }
  return rules;
}

interface NumberRules {
  int: boolean;
  min: number;
  max: number;
}
function numberRules(schema: ZodLike): NumberRules {
  const rules: NumberRules = { int: false, min: -1e9, max: 1e9 };
  for (const c of checksOf(schema)) {
    if (c.check === 'number_format' && /int/.test(c.format ?? '')) rules.int = true;
    else if (c.check === 'greater_than') rules.min = Math.max(rules.min, (c.value ?? 0) + (c.inclusive ? 0 : rules.int ? 1 : 1e-6));
    else if (c.check === 'less_than') rules.max = Math.min(rules.max, (c.value ?? 0) - (c.inclusive ? 0 : rules.int ? 1 : 1e-6));
  }
  return rules;
}

// ───────────────────────── valid values ─────────────────────────

/** Characters that break naive code but that a free-text field may legitimately contain. */
export const WEIRD_CHARS = ['\u202e', '\u200f', '\u200b', '\u2060', '\ufeff', '😀', '👨‍👩‍👧', '𠀀', 'é', '\t', '\n', '\\', '"', "'", '<', '>', '&', '%', '$', '{', '}', '议'] as const;
const READABLE_UNIT = fc.constantFrom(...'和睦家园议题说明业主委员会abcdefxyzABC0123456789');
const WEIRD_UNIT = fc.oneof({ weight: 3, arbitrary: READABLE_UNIT }, { weight: 1, arbitrary: fc.constantFrom(...WEIRD_CHARS) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) });

export interface ValidOptions {
  /** top-level fields pinned to these values (present even when optional) */
  overrides?: Record<string, unknown>;
  /** free text drawn from WEIRD_CHARS and all of Unicode instead of readable characters */
  weird?: boolean;
}

const OMIT = Symbol('omit');

function validString(schema: ZodLike, weird: boolean): fc.Arbitrary<string> {
  const r = stringRules(schema);
  let arb: fc.Arbitrary<string>;
  if (r.patterns.length > 0) {
    // fast-check refuses the i flag; what matches the case-sensitive pattern matches the insensitive one too
    const pattern = r.patterns[0];
    arb = fc.stringMatching(new RegExp(pattern.source, pattern.flags.replace(/[igy]/g, '')), { size: 'small' });
  } else {
    const maxLength = Math.min(r.max, r.min + (weird ? 60 : 12));
    arb = fc.string({ unit: weird ? WEIRD_UNIT : READABLE_UNIT, minLength: r.min, maxLength }).map((s) => (r.transformed ? s.trim() : s));
  }
  // the leaf schema is the judge: length after trimming, several patterns, formats
  return arb.filter(judgedBy(schema));
}

/**
 * The schema as a filter that fails loudly: fast-check retries a filter forever, so a generator that
 * (almost) never produces what the schema accepts would hang the fuzz and matrix tests instead of failing.
 */
const MAX_REJECTIONS_IN_A_ROW = 2000;
function judgedBy(schema: ZodLike): (value: unknown) => boolean {
  let rejectedInARow = 0;
  return (value) => {
    if (accepts(schema, value)) {
      rejectedInARow = 0;
      return true;
    }
    if (++rejectedInARow >= MAX_REJECTIONS_IN_A_ROW) {
      throw new Error(`schema-arbitraries: ${MAX_REJECTIONS_IN_A_ROW} generated values in a row were refused by a "${defOf(schema).type}" schema (last: ${JSON.stringify(value)?.slice(0, 80)}); teach tests/support/schema-arbitraries.ts its constraint`);
    }
    return false;
  };
}

function validNumber(schema: ZodLike): fc.Arbitrary<number> {
  const r = numberRules(schema);
  const arb = r.int
    ? fc.integer({ min: Math.ceil(Math.max(r.min, Number.MIN_SAFE_INTEGER)), max: Math.floor(Math.min(r.max, Number.MAX_SAFE_INTEGER)) })
    : fc.double({ min: r.min, max: r.max, noNaN: true, noDefaultInfinity: true });
  return arb.filter(judgedBy(schema));
}

/** Values `schema` accepts. */
export function validInput(schema: ZodLike, options: ValidOptions = {}): fc.Arbitrary<unknown> {
  return validArb(schema, options.weird ?? false, options.overrides);
}

function validArb(schema: ZodLike, weird: boolean, overrides?: Record<string, unknown>): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return validString(schema, weird);
    case 'number':
      return validNumber(schema);
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'optional':
      return fc.option(validArb(def.innerType!, weird), { nil: undefined });
    case 'nullable':
      return fc.option(validArb(def.innerType!, weird), { nil: null });
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return validArb(def.innerType!, weird);
    case 'pipe':
      return validArb(def.in!, weird).filter(judgedBy(schema));
    case 'union':
      return fc.oneof(...def.options!.map((o) => validArb(o, weird)));
    case 'unknown':
    case 'any':
      return fc.jsonValue({ maxDepth: 2 });
    case 'array': {
      const r = stringRules(schema); // min_length / max_length read the same way on arrays
      return fc.array(validArb(def.element!, weird), { minLength: r.min, maxLength: Math.min(r.max, r.min + 3) });
    }
    case 'object': {
      const shape = def.shape ?? {};
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, field] of Object.entries(shape)) {
        if (overrides && Object.prototype.hasOwnProperty.call(overrides, key)) fields[key] = fc.constant(overrides[key]);
        else if (isOptional(field)) fields[key] = fc.option(validArb(unwrapOptional(field), weird), { nil: OMIT as unknown as undefined });
        else fields[key] = validArb(field, weird);
      }
      return fc.record(fields).map((rec) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(rec)) if (v !== (OMIT as unknown)) out[k] = v;
        return out;
      });
    }
    default:
      throw new Error(`schema-arbitraries: no generator for zod type "${def.type}"; teach tests/support/schema-arbitraries.ts`);
  }
}

const isOptional = (s: ZodLike) => defOf(s).type === 'optional';
const unwrapOptional = (s: ZodLike) => (isOptional(s) ? defOf(s).innerType! : s);
const isStrictObject = (s: ZodLike) => defOf(s).type === 'object' && defOf(s).catchall !== undefined && defOf(defOf(s).catchall!).type === 'never';

// ───────────────────────── hostile values ─────────────────────────

export const LONG = 100_000;
/** Built once: making 100,000-character strings per sample would dominate the run time. */
const LONG_STRINGS = ['x'.repeat(LONG), '议'.repeat(LONG), '😀'.repeat(LONG / 2), '\u0000'.repeat(LONG)];
const THOUSANDS = new Array(5000).fill('x');
/** Inserted into strings: each is either forbidden by a pattern or dangerous to naive code. */
export const HOSTILE_CHARS = ['\u0000', '\u0007', '\u001b', '\u007f', '\r\n', '\u202e', '\u200b', '\u200f', '\ufeff', '\u2028', '😀', '\ud800', '\udfff', '%00', '../', '<script>', "' OR 1=1 --", '{"$ne":null}', '$where', ' '];
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '_id', '$where', 'openid', 'caller', 'roles', ''];

/** Nested `depth` levels deep: {a:{a:...}} or [[[...]]]. */
export function deeplyNested(depth: number, kind: 'object' | 'array'): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = kind === 'object' ? { a: v } : [v];
  return v;
}

/** Values that are wrong wherever a specific type is expected (objects, strings and numbers included). */
export const WRONG_TYPES: readonly unknown[] = [
  null,
  undefined,
  0,
  -0,
  1,
  -1,
  NaN,
  Infinity,
  -Infinity,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  0.5,
  10n,
  true,
  false,
  '',
  ' ',
  'null',
  'undefined',
  '[object Object]',
  '0',
  [],
  [null],
  {},
  Object.create(null),
  new Date(0),
  new Map([['a', 1]]),
  Symbol('s'),
  () => 1,
  deeplyNested(2000, 'object'),
  deeplyNested(2000, 'array'),
  THOUSANDS,
  LONG_STRINGS[0],
];
const wrongType = (except: (v: unknown) => boolean) => fc.constantFrom(...WRONG_TYPES.filter((v) => !except(v)));

/** A copy of `obj` with `key` set as an own property (also for `__proto__`, as JSON.parse would). */
function withKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...obj };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}
function without(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}
const insertAt = (s: string, at: number, piece: string) => s.slice(0, at) + piece + s.slice(at);

function hostileString(schema: ZodLike, value: string): fc.Arbitrary<unknown> {
  const r = stringRules(schema);
  const options: fc.Arbitrary<unknown>[] = [
    wrongType((v) => typeof v === 'string'),
    fc.constantFrom(...LONG_STRINGS),
    fc.constant(Number.isFinite(r.max) ? value + 'x'.repeat(Math.max(1, r.max - value.length + 1)) : LONG_STRINGS[0]),
    fc.tuple(fc.constantFrom(...HOSTILE_CHARS), fc.nat({ max: value.length })).map(([c, at]) => insertAt(value, at, c)),
    fc.constantFrom(...HOSTILE_CHARS).map((c) => c.repeat(Math.max(1, r.min))),
    fc.constant(' '.repeat(Math.max(1, r.min))),
  ];
  if (r.min > 0) options.push(fc.constant(value.slice(0, r.min - 1)), fc.constant(''));
  return fc.oneof(...options);
}

function hostileNumber(schema: ZodLike, value: number): fc.Arbitrary<unknown> {
  const r = numberRules(schema);
  return fc.oneof(
    wrongType((v) => typeof v === 'number' && Number.isFinite(v)),
    fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, r.min - 1, r.max + 1, value + 0.5, String(value)),
    fc.double().filter((n) => !accepts(schema, n)),
  );
}

/** Hostile variants of one valid `value` of `schema`: one constraint (or, nested, several) broken. */
function mutate(schema: ZodLike, value: unknown, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return hostileString(schema, typeof value === 'string' ? value : '');
    case 'number':
      return hostileNumber(schema, typeof value === 'number' ? value : 0);
    case 'boolean':
      return fc.oneof(wrongType((v) => typeof v === 'boolean'), fc.constantFrom('true', 'false', 1, 0, 'yes'));
    case 'literal':
    case 'enum': {
      const allowed = def.type === 'literal' ? def.values ?? [] : Object.values(def.entries ?? {});
      const s = String(value);
      return fc.oneof(
        wrongType((v) => allowed.includes(v as never)),
        fc.constantFrom(s + ' ', ' ' + s, s.toUpperCase() === s ? s.toLowerCase() : s.toUpperCase(), s + '\u200b', '\u202e' + s, 'admin', '__proto__', 'constructor', [s], { value: s }),
      );
    }
    case 'optional':
      return fc.oneof(fc.constant(null), value === undefined ? validArb(def.innerType!, false).chain((v) => mutate(def.innerType!, v, depth)) : mutate(def.innerType!, value, depth));
    case 'nullable':
      return value === null ? wrongType((v) => v === null) : mutate(def.innerType!, value, depth);
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return mutate(def.innerType!, value, depth);
    case 'pipe':
      return mutate(def.in!, value, depth);
    case 'union':
    case 'unknown':
    case 'any':
      return wrongType(() => false);
    case 'array': {
      const arr = Array.isArray(value) ? value : [];
      const r = stringRules(schema);
      const sample = arr[0];
      const options: fc.Arbitrary<unknown>[] = [
        wrongType((v) => Array.isArray(v)),
        fc.constant({ 0: sample, length: 1 }),
        fc.constant(sample === undefined ? THOUSANDS : new Array(5000).fill(sample)),
        fc.constant(new Array(Math.max(3, arr.length + 1))), // holes
      ];
      if (Number.isFinite(r.max)) options.push(fc.constant(new Array(r.max + 1).fill(sample ?? 'x')));
      if (r.min > 0) options.push(fc.constant([]));
      if (arr.length > 0 && depth < 4) {
        options.push(
          fc.nat({ max: arr.length - 1 }).chain((i) => mutate(def.element!, arr[i], depth + 1).map((bad) => arr.map((el, j) => (j === i ? bad : el)))),
        );
      }
      return fc.oneof(...options);
    }
    case 'object': {
      const obj = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
      const shape = def.shape ?? {};
      const keys = Object.keys(shape);
      const required = keys.filter((k) => !isOptional(shape[k]));
      const options: fc.Arbitrary<unknown>[] = [wrongType((v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Map))];
      if (required.length > 0) options.push(fc.constantFrom(...required).map((k) => without(obj, k)));
      if (isStrictObject(schema)) {
        const key = fc.oneof(fc.constantFrom(...FORBIDDEN_KEYS), fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom(...keys.map((k) => k.toUpperCase() + ' '), 'x '));
        const val = fc.oneof(fc.constantFrom(...WRONG_TYPES), fc.constant({ polluted: true }), fc.jsonValue({ maxDepth: 2 }));
        options.push(fc.tuple(key, val).filter(([k]) => !keys.includes(k)).map(([k, v]) => withKey(obj, k, v)));
      }
      if (keys.length > 0 && depth < 4) {
        const field = fc.constantFrom(...keys).chain((k) => mutate(shape[k], obj[k], depth + 1).map((bad) => (bad === undefined ? without(obj, k) : withKey(obj, k, bad))));
        options.push(field, field); // a broken field is the most common case: weight it
      }
      if (keys.length >= 2 && depth < 4) {
        // several fields broken at once
        options.push(
          fc.uniqueArray(fc.constantFrom(...keys), { minLength: 2, maxLength: keys.length }).chain((ks) =>
            fc.tuple(...ks.map((k) => mutate(shape[k], obj[k], depth + 1))).map((bads) => ks.reduce((acc, k, i) => withKey(acc, k, bads[i]), obj)),
          ),
        );
      }
      return fc.oneof(...options);
    }
    default:
      throw new Error(`schema-arbitraries: no mutator for zod type "${def.type}"; teach tests/support/schema-arbitraries.ts`);
  }
}

/**
 * Hostile inputs for `schema`, none of which it accepts. `unfiltered: true` skips the final check against
 * the schema (the deriver's own test uses it to show the mutations are hostile by construction).
 */
export function hostileInput(schema: ZodLike, options: { unfiltered?: boolean } = {}): fc.Arbitrary<unknown> {
  const arb = fc.oneof(
    { weight: 1, arbitrary: wrongType(() => false) },
    { weight: 8, arbitrary: validArb(schema, false).chain((v) => mutate(schema, v)) },
    { weight: 2, arbitrary: validArb(schema, true).chain((v) => mutate(schema, v)) },
  );
  return options.unfiltered ? arb : arb.filter((v) => !accepts(schema, v));
}

/** Events refused before any action runs: non-objects, bad or unknown action names. */
export function hostileEnvelope(actionNames: readonly string[]): fc.Arbitrary<unknown> {
  const known = actionNames.length > 0 ? actionNames : ['me'];
  const badName = fc.oneof(
    fc.constantFrom('', ' ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'x'.repeat(65), 'x'.repeat(LONG), '../identity', 'me;drop', '\u0000'),
    fc.constantFrom(...known).chain((n) => fc.constantFrom(n.toUpperCase(), ` ${n}`, `${n} `, `${n}\u200b`, `\u202e${n}`, `${n}\u0000`, n.slice(0, -1))),
    fc.string({ minLength: 1, maxLength: 64 }),
  ).filter((n) => !known.includes(n as string));
  const input = fc.oneof(fc.constantFrom(...WRONG_TYPES), fc.jsonValue({ maxDepth: 3 }));
  return fc.oneof(
    fc.constantFrom(...WRONG_TYPES.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))),
    fc.record({ input }, { requiredKeys: [] }), // no action
    fc.tuple(wrongType((v) => typeof v === 'string' && v.length > 0 && v.length <= 64), input).map(([action, i]) => ({ action, input: i })),
    fc.tuple(badName, input).map(([action, i]) => ({ action, input: i })),
    fc.tuple(badName, fc.constantFrom('demo-community-staff', 'admin')).map(([action, openid]) => ({ action, input: {}, openid, userInfo: { openId: openid } })),
  );
}
