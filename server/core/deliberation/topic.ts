import type { TopicMove, TopicStage } from '../../../types/topics';
import { TOPIC_FINAL_STAGES } from '../../../types/topics';

/**
 * The topic lifecycle as data (issue 10 item 3, DOMAIN.md §4). Each move names the stages it starts from, the
 * stage it leads to (none: the stage stays, e.g. editing items), who may make it and the guards the server
 * checks. The use cases in server/app/deliberation read this table and nothing else decides a stage change.
 *
 * Who:
 * - proposer:    the account that proposed the topic (topic.proposedBy);
 * - prereviewer: holds deliberation.prereview (the party secretary: 前置审查);
 * - organiser:   holds deliberation.announce (party secretary, committee members);
 * - counter:     the result part's closeVote only (voting.close), which counts and publishes in the same run:
 *                a publication without its count and published files cannot be made by hand;
 * - endorser:    holds voting.endorse (community staff: 社区确认), only through voting.endorseResult, after the
 *                objection period; organisers cannot confirm their own vote's result.
 */
export type TopicActor = 'proposer' | 'prereviewer' | 'organiser' | 'counter' | 'endorser';

export type TopicGuard =
  /** a petition that reached 20 % area AND 20 % headcount may not be returned or rejected (指导规则 Art. 21) */
  | 'petitionNotReached'
  /** announcing needs at least one item and a published plan */
  | 'hasItemsAndPlan'
  /** the notice period has passed by the server clock and the window is still open */
  | 'noticePassed'
  /** the voting window has ended */
  | 'windowClosed';

export interface TopicTransition {
  from: readonly TopicStage[];
  /** undefined: the move does not change the stage */
  to?: TopicStage;
  who: readonly TopicActor[];
  guards?: readonly TopicGuard[];
  /** the move needs a note (accept) or a reason (return, reject) */
  needsText?: 'note' | 'reason';
}

/** Before the notice freezes anything: items and plan may still change here. */
export const EDITABLE_STAGES: readonly TopicStage[] = ['proposed', 'returned', 'consultation'];

export const TOPIC_TRANSITIONS: Record<TopicMove, TopicTransition> = {
  resubmit: { from: ['returned'], to: 'proposed', who: ['proposer'] },
  accept: { from: ['proposed'], to: 'consultation', who: ['prereviewer'], needsText: 'note' },
  return: { from: ['proposed'], to: 'returned', who: ['prereviewer'], guards: ['petitionNotReached'], needsText: 'reason' },
  editItems: { from: EDITABLE_STAGES, who: ['proposer', 'organiser'] },
  publishPlan: { from: EDITABLE_STAGES, who: ['proposer', 'organiser'] },
  announce: { from: ['consultation'], to: 'announced', who: ['organiser'], guards: ['hasItemsAndPlan'] },
  openVoting: { from: ['announced'], to: 'voting', who: ['organiser'], guards: ['noticePassed'] },
  startCounting: { from: ['voting'], to: 'counting', who: ['organiser'], guards: ['windowClosed'] },
  publish: { from: ['counting'], to: 'publication', who: ['counter'] },
  endorse: { from: ['publication'], to: 'endorsement', who: ['endorser'] },
  implement: { from: ['endorsement'], to: 'implementation', who: ['organiser'] },
  close: { from: ['implementation'], to: 'closed', who: ['organiser'] },
  // The proposer may withdraw until the notice; organisers may also cancel an announced notice before voting opens.
  withdraw: { from: ['proposed', 'returned', 'consultation', 'announced'], to: 'withdrawn', who: ['proposer', 'organiser'], needsText: 'reason' },
  // A running vote and its count are never cut short: rejection is possible before voting and after the result.
  reject: {
    from: ['proposed', 'returned', 'consultation', 'announced', 'publication', 'endorsement', 'implementation'],
    to: 'rejected',
    who: ['prereviewer', 'organiser'],
    guards: ['petitionNotReached'],
    needsText: 'reason',
  },
};

/** A reached petition cannot be returned or rejected until it has been put to the vote (announced). */
const PETITION_PROTECTED_STAGES: readonly TopicStage[] = ['proposed', 'returned', 'consultation'];

/** Extra limit on withdraw: a proposer alone may only withdraw before the announcement. */
const PROPOSER_WITHDRAW_STAGES: readonly TopicStage[] = ['proposed', 'returned', 'consultation'];

/** Moves that advanceTopic makes (the later, unguarded-by-input steps). */
export const ADVANCE_MOVES = ['startCounting', 'publish', 'endorse', 'implement', 'close'] as const satisfies readonly TopicMove[];
export type AdvanceMove = (typeof ADVANCE_MOVES)[number];

/** What the state machine needs to know about a topic. */
export interface TopicState {
  stage: TopicStage;
  proposedBy: string;
  petition?: boolean;
  petitionReachedAt?: string;
  items: readonly unknown[];
  planVersion: number;
  announcement?: { votingOpensAt: string; votingClosesAt: string };
}

/** What the state machine needs to know about the caller. */
export interface TopicCaller {
  openid: string;
  prereviewer: boolean;
  organiser: boolean;
  /** set only by the result part's closeVote (never from roles) */
  counter?: boolean;
  /** holds voting.endorse */
  endorser?: boolean;
}

