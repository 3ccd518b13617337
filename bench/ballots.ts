import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalPorts } from '../server/adapters/local';
import { ManualClock } from '../server/adapters/local/clock';
import type { PgliteStorage } from '../server/adapters/pglite/storage';
import { setRuntimePorts, runtimePorts } from '../server/adapters/runtime';
import { createEstateRecord } from '../server/app/admin/estates';
import { deliberationFunction } from '../server/app/deliberation';
import { createCloudFunction } from '../server/app/handler';
import { accountKeyOf, linkUnit } from '../server/app/identity/accounts';
import { MEMBERS, memberId, PERSON_LINKS, personLinkId, unitId, type MemberDoc } from '../server/app/identity/records';
import { applyRoster, prepareRoster } from '../server/app/identity/roster';
import { votingFunction } from '../server/app/voting';
import { VOTE_BALLOTS, VOTE_REQUESTS, type BallotDoc, type RequestDoc } from '../server/app/voting/records';
import { idCheckChar, parseRoster } from '../server/core/identity/roster-import';
import { maskName } from '../server/core/identity/masking';
import type { Ports } from '../server/ports';
import { personKeyOf } from '../server/seed/load';
import type { ApiResult } from '../types/errors';
import { ROSTER_COLUMNS } from '../types/identity';

/**
 * `npm run bench:ballots` (issue 11 item 11): a burst of BENCH_UNITS (default 10,000) package submissions, one per
 * unit, through the voting cloud function's handler (createCloudFunction(votingFunction): envelope, caller, input
 * validation, authorization, castBallot) on PGlite with real files in a temporary folder (production's local mode).
 *
 * Setup (not timed): an estate of BENCH_UNITS units, each with its own owner, built with the seed's machinery
 * (createEstateRecord, applyRoster from a parsed roster file, member + linkUnit as a roster match); a topic over the
 * whole estate with BENCH_ITEMS items proposed, pre-reviewed, published, announced and opened through the
 * deliberation handlers; every unit's delivery confirmed through confirmDelivery.
 *
 * Timed: the burst with CONCURRENCY submissions in flight, each with its own idempotency key; the latency of a
 * submission is from the call to its answer (so it includes waiting behind the other submissions in flight).
 * Side by side, before and after the burst: the raw rate of one-row transactions, each inserting one document row
 * into the same table (docs, with its indexes) of the same PGlite database, with the same number in flight. The
 * ratio is taken against the faster of the two raw runs.
 *
 * Afterwards, from the database: duplicates (more than one valid ballot for an (item, unit): the id is
 * `<topic>:<item>:<unit>`, so this counts rows per (topicId, itemId, unitId) data fields) and lost ballots
 * (an accepted request record whose unit lacks a ballot with its receipt for some item).
 *
 * Budgets: throughput ≥ 50 % of the raw rate, p99 ≤ 50 ms, 0 duplicates, 0 lost.
 */

