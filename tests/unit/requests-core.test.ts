/**
 * The pure core of requests (诉求, issue 12): the routing table as data, the state machine under random command
 * sequences, deadlines in Asia/Shanghai from an injected clock, the escalation ladder and the metric definitions
 * checked against a hand-computed table.
 */
import fc from 'fast-check';
import type * as z from 'zod/mini';
import * as requestsContract from '../../types/requests';
import { isZodLike, validInput, type ZodLike } from '../support/schema-arbitraries';
import { inQueue } from '../../server/core/requests/queue';
import { renderError } from '../../types/errors';
import {
  HANDLER_ORG_ROLES,
  HANDLER_ORGS,
  LOCATION_KINDS,
  REQUEST_CATEGORIES,
  REQUEST_FINAL_STATUSES,
  REQUEST_METRIC_DEFINITIONS,
  REQUEST_METRICS,
  REQUEST_MOVES,
  REQUEST_RATINGS,
  RoutingTableBodySchema,
  type HandlerOrg,
  type RequestMove,
  type RequestStatus,
} from '../../types/requests';
import { defaultRoutingTable, ladderStep, nextLevel, route, validateRoutingTable } from '../../server/core/requests/routing';
import { dueToday, remindAt, shanghaiDate } from '../../server/core/requests/deadlines';
import {
  actorsOf,
  applyMove,
  checkMove,
  dueJob,
  isFinal,
  newRequestState,
  nextCheckAt,
  currentDeadline,
  REQUEST_TRANSITIONS,
  type RequestCaller,
  type RequestState,
} from '../../server/core/requests/machine';
import { mayShowPhone, viewOf } from '../../server/core/requests/visibility';
import { factOf, median, requestFigures, type RequestFact } from '../../server/core/requests/metrics';

const HOUR = 3_600_000;
// 2026-12-01 09:00 in Shanghai
const T0 = Date.parse('2026-12-01T01:00:00.000Z');
const table = defaultRoutingTable();

const requester: RequestCaller = { accountId: 'acc-req', roles: ['owner'] };
const grid: RequestCaller = { accountId: 'acc-grid', roles: ['grid_worker'] };
const staff: RequestCaller = { accountId: 'acc-staff', roles: ['community_staff'] };
const property: RequestCaller = { accountId: 'acc-prop', roles: ['property_manager'] };
const system: RequestCaller = { accountId: null, roles: [] };

/** File and let the system dispatch by the routing table, as the use case will. */
function filed(category: (typeof REQUEST_CATEGORIES)[number], location: (typeof LOCATION_KINDS)[number], now = T0): RequestState {
  const rule = route(table, category, location);
  const s = newRequestState(requester.accountId!, now);
  expect(checkMove(s, 'dispatch', system, now)).toBeNull();
  return applyMove(s, 'dispatch', { now, table, to: rule.org, limits: rule });
}

describe('routing table', () => {
  it('the default covers every category × location once, passes its schema and its own validation', () => {
    expect(RoutingTableBodySchema.safeParse(table).success).toBe(true);
    expect(validateRoutingTable(table)).toBeNull();
    expect(table.rules).toHaveLength(REQUEST_CATEGORIES.length * LOCATION_KINDS.length);
  });

  it('the default ladder goes 网格员 → 居委会 → 街道, and the property company answers to the 居委会', () => {
    expect(nextLevel(table, 'grid')?.org).toBe('community');
    expect(nextLevel(table, 'community')?.org).toBe('subdistrict');
    expect(nextLevel(table, 'subdistrict')).toBeNull();
    expect(nextLevel(table, 'property')?.org).toBe('community');
  });

  it('refuses a missing rule, a rule twice, limits out of order, a ladder gap and a ladder cycle, by code', () => {
    const t = defaultRoutingTable();
    expect(validateRoutingTable({ ...t, rules: t.rules.slice(1) })?.code).toBe('ROUTING_RULE_MISSING');
    expect(validateRoutingTable({ ...t, rules: [...t.rules, t.rules[0]] })?.code).toBe('ROUTING_RULE_TWICE');
    expect(validateRoutingTable({ ...t, rules: [{ ...t.rules[0], respondHours: 99, resolveHours: 2 }, ...t.rules.slice(1)] })?.code).toBe('ROUTING_LIMIT_ORDER');
    expect(validateRoutingTable({ ...t, ladder: t.ladder.filter((s) => s.org !== 'community') })?.code).toBe('ROUTING_LADDER_MISSING');
    expect(validateRoutingTable({ ...t, ladder: [...t.ladder, t.ladder[0]] })?.code).toBe('ROUTING_LADDER_TWICE');
    const cycle = t.ladder.map((s) => (s.org === 'subdistrict' ? { ...s, next: 'grid' as const } : s));
    const p = validateRoutingTable({ ...t, ladder: cycle });
    expect(p?.code).toBe('ROUTING_LADDER_CYCLE');
    expect(renderError(p!.code, p!.params as never)).toMatch(/绕回自己/);
  });
});