export type MoveRefusal =
  | { code: 'TOPIC_MOVE_NOT_ALLOWED'; params: { stage: TopicStage; move: TopicMove } }
  | { code: 'TOPIC_ACTOR_NOT_ALLOWED'; params: { move: TopicMove } }
  | { code: 'TOPIC_PETITION_PROTECTED'; params: Record<string, never> }
  | { code: 'TOPIC_NOT_READY'; params: Record<string, never> }
  | { code: 'VOTING_NOTICE_PERIOD'; params: { opensAt: string } }
  | { code: 'VOTING_WINDOW_OVER'; params: { closesAt: string } }
  | { code: 'VOTING_WINDOW_OPEN'; params: { closesAt: string } };

function actorsOf(topic: TopicState, caller: TopicCaller): TopicActor[] {
  const actors: TopicActor[] = [];
  if (caller.openid === topic.proposedBy) actors.push('proposer');
  if (caller.prereviewer) actors.push('prereviewer');
  if (caller.organiser) actors.push('organiser');
  if (caller.counter) actors.push('counter');
  if (caller.endorser) actors.push('endorser');
  return actors;
}

/**
 * Whether `caller` may make `move` on `topic` at `now` (ms). Returns null when allowed, else the refusal with
 * its typed params. Pure: the use cases call it inside their transaction with the doc they read there.
 */
export function checkMove(topic: TopicState, move: TopicMove, caller: TopicCaller, now: number): MoveRefusal | null {
  const t = TOPIC_TRANSITIONS[move];
  if (!t.from.includes(topic.stage)) return { code: 'TOPIC_MOVE_NOT_ALLOWED', params: { stage: topic.stage, move } };
  const actors = actorsOf(topic, caller).filter((a) => t.who.includes(a));
  if (move === 'withdraw' && !caller.organiser && !PROPOSER_WITHDRAW_STAGES.includes(topic.stage)) {
    return { code: 'TOPIC_ACTOR_NOT_ALLOWED', params: { move } };
  }
  if (actors.length === 0) return { code: 'TOPIC_ACTOR_NOT_ALLOWED', params: { move } };
  // organisers may not make a reached petition disappear by withdrawing it either (only its proposer may)
  if (move === 'withdraw' && !actors.includes('proposer') && topic.petition && topic.petitionReachedAt && PETITION_PROTECTED_STAGES.includes(topic.stage)) {
    return { code: 'TOPIC_PETITION_PROTECTED', params: {} };
  }
  for (const g of t.guards ?? []) {
    if (g === 'petitionNotReached' && topic.petition && topic.petitionReachedAt && PETITION_PROTECTED_STAGES.includes(topic.stage)) {
      return { code: 'TOPIC_PETITION_PROTECTED', params: {} };
    }
    if (g === 'hasItemsAndPlan' && (topic.items.length === 0 || topic.planVersion < 1)) {
      return { code: 'TOPIC_NOT_READY', params: {} };
    }
    if (g === 'noticePassed') {
      const a = topic.announcement;
      if (!a) return { code: 'TOPIC_NOT_READY', params: {} };
      if (now < Date.parse(a.votingOpensAt)) return { code: 'VOTING_NOTICE_PERIOD', params: { opensAt: a.votingOpensAt } };
      if (now >= Date.parse(a.votingClosesAt)) return { code: 'VOTING_WINDOW_OVER', params: { closesAt: a.votingClosesAt } };
    }
    if (g === 'windowClosed') {
      const a = topic.announcement;
      if (a && now < Date.parse(a.votingClosesAt)) return { code: 'VOTING_WINDOW_OPEN', params: { closesAt: a.votingClosesAt } };
    }
  }
  return null;
}

/** The stage a move leads to (the same stage for moves that change no stage). */
export function nextStage(stage: TopicStage, move: TopicMove): TopicStage {
  return TOPIC_TRANSITIONS[move].to ?? stage;
}

/** Every move `caller` may make now, as data for the topic page. */
export function availableMoves(topic: TopicState, caller: TopicCaller, now: number): TopicMove[] {
  return (Object.keys(TOPIC_TRANSITIONS) as TopicMove[]).filter((m) => checkMove(topic, m, caller, now) === null);
}

/** Whether a stage can be reached from another by some move (for tests and docs). */
export function canMoveTopic(from: TopicStage, to: TopicStage): boolean {
  return Object.values(TOPIC_TRANSITIONS).some((t) => t.to === to && t.from.includes(from));
}

export function isFinalStage(stage: TopicStage): boolean {
  return TOPIC_FINAL_STAGES.includes(stage);
}

/** Display order on the home page: live topics first, then by most recent. */
const STAGE_RANK: Record<TopicStage, number> = {
  voting: 0,
  announced: 1,
  consultation: 2,
  proposed: 3,
  returned: 4,
  counting: 5,
  publication: 6,
  endorsement: 7,
  implementation: 8,
  closed: 9,
  withdrawn: 10,
  rejected: 11,
};

export function sortTopicsForHome<T extends { stage: TopicStage; openedAt: string }>(topics: T[]): T[] {
  return [...topics].sort(
    (a, b) => STAGE_RANK[a.stage] - STAGE_RANK[b.stage] || (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : 0),
  );
}

/**
 * The items a vote may ask about: exactly those frozen in the notice (Beijing Art. 35, Hangzhou Art. 19), never
 * the topic's current item list. Before the announcement there is nothing to vote on. For issue 11.
 */
export function votableItems<I>(topic: { announcement?: { items: readonly I[] } }): readonly I[] {
  return topic.announcement?.items ?? [];
}
