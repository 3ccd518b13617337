/**
 * Fuzz every action of every capability contract through its cloud function's `main(event, context)`,
 * in-process, on both engines (freshEnv; see tests/support/ports.ts). The payloads are derived from the
 * contract's schemas (tests/support/schema-arbitraries.ts), so an action added to a contract is fuzzed
 * without a new test. The caller holds every role in the seeded demo estate, so nothing is refused for
 * lack of a role: whatever refuses a payload is validation.
 *
 * For every action, at least FUZZ_RUNS (default 1,000) hostile payloads, each failing the action's schema:
 * never INTERNAL, always `ok: false` with a code from the error table (VALIDATION_FAILED, since the schema
 * refuses them) and Chinese messages, and the database unchanged (every collection of
 * server/app/collections.ts compared document by document, and the audit collections' length).
 * Then hostile envelopes, and schema-valid inputs with weird text and ids that reach the use cases:
 * those may be refused or may write, but never with INTERNAL.
 *
 * FUZZ_RUNS=n raises the count; a failure prints fast-check's seed and path to replay it with FUZZ_SEED=seed.
 */
import fc from 'fast-check';
import { accountKeyOf } from '../../server/app/identity/accounts';
import { MEMBERS, memberId, type MemberDoc } from '../../server/app/identity/records';
import { DEMO_ESTATE_ID } from '../../server/seed/demo-estate';
import { CAPABILITIES } from '../../types/capabilities';
import { ROLES } from '../../types/common';
import { isErrorCode, type ApiResult } from '../../types/errors';
import { ACTION_CATALOG, snapshotDb, type DbSnapshot } from '../support/action-catalog';
import { as, freshEnv, type TestEnv } from '../support/ports';
import { hostileEnvelope, hostileInput, validInput } from '../support/schema-arbitraries';

const RUNS = Math.max(1000, Number(process.env.FUZZ_RUNS ?? 1000));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const VALID_RUNS = 60;
const FUZZER = 'fuzz-every-role';
/** the seed's topic in consultation (server/seed/load.ts: t_demo_<n> in DEMO_TOPICS order) */
const DEMO_CONSULTATION_TOPIC = 't_demo_1';
/** the seed's vote whose window is over (server/seed/demo-votes.ts): the result actions reach closing, counting and the result */
const DEMO_CLOSED_VOTE = 't_demo_6';

let env: TestEnv;
const timings: string[] = [];
/** the database as the previous case left it (each case must leave it unchanged, so this saves a snapshot per case) */
let lastSnapshot: DbSnapshot | null = null;

const savedAdmins = process.env.GONGYI_ADMIN_OPENIDS;
beforeAll(async () => {
  process.env.GONGYI_ADMIN_OPENIDS = FUZZER; // also the deployment administrator, so admin actions reach their use cases
  env = await freshEnv({ seed: true });
  const at = env.clock.now().toISOString();
  const member: MemberDoc = {
    estateId: DEMO_ESTATE_ID,
    openid: FUZZER,
    accountKey: accountKeyOf(env.ports.crypto, DEMO_ESTATE_ID, FUZZER),
    roles: [...ROLES],
    displayName: '测*员',
    since: at,
    history: [{ at, by: 'system', change: `roles: ${ROLES.join(',')}`, reason: 'fuzz test' }],
  };
  await env.storage.transaction((tx) => tx.create(MEMBERS, memberId(DEMO_ESTATE_ID, FUZZER), member));
}, 60_000);
afterAll(async () => {
  // eslint-disable-next-line no-console
  if (timings.length) console.log(`[fuzz] ${env.engine}\n${timings.join('\n')}`);
  await env.cleanup();
  if (savedAdmins === undefined) delete process.env.GONGYI_ADMIN_OPENIDS;
  else process.env.GONGYI_ADMIN_OPENIDS = savedAdmins;
});