describe('deadlines in Asia/Shanghai', () => {
  it('due today follows the Shanghai date, not UTC', () => {
    // 2026-12-01 23:30 Shanghai is 15:30 UTC the same day; 00:30 Shanghai on the 2nd is 16:30 UTC on the 1st
    expect(shanghaiDate('2026-12-01T16:30:00.000Z')).toBe('2026-12-02');
    expect(dueToday('2026-12-01T15:30:00.000Z', T0)).toBe(true);
    expect(dueToday('2026-12-01T16:30:00.000Z', T0)).toBe(false);
  });

  it('reminds a share of the limit before it, never before the holder took it', () => {
    expect(remindAt('2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z', 20)).toBe('2026-12-01T19:12:00.000Z');
    expect(remindAt('2026-12-01T00:00:00.000Z', '2026-12-01T00:00:30.000Z', 20)).toBe('2026-12-01T00:00:00.000Z');
  });
});

describe('escalation with an injected clock', () => {
  it('a request ignored by the grid worker reaches the 居委会 and then the 街道 on time', () => {
    let s = filed('noise', 'building');
    expect(s.holder).toBe('grid');
    expect(s.respondBy).toBe(new Date(T0 + 24 * HOUR).toISOString());
    // reminded before the limit, once
    expect(dueJob(table, s, T0 + 18 * HOUR)).toBeNull();
    const r = dueJob(table, s, T0 + 20 * HOUR);
    expect(r).toEqual({ kind: 'remind', deadline: s.respondBy });
    s = { ...s, remindedFor: s.respondBy };
    expect(dueJob(table, s, T0 + 23 * HOUR)).toBeNull();
    // one millisecond early: nothing; on the limit: escalate to the 居委会
    expect(dueJob(table, s, T0 + 24 * HOUR - 1)).toBeNull();
    expect(checkMove(s, 'escalate', system, T0 + 24 * HOUR - 1)?.code).toBe('REQUEST_MOVE_NOT_ALLOWED');
    expect(dueJob(table, s, T0 + 24 * HOUR)).toEqual({ kind: 'escalate' });
    expect(checkMove(s, 'escalate', system, T0 + 24 * HOUR)).toBeNull();
    s = applyMove(s, 'escalate', { now: T0 + 24 * HOUR, table });
    expect([s.holder, s.status, s.overdue]).toEqual(['community', 'dispatched', true]);
    expect(s.respondBy).toBe(new Date(T0 + 48 * HOUR).toISOString());
    // the 居委会 ignores it too: the 街道 takes it 24 h later
    s = applyMove(s, 'escalate', { now: T0 + 48 * HOUR, table });
    expect(s.holder).toBe('subdistrict');
    expect(s.orgsInvolved).toEqual(['grid', 'community', 'subdistrict']);
    expect(s.firstRespondBy).toBe(new Date(T0 + 24 * HOUR).toISOString());
    // nobody but the system escalates
    expect(checkMove(s, 'escalate', staff, T0 + 99 * HOUR)?.code).toBe('REQUEST_ACTOR_NOT_ALLOWED');
  });

  it('a responded request escalates when the resolution limit passes; an extension moves that limit', () => {
    let s = filed('noise', 'public');
    s = applyMove(s, 'contact', { now: T0 + HOUR, table });
    expect(dueJob(table, s, T0 + 30 * HOUR)).toBeNull();
    expect(checkMove(s, 'extend', grid, T0 + 2 * HOUR, '')?.code).toBe('REQUEST_TEXT_REQUIRED');
    s = applyMove(s, 'extend', { now: T0 + 2 * HOUR, table, extendHours: 48 });
    expect(dueJob(table, s, T0 + 120 * HOUR)).toBeNull();
    expect(dueJob(table, s, T0 + 168 * HOUR)).toEqual({ kind: 'escalate' });
  });

  it('不满意 reopens the request one level up with fresh limits; a handled request unconfirmed closes by timeout', () => {
    let s = filed('safety', 'public');
    s = applyMove(s, 'handle', { now: T0 + 5 * HOUR, table });
    expect(s.status).toBe('handled');
    expect(checkMove(s, 'reopen', grid, T0 + 6 * HOUR)?.code).toBe('REQUEST_ACTOR_NOT_ALLOWED');
    expect(checkMove(s, 'reopen', requester, T0 + 6 * HOUR)).toBeNull();
    const reopened = applyMove(s, 'reopen', { now: T0 + 6 * HOUR, table, rating: 'unsatisfied' });
    expect([reopened.status, reopened.holder, reopened.reopenCount, reopened.rating]).toEqual(['reopened', 'community', 1, 'unsatisfied']);
    expect(reopened.respondBy).toBe(new Date(T0 + 30 * HOUR).toISOString());
    // unconfirmed: closes after confirmDays, by the system only
    expect(dueJob(table, s, T0 + 5 * HOUR + 7 * 24 * HOUR - 1)).toBeNull();
    expect(dueJob(table, s, T0 + 5 * HOUR + 7 * 24 * HOUR)).toEqual({ kind: 'closeByTimeout' });
    expect(applyMove(s, 'closeByTimeout', { now: T0 + 200 * HOUR, table }).status).toBe('closed_by_timeout');
  });
});

