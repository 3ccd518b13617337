import { ratePercent } from '../../../types/request-metrics-format';
import {
  HANDLER_ORG_LABELS,
  REQUEST_METRICS,
  REQUEST_METRIC_DEFINITIONS,
  REQUEST_METRIC_LABELS,
  REQUEST_RANKING_DEFINITION,
  type RequestMetricsOutput,
  type RequestRate,
} from '../../../types/requests';

/**
 * The metrics board as a CSV file (issue 12 item 6): one row per handler organisation with a Chinese header, then the
 * definitions of every metric and of the ranking, so the file explains itself when it is forwarded. UTF-8 with a
 * byte-order mark and CRLF line ends: Excel and WPS open it with the Chinese intact.
 */
export const CSV_BOM = '\uFEFF';

export function csvCell(value: string | number): string {
  const s = String(value);
  // quote anything with a separator, a quote or a line break; a leading = + - @ would be a formula in Excel
  const safe = /^[=+\-@]/.test(s) && typeof value === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const line = (cells: (string | number)[]) => cells.map(csvCell).join(',');

export function metricsCsv(out: RequestMetricsOutput): string {
  const header = ['排名', '办理单位', '诉求件数'];
  for (const m of REQUEST_METRICS) {
    if (m.endsWith('Rate')) header.push(REQUEST_METRIC_LABELS[m], `${REQUEST_METRIC_LABELS[m]}分子`, `${REQUEST_METRIC_LABELS[m]}分母`);
    else header.push(REQUEST_METRIC_LABELS[m]);
  }
  const rows = out.rows.map((r) => {
    const cells: (string | number)[] = [r.rank ?? '—', HANDLER_ORG_LABELS[r.org], r.figures.filed];
    for (const m of REQUEST_METRICS) {
      const v = r.figures[m];
      if (typeof v === 'object' && v !== null) {
        const rate = v as RequestRate;
        cells.push(ratePercent(rate), rate.numerator, rate.denominator);
      } else cells.push(v === null ? '—' : v);
    }
    return line(cells);
  });
  const definitions = [line(['指标', '定义']), ...REQUEST_METRICS.map((m) => line([REQUEST_METRIC_LABELS[m], REQUEST_METRIC_DEFINITIONS[m]])), line(['排名', REQUEST_RANKING_DEFINITION])];
  return CSV_BOM + [line(header), ...rows, '', ...definitions].join('\r\n') + '\r\n';
}
