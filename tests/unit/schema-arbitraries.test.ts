import fc from 'fast-check';
import * as z from 'zod/mini';
import * as contract from '../../types';
import { deeplyNested, hostileEnvelope, hostileInput, isZodLike, LONG, validInput, WRONG_TYPES, type ZodLike } from '../support/schema-arbitraries';

/** Every object schema the contract exports, from every capability namespace in types/index.ts. */
function contractObjectSchemas(): [string, ZodLike][] {
  const found: [string, ZodLike][] = [];
  const visit = (prefix: string, mod: Record<string, unknown>) => {
    for (const [name, value] of Object.entries(mod)) {
      if (isZodLike(value)) {
        if (value._zod.def.type === 'object') found.push([`${prefix}${name}`, value]);
      } else if (value && typeof value === 'object' && !Array.isArray(value) && prefix === '') visit(`${name}.`, value as Record<string, unknown>);
    }
  };
  visit('', contract as unknown as Record<string, unknown>);
  return found;
}

const SCHEMAS = contractObjectSchemas();
const RUNS = 300;

describe('schema-arbitraries: derived from the real contract schemas', () => {
  it('finds the contract schemas (identity and deliberation at least)', () => {
    const names = SCHEMAS.map(([n]) => n);
    expect(names).toEqual(expect.arrayContaining(['identity.VerifyByRosterSchema', 'identity.ViewCertificateSchema', 'deliberation.OpenTopicInputSchema']));
    expect(SCHEMAS.length).toBeGreaterThanOrEqual(10);
  });

  it.each(SCHEMAS)('%s: every valid value parses (readable and weird text)', (_name, schema) => {
    fc.assert(fc.property(validInput(schema), (v) => schema.safeParse(v).success), { numRuns: RUNS });
    fc.assert(fc.property(validInput(schema, { weird: true }), (v) => schema.safeParse(v).success), { numRuns: RUNS });
  });

  it.each(SCHEMAS)('%s: hostile values never parse, and most are hostile before the final check', (name, schema) => {
    fc.assert(fc.property(hostileInput(schema), (v) => !schema.safeParse(v).success), { numRuns: RUNS });
    // The final check drops mutations that stay valid (an emoji in a free-text field); it must stay a
    // safety net, not the generator: most raw mutations already break the schema.
    const raw = fc.sample(hostileInput(schema, { unfiltered: true }), { numRuns: 500, seed: 1 });
    const hostileShare = raw.filter((v) => !schema.safeParse(v).success).length / raw.length;
    const strict = schema._zod.def.catchall?._zod.def.type === 'never'; // a loose object (the event envelope) admits most extras
    if (hostileShare < (strict ? 0.8 : 0.5)) throw new Error(`${name}: only ${Math.round(hostileShare * 100)}% of raw mutations are hostile`);
  });

  it('pins overridden fields, optional ones included', () => {
    const schema = contract.identity.MeInputSchema as unknown as ZodLike;
    for (const v of fc.sample(validInput(schema, { overrides: { estateId: 'hemu' } }), 20)) expect(v).toEqual({ estateId: 'hemu' });
    const unit = contract.identity.UnitOnlySchema as unknown as ZodLike;
    for (const v of fc.sample(validInput(unit, { overrides: { estateId: 'other', unitId: 'other:1-1-101' } }), 20)) {
      expect(v).toEqual({ estateId: 'other', unitId: 'other:1-1-101' });
    }
  });

  it('produces each family of hostile value for a real schema', () => {
    const schema = contract.identity.VerifyByRosterSchema as unknown as ZodLike;
    const samples = fc.sample(hostileInput(schema), { numRuns: 3000, seed: 7 });
    const some = (p: (v: unknown) => boolean) => samples.some(p);
    const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : obj(v) || Array.isArray(v) ? Object.values(v as object).flatMap(strings) : []);
    expect(some((v) => !obj(v))).toBe(true); // non-object inputs
    expect(some((v) => obj(v) && !('estateId' in v))).toBe(true); // a required field missing
    expect(some((v) => obj(v) && Object.prototype.hasOwnProperty.call(v, '__proto__'))).toBe(true); // prototype keys as own properties
    expect(some((v) => obj(v) && Object.prototype.hasOwnProperty.call(v, 'constructor'))).toBe(true);
    expect(some((v) => strings(v).some((s) => s.length >= LONG))).toBe(true); // over-long strings
    expect(some((v) => strings(v).some((s) => /[\u0000-\u001f\u007f]/.test(s)))).toBe(true); // control characters
    expect(some((v) => strings(v).some((s) => /[\u202e\u200f\u200b\ufeff]/.test(s)))).toBe(true); // RTL / zero-width
    expect(some((v) => strings(v).some((s) => /[\ud800-\udfff]/.test(s) && !/[\ud800-\udbff][\udc00-\udfff]/.test(s)))).toBe(true); // lone surrogate
    expect(some((v) => obj(v) && obj(v.unit) && Object.values(v.unit).some((x) => typeof x === 'number' && Number.isNaN(x)))).toBe(true);
    expect(some((v) => obj(v) && Object.keys(v).filter((k) => k in (schema._zod.def.shape ?? {})).length >= 2 && !schema.safeParse(v).success)).toBe(true);
    expect(samples.every((v) => !schema.safeParse(v).success)).toBe(true);
  });

  it('breaks numbers with NaN, infinities, fractions and out-of-range values', () => {
    const schema = contract.identity.ViewCertificateSchema as unknown as ZodLike;
    const indexes = fc.sample(hostileInput(schema), { numRuns: 2000, seed: 3 }).flatMap((v) =>
      v && typeof v === 'object' && 'index' in v ? [(v as { index: unknown }).index] : [],
    );
    expect(indexes.some((i) => Number.isNaN(i))).toBe(true);
    expect(indexes).toEqual(expect.arrayContaining([Infinity, -Infinity, 4, -1]));
    expect(indexes.some((i) => typeof i === 'number' && !Number.isInteger(i) && Number.isFinite(i))).toBe(true);
  });

  it('covers every schema kind the deriver claims, and names a kind it does not know', () => {
    const kitchen = z.strictObject({
      s: z.string().check(z.trim(), z.minLength(2), z.maxLength(5)),
      n: z.nullable(z.number().check(z.gte(-1), z.lte(1))),
      u: z.union([z.literal('a'), z.number().check(z.int())]),
      p: z.pipe(z.string().check(z.regex(/^[a-z]+$/)), z.transform((x: string) => x.toUpperCase())),
      l: z.looseObject({ k: z.boolean() }),
      a: z.array(z.enum(['x', 'y'])).check(z.minLength(1), z.maxLength(2)),
      o: z.optional(z.unknown()),
    }) as unknown as ZodLike;
    fc.assert(fc.property(validInput(kitchen, { weird: true }), (v) => kitchen.safeParse(v).success), { numRuns: 300 });
    fc.assert(fc.property(hostileInput(kitchen), (v) => !kitchen.safeParse(v).success), { numRuns: 300 });
    expect(() => validInput(z.strictObject({ d: z.date() }) as unknown as ZodLike)).toThrow(/zod type "date"/);
  });

  it('makes envelopes that name no known action', () => {
    const names = ['me', 'listTopics'];
    for (const e of fc.sample(hostileEnvelope(names), { numRuns: 2000, seed: 11 })) {
      if (e && typeof e === 'object' && 'action' in e) expect(names).not.toContain((e as { action: unknown }).action);
    }
    expect(WRONG_TYPES).toContain(null);
    expect(JSON.stringify(deeplyNested(3, 'array'))).toBe('[[["bottom"]]]');
  });
});
