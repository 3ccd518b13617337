import { cpus, loadavg } from 'node:os';
import { countItem, countPrepared, prepareRoster, type CountBallot, type CountRosterUnit } from '../server/core/voting/count';
import { referenceCount } from '../tests/support/count-reference';

/**
 * `npm run bench:count`: the counting engine (server/core/voting/count.ts) on BENCH_BALLOTS (default 100,000)
 * ballots over a roster of multi-unit owners, co-owned units and developer stock, next to the naive reference
 * counter of the property tests (tests/support/count-reference.ts: BigInt fractions, strings and Maps) run in the
 * same process on the same input. Both answers are checked to agree. Median of RUNS runs after one warm-up.
 *
 * Budget (issue 11): counting ≤ 50 ms. Two figures: "count" is the whole countItem, validating and indexing the
 * 110,000-unit roster included (two hash-table insertions per unit: unit id → position, owner → person); "count,
 * roster indexed" is what each item of a vote costs once the frozen roster is indexed (countVote indexes it once for
 * all items). Wall-clock and CPU time are both printed: on a shared machine the wall clock includes waiting for a core.
 */

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BUDGET_MS = 50;

/** deterministic pseudo-random numbers (no Math.random: the same input every run) */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function estate(): { roster: CountRosterUnit[]; ballots: CountBallot[] } {
  const rnd = lcg(278);
  const unitsWanted = Math.ceil(BALLOTS * 1.1);
  const roster: CountRosterUnit[] = [];
  let person = 0;
  while (roster.length < unitsWanted) {
    const r = rnd();
    // 70 % one unit, 20 % two to five units (one buyer), 8 % a co-owned unit, 2 % developer stock
    const owners = r < 0.98 ? (r < 0.9 ? [`p${person++}`] : [`p${person++}`, `p${person++}`]) : [];
    const developerHeld = r >= 0.98;
    const n = r >= 0.7 && r < 0.9 ? 2 + Math.floor(rnd() * 4) : 1;
    for (let k = 0; k < n && roster.length < unitsWanted; k++) {
      const i = roster.length;
      const building = String(1 + (i % 40));
      const centi = 4000 + Math.floor(rnd() * 16000);
      roster.push({ unit: `${building}-${i}`, building, area: `${Math.floor(centi / 100)}.${String(centi % 100).padStart(2, '0')}`, owners, developerHeld });
    }
  }
  const choices = ['yes', 'yes', 'yes', 'no', 'abstain'];
  const ballots: CountBallot[] = [];
  for (let i = 0; ballots.length < BALLOTS; i++) {
    const r = rnd();
    if (r < 0.005) ballots.push({ unit: `x-${i}`, choice: 'yes' }); // not in the roster
    else if (r < 0.01 && ballots.length) ballots.push({ ...ballots[Math.floor(rnd() * ballots.length)], choice: 'no' }); // second ballot
    else ballots.push({ unit: roster[i % roster.length].unit, choice: choices[Math.floor(rnd() * choices.length)] });
  }
  return { roster, ballots };
}

/** median wall-clock and CPU milliseconds (CPU: this process, user + system; steadier on a shared machine) */
function median(run: () => unknown): { wall: number; cpu: number } {
  run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    run();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e3);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: mid(wall), cpu: mid(cpu) };
}

function main() {
  // through JSON, as the CLI reads a published file (flat strings, no shared objects)
  const { roster, ballots } = JSON.parse(JSON.stringify(estate())) as ReturnType<typeof estate>;
  const input = { matter: 4, scope: 'estate' as const, roster, ballots };

  const got = countItem(input);
  const want = referenceCount(input);
  const same =
    got.passed === want.passed &&
    JSON.stringify(got.fails) === JSON.stringify(want.fails) &&
    got.invalid.length === want.invalid.length &&
    BigInt(got.figures.participating.areaCenti) === want.participating.area &&
    got.figures.participating.headcount === want.participating.heads &&
    BigInt(got.figures.approving.areaCenti) === want.approving.area &&
    got.figures.approving.headcount === want.approving.heads &&
    got.figures.totals.headcount === want.totals.heads;
  if (!same) throw new Error('the engine and the naive reference disagree');

  const tCount = median(() => countItem(input));
  const prepared = prepareRoster(roster, 'estate');
  const tPrepared = median(() => countPrepared(prepared, 4, ballots));
  const tNaive = median(() => referenceCount(input));

  const f = got.figures;
  console.log(
    `${ballots.length} ballots (${got.invalid.length} invalid) over ${f.totals.units} units, ${f.totals.headcount} persons ` +
      `(multi-unit buyers, co-owned units, developer stock); median of ${RUNS} runs; ` +
      `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
  );
  console.log(
    `result: ${got.passed ? 'passed' : 'failed'}; participating ${f.participating.area} of ${f.totals.area} m², ` +
      `${f.participating.headcount} of ${f.totals.headcount} persons (${f.mixedHeadcount} with differing ballots)`,
  );
  const ok = (t: { wall: number }) => `<= ${BUDGET_MS} ms ${t.wall <= BUDGET_MS ? 'OK' : 'OVER'}`;
  const rows = [
    ['', 'wall ms', 'cpu ms', 'budget', 'ratio to naive'],
    ['count (countItem, roster indexed in the run)', tCount.wall.toFixed(1), tCount.cpu.toFixed(1), ok(tCount), (tCount.wall / tNaive.wall).toFixed(3)],
    ['count, roster indexed (each item of a vote)', tPrepared.wall.toFixed(1), tPrepared.cpu.toFixed(1), ok(tPrepared), (tPrepared.wall / tNaive.wall).toFixed(3)],
    ['naive reference (tests/support/count-reference.ts)', tNaive.wall.toFixed(1), tNaive.cpu.toFixed(1), '', '1.000'],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

main();
