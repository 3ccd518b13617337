/**
 * A progress bar with a threshold line (e.g. turnout against the 2/3 a vote needs): the numbers the
 * ProgressBar component draws. Percentages are clamped to 0..100 and rounded down for the label, so the
 * bar never claims a threshold is reached when it is not.
 */
export interface ProgressInput {
  value: number;
  total: number;
  /** the fraction that must be reached, e.g. 2 / 3; omitted: no threshold line */
  threshold?: number;
}

export interface ProgressView {
  /** width of the filled part, 0..100 (one decimal) */
  fillPercent: number;
  /** where the threshold line sits, 0..100 (one decimal); null without a threshold */
  thresholdPercent: number | null;
  /** value / total reached the threshold (exact comparison, no rounding) */
  reached: boolean;
  /** how many more are needed to reach the threshold (0 when reached or without a threshold) */
  missing: number;
  /** e.g. '12 / 30（40%）' */
  label: string;
  /** e.g. '需达到 2/3（20）' or '' */
  thresholdLabel: string;
}

const clamp = (n: number) => Math.min(100, Math.max(0, n));
const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export function progressView({ value, total, threshold }: ProgressInput): ProgressView {
  const safeTotal = Number.isFinite(total) && total > 0 ? total : 0;
  const safeValue = Number.isFinite(value) && value > 0 ? Math.min(value, safeTotal) : 0;
  const ratio = safeTotal === 0 ? 0 : safeValue / safeTotal;
  const hasThreshold = typeof threshold === 'number' && Number.isFinite(threshold) && threshold > 0 && threshold <= 1;
  // the smallest whole count that reaches the threshold (avoid float error: 2/3 of 30 is 20, not 20.000001)
  const needed = hasThreshold ? Math.ceil(oneDecimalSafe(threshold * safeTotal)) : 0;
  const reached = hasThreshold ? safeTotal > 0 && safeValue >= needed : false;
  const percentLabel = Math.floor(ratio * 100);
  return {
    fillPercent: oneDecimal(clamp(ratio * 100)),
    thresholdPercent: hasThreshold ? oneDecimal(clamp(threshold * 100)) : null,
    reached,
    missing: hasThreshold && !reached ? Math.max(0, needed - safeValue) : 0,
    label: `${safeValue} / ${safeTotal}（${percentLabel}%）`,
    thresholdLabel: hasThreshold ? `需达到 ${fractionText(threshold)}（${needed}）` : '',
  };
}

/** Round away float noise (0.6666…*30 = 20.000000000000004) before ceil. */
function oneDecimalSafe(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

function fractionText(t: number): string {
  for (const d of [2, 3, 4, 5]) {
    const n = Math.round(t * d);
    if (Math.abs(n / d - t) < 1e-9) return `${n}/${d}`;
  }
  return `${Math.round(t * 100)}%`;
}
