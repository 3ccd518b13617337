import type { Instant } from '../../../types/common';
import { HANDLER_ORGS, type HandlerOrg, type RequestMetricFigures, type RequestRate, type RequestRating, type RequestStatus } from '../../../types/requests';
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
export type Rate = RequestRate;
export type RequestFigures = RequestMetricFigures;

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

/** The derived fields a request document keeps so the engine can aggregate them (RequestState, machine.ts). */
export interface MeasuredFields {
  responseMinutes: number | null;
  respondedOnTime: boolean | null;
  resolutionMinutes: number | null;
}

export function measure(state: Pick<RequestState, 'filedAt' | 'firstRespondBy' | 'firstResponseAt' | 'lastHandledAt'>): MeasuredFields {
  const { filedAt, firstRespondBy, firstResponseAt, lastHandledAt } = state;
  return {
    responseMinutes: firstResponseAt ? minutesBetween(filedAt, firstResponseAt) : null,
    respondedOnTime: firstResponseAt ? !!firstRespondBy && Date.parse(firstResponseAt) <= Date.parse(firstRespondBy) : null,
    resolutionMinutes: lastHandledAt ? minutesBetween(filedAt, lastHandledAt) : null,
  };
}

/**
 * The median of a histogram (value → how many times it occurs), with the same rule as `median`: an even count takes
 * the mean of the middle two, rounded down. The engine builds the histogram (a group-by over the minutes), so a
 * median costs one row per distinct value, never one per request.
 */
export function medianOfCounts(counts: readonly { value: number; count: number }[]): number | null {
  const sorted = counts.filter((c) => c.count > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((n, c) => n + c.count, 0);
  if (total === 0) return null;
  const at = (k: number): number => {
    let seen = 0;
    for (const c of sorted) {
      seen += c.count;
      if (k < seen) return c.value;
    }
    throw new Error('unreachable');
  };
  const mid = total >> 1;
  return total % 2 ? at(mid) : Math.floor((at(mid - 1) + at(mid)) / 2);
}

/** negative when a ranks before b (a higher fraction); 0 of 0 ranks below every real rate */
function compareRates(a: Rate, b: Rate): number {
  if (a.denominator === 0 || b.denominator === 0) return (a.denominator === 0 ? 1 : 0) - (b.denominator === 0 ? 1 : 0);
  return b.numerator * a.denominator - a.numerator * b.denominator;
}

/**
 * The ranking (types/requests.ts REQUEST_RANKING_DEFINITION): resolution rate, then satisfaction rate, then response
 * rate, highest first (compared exactly as fractions), then fewer overdue; organisations with no request filed that
 * month are not ranked. Ties share a rank (1, 1, 3).
 */
export function rankOrgs(figures: Partial<Record<HandlerOrg, RequestFigures>>): { org: HandlerOrg; rank: number }[] {
  const cmp = (a: RequestFigures, b: RequestFigures) =>
    compareRates(a.resolutionRate, b.resolutionRate) || compareRates(a.satisfactionRate, b.satisfactionRate) || compareRates(a.responseRate, b.responseRate) || a.overdueCount - b.overdueCount;
  const orgs = (Object.entries(figures) as [HandlerOrg, RequestFigures][]).filter(([, f]) => f.filed > 0);
  const sorted = [...orgs].sort(([oa, a], [ob, b]) => cmp(a, b) || HANDLER_ORGS.indexOf(oa) - HANDLER_ORGS.indexOf(ob));
  return sorted.map(([org, f]) => ({ org, rank: 1 + sorted.filter(([, g]) => cmp(g, f) < 0).length }));
}
