import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { Instant } from '../../../types/common';
import { SHANGHAI_OFFSET_MINUTES } from '../../../types/time';

dayjs.extend(utc);

/**
 * Deadlines of a request (issue 12 item 3), from the server clock (`now`, injected in tests) in Asia/Shanghai
 * (a fixed UTC+8 since 1991, so a fixed offset is exact). Limits are whole hours of calendar time; the
 * confirmation window is whole days. Every instant is stored as an ISO string in UTC.
 */

const shanghai = (instant: Instant | number) => dayjs(instant).utcOffset(SHANGHAI_OFFSET_MINUTES);

export const addHours = (from: Instant | number, hours: number): Instant => shanghai(from).add(hours, 'hour').toISOString();
export const addDays = (from: Instant | number, days: number): Instant => shanghai(from).add(days, 'day').toISOString();

export interface Limits {
  respondHours: number;
  resolveHours: number;
}

/** The two limits of an organisation that takes a request at `now`. */
export function deadlinesFrom(now: number, limits: Limits): { respondBy: Instant; resolveBy: Instant } {
  return { respondBy: addHours(now, limits.respondHours), resolveBy: addHours(now, limits.resolveHours) };
}

/** When the holder is reminded: `percent` of the limit's span before the deadline, at least one minute before it. */
export function remindAt(assignedAt: Instant, deadline: Instant, percent: number): Instant {
  const start = Date.parse(assignedAt);
  const end = Date.parse(deadline);
  const lead = Math.max(60_000, Math.floor(((end - start) * percent) / 100));
  return new Date(Math.max(start, end - lead)).toISOString();
}

/** The Shanghai calendar date of an instant (YYYY-MM-DD). */
export const shanghaiDate = (instant: Instant | number): string => shanghai(instant).format('YYYY-MM-DD');

/** A deadline falls on today's Shanghai date (for the work queue's 今日到期). */
export const dueToday = (deadline: Instant, now: number): boolean => shanghaiDate(deadline) === shanghaiDate(now);

/** The Shanghai month (YYYY-MM) an instant belongs to, for monthly metrics. */
export const shanghaiMonth = (instant: Instant | number): string => shanghai(instant).format('YYYY-MM');

/** Whole minutes between two instants (for response and resolution times). */
export const minutesBetween = (from: Instant, to: Instant): number => Math.floor((Date.parse(to) - Date.parse(from)) / 60_000);
