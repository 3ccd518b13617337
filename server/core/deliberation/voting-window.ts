import type { ProcedureRules } from '../../../types/procedure-rules';
import { AppError } from '../errors';

/**
 * When a topic's vote may open, under the estate's rules of procedure (DOMAIN.md §4): voting opens at a Beijing
 * midnight no earlier than the announcement + the notice days, and lasts between the rules' min and max days.
 * Pure: the announce use case checks with it, and getTopic tells organisers the same terms before they announce.
 */
export const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Midnight (Beijing) of a YYYY-MM-DD day, or null for a day that does not exist (2026-02-30). */
export function shanghaiMidnight(day: string): number | null {
  const ms = Date.parse(`${day}T00:00:00+08:00`);
  if (Number.isNaN(ms)) return null;
  const back = new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  return back === day ? ms : null;
}

/** The first Beijing midnight at or after `ms`. */
export function nextShanghaiMidnight(ms: number): number {
  const local = ms + SHANGHAI_OFFSET_MS;
  return Math.ceil(local / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/**
 * Whether a topic is a temporary meeting the owners forced (指导规则 Art. 21): a petition that reached 20 % of area
 * AND headcount. Only that may use the rules' shorter temporary-meeting notice; a petition short of it is an
 * ordinary proposal and gets the ordinary notice.
 */
export const isTemporaryMeeting = (topic: { petition?: boolean; petitionReachedAt?: string }): boolean => topic.petition === true && !!topic.petitionReachedAt;

export function noticeDaysFor(rules: ProcedureRules, petition: boolean): number {
  return petition && rules.temporaryMeetingAllowed ? rules.temporaryMeetingNoticeDays : rules.noticeDays;
}


/**
 * The voting window from the caller's day and length under the rules: it may not open before the notice period
 * has passed (announcedAt + noticeDays), and lasts between the rules' min and max days. Pure.
 */
export function votingWindow(announcedAt: number, day: string, days: number, rules: ProcedureRules, petition: boolean): { opensAt: number; closesAt: number; noticeDays: number } {
  const noticeDays = noticeDaysFor(rules, petition);
  const opensAt = shanghaiMidnight(day);
  if (opensAt === null) throw AppError.field('votingOpensOn', 'VALIDATION_FAILED');
  const earliest = announcedAt + noticeDays * DAY_MS;
  if (opensAt < earliest) throw new AppError('VOTING_OPENS_TOO_EARLY', { noticeDays, earliest: new Date(nextShanghaiMidnight(earliest)).toISOString() });
  if (days < rules.votingWindowMinDays || days > rules.votingWindowMaxDays) {
    throw new AppError('VOTING_WINDOW_LENGTH', { min: rules.votingWindowMinDays, max: rules.votingWindowMaxDays });
  }
  return { opensAt, closesAt: opensAt + days * DAY_MS, noticeDays };
}


export interface AnnounceTerms {
  /** notice days the announcement would use (a petition's temporary meeting may have fewer) */
  noticeDays: number;
  /** the first day voting could open if announced now (Beijing date, YYYY-MM-DD) */
  earliestOpensOn: string;
  minDays: number;
  maxDays: number;
}

/** The terms of an announcement made at `now`: exactly what votingWindow() will accept. */
export function announceTerms(now: number, rules: ProcedureRules, petition: boolean): AnnounceTerms {
  const noticeDays = noticeDaysFor(rules, petition);
  const earliest = nextShanghaiMidnight(now + noticeDays * DAY_MS);
  return {
    noticeDays,
    earliestOpensOn: new Date(earliest + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10),
    minDays: rules.votingWindowMinDays,
    maxDays: rules.votingWindowMaxDays,
  };
}
