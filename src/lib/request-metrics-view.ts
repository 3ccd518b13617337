/**
 * 诉求统计 (packages/staff/requests/metrics): the month choices (this month first, Asia/Shanghai), each organisation's
 * figures as the board shows them (rate as % with numerator/denominator, 0 of 0 as —, medians in hours or days) and the
 * definitions behind 说明. The numbers come from the server (requestMetrics); nothing is computed here.
 */
import { durationText, rateFraction, ratePercent } from '../../types/request-metrics-format';
import {
  HANDLER_ORG_LABELS,
  REQUEST_METRIC_DEFINITIONS,
  REQUEST_METRIC_LABELS,
  REQUEST_METRICS,
  REQUEST_RANKING_DEFINITION,
  requestsLabels,
  type RequestMetricsRow,
  type RequestRate,
} from '../../types/requests';
import { formatShanghai } from '../../types/time';

export const METRICS_TEXT = {
  title: '诉求统计',
  month: requestsLabels.month,
  explain: '说明：各项指标怎么算',
  export: '导出表格（CSV）',
  exporting: '正在导出…',
  exported: '已导出，可用 Excel 或 WPS 打开',
  rank: (n: number | null) => (n === null ? '当月无诉求' : `第 ${n} 名`),
  filed: (n: number) => `当月诉求 ${n} 件`,
  empty: '这个月还没有诉求',
  rankingTitle: '排名',
} as const;

/** 'YYYY-MM' of this month and the eleven before it, newest first, in Asia/Shanghai. */
export function monthChoices(now: number, count = 12): { value: string; label: string }[] {
  const [y, m] = formatShanghai(now, 'YYYY-MM').split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const idx = y * 12 + (m - 1) - i;
    const yy = Math.floor(idx / 12);
    const mm = (idx % 12) + 1;
    return { value: `${yy}-${String(mm).padStart(2, '0')}`, label: `${yy}年${mm}月` };
  });
}

export interface FigureLine {
  key: string;
  label: string;
  value: string;
  /** "5/6 件" under a rate */
  detail?: string;
}

export interface OrgMetricsView {
  org: string;
  orgLabel: string;
  rank: string;
  ranked: boolean;
  filed: string;
  lines: FigureLine[];
}

const LABEL_SHORT: Record<string, string> = {
  medianResponseMinutes: '响应时长中位数',
  medianResolutionMinutes: '解决时长中位数',
};

export function orgMetricsView(row: RequestMetricsRow): OrgMetricsView {
  const lines = REQUEST_METRICS.map((m): FigureLine => {
    const v = row.figures[m];
    if (typeof v === 'object' && v !== null) {
      const rate = v as RequestRate;
      return { key: m, label: REQUEST_METRIC_LABELS[m], value: ratePercent(rate), detail: rateFraction(rate) };
    }
    if (m.startsWith('median')) return { key: m, label: LABEL_SHORT[m] ?? REQUEST_METRIC_LABELS[m], value: durationText(v as number | null) };
    return { key: m, label: REQUEST_METRIC_LABELS[m], value: `${v as number} 件` };
  });
  lines[lines.length - 1] = { ...lines[lines.length - 1], value: `${row.figures.reopenCount} 次` };
  return { org: row.org, orgLabel: HANDLER_ORG_LABELS[row.org], rank: METRICS_TEXT.rank(row.rank), ranked: row.rank !== null, filed: METRICS_TEXT.filed(row.figures.filed), lines };
}

/** The definitions behind 说明, each metric's and the ranking's. */
export const metricDefinitions = (): { label: string; text: string }[] => [
  ...REQUEST_METRICS.map((m) => ({ label: LABEL_SHORT[m] ?? REQUEST_METRIC_LABELS[m], text: REQUEST_METRIC_DEFINITIONS[m] })),
  { label: METRICS_TEXT.rankingTitle, text: REQUEST_RANKING_DEFINITION },
];
