/**
 * The topic lifecycle (server/core/deliberation/topic.ts) under random command sequences: whatever anyone tries in
 * whatever order, only the moves of the lifecycle happen, final stages stay final, a reached petition is
 * never returned or rejected before the vote, and voting never opens outside the announced window.
 */
import fc from 'fast-check';
import {
  ADVANCE_MOVES,
  availableMoves,
  checkMove,
  nextStage,
  TOPIC_TRANSITIONS,
  type TopicCaller,
  type TopicState,
} from '../../server/core/deliberation/topic';
import { TOPIC_FINAL_STAGES, TOPIC_MOVES, TOPIC_STAGES, type TopicMove, type TopicStage } from '../../types/topics';

/** The legal stage changes, written out by hand from issue 10 item 3 (independent of the table). */
const LEGAL: ReadonlySet<string> = new Set([
  'proposed>consultation',
  'proposed>returned',
  'returned>proposed',
  'consultation>announced',
  'announced>voting',
  'voting>counting',
  'counting>publication',
  'publication>endorsement',
  'endorsement>implementation',
  'implementation>closed',
  ...['proposed', 'returned', 'consultation', 'announced'].map((s) => `${s}>withdrawn`),
  ...['proposed', 'returned', 'consultation', 'announced', 'publication', 'endorsement', 'implementation'].map((s) => `${s}>rejected`),
]);

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-23T02:00:00.000Z');
const PROPOSER = 'owner-1';
const CALLERS: Record<string, TopicCaller> = {
  proposer: { openid: PROPOSER, prereviewer: false, organiser: false },
  secretary: { openid: 'secretary', prereviewer: true, organiser: true },
  committee: { openid: 'committee', prereviewer: false, organiser: true },
  stranger: { openid: 'owner-2', prereviewer: false, organiser: false },
  // the result part's closeVote (publish) and community staff (endorse): no role makes an organiser either
  counter: { openid: 'committee', prereviewer: false, organiser: true, counter: true },
  community: { openid: 'community', prereviewer: false, organiser: false, endorser: true },
};

interface Model extends TopicState {
  now: number;
}

const command = fc.record({
  move: fc.constantFrom(...TOPIC_MOVES),
  who: fc.constantFrom(...Object.keys(CALLERS)),
  /** time passing before the command, up to 40 days */
  wait: fc.integer({ min: 0, max: 40 * DAY }),
  /** the petition reaches its threshold before this command */
  petitionReaches: fc.boolean(),
});

function initial(petition: boolean): Model {
  return { stage: 'proposed', proposedBy: PROPOSER, petition, items: [], planVersion: 0, now: T0 };
}

/** Apply one command as the use cases do: check, then change stage and the facts the stage change carries. */
function apply(m: Model, c: { move: TopicMove; who: string; wait: number; petitionReaches: boolean }) {
  m.now += c.wait;
  if (c.petitionReaches && m.petition && !m.petitionReachedAt) m.petitionReachedAt = new Date(m.now).toISOString();
  const refusal = checkMove(m, c.move, CALLERS[c.who], m.now);
  if (refusal) return { from: m.stage, to: m.stage, applied: false, refusal };
  const from = m.stage;
  if (c.move === 'editItems') m.items = [{}];
  if (c.move === 'publishPlan') m.planVersion += 1;
  if (c.move === 'announce') {
    const opensAt = m.now + 15 * DAY;
    m.announcement = { votingOpensAt: new Date(opensAt).toISOString(), votingClosesAt: new Date(opensAt + 10 * DAY).toISOString() };
  }
  m.stage = nextStage(m.stage, c.move);
  return { from, to: m.stage, applied: true, refusal: null };
}

