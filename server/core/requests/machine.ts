import type { Instant } from '../../../types/common';
import type { ErrorCode, ErrorParams } from '../../../types/errors';
import type { Role } from '../../../types/roles';
import {
  HANDLER_ORG_LABELS,
  HANDLER_ORG_ROLES,
  REQUEST_FINAL_STATUSES,
  REQUEST_STATUS_LABELS,
  TIMELINE_LABELS,
  type HandlerOrg,
  type RequestMove,
  type RequestRating,
  type RequestStatus,
  type RoutingTableBody,
} from '../../../types/requests';
import { addDays, addHours, deadlinesFrom, remindAt, type Limits } from './deadlines';
import { measure } from './metrics';
import { ladderStep, nextLevel } from './routing';

/**
 * The request state machine as data (issue 12 items 2-4). Who may make a move:
 * - requester: the account that filed the request;
 * - holder: someone with the role of the organisation that currently holds it (types/requests.ts HANDLER_ORG_ROLES);
 * - staff: community staff (居委会), who dispatch and reassign;
 * - system: the platform itself (routing at filing time, the deadline job).
 * Nobody decides their own request: the requester is never holder or staff on it, whatever roles they hold.
 */
export type RequestActor = 'requester' | 'holder' | 'staff' | 'system';
export type RequestText = 'reason' | 'result' | 'referredTo' | 'duplicateOf';

export interface RequestTransition {
  from: readonly RequestStatus[];
  to: RequestStatus;
  who: readonly RequestActor[];
  needsText?: RequestText;
  /** a guard on the clock: escalate only past a limit, close by timeout only after the confirmation window */
  guard?: 'overdue' | 'confirmWindowOver';
}

const OPEN_WORK: readonly RequestStatus[] = ['dispatched', 'contacted', 'extended', 'reopened'];

export const REQUEST_TRANSITIONS: Record<RequestMove, RequestTransition> = {
  dispatch: { from: ['received'], to: 'dispatched', who: ['staff', 'system'] },
  reassign: { from: OPEN_WORK, to: 'dispatched', who: ['staff'], needsText: 'reason' },
  contact: { from: ['dispatched', 'reopened'], to: 'contacted', who: ['holder'] },
  // one extension per holding, with a reason the requester reads
  extend: { from: ['contacted'], to: 'extended', who: ['holder'], needsText: 'reason' },
  handle: { from: OPEN_WORK, to: 'handled', who: ['holder'], needsText: 'result' },
  confirm: { from: ['handled'], to: 'rated', who: ['requester'] },
  // 不满意: reopens and goes one level up the ladder
  reopen: { from: ['handled'], to: 'reopened', who: ['requester'] },
  escalate: { from: OPEN_WORK, to: 'dispatched', who: ['system'], guard: 'overdue' },
  closeByTimeout: { from: ['handled'], to: 'closed_by_timeout', who: ['system'], guard: 'confirmWindowOver' },
  markDuplicate: { from: ['received', ...OPEN_WORK], to: 'duplicate', who: ['staff', 'holder'], needsText: 'duplicateOf' },
  referOut: { from: ['received', ...OPEN_WORK], to: 'not_ours', who: ['staff', 'holder'], needsText: 'referredTo' },
  withdraw: { from: ['received', ...OPEN_WORK], to: 'withdrawn', who: ['requester'] },
};

/** What the machine needs of a stored request. */
export interface RequestState {
  status: RequestStatus;
  requesterId: string;
  /** the organisation that holds it now; null only before the first dispatch */
  holder: HandlerOrg | null;
  /** every organisation that ever held it (the property company sees only requests routed to it) */
  orgsInvolved: HandlerOrg[];
  filedAt: Instant;
  /** when the current holder took it */
  assignedAt: Instant | null;
  respondBy: Instant | null;
  /** the first holder's response limit (the response rate measures against it) */
  firstRespondBy: Instant | null;
  resolveBy: Instant | null;
  confirmBy: Instant | null;
  firstResponseAt: Instant | null;
  lastHandledAt: Instant | null;
  rating: RequestRating | null;
  reopenCount: number;
  /** a limit passed at least once (and the request was escalated for it) */
  overdue: boolean;
  /**
   * Derived on every move (metrics.ts measure), so the engine can count and group them (the metrics read aggregates,
   * never the requests): minutes from filing to the first response, whether that response met the first limit,
   * minutes from filing to the last handling. Absent on documents written before they existed.
   */
  responseMinutes?: number | null;
  respondedOnTime?: boolean | null;
  resolutionMinutes?: number | null;
  /** the deadline the current holder was last reminded of (one reminder per deadline) */
  remindedFor: Instant | null;
}

