import { CloudbaseStorage } from '../server/adapters/cloudbase/storage';
import { openPgliteStorage } from '../server/adapters/pglite/storage';
import type { AggregateRow, Storage } from '../server/ports';
import { fakeCloudbaseDb } from '../tests/support/cloudbase-fake';

/**
 * `npm run bench:aggregate`: one Art. 278-style tally (ballots of one vote grouped by item and choice, summing
 * area in 0.01 m², counting distinct persons) over 20,000 ballot-like documents, on both engines:
 * - "aggregate": storage.aggregate(), computed by the engine (SQL GROUP BY on PGlite; one aggregation
 *   pipeline request on the CloudBase adapter over the in-process stand-in);
 * - "find + sum": storage.find() of every ballot of the vote, then grouping and summing in memory (what a
 *   use case had to do before; on CloudBase that is one request per 1,000 documents).
 * The two answers are checked to be equal. Median of RUNS runs each. The CloudBase figures measure the adapter,
 * the SDK's serialisation and the stand-in (no network): a real deployment adds a round trip per request, so
 * the request counts matter as much as the times.
 */

const N = Number(process.env.BENCH_DOCS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHOICES = ['yes', 'no', 'abstain'];

function ballots() {
  return Array.from({ length: N }, (_, i) => ({
    id: `v1:item${i % 8}:unit${String(Math.floor(i / 8)).padStart(5, '0')}`,
    data: {
      voteId: i % 10 === 9 ? 'v0' : 'v1',
      itemId: `item${i % 8}`,
      choice: CHOICES[(i * 7) % 3],
      areaCenti: 6000 + ((i * 7919) % 9000),
      personKey: `p${Math.floor(i / 8) % 2400}`,
      unitId: `unit${String(Math.floor(i / 8)).padStart(5, '0')}`,
    },
  }));
}

const QUERY = { where: { voteId: 'v1' }, groupBy: ['itemId', 'choice'], count: true as const, sum: ['areaCenti'], distinct: 'personKey' };

async function findAndSum(storage: Storage): Promise<AggregateRow[]> {
  const docs = await storage.find<{ itemId: string; choice: string; areaCenti: number; personKey: string }>('ballots', { where: { voteId: 'v1' } });
  const groups = new Map<string, { row: AggregateRow; persons: Set<string> }>();
  for (const d of docs) {
    const k = `${d.data.itemId}\u0000${d.data.choice}`;
    let g = groups.get(k);
    if (!g) {
      g = { row: { group: { itemId: d.data.itemId, choice: d.data.choice }, count: 0, sums: { areaCenti: 0 } }, persons: new Set() };
      groups.set(k, g);
    }
    g.row.count++;
    g.row.sums.areaCenti += d.data.areaCenti;
    g.persons.add(d.data.personKey);
  }
  return [...groups.values()]
    .map(({ row, persons }) => ({ ...row, distinct: persons.size }))
    .sort((a, b) => String(a.group.itemId).localeCompare(String(b.group.itemId)) || String(a.group.choice).localeCompare(String(b.group.choice)));
}

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function main() {
  const docs = ballots();

  const pglite = await openPgliteStorage();
  await pglite.db.query(`INSERT INTO docs (collection, id, data) SELECT 'ballots', e->>'id', e->'data' FROM jsonb_array_elements($1::jsonb) e`, [JSON.stringify(docs)]);
  await pglite.db.query('ANALYZE docs');

  const { db, server } = fakeCloudbaseDb();
  server.seed('ballots', docs.map((d) => ({ _id: d.id, version: 1, ...d.data })));
  const cloudbase = new CloudbaseStorage(db);

  const results: string[][] = [['engine', 'aggregate (ms)', 'requests', 'find + sum (ms)', 'requests', 'groups']];
  for (const [name, storage] of [
    ['PGlite', pglite],
    ['CloudBase stand-in', cloudbase],
  ] as const) {
    const a = await storage.aggregate('ballots', QUERY);
    const b = await findAndSum(storage);
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${name}: aggregate and find + sum disagree`);
    server.clearRequests();
    const tAgg = await median(() => storage.aggregate('ballots', QUERY));
    const reqAgg = name === 'PGlite' ? '1 query' : String(server.requests.length / RUNS);
    server.clearRequests();
    const tFind = await median(() => findAndSum(storage));
    const reqFind = name === 'PGlite' ? '1 query' : String(server.requests.length / RUNS);
    results.push([name, tAgg.toFixed(1), reqAgg, tFind.toFixed(1), reqFind, String(a.length)]);
  }
  await pglite.close();

  console.log(`${N} ballot documents (${docs.filter((d) => d.data.voteId === 'v1').length} in the vote tallied); median of ${RUNS} runs`);
  const widths = results[0].map((_, c) => Math.max(...results.map((r) => r[c].length)));
  for (const r of results) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
