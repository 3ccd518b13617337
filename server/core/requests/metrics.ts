import type { Instant } from '../../../types/common';
import type { HandlerOrg, RequestMetric, RequestRating, RequestStatus } from '../../../types/requests';
import { minutesBetween } from './deadlines';
import type { RequestState } from './machine';

/**
 * The metrics of issue 12 item 6, exactly as types/requests.ts REQUEST_METRIC_DEFINITIONS words them. The input is
 * one fact row per request (what the request's document keeps: never its timeline), so the same function serves a
 * per-month aggregate. A request counts for the organisation that holds it last (the one that answered for it in the
 * end; an organisation that let it escalate is counted by overdueCount of the request, not by its own row) and for
 * the Shanghai month it was filed in.
 */
export interface RequestFact {
  org: HandlerOrg;
  status: RequestStatus;
  filedAt: Instant;
  /** the first response limit (of the first holder) */
  firstRespondBy: Instant | null;
  firstResponseAt: Instant | null;
  lastHandledAt: Instant | null;
  rating: RequestRating | null;
  reopenCount: number;
  overdue: boolean;
}

/** A rate as integers: numerator of denominator (0 of 0 is shown as —). */
export interface Rate {
  numerator: number;
  denominator: number;
}

export type RequestFigures = { [M in RequestMetric]: M extends `${string}Rate` ? Rate : M extends `median${string}` ? number | null : number } & { filed: number };

const RESOLVED: readonly RequestStatus[] = ['rated', 'closed_by_timeout'];

/** Median of whole minutes; an even count takes the mean of the middle two, rounded down. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : Math.floor((v[mid - 1] + v[mid]) / 2);
}

export function requestFigures(facts: readonly RequestFact[]): RequestFigures {
  // withdrawn before any response owes nothing; withdrawn after a response still counts that response
  const owedResponse = facts.filter((f) => !(f.status === 'withdrawn' && !f.firstResponseAt));
  const respondedOnTime = owedResponse.filter((f) => f.firstResponseAt && f.firstRespondBy && Date.parse(f.firstResponseAt) <= Date.parse(f.firstRespondBy));
  const notWithdrawn = facts.filter((f) => f.status !== 'withdrawn');
  const resolved = notWithdrawn.filter((f) => RESOLVED.includes(f.status));
  const satisfied = facts.filter((f) => f.status === 'rated' && (f.rating === 'satisfied' || f.rating === 'basically_satisfied'));
  return {
    filed: facts.length,
    responseRate: { numerator: respondedOnTime.length, denominator: owedResponse.length },
    resolutionRate: { numerator: resolved.length, denominator: notWithdrawn.length },
    satisfactionRate: { numerator: satisfied.length, denominator: resolved.length },
    medianResponseMinutes: median(facts.flatMap((f) => (f.firstResponseAt ? [minutesBetween(f.filedAt, f.firstResponseAt)] : []))),
    medianResolutionMinutes: median(resolved.flatMap((f) => (f.lastHandledAt ? [minutesBetween(f.filedAt, f.lastHandledAt)] : []))),
    overdueCount: facts.filter((f) => f.overdue).length,
    reopenCount: facts.reduce((n, f) => n + f.reopenCount, 0),
  };
}

/** Figures per organisation for one Shanghai month (facts already chosen by month). */
export function figuresByOrg(facts: readonly RequestFact[]): Partial<Record<HandlerOrg, RequestFigures>> {
  const groups = new Map<HandlerOrg, RequestFact[]>();
  for (const f of facts) groups.set(f.org, [...(groups.get(f.org) ?? []), f]);
  return Object.fromEntries([...groups].map(([org, fs]) => [org, requestFigures(fs)]));
}

/** The fact row a request contributes (null before its first dispatch: nobody held it yet). */
export function factOf(state: RequestState): RequestFact | null {
  if (!state.holder) return null;
  const { status, filedAt, firstRespondBy, firstResponseAt, lastHandledAt, rating, reopenCount, overdue } = state;
  return { org: state.holder, status, filedAt, firstRespondBy, firstResponseAt, lastHandledAt, rating, reopenCount, overdue };
}