describe('who may move a request', () => {
  it('nobody decides their own request: a grid worker who filed it is only its requester', () => {
    const s = { ...filed('noise', 'unit'), requesterId: grid.accountId! };
    expect(actorsOf(s, grid)).toEqual(['requester']);
    expect(checkMove(s, 'contact', grid, T0)?.code).toBe('REQUEST_OWN_REQUEST');
    expect(checkMove(s, 'contact', { accountId: 'other-grid', roles: ['grid_worker'] }, T0)).toBeNull();
  });

  it('the property company never moves nor sees a request not routed to it; private requests are hidden from other residents', () => {
    const s = filed('noise', 'building');
    expect(checkMove(s, 'contact', property, T0)?.code).toBe('REQUEST_ACTOR_NOT_ALLOWED');
    expect(viewOf({ ...s, visibility: 'public' }, property)).toBeNull();
    expect(viewOf({ ...s, visibility: 'private' }, property)).toBeNull();
    expect(viewOf({ ...s, visibility: 'public' }, { accountId: 'neighbour', roles: ['resident'] })).toBe('public');
    expect(viewOf({ ...s, visibility: 'private' }, { accountId: 'neighbour', roles: ['resident'] })).toBeNull();
    expect(viewOf({ ...s, visibility: 'private' }, grid)).toBe('full');
    const routed = filed('repair', 'unit');
    expect(viewOf({ ...routed, visibility: 'private' }, property)).toBe('full');
  });

  it("the requester's phone goes only to the current holder", () => {
    let s = filed('noise', 'building');
    const v = () => ({ ...s, visibility: 'private' as const });
    expect(mayShowPhone(v(), grid)).toBe(true);
    expect(mayShowPhone(v(), staff)).toBe(false);
    s = applyMove(s, 'escalate', { now: T0 + 24 * HOUR, table });
    expect(mayShowPhone(v(), grid)).toBe(false);
    expect(mayShowPhone(v(), staff)).toBe(true);
    expect(viewOf(v(), grid)).toBe('full');
  });
});

