import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/**
 * Beijing time without the Intl time-zone database: Asia/Shanghai has been a fixed UTC+8 since 1991,
 * and WeChat's JS engines on some Android devices lack full Intl. So a fixed offset is exact here.
 */
export const SHANGHAI_OFFSET_MINUTES = 480;

export function inShanghai(instant: string | number | Date) {
  return dayjs(instant).utcOffset(SHANGHAI_OFFSET_MINUTES);
}

export function formatShanghai(instant: string | number | Date, pattern = 'YYYY-MM-DD HH:mm'): string {
  return inShanghai(instant).format(pattern);
}

/** Area is stored in 0.01 m² integers; never sum floats. */
export function formatArea(areaCenti: number): string {
  const sign = areaCenti < 0 ? '-' : '';
  const abs = Math.abs(areaCenti);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