export interface RequestCaller {
  /** null for the system */
  accountId: string | null;
  roles: readonly Role[];
}

export type RequestProblem = { [C in ErrorCode]: { code: C; params: ErrorParams<C> } }[ErrorCode];

export const isFinal = (status: RequestStatus): boolean => REQUEST_FINAL_STATUSES.includes(status);

/** The actors a caller is on this request. The requester is only ever the requester. */
export function actorsOf(state: RequestState, caller: RequestCaller): RequestActor[] {
  if (caller.accountId === null) return ['system'];
  if (caller.accountId === state.requesterId) return ['requester'];
  const actors: RequestActor[] = [];
  if (state.holder && caller.roles.includes(HANDLER_ORG_ROLES[state.holder])) actors.push('holder');
  if (caller.roles.includes('community_staff')) actors.push('staff');
  return actors;
}

/** Which limit has passed at `now`, if any: the response limit until the holder responds, then the resolution limit. */
export function overdueLimit(state: RequestState, now: number): 'respond' | 'resolve' | null {
  if (!OPEN_WORK.includes(state.status)) return null;
  const awaitingResponse = state.status === 'dispatched' || state.status === 'reopened';
  if (awaitingResponse && state.respondBy && now >= Date.parse(state.respondBy)) return 'respond';
  if (state.resolveBy && now >= Date.parse(state.resolveBy)) return 'resolve';
  return null;
}

/** The deadline the current holder is working against (for reminders and the work queue). */
export function currentDeadline(state: RequestState): Instant | null {
  if (state.status === 'dispatched' || state.status === 'reopened') return state.respondBy;
  if (state.status === 'contacted' || state.status === 'extended') return state.resolveBy;
  return null;
}

export function checkMove(state: RequestState, move: RequestMove, caller: RequestCaller, now: number, text?: string): RequestProblem | null {
  const t = REQUEST_TRANSITIONS[move];
  const moveLabel = TIMELINE_LABELS[move];
  if (!t.from.includes(state.status)) return { code: 'REQUEST_MOVE_NOT_ALLOWED', params: { status: REQUEST_STATUS_LABELS[state.status], move: moveLabel } };
  const actors = actorsOf(state, caller);
  if (!actors.some((a) => t.who.includes(a))) {
    if (actors.includes('requester') && t.who.some((w) => w === 'holder' || w === 'staff')) return { code: 'REQUEST_OWN_REQUEST', params: {} };
    return { code: 'REQUEST_ACTOR_NOT_ALLOWED', params: { move: moveLabel } };
  }
  if (t.needsText && !(text ?? '').trim()) return { code: 'REQUEST_TEXT_REQUIRED', params: { move: moveLabel, what: TEXT_LABELS[t.needsText] } };
  if (t.guard === 'overdue' && !overdueLimit(state, now)) return { code: 'REQUEST_MOVE_NOT_ALLOWED', params: { status: REQUEST_STATUS_LABELS[state.status], move: moveLabel } };
  if (t.guard === 'confirmWindowOver' && !(state.confirmBy && now >= Date.parse(state.confirmBy))) {
    return { code: 'REQUEST_MOVE_NOT_ALLOWED', params: { status: REQUEST_STATUS_LABELS[state.status], move: moveLabel } };
  }
  return null;
}

const TEXT_LABELS: Record<RequestText, string> = { reason: '理由', result: '办理结果', referredTo: '转交的单位', duplicateOf: '重复的诉求' };

/** What a move needs beyond the state: the target and its limits for dispatch / reassign, hours for extend. */
export interface MoveContext {
  now: number;
  table: RoutingTableBody;
  to?: HandlerOrg;
  limits?: Limits;
  extendHours?: number;
  rating?: RequestRating;
}

function takeOver(state: RequestState, org: HandlerOrg, limits: Limits, now: number): RequestState {
  const deadlines = deadlinesFrom(now, limits);
  return {
    ...state,
    firstRespondBy: state.firstRespondBy ?? deadlines.respondBy,
    holder: org,
    orgsInvolved: state.orgsInvolved.includes(org) ? state.orgsInvolved : [...state.orgsInvolved, org],
    assignedAt: new Date(now).toISOString(),
    ...deadlines,
    remindedFor: null,
  };
}

/**
 * The state after a move the caller was allowed to make (checkMove first). Escalation and reopening go one step up
 * the ladder (the top stays where it is: it owes the answer itself) and restart both limits with that step's limits.
 */
export function applyMove(state: RequestState, move: RequestMove, ctx: MoveContext): RequestState {
  const next = moved(state, move, ctx);
  return { ...next, ...measure(next) };
}