describe('topic state machine (property)', () => {
  it('reaches only legal stage changes, by any sequence of commands from anyone', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(command, { maxLength: 60 }), (petition, commands) => {
        const m = initial(petition);
        for (const c of commands) {
          const before = { ...m };
          const r = apply(m, c);
          if (r.from !== r.to) expect(LEGAL.has(`${r.from}>${r.to}`)).toBe(true);
          if (TOPIC_FINAL_STAGES.includes(before.stage)) expect(r.applied).toBe(false);
          if (r.applied && c.move === 'openVoting') {
            expect(m.now).toBeGreaterThanOrEqual(Date.parse(before.announcement!.votingOpensAt));
            expect(m.now).toBeLessThan(Date.parse(before.announcement!.votingClosesAt));
          }
          if (r.applied && c.move === 'startCounting') expect(m.now).toBeGreaterThanOrEqual(Date.parse(before.announcement!.votingClosesAt));
          if (r.applied && (c.move === 'return' || c.move === 'reject') && before.petitionReachedAt) {
            expect(['proposed', 'returned', 'consultation']).not.toContain(before.stage);
          }
          if (r.applied && (c.move === 'editItems' || c.move === 'publishPlan')) expect(before.announcement).toBeUndefined();
          if (r.applied) expect(c.who).not.toBe('stranger');
          if (r.applied && c.who === 'proposer') expect(['resubmit', 'editItems', 'publishPlan', 'withdraw']).toContain(c.move);
          if (r.applied && c.move === 'withdraw' && c.who === 'proposer') expect(before.announcement).toBeUndefined();
        }
      }),
      { numRuns: 400 },
    );
  });

  it('walks deep into the lifecycle when commands follow what is offered, still only legally', () => {
    const reached = new Set<TopicStage>();
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(...Object.keys(CALLERS)), fc.integer({ min: 0, max: 12 * DAY }), fc.boolean()), { minLength: 30, maxLength: 80 }), (petition, steps) => {
        const m = initial(petition);
        for (const [pick, who, wait, petitionReaches] of steps) {
          const offered = availableMoves(m, CALLERS[who], m.now + wait);
          // mostly take an offered move, forward moves first; now and then try any move (refusals must change nothing)
          const forward = offered.filter((x) => x !== 'withdraw' && x !== 'reject' && x !== 'return');
          const move =
            pick % 6 === 0 ? TOPIC_MOVES[pick % TOPIC_MOVES.length] : pick % 6 === 1 && offered.length ? offered[pick % offered.length] : forward.length ? forward[pick % forward.length] : TOPIC_MOVES[pick % TOPIC_MOVES.length];
          const r = apply(m, { move, who, wait, petitionReaches });
          if (r.from !== r.to) expect(LEGAL.has(`${r.from}>${r.to}`)).toBe(true);
          if (!r.applied) expect(m.stage).toBe(r.from);
          reached.add(m.stage);
        }
      }),
      { numRuns: 200, seed: 20261202 },
    );
    // the walk did reach the late stages (otherwise the property above proves little)
    for (const s of ['announced', 'voting', 'counting', 'closed', 'withdrawn', 'rejected'] as const) expect(reached).toContain(s);
  });

  it('offers exactly the moves that would succeed (availableMoves agrees with checkMove)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TOPIC_STAGES), fc.constantFrom(...Object.keys(CALLERS)), fc.integer({ min: 0, max: 60 * DAY }), (stage, who, wait) => {
        const m: Model = { ...initial(false), stage, items: [{}], planVersion: 1, announcement: { votingOpensAt: new Date(T0 + 15 * DAY).toISOString(), votingClosesAt: new Date(T0 + 25 * DAY).toISOString() } };
        const moves = availableMoves(m, CALLERS[who], T0 + wait);
        for (const move of TOPIC_MOVES) expect(moves.includes(move)).toBe(checkMove(m, move, CALLERS[who], T0 + wait) === null);
      }),
    );
  });

  it('every stage but the final ones can be left, and the final ones cannot', () => {
    for (const s of TOPIC_STAGES) {
      const leaving = Object.values(TOPIC_TRANSITIONS).some((t) => t.to && t.to !== s && t.from.includes(s));
      expect({ s, leaving }).toEqual({ s, leaving: !TOPIC_FINAL_STAGES.includes(s) });
    }
    // organisers make the later steps, except publication (only with the count: closeVote acts as 'counter') and
    // the community's endorsement (regression: organisers could endorse their own vote's result)
    expect(Object.fromEntries(ADVANCE_MOVES.map((m) => [m, TOPIC_TRANSITIONS[m].who.join()]))).toEqual({
      startCounting: 'organiser', publish: 'counter', endorse: 'endorser', implement: 'organiser', close: 'organiser',
    });
  });

  it('lets only community staff endorse, and no organiser publish without the count', () => {
    const published: Model = { ...initial(false), stage: 'publication' as TopicStage, now: T0 };
    for (const who of ['secretary', 'committee', 'proposer', 'stranger']) {
      expect(checkMove(published, 'endorse', CALLERS[who], T0)).toMatchObject({ code: 'TOPIC_ACTOR_NOT_ALLOWED' });
    }
    expect(checkMove(published, 'endorse', CALLERS.community, T0)).toBeNull();
    const counting: Model = { ...published, stage: 'counting' as TopicStage };
    expect(checkMove(counting, 'publish', CALLERS.secretary, T0)).toMatchObject({ code: 'TOPIC_ACTOR_NOT_ALLOWED' });
    expect(checkMove(counting, 'publish', CALLERS.counter, T0)).toBeNull();
  });
});

