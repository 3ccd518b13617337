/**
 * Topic stages in order; the allowed moves between them live in the server core as data. No zod here: pages show
 * the stage names on the first screen (types/deliberation.ts re-exports them).
 */
export const TOPIC_STAGES = ['collecting', 'deliberating', 'voting', 'publicizing', 'archived'] as const;
export type TopicStage = (typeof TOPIC_STAGES)[number];
export const TOPIC_STAGE_LABELS: Record<TopicStage, string> = {
  collecting: '征集意见',
  deliberating: '协商议事',
  voting: '表决中',
  publicizing: '结果公示',
  archived: '已归档',
};