const UNITS = Number(process.env.BENCH_UNITS ?? 10_000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const RAW_ROWS = Number(process.env.BENCH_RAW ?? 5_000);
const HASH_KEY = 'bench-hash-key-0123456789abcdef';
const ESTATE = 'bench';
const SECRETARY = 'bench-secretary';
const COMMITTEE = 'bench-committee';
const ownerOf = (i: number) => `bench-owner-${i}`;
const SETUP_CHUNK = 500;
const SURNAMES = ['张', '李', '王', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋'];
/** a name without digits (the roster checks refuse digits in names) */
const nameOf = (i: number) => SURNAMES[i % 10] + GIVEN[Math.floor(i / 10) % 10] + GIVEN[Math.floor(i / 100) % 10];

type Call = (openid: string, action: string, input: unknown) => Promise<ApiResult<unknown>>;

function okData<T>(r: ApiResult<unknown>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r.error)}`);
  return r.data as T;
}

/** unit i: building 1..20, entrance 1..2, floor/room so that every unit is distinct */
function unitRef(i: number) {
  const building = String(1 + (i % 20));
  const rest = Math.floor(i / 20);
  const entrance = String(1 + (rest % 2));
  const k = Math.floor(rest / 2);
  const room = `${1 + Math.floor(k / 8)}${String(1 + (k % 8)).padStart(2, '0')}`;
  return { building, entrance, room };
}

/** a synthetic ID number (valid check character), distinct per person */
function idNumber(i: number): string {
  const body = `${110101 + Math.floor(i / 1000)}19700101${String(i % 1000).padStart(3, '0')}`;
  return body + idCheckChar(body);
}

async function seedEstate(ports: Ports): Promise<string[]> {
  const { crypto, clock } = ports;
  const at = clock.now().toISOString();
  const rows: string[][] = [ROSTER_COLUMNS.map((c) => c.header)];
  for (let i = 0; i < UNITS; i++) {
    const { building, entrance, room } = unitRef(i);
    const area = (6000 + ((i * 7919) % 9000)) / 100;
    rows.push([building, entrance, room, area.toFixed(2), nameOf(i), idNumber(i), `139${String(10000000 + i).slice(-8)}`, '', '否']);
  }
  const parsed = parseRoster(rows, (purpose, value) => crypto.keyedHash(purpose, value));
  if (!parsed.ok) throw new Error(`bench roster refused: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  const roster = prepareRoster(ESTATE, parsed.roster, crypto);
  await ports.storage.transaction(async (tx) => {
    await createEstateRecord(tx, ports, {
      estateId: ESTATE,
      estate: { name: '压测家园', district: '示例区', address: '示例路 1 号', communityName: '示例社区', partyBranchName: '压测家园党支部', requireIdLast4: false },
      actor: 'system',
    });
    await applyRoster(tx, ports, { estateId: ESTATE, baseVersion: 0, actor: 'system', source: 'demo', importId: null, fileName: null, roster, removeRefs: [], unitWrites: null, changes: null });
    for (const [openid, roles] of [
      [SECRETARY, ['party_secretary']],
      [COMMITTEE, ['committee_member']],
    ] as const) {
      const member: MemberDoc = { estateId: ESTATE, openid, accountKey: accountKeyOf(crypto, ESTATE, openid), roles: [...roles], displayName: '某*', since: at, history: [] };
      await tx.create(MEMBERS, memberId(ESTATE, openid), member);
    }
  });
  const units: string[] = [];
  for (let start = 0; start < UNITS; start += SETUP_CHUNK) {
    await ports.storage.transaction(async (tx) => {
      for (let i = start; i < Math.min(UNITS, start + SETUP_CHUNK); i++) {
        const { building, entrance, room } = unitRef(i);
        const id = unitId(ESTATE, building, entrance, room);
        const openid = ownerOf(i);
        const personKey = personKeyOf(ports, idNumber(i));
        const member: MemberDoc = { estateId: ESTATE, openid, accountKey: accountKeyOf(crypto, ESTATE, openid), roles: ['owner'], displayName: maskName(nameOf(i)), since: at, history: [] };
        await tx.create(MEMBERS, memberId(ESTATE, openid), member);
        await linkUnit(tx, crypto, at, { estateId: ESTATE, unitId: id, openid, method: 'roster_match', personKey, coOwned: false });
        await tx.create(PERSON_LINKS, personLinkId(ESTATE, personKey), { estateId: ESTATE, personKey, openid });
      }
    });
  }
  for (let i = 0; i < UNITS; i++) {
    const { building, entrance, room } = unitRef(i);
    units.push(unitId(ESTATE, building, entrance, room));
  }
  return units;
}

