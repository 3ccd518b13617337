import type { TopicStage } from '../../../types/deliberation';

/** Allowed stage moves, as data. A topic never goes backwards once a vote has started. */
export const TOPIC_TRANSITIONS: Record<TopicStage, readonly TopicStage[]> = {
  collecting: ['deliberating', 'archived'],
  deliberating: ['collecting', 'voting', 'archived'],
  voting: ['publicizing'],
  publicizing: ['archived'],
  archived: [],
};

export function canMoveTopic(from: TopicStage, to: TopicStage): boolean {
  return TOPIC_TRANSITIONS[from].includes(to);
}

/** Display order on the home page: live topics first, then by most recent. */
const STAGE_RANK: Record<TopicStage, number> = { voting: 0, deliberating: 1, collecting: 2, publicizing: 3, archived: 4 };

export function sortTopicsForHome<T extends { stage: TopicStage; openedAt: string }>(topics: T[]): T[] {
  return [...topics].sort(
    (a, b) => STAGE_RANK[a.stage] - STAGE_RANK[b.stage] || (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : 0),
  );
}