/** The legal status changes written out by hand from the issue (independent of the table). */
const LEGAL = new Set([
  'received>dispatched', 'received>duplicate', 'received>not_ours', 'received>withdrawn',
  ...['dispatched', 'contacted', 'extended', 'reopened'].flatMap((f) => [`${f}>dispatched`, `${f}>handled`, `${f}>duplicate`, `${f}>not_ours`, `${f}>withdrawn`]),
  'dispatched>contacted', 'reopened>contacted', 'contacted>extended',
  'handled>rated', 'handled>reopened', 'handled>closed_by_timeout',
]);

describe('the state machine under random command sequences', () => {
  const callers: RequestCaller[] = [requester, grid, staff, property, system, { accountId: 'acc-comm2', roles: ['community_staff', 'grid_worker'] }, { accountId: 'acc-sub', roles: ['subdistrict_staff'] }];
  const command = fc.record({
    move: fc.constantFrom(...REQUEST_MOVES),
    caller: fc.constantFrom(...callers),
    advanceHours: fc.integer({ min: 0, max: 200 }),
    text: fc.constantFrom('', '  ', '理由'),
    to: fc.constantFrom(...HANDLER_ORGS),
    rating: fc.constantFrom(...REQUEST_RATINGS),
  });

  it('only legal changes happen, final statuses stay final, and the holder is always on the ladder', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REQUEST_CATEGORIES), fc.constantFrom(...LOCATION_KINDS), fc.array(command, { maxLength: 40 }), (category, location, commands) => {
        let now = T0;
        let s = newRequestState(requester.accountId!, now);
        const seen: RequestStatus[] = [s.status];
        for (const c of commands) {
          now += c.advanceHours * HOUR;
          const move: RequestMove = c.move === 'confirm' && c.rating === 'unsatisfied' ? 'reopen' : c.move;
          const problem = checkMove(s, move, c.caller, now, c.text);
          if (problem) {
            expect(renderError(problem.code, problem.params as never)).not.toMatch(/\{/);
            continue;
          }
          if (isFinal(s.status)) throw new Error(`moved out of final status ${s.status}`);
          expect(REQUEST_TRANSITIONS[move].who.some((w) => actorsOf(s, c.caller).includes(w))).toBe(true);
          const rule = route(table, category, location);
          const to: HandlerOrg = move === 'dispatch' ? rule.org : c.to;
          const next = applyMove(s, move, {
            now, table, to, limits: move === 'dispatch' ? rule : ladderStep(table, to), extendHours: 24,
            rating: c.rating === 'unsatisfied' ? 'satisfied' : c.rating,
          });
          expect(LEGAL.has(`${s.status}>${next.status}`)).toBe(true);
          if (next.holder) expect(table.ladder.map((l) => l.org)).toContain(next.holder);
          if (next.respondBy && next.resolveBy) expect(Date.parse(next.respondBy)).toBeLessThanOrEqual(Date.parse(next.resolveBy));
          // the requester is never the holder acting on it
          if (['contact', 'extend', 'handle'].includes(move)) expect(c.caller.accountId).not.toBe(requester.accountId);
          s = next;
          seen.push(s.status);
        }
        const firstFinal = seen.findIndex((x) => REQUEST_FINAL_STATUSES.includes(x));
        if (firstFinal >= 0) expect(new Set(seen.slice(firstFinal)).size).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('nextCheckAt is exactly when the deadline job starts having work (the job reads requests by it)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REQUEST_CATEGORIES),
        fc.constantFrom(...LOCATION_KINDS),
        fc.array(fc.record({ c: command, reminded: fc.boolean() }), { maxLength: 30 }),
        fc.array(fc.integer({ min: -200 * 60, max: 400 * 60 }), { minLength: 1, maxLength: 8 }),
        (category, location, commands, probesMinutes) => {
          let now = T0;
          let s = newRequestState(requester.accountId!, now);
          const check = () => {
            const at = nextCheckAt(table, s);
            for (const m of probesMinutes) {
              const t = now + m * 60_000;
              expect(dueJob(table, s, t) !== null).toBe(at !== null && t >= Date.parse(at));
            }
            if (at) expect(dueJob(table, s, Date.parse(at))).not.toBeNull();
          };
          check();
          for (const { c, reminded } of commands) {
            now += c.advanceHours * HOUR;
            const move: RequestMove = c.move === 'confirm' && c.rating === 'unsatisfied' ? 'reopen' : c.move;
            if (checkMove(s, move, c.caller, now, c.text)) continue;
            const rule = route(table, category, location);
            const to: HandlerOrg = move === 'dispatch' ? rule.org : c.to;
            s = applyMove(s, move, {
              now, table, to, limits: move === 'dispatch' ? rule : ladderStep(table, to), extendHours: 24,
              rating: c.rating === 'unsatisfied' ? 'satisfied' : c.rating,
            });
            // the job's reminder only marks the deadline it reminded of
            if (reminded && currentDeadline(s)) s = { ...s, remindedFor: currentDeadline(s) };
            check();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every organisation a holder can be has a role to act for it', () => {
    for (const o of HANDLER_ORGS) expect(HANDLER_ORG_ROLES[o]).toBeTruthy();
  });
});

describe('metrics', () => {
  const at = (h: number) => new Date(T0 + h * HOUR).toISOString();
  const base: RequestFact = {
    org: 'grid', status: 'rated', filedAt: at(0), firstRespondBy: at(24), firstResponseAt: at(2), lastHandledAt: at(10), rating: 'satisfied', reopenCount: 0, overdue: false,
  };
  it('match a hand-computed table', () => {
    const facts: RequestFact[] = [
      base, // on time, resolved, satisfied; response 120 min, resolution 600 min
      { ...base, rating: 'basically_satisfied', firstResponseAt: at(4), lastHandledAt: at(20) }, // 240 / 1200, satisfied
      { ...base, rating: 'satisfied', firstResponseAt: at(30), lastHandledAt: at(40), overdue: true, reopenCount: 1 }, // late; 1800 / 2400
      { ...base, status: 'closed_by_timeout', rating: null, firstResponseAt: at(1), lastHandledAt: at(5) }, // resolved, never satisfied; 60 / 300
      { ...base, status: 'duplicate', rating: null, firstResponseAt: at(3), lastHandledAt: null }, // responded, never resolved; 180
      { ...base, status: 'not_ours', rating: null, firstResponseAt: at(26), lastHandledAt: null, overdue: true }, // late; 1560
      { ...base, status: 'withdrawn', rating: null, firstResponseAt: null, lastHandledAt: null }, // owes nothing
      { ...base, status: 'contacted', rating: null, firstResponseAt: at(6), lastHandledAt: null, reopenCount: 2 }, // open; 360
    ];
    const f = requestFigures(facts);
    expect(f.filed).toBe(8);
    expect(f.responseRate).toEqual({ numerator: 5, denominator: 7 });
    expect(f.resolutionRate).toEqual({ numerator: 4, denominator: 7 });
    expect(f.satisfactionRate).toEqual({ numerator: 3, denominator: 4 });
    // responses: 60 120 180 240 360 1560 1800 → 240
    expect(f.medianResponseMinutes).toBe(240);
    // resolutions: 300 600 1200 2400 → (600 + 1200) / 2
    expect(f.medianResolutionMinutes).toBe(900);
    expect(f.overdueCount).toBe(2);
    expect(f.reopenCount).toBe(3);
  });

  it('confirmed-by-timeout never counts as satisfied, and duplicate / not ours / withdrawn never as resolved', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ status: fc.constantFrom<RequestStatus>('rated', 'closed_by_timeout', 'duplicate', 'not_ours', 'withdrawn', 'handled'), rating: fc.constantFrom(null, ...REQUEST_RATINGS) }), { maxLength: 30 }),
        (rows) => {
          const facts = rows.map((r) => ({ ...base, ...r }));
          const f = requestFigures(facts);
          expect(f.resolutionRate.numerator).toBe(facts.filter((x) => x.status === 'rated' || x.status === 'closed_by_timeout').length);
          expect(f.satisfactionRate.numerator).toBeLessThanOrEqual(facts.filter((x) => x.status === 'rated').length);
          const onlyTimeouts = requestFigures(facts.filter((x) => x.status === 'closed_by_timeout'));
          expect(onlyTimeouts.satisfactionRate.numerator).toBe(0);
        },
      ),
    );
  });

  it('median of an even count rounds down; the fact row comes from the request state; every metric has a definition', () => {
    expect(median([])).toBeNull();
    expect(median([1, 2])).toBe(1);
    expect(factOf(newRequestState('x', T0))).toBeNull();
    expect(factOf(filed('repair', 'unit'))?.org).toBe('property');
    for (const m of REQUEST_METRICS) expect(REQUEST_METRIC_DEFINITIONS[m].length).toBeGreaterThan(10);
  });
});