describe('topic state machine (examples)', () => {
  const announced = (): Model => ({
    ...initial(false),
    stage: 'announced' as TopicStage,
    items: [{}],
    planVersion: 2,
    announcement: { votingOpensAt: new Date(T0 + 15 * DAY).toISOString(), votingClosesAt: new Date(T0 + 20 * DAY).toISOString() },
  });

  it('refuses opening the vote one millisecond before the notice period ends, with the opening time', () => {
    expect(checkMove(announced(), 'openVoting', CALLERS.secretary, T0 + 15 * DAY - 1)).toEqual({
      code: 'VOTING_NOTICE_PERIOD',
      params: { opensAt: new Date(T0 + 15 * DAY).toISOString() },
    });
    expect(checkMove(announced(), 'openVoting', CALLERS.secretary, T0 + 15 * DAY)).toBeNull();
    expect(checkMove(announced(), 'openVoting', CALLERS.secretary, T0 + 20 * DAY)).toMatchObject({ code: 'VOTING_WINDOW_OVER' });
  });

  it('lets the proposer withdraw before the notice but not after; organisers may cancel an announced notice', () => {
    const consult = { ...announced(), stage: 'consultation' as TopicStage };
    expect(checkMove(consult, 'withdraw', CALLERS.proposer, T0)).toBeNull();
    expect(checkMove(announced(), 'withdraw', CALLERS.proposer, T0)).toMatchObject({ code: 'TOPIC_ACTOR_NOT_ALLOWED' });
    expect(checkMove(announced(), 'withdraw', CALLERS.committee, T0)).toBeNull();
    expect(checkMove({ ...announced(), stage: 'voting' }, 'withdraw', CALLERS.secretary, T0)).toMatchObject({ code: 'TOPIC_MOVE_NOT_ALLOWED' });
  });

  it('protects a reached petition from return and rejection until it has been announced', () => {
    const p: Model = { ...initial(true), petitionReachedAt: new Date(T0).toISOString() };
    expect(checkMove(p, 'return', CALLERS.secretary, T0)).toEqual({ code: 'TOPIC_PETITION_PROTECTED', params: {} });
    expect(checkMove(p, 'reject', CALLERS.secretary, T0)).toEqual({ code: 'TOPIC_PETITION_PROTECTED', params: {} });
    expect(checkMove(p, 'accept', CALLERS.secretary, T0)).toBeNull();
    expect(checkMove({ ...p, stage: 'publication' }, 'reject', CALLERS.secretary, T0)).toBeNull();
    // not reached yet: pre-review may still return it
    expect(checkMove(initial(true), 'return', CALLERS.secretary, T0)).toBeNull();
  });

  it('needs items and a plan before the notice', () => {
    const consult: Model = { ...initial(false), stage: 'consultation' };
    expect(checkMove(consult, 'announce', CALLERS.committee, T0)).toEqual({ code: 'TOPIC_NOT_READY', params: {} });
    expect(checkMove({ ...consult, items: [{}] }, 'announce', CALLERS.committee, T0)).toEqual({ code: 'TOPIC_NOT_READY', params: {} });
    expect(checkMove({ ...consult, items: [{}], planVersion: 1 }, 'announce', CALLERS.committee, T0)).toBeNull();
  });
});
