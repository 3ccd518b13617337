import type { RequestRate } from './requests';

/**
 * How the metrics board and its CSV export write a figure (issue 12 item 6), shared by server and client so the page
 * and the file say the same thing. Integer arithmetic only: a rate is rounded to one decimal place, half up.
 */

/** '83.3%', or '—' for 0 of 0 (nothing to measure is not 0 %) */
export function ratePercent(rate: RequestRate): string {
  if (rate.denominator === 0) return '—';
  const tenths = Math.floor((rate.numerator * 2000 + rate.denominator) / (2 * rate.denominator));
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

/** '5 of 6' in words the board uses: 5/6 件 */
export const rateFraction = (rate: RequestRate): string => `${rate.numerator}/${rate.denominator} 件`;

/** A duration in whole minutes as people say it: 45 分钟, 5.5 小时 (under two days), 3.2 天; null is '—'. */
export function durationText(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 60) return `${minutes} 分钟`;
  const tenths = (unit: number) => {
    const t = Math.floor((minutes * 20 + unit) / (2 * unit));
    return `${Math.floor(t / 10)}.${t % 10}`;
  };
  return minutes < 48 * 60 ? `${tenths(60)} 小时` : `${tenths(24 * 60)} 天`;
}