async function openTopic(call: Call, clock: ManualClock): Promise<{ topicId: string; items: string[] }> {
  const items = Array.from({ length: ITEMS }, (_, k) => ({
    title: `第${k + 1}项：维修资金使用方案`,
    matter: k === 0 ? 7 : 5,
    description: '压测用议题的表决事项说明，内容与计票无关。',
  }));
  const proposed = okData<{ topic: { topicId: string } }>(
    await call(ownerOf(0), 'proposeTopic', { estateId: ESTATE, title: '全体业主表决压测议题', summary: '用于压测的议题：全体业主在同一时段集中投票，检验投票服务的吞吐和延迟。', scope: { kind: 'estate' }, items }),
    'proposeTopic',
  );
  const topicId = proposed.topic.topicId;
  let v = okData<{ version: number }>(await call(SECRETARY, 'prereviewTopic', { estateId: ESTATE, topicId, expectedVersion: 1, decision: 'accept', note: '符合法规，进入协商' }), 'prereview').version;
  v = okData<{ version: number }>(await call(ownerOf(0), 'publishPlanVersion', { estateId: ESTATE, topicId, expectedVersion: v, text: '维修资金使用方案\n费用见附表', changeNote: '首次发布' }), 'publishPlan').version;
  v = okData<{ version: number }>(await call(COMMITTEE, 'announceTopic', { estateId: ESTATE, topicId, expectedVersion: v, votingOpensOn: '2026-12-09', votingDays: 10 }), 'announce').version;
  clock.set('2026-12-09T01:00:00.000Z');
  okData(await call(SECRETARY, 'openVoting', { estateId: ESTATE, topicId, expectedVersion: v }), 'openVoting');
  const topic = okData<{ topic: { announcement: { items: { itemId: string }[] } } }>(await call(SECRETARY, 'getTopic', { estateId: ESTATE, topicId }), 'getTopic');
  return { topicId, items: topic.topic.announcement.items.map((i) => i.itemId) };
}

/** run `work(i)` for i in 0..n-1 with `inFlight` at a time; returns each call's latency (ms) */
async function burst(n: number, inFlight: number, work: (i: number) => Promise<void>): Promise<{ seconds: number; latencies: Float64Array }> {
  const latencies = new Float64Array(n);
  let next = 0;
  const t0 = process.hrtime.bigint();
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const s = process.hrtime.bigint();
      await work(i);
      latencies[i] = Number(process.hrtime.bigint() - s) / 1e6;
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, worker));
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, latencies };
}

/** raw engine rate: one-row transactions, each inserting one document row into the same table */
async function rawRate(storage: PgliteStorage, run: number): Promise<number> {
  const { seconds } = await burst(RAW_ROWS, CONCURRENCY, async (i) => {
    await storage.db.transaction(async (tx) => {
      await tx.query('INSERT INTO docs (collection, id, data) VALUES ($1, $2, $3::jsonb)', ['bench_raw', `r${run}-${i}`, JSON.stringify({ run, i, at: new Date(0).toISOString() })]);
    });
  });
  return RAW_ROWS / seconds;
}