describe('work queue and input schemas', () => {
  it('mine / overdue / due today follow the current limit on the Shanghai date', () => {
    // filed 09:00 Shanghai on 12-01; the grid worker must respond by 09:00 on 12-02
    const s = filed('noise', 'building');
    expect(inQueue(s, 'grid', 'mine', T0)).toBe(true);
    expect(inQueue(s, 'property', 'mine', T0)).toBe(false);
    expect(inQueue(s, 'grid', 'dueToday', T0)).toBe(false);
    expect(inQueue(s, 'grid', 'dueToday', T0 + 20 * HOUR)).toBe(true);
    expect(inQueue(s, 'grid', 'overdue', T0 + 20 * HOUR)).toBe(false);
    expect(inQueue(s, 'grid', 'overdue', T0 + 24 * HOUR)).toBe(true);
    expect(inQueue(s, 'grid', 'dueToday', T0 + 24 * HOUR)).toBe(false);
    const handled = applyMove(s, 'handle', { now: T0 + HOUR, table });
    expect(inQueue(handled, 'grid', 'mine', T0 + HOUR)).toBe(false);
  });

  const SCHEMAS = Object.entries(requestsContract).filter(([name, v]) => name.endsWith('Schema') && isZodLike(v)) as [string, ZodLike][];
  it('declares the inputs of the actions to come', () => {
    expect(SCHEMAS.map(([n]) => n)).toEqual(expect.arrayContaining(['FileRequestSchema', 'DispatchRequestSchema', 'RateRequestSchema', 'WorkQueueSchema', 'UpdateRoutingTableSchema']));
  });
  it.each(SCHEMAS)('%s: the matrix input deriver produces values that parse', (_name, schema) => {
    fc.assert(fc.property(validInput(schema), (v) => expect((schema as unknown as z.ZodMiniType).safeParse(v).success).toBe(true)), { numRuns: 100 });
  });
  it('refuses a tenth photo and an empty description', () => {
    const ok = { estateId: 'e1', idempotencyKey: 'key-12345678', category: 'repair', description: '楼道灯坏了', locationKind: 'public', place: '3号楼楼道', visibility: 'public' };
    expect(requestsContract.FileRequestSchema.safeParse(ok).success).toBe(true);
    expect(requestsContract.FileRequestSchema.safeParse({ ...ok, photos: Array.from({ length: 10 }, (_, i) => `f${i}`) }).success).toBe(false);
    expect(requestsContract.FileRequestSchema.safeParse({ ...ok, description: '   ' }).success).toBe(false);
  });
});
