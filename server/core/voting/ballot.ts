import { AppError } from '../errors';

/**
 * Pure rules of one online package ballot (issue 11 item 1, DOMAIN.md §4): every item of the notice exactly
 * once and nothing else (no vote on an item that was not in the notice), inside the frozen window.
 */

export interface ChoiceLike<C extends string = string> {
  itemId: string;
  choice: C;
}

/**
 * The submitted choices in the notice's item order, or a refusal naming the first item at fault: one not in
 * the notice (BALLOT_ITEM_UNKNOWN), one chosen twice (BALLOT_ITEM_TWICE), one left out (BALLOT_ITEM_MISSING).
 */
export function packageChoices<C extends string>(items: readonly { itemId: string; title: string }[], choices: readonly ChoiceLike<C>[]): ChoiceLike<C>[] {
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const chosen = new Map<string, C>();
  for (const c of choices) {
    const item = byId.get(c.itemId);
    if (!item) throw new AppError('BALLOT_ITEM_UNKNOWN', { item: c.itemId });
    if (chosen.has(c.itemId)) throw new AppError('BALLOT_ITEM_TWICE', { item: item.title });
    chosen.set(c.itemId, c.choice);
  }
  const missing = items.find((i) => !chosen.has(i.itemId));
  if (missing) throw new AppError('BALLOT_ITEM_MISSING', { item: missing.title });
  return items.map((i) => ({ itemId: i.itemId, choice: chosen.get(i.itemId)! }));
}

/** The server clock must be inside [opensAt, closesAt). */
export function checkWindow(nowMs: number, window: { votingOpensAt: string; votingClosesAt: string }): void {
  if (nowMs < Date.parse(window.votingOpensAt)) throw new AppError('BALLOT_WINDOW_NOT_OPEN', { opensAt: window.votingOpensAt });
  if (nowMs >= Date.parse(window.votingClosesAt)) throw new AppError('BALLOT_WINDOW_CLOSED', { closesAt: window.votingClosesAt });
}

/** The canonical text of a package's choices (notice order), what content hashes cover. */
export const choicesText = (choices: readonly ChoiceLike[]) => choices.map((c) => `${c.itemId}=${c.choice}`).join('\n');

/** A receipt as people read it aloud: 16 hex digits of a keyed hash in four groups, e.g. 3F9A-0C21-7B44-E810. */
export function receiptCode(hexDigest: string): string {
  const h = hexDigest.slice(0, 16).toUpperCase();
  return `${h.slice(0, 4)}-${h.slice(4, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}`;
}

/** Art. 278 turnout line: part ≥ 2/3 of total, by cross-multiplication (以上 includes the boundary). */
export const reachesTwoThirds = (part: number, total: number) => total > 0 && part * 3 >= total * 2;