function moved(state: RequestState, move: RequestMove, ctx: MoveContext): RequestState {
  const { now, table } = ctx;
  const at = new Date(now).toISOString();
  const to = REQUEST_TRANSITIONS[move].to;
  const up = (s: RequestState) => {
    const next = s.holder ? nextLevel(table, s.holder) : null;
    const step = next ?? ladderStep(table, s.holder ?? 'community');
    return takeOver(s, step.org, step, now);
  };
  switch (move) {
    case 'dispatch':
    case 'reassign': {
      if (!ctx.to || !ctx.limits) throw new Error(`${move} needs a target organisation and its limits`);
      return { ...takeOver(state, ctx.to, ctx.limits, now), status: to };
    }
    case 'contact':
      return { ...state, status: to, firstResponseAt: state.firstResponseAt ?? at };
    case 'extend': {
      if (!ctx.extendHours || !state.resolveBy) throw new Error('extend needs hours and a resolution limit');
      return { ...state, status: to, resolveBy: addHours(state.resolveBy, ctx.extendHours), remindedFor: null };
    }
    case 'handle':
      return { ...state, status: to, firstResponseAt: state.firstResponseAt ?? at, lastHandledAt: at, confirmBy: addDays(now, table.confirmDays) };
    case 'confirm':
      if (ctx.rating !== 'satisfied' && ctx.rating !== 'basically_satisfied') throw new Error('confirm needs 满意 or 基本满意');
      return { ...state, status: to, rating: ctx.rating };
    case 'reopen':
      return { ...up(state), status: to, rating: 'unsatisfied', reopenCount: state.reopenCount + 1, confirmBy: null };
    case 'escalate':
      return { ...up(state), status: to, overdue: true };
    case 'markDuplicate':
    case 'referOut':
      return { ...state, status: to, firstResponseAt: state.firstResponseAt ?? at };
    case 'closeByTimeout':
    case 'withdraw':
      return { ...state, status: to };
  }
}

/** Whether the top of the ladder holds it (escalation would not change the holder). */
export const atLadderTop = (table: RoutingTableBody, state: RequestState): boolean => !!state.holder && nextLevel(table, state.holder) === null;

/** What the deadline job does to a request at `now`: escalate past a limit, close after the window, remind before a limit. */
export function dueJob(table: RoutingTableBody, state: RequestState, now: number): { kind: 'escalate' | 'closeByTimeout' } | { kind: 'remind'; deadline: Instant } | null {
  if (state.status === 'handled') return state.confirmBy && now >= Date.parse(state.confirmBy) ? { kind: 'closeByTimeout' } : null;
  if (overdueLimit(state, now)) return { kind: 'escalate' };
  const deadline = currentDeadline(state);
  if (deadline && state.assignedAt && state.remindedFor !== deadline && now >= Date.parse(remindAt(state.assignedAt, deadline, table.remindPercent))) {
    return { kind: 'remind', deadline };
  }
  return null;
}

/**
 * The earliest instant from which dueJob has work on this request (it does at that instant and after, never before),
 * or null when nothing will ever be due. Kept on the request document so the deadline job reads only what is due,
 * earliest first, instead of scanning requests by status (where a batch of not-yet-due requests could hide a due one).
 */
export function nextCheckAt(table: RoutingTableBody, state: RequestState): Instant | null {
  if (state.status === 'handled') return state.confirmBy;
  if (!OPEN_WORK.includes(state.status)) return null;
  const times: number[] = [];
  if ((state.status === 'dispatched' || state.status === 'reopened') && state.respondBy) times.push(Date.parse(state.respondBy));
  if (state.resolveBy) times.push(Date.parse(state.resolveBy));
  const deadline = currentDeadline(state);
  if (deadline && state.assignedAt && state.remindedFor !== deadline) times.push(Date.parse(remindAt(state.assignedAt, deadline, table.remindPercent)));
  return times.length ? new Date(Math.min(...times)).toISOString() : null;
}

/** The holder's name for the requester's "who holds it and until when". */
export const holderLabel = (state: RequestState): string | null => (state.holder ? HANDLER_ORG_LABELS[state.holder] : null);

/** A new request as filed, before the system dispatches it by the routing table. */
export function newRequestState(requesterId: string, now: number): RequestState {
  return {
    status: 'received',
    requesterId,
    holder: null,
    orgsInvolved: [],
    filedAt: new Date(now).toISOString(),
    assignedAt: null,
    respondBy: null,
    firstRespondBy: null,
    resolveBy: null,
    confirmBy: null,
    firstResponseAt: null,
    lastHandledAt: null,
    rating: null,
    reopenCount: 0,
    overdue: false,
    remindedFor: null,
    responseMinutes: null,
    respondedOnTime: null,
    resolutionMinutes: null,
  };
}
