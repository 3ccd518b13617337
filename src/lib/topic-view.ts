/**
 * Pieces of the topic pages in plain TypeScript (jest-tested without rendering): the stage timeline and grouping,
 * the voting window in Beijing time, the plan's version diff by sentence, stance chips. No zod here.
 */
import { inShanghai } from '../../types/time';
import { TOPIC_MAIN_PATH, TOPIC_STAGE_LABELS, TOPIC_STAGES } from '../../types/topics';
import type { Tone } from './status-tone';
import { diffLines, type DiffLine } from './line-diff';
import { timelineSteps, type TimelineStep } from './timeline';

/* ------------------------------------------------------------------ stages */

const MAIN_STAGES: readonly string[] = TOPIC_MAIN_PATH;
/** Stages that leave the main path: sent back for changes, withdrawn, or not accepted. */
const SIDE_STAGES: readonly string[] = TOPIC_STAGES.filter((s) => !TOPIC_MAIN_PATH.includes(s));

export function stageLabel(stage: string): string {
  return (TOPIC_STAGE_LABELS as Record<string, string>)[stage] ?? stage;
}

/**
 * The timeline of a topic. Returned: the proposal step is current and reads 退回修改. Withdrawn or rejected:
 * the steps reached are done, and the last step says how it ended (the rest of the path is not shown).
 */
export function topicTimeline(stage: string, history: readonly { stage: string }[] = []): TimelineStep[] {
  const order = [...MAIN_STAGES] as string[];
  const labels: Record<string, string> = Object.fromEntries(order.map((s) => [s, stageLabel(s)]));
  if (stage === 'returned') return timelineSteps(order, { ...labels, proposed: stageLabel('returned') }, 'proposed');
  if (stage === 'withdrawn' || stage === 'rejected') {
    const reached = history.map((h) => order.indexOf(h.stage)).filter((i) => i >= 0);
    const last = reached.length ? Math.max(...reached) : 0;
    const steps: TimelineStep[] = order.slice(0, last + 1).map((key) => ({ key, label: labels[key], state: 'done' }));
    return [...steps, { key: stage, label: stageLabel(stage), state: 'current' }];
  }
  return timelineSteps(order, labels, stage, stage === 'closed');
}

/**
 * Topics grouped by stage for the list page, in the order of the path (a returned proposal next to the proposals,
 * withdrawn and rejected ones last); stages without topics are left out.
 */
export function groupByStage<T extends { stage: string }>(topics: readonly T[]): { stage: string; label: string; topics: T[] }[] {
  const [first, ...rest] = MAIN_STAGES;
  const order = [first, 'returned', ...rest, ...SIDE_STAGES.filter((s) => s !== 'returned')];
  const known = new Set(order);
  const extra = [...new Set(topics.map((t) => t.stage).filter((s) => !known.has(s)))];
  return [...order, ...extra]
    .map((stage) => ({ stage, label: stageLabel(stage), topics: topics.filter((t) => t.stage === stage) }))
    .filter((g) => g.topics.length > 0);
}

/* ------------------------------------------------------------------ voting window */

/** A day in Beijing time: 3月15日, with the year when it is not `year`. */
function dayText(instant: string, year?: number): string {
  const d = inShanghai(instant);
  return d.year() === year ? d.format('M月D日') : d.format('YYYY年M月D日');
}

/**
 * "从3月1日起投票，到3月15日截止" in Beijing time. A window that closes at midnight closes at the end of the day
 * before (so 16日 00:00 reads 15日); a time of day other than midnight is written out (到3月15日 18:00截止).
 * `nowYear` (Beijing) drops the year when both days fall in it.
 */
export function votingWindowText(opensAt: string, closesAt: string, nowYear?: number): string {
  const open = inShanghai(opensAt);
  let close = inShanghai(closesAt);
  const closeMidnight = close.hour() === 0 && close.minute() === 0;
  if (closeMidnight) close = close.subtract(1, 'minute');
  const year = nowYear !== undefined && open.year() === nowYear && close.year() === nowYear ? nowYear : undefined;
  const openTime = open.hour() === 0 && open.minute() === 0 ? '' : ` ${open.format('HH:mm')}`;
  const closeTime = closeMidnight || (close.hour() === 23 && close.minute() === 59) ? '' : ` ${close.format('HH:mm')}`;
  return `从${dayText(opensAt, year)}${openTime}起投票，到${dayText(close.toISOString(), year)}${closeTime}截止`;
}

/* ------------------------------------------------------------------ plan diff */

export type { DiffLine };

/** Split a plan into comparable pieces: paragraphs, and long paragraphs into sentences (Chinese punctuation). */
export function planPieces(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .flatMap((l) => l.match(/[^。！？；]+[。！？；]?/g) ?? [l])
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A diff of two plan versions by sentence (a plan is often one long paragraph, so a line diff alone would mark
 * all of it changed): what was removed, what was added.
 */
export function planDiff(before: string, after: string): DiffLine[] {
  return diffLines(planPieces(before).join('\n'), planPieces(after).join('\n')).filter((d) => d.text !== '');
}

/* ------------------------------------------------------------------ comments, petition */

export const STANCE_TEXT: Record<string, string> = { support: '支持', oppose: '反对', suggest: '建议' };
const STANCE_TONE: Record<string, Tone> = { support: 'success', oppose: 'danger', suggest: 'info' };

export function stanceChip(stance: string | undefined): { label: string; tone: Tone } | null {
  if (!stance || !STANCE_TEXT[stance]) return null;
  return { label: STANCE_TEXT[stance], tone: STANCE_TONE[stance] };
}

/** A 20 % bar: value against total with the threshold line at 1/5. */
export const PETITION_THRESHOLD = 0.2;
