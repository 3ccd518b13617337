import { HANDLER_ORGS, type HandlerOrg, type RequestMetricsExportOutput, type RequestMetricsInput, type RequestMetricsOutput, type RequestStatus } from '../../../types/requests';
import { SHANGHAI_OFFSET_MINUTES } from '../../../types/time';
import { medianOfCounts, rankOrgs, type RequestFigures } from '../../core/requests/metrics';
import { metricsCsv } from '../../core/requests/metrics-csv';
import type { AggregateRow, Storage, Where } from '../../ports';
import type { ActionContext } from '../action';
import { REQUESTS } from './records';

/**
 * The metrics board (issue 12 item 6): per handler organisation and Shanghai month, the figures of REQUEST_METRICS
 * exactly as server/core/requests/metrics.ts requestFigures defines them over one fact row per request (the holder at
 * the end, the month filed), but computed by the ENGINE: every figure is a grouped count or sum over the requests
 * filed that month (index estateId + filedAt), and no request document is loaded.
 *
 * Two figures cannot be a plain count of stored fields: "responded on time" compares two fields of one document, and a
 * median needs the order of the durations. So the state machine stores, on every move, the derived fields
 * responseMinutes, respondedOnTime and resolutionMinutes (metrics.ts measure): on-time becomes a count, and each median
 * comes from a histogram the engine groups (holder × minutes: one row per distinct whole-minute value, never one per
 * request). That is exact, identical on both engines, and costs 7 aggregate queries whatever the month's volume.
 */

const RESOLVED: RequestStatus[] = ['rated', 'closed_by_timeout'];

/** The UTC instants bounding a Shanghai month, as the ISO strings filedAt is stored as (string range). */
export function monthRange(month: string): { gte: string; lt: string } {
  const [y, m] = month.split('-').map(Number);
  const start = (yy: number, mm: number) => new Date(Date.UTC(yy, mm - 1, 1) - SHANGHAI_OFFSET_MINUTES * 60_000).toISOString();
  return { gte: start(y, m), lt: m === 12 ? start(y + 1, 1) : start(y, m + 1) };
}

const empty = (): RequestFigures => ({
  filed: 0,
  responseRate: { numerator: 0, denominator: 0 },
  resolutionRate: { numerator: 0, denominator: 0 },
  satisfactionRate: { numerator: 0, denominator: 0 },
  medianResponseMinutes: null,
  medianResolutionMinutes: null,
  overdueCount: 0,
  reopenCount: 0,
});

const isOrg = (v: unknown): v is HandlerOrg => (HANDLER_ORGS as readonly unknown[]).includes(v);

/** Count per holder organisation of the requests matching `where` (on top of the month's base filter). */
function perOrg(rows: AggregateRow[]): Map<HandlerOrg, number> {
  const m = new Map<HandlerOrg, number>();
  for (const r of rows) if (isOrg(r.group.holder)) m.set(r.group.holder, (m.get(r.group.holder) ?? 0) + r.count);
  return m;
}

function histograms(rows: AggregateRow[], field: string): Map<HandlerOrg, { value: number; count: number }[]> {
  const m = new Map<HandlerOrg, { value: number; count: number }[]>();
  for (const r of rows) {
    const value = r.group[field];
    if (isOrg(r.group.holder) && typeof value === 'number') m.set(r.group.holder, [...(m.get(r.group.holder) ?? []), { value, count: r.count }]);
  }
  return m;
}

export async function figuresForMonth(storage: Storage, estateId: string, month: string): Promise<Record<HandlerOrg, RequestFigures>> {
  const base: Where = { estateId, filedAt: monthRange(month) };
  const agg = (where: Where, groupBy: string[], sum?: string[]) => storage.aggregate(REQUESTS, { where: { ...base, ...where }, groupBy, count: true, sum });
  const [byStatus, withdrawnUnanswered, onTime, satisfied, overdue, responseHist, resolutionHist] = await Promise.all([
    agg({}, ['holder', 'status'], ['reopenCount']),
    agg({ status: 'withdrawn', firstResponseAt: null }, ['holder']),
    agg({ respondedOnTime: true }, ['holder']),
    agg({ status: 'rated', rating: ['satisfied', 'basically_satisfied'] }, ['holder']),
    agg({ overdue: true }, ['holder']),
    agg({ responseMinutes: { gte: 0 } }, ['holder', 'responseMinutes']),
    agg({ status: RESOLVED, resolutionMinutes: { gte: 0 } }, ['holder', 'resolutionMinutes']),
  ]);
  const out = Object.fromEntries(HANDLER_ORGS.map((o) => [o, empty()])) as Record<HandlerOrg, RequestFigures>;
  const withdrawn = new Map<HandlerOrg, number>();
  const resolved = new Map<HandlerOrg, number>();
  for (const r of byStatus) {
    const org = r.group.holder;
    if (!isOrg(org)) continue; // not dispatched yet: nobody answers for it
    const f = out[org];
    f.filed += r.count;
    f.reopenCount += r.sums.reopenCount ?? 0;
    if (r.group.status === 'withdrawn') withdrawn.set(org, (withdrawn.get(org) ?? 0) + r.count);
    if (RESOLVED.includes(r.group.status as RequestStatus)) resolved.set(org, (resolved.get(org) ?? 0) + r.count);
  }
  const unanswered = perOrg(withdrawnUnanswered);
  const onTimeBy = perOrg(onTime);
  const satisfiedBy = perOrg(satisfied);
  const overdueBy = perOrg(overdue);
  const responseBy = histograms(responseHist, 'responseMinutes');
  const resolutionBy = histograms(resolutionHist, 'resolutionMinutes');
  for (const org of HANDLER_ORGS) {
    const f = out[org];
    const n = (m: Map<HandlerOrg, number>) => m.get(org) ?? 0;
    f.responseRate = { numerator: n(onTimeBy), denominator: f.filed - n(unanswered) };
    f.resolutionRate = { numerator: n(resolved), denominator: f.filed - n(withdrawn) };
    f.satisfactionRate = { numerator: n(satisfiedBy), denominator: n(resolved) };
    f.medianResponseMinutes = medianOfCounts(responseBy.get(org) ?? []);
    f.medianResolutionMinutes = medianOfCounts(resolutionBy.get(org) ?? []);
    f.overdueCount = n(overdueBy);
  }
  return out;
}

export async function buildMetrics(storage: Storage, estateId: string, month: string): Promise<RequestMetricsOutput> {
  const figures = await figuresForMonth(storage, estateId, month);
  const ranked = rankOrgs(figures);
  const rankOf = new Map(ranked.map((r) => [r.org, r.rank]));
  const order = [...ranked.map((r) => r.org), ...HANDLER_ORGS.filter((o) => !rankOf.has(o))];
  return { month, rows: order.map((org) => ({ org, rank: rankOf.get(org) ?? null, figures: figures[org] })) };
}

/** 诉求统计: community and sub-district staff (requests.viewMetrics), for one estate and month. */
export async function requestMetrics({ ports }: ActionContext, input: RequestMetricsInput): Promise<RequestMetricsOutput> {
  return buildMetrics(ports.storage, input.estateId, input.month);
}

/** The same figures as a CSV file, delivered like the roster template (base64 in the answer; the client saves it). */
export async function exportRequestMetrics({ ports }: ActionContext, input: RequestMetricsInput): Promise<RequestMetricsExportOutput> {
  const csv = metricsCsv(await buildMetrics(ports.storage, input.estateId, input.month));
  return { fileName: `诉求统计-${input.month}.csv`, contentBase64: Buffer.from(csv, 'utf8').toString('base64') };
}