const percentile = (xs: Float64Array, p: number) => {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongyi-bench-ballots-'));
  const clock = new ManualClock('2026-11-23T02:00:00.000Z');
  const ports = await createLocalPorts({ dataDir, hashKey: HASH_KEY, clock });
  setRuntimePorts(ports);
  const storage = ports.storage as PgliteStorage;
  try {
    const deliberation = createCloudFunction(deliberationFunction, runtimePorts);
    const voting = createCloudFunction(votingFunction, runtimePorts);
    const ctx = (openid: string) => ({ requestId: 'bench', localCaller: { openid } });
    const delib: Call = (openid, action, input) => deliberation({ action, input }, ctx(openid));
    const vote: Call = (openid, action, input) => voting({ action, input }, ctx(openid));

    let t = Date.now();
    const units = await seedEstate(ports);
    const { topicId, items } = await openTopic(delib, clock);
    await burst(UNITS, CONCURRENCY, async (i) => {
      okData(await vote(ownerOf(i), 'confirmDelivery', { estateId: ESTATE, unitId: units[i], topicId }), 'confirmDelivery');
    });
    await storage.db.query('CHECKPOINT');
    console.log(`setup: ${UNITS} units and owners, a topic with ${items.length} items announced and opened, ${UNITS} deliveries (${((Date.now() - t) / 1000).toFixed(1)} s)`);

    const raw1 = await rawRate(storage, 1);
    const choices = ['yes', 'no', 'abstain'];
    const failures: string[] = [];
    const cast = await burst(UNITS, CONCURRENCY, async (i) => {
      const r = await vote(ownerOf(i), 'castBallot', {
        estateId: ESTATE,
        unitId: units[i],
        topicId,
        idempotencyKey: `bench-key-${String(i).padStart(6, '0')}`,
        choices: items.map((itemId, k) => ({ itemId, choice: choices[(i + k) % 3] })),
      });
      if (!r.ok) failures.push(r.error.code);
    });
    const raw2 = await rawRate(storage, 2);

    // counted from the database afterwards
    const dup = await storage.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM docs WHERE collection = $1 AND data->>'topicId' = $2
         GROUP BY data->>'itemId', data->>'unitId' HAVING count(*) > 1) d`,
      [VOTE_BALLOTS, topicId],
    );
    const lost = await storage.db.query<{ n: number }>(
      `SELECT count(DISTINCT r.id)::int AS n FROM docs r CROSS JOIN jsonb_array_elements_text($3::jsonb) AS item(id)
        WHERE r.collection = $1 AND r.data->>'topicId' = $2 AND r.data->>'outcome' = 'accepted'
          AND NOT EXISTS (SELECT 1 FROM docs b WHERE b.collection = $4 AND b.id = $2 || ':' || item.id || ':' || (r.data->>'unitId')
                            AND b.data->>'receipt' = r.data->>'receipt')`,
      [VOTE_REQUESTS, topicId, JSON.stringify(items), VOTE_BALLOTS],
    );
    const accepted = await storage.count(VOTE_REQUESTS, { topicId, outcome: 'accepted' satisfies RequestDoc['outcome'] });
    const ballots = await storage.count(VOTE_BALLOTS, { topicId } satisfies Partial<BallotDoc>);

    const raw = Math.max(raw1, raw2);
    const rate = UNITS / cast.seconds;
    const ratio = rate / raw;
    const p50 = percentile(cast.latencies, 50);
    const p99 = percentile(cast.latencies, 99);
    const duplicates = dup.rows[0].n;
    const lostBallots = lost.rows[0].n;
    const mark = (okay: boolean) => (okay ? 'OK' : 'OVER');
    console.log(
      `${UNITS} submissions of ${items.length} items each, ${CONCURRENCY} in flight, through the voting handler on PGlite (files in ${dataDir}); ` +
        `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
    );
    console.log(`answers: ${UNITS - failures.length} receipts, ${failures.length} refusals${failures.length ? ` (${[...new Set(failures)].join(', ')})` : ''}; ${accepted} accepted request records, ${ballots} valid ballots`);
    const rows = [
      ['', 'figure', 'budget', ''],
      ['raw one-row transactions / s (before, after)', `${raw1.toFixed(0)}, ${raw2.toFixed(0)}`, '', ''],
      ['submissions / s', rate.toFixed(0), '', ''],
      ['throughput, ratio to raw', `${(ratio * 100).toFixed(1)} %`, '>= 50 %', mark(ratio >= 0.5)],
      ['latency p50 (ms)', p50.toFixed(1), '', ''],
      ['latency p99 (ms)', p99.toFixed(1), '<= 50 ms', mark(p99 <= 50)],
      ['duplicates (valid ballots > 1 per item and unit)', String(duplicates), '0', mark(duplicates === 0)],
      ['lost (accepted receipt without its ballots)', String(lostBallots), '0', mark(lostBallots === 0)],
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
    if (failures.length) process.exitCode = 1;
  } finally {
    setRuntimePorts(null);
    await ports.storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