const HAN = /[\u4e00-\u9fff]/;
/** What a refusal must look like: a known code, a Chinese message, Chinese field messages, no leaked internals. */
function expectCodedRefusal(r: ApiResult<unknown>, where: string) {
  if (r.ok) throw new Error(`${where}: expected a refusal, got ok`);
  const { error } = r;
  if (!isErrorCode(error.code)) throw new Error(`${where}: unknown code ${String(error.code)}`);
  if (error.code === 'INTERNAL') throw new Error(`${where}: INTERNAL`);
  if (typeof error.message !== 'string' || !HAN.test(error.message)) throw new Error(`${where}: message without Chinese: ${JSON.stringify(error.message)}`);
  for (const f of error.fields ?? []) {
    if (!isErrorCode(f.code)) throw new Error(`${where}: field ${f.field} with unknown code ${String(f.code)}`);
    if (!HAN.test(f.message) || /native code|\[object |undefined|NaN|function /.test(f.message)) {
      throw new Error(`${where}: field ${f.field} has a broken message ${JSON.stringify(f.message.slice(0, 200))}`);
    }
  }
}

function expectSameDb(before: DbSnapshot, after: DbSnapshot, where: string) {
  expect({ where, auditLength: after.auditLength, counts: after.counts }).toEqual({ where, auditLength: before.auditLength, counts: before.counts });
  expect({ where, docs: after.docs }).toEqual({ where, docs: before.docs });
}

const params = (numRuns: number) => ({ numRuns, ...(SEED === undefined ? {} : { seed: SEED }) });

describe(`every contract action refuses ${RUNS} hostile payloads: coded, never INTERNAL, database unchanged`, () => {
  it('covers every action of every capability', () => {
    const declared = CAPABILITIES.flatMap((c) => Object.keys(c.actions).map((a) => `${c.name}.${a}`));
    expect(ACTION_CATALOG.map((a) => `${a.capability}.${a.action}`)).toEqual(declared);
    expect(declared.length).toBeGreaterThanOrEqual(20);
  });

  it.each(ACTION_CATALOG.map((a) => [`${a.capability}.${a.action}`, a] as const))('%s', async (name, { action, input, main }) => {
    const before = lastSnapshot ?? (await snapshotDb(env.storage));
    const started = Date.now();
    let calls = 0;
    const codes = new Set<string>();
    await fc.assert(
      // the handler reads a missing or null `input` as {}: such payloads are not hostile to an action without required fields
      fc.asyncProperty(hostileInput(input).filter((p) => !input.safeParse(p ?? {}).success), async (payload) => {
        calls++;
        const r = await main({ action, input: payload }, as(FUZZER));
        expectCodedRefusal(r, name);
        // the schema refuses every one of these payloads, and the caller holds every role
        if (!r.ok) codes.add(r.error.code);
        if (!r.ok && r.error.code !== 'VALIDATION_FAILED') throw new Error(`${name}: schema-invalid input answered ${r.error.code}`);
      }),
      params(RUNS),
    );
    timings.push(`  ${name}: ${calls} payloads in ${Date.now() - started} ms`);
    expect(calls).toBeGreaterThanOrEqual(RUNS);
    expect([...codes]).toEqual(['VALIDATION_FAILED']);
    lastSnapshot = null;
    const after = await snapshotDb(env.storage);
    expectSameDb(before, after, name);
    lastSnapshot = after;
  });

  it(`refuses ${RUNS} hostile envelopes per cloud function before any action runs`, async () => {
    const before = await snapshotDb(env.storage);
    const byMain = new Map(ACTION_CATALOG.map((a) => [a.main, [] as string[]]));
    for (const a of ACTION_CATALOG) byMain.get(a.main)!.push(a.action);
    for (const [main, actions] of byMain) {
      await fc.assert(
        fc.asyncProperty(hostileEnvelope(actions), async (event) => {
          const r = await main(event, as(FUZZER));
          expectCodedRefusal(r, `envelope ${actions[0]}…`);
          if (!r.ok && !['BAD_REQUEST', 'UNKNOWN_ACTION'].includes(r.error.code)) throw new Error(`envelope answered ${r.error.code}`);
        }),
        params(RUNS),
      );
    }
    expectSameDb(before, await snapshotDb(env.storage), 'envelopes');
  });
});

describe(`schema-valid inputs with weird text and unknown ids reach the use cases without INTERNAL (${VALID_RUNS} per action)`, () => {
  it.each(ACTION_CATALOG.map((a) => [`${a.capability}.${a.action}`, a] as const))('%s', async (name, { action, input, main }) => {
    // half of them in the demo estate, so the use case (not only the membership check) sees them
    const inHemu = validInput(input, { weird: true, overrides: 'estateId' in (input._zod.def.shape ?? {}) ? { estateId: DEMO_ESTATE_ID } : {} });
    const anywhere = validInput(input, { weird: true });
    // topic-scoped actions: a third of them on a seeded topic in consultation, so the use case gets past TOPIC_NOT_FOUND
    const shape = input._zod.def.shape ?? {};
    const onTopic = 'topicId' in shape ? [validInput(input, { weird: true, overrides: { estateId: DEMO_ESTATE_ID, topicId: DEMO_CONSULTATION_TOPIC } })] : [];
    if ('topicId' in shape && /^voting\.(closeVote|voteResult|publishedFiles|checkReceipt|endorseResult)$/.test(name)) onTopic.push(validInput(input, { weird: true, overrides: { estateId: DEMO_ESTATE_ID, topicId: DEMO_CLOSED_VOTE } }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(inHemu, anywhere, ...onTopic), async (payload) => {
        const r = await main({ action, input: payload }, as(FUZZER));
        if (!r.ok) expectCodedRefusal(r, name);
      }),
      params(VALID_RUNS),
    );
  });
});
