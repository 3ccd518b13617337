import * as z from 'zod/mini';
import { IdSchema, textCheck, type Instant } from './common';
import { action, defineCapability } from './contract';
import type { TopicStage } from './topics';
import { discussionActions, discussionLabels } from './deliberation-discussion';
import { rulesActions, rulesLabels } from './deliberation-rules';

export { TOPIC_STAGES, TOPIC_STAGE_LABELS, type TopicStage } from './topics';

export const ListTopicsInputSchema = z.strictObject({
  estateId: IdSchema,
});
export type ListTopicsInput = z.infer<typeof ListTopicsInputSchema>;

export interface TopicSummary {
  topicId: string;
  title: string;
  summary: string;
  stage: TopicStage;
  /** scope label, e.g. "全体业主" or "3号楼业主" */
  scopeLabel: string;
  openedAt: Instant;
  openedByLabel: string; // organisation, never a person's name
}
export interface ListTopicsOutput {
  topics: TopicSummary[];
}

export const OpenTopicInputSchema = z.strictObject({
  estateId: IdSchema,
  title: z.string().check(textCheck(), z.trim(), z.minLength(4), z.maxLength(60)),
  summary: z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(10), z.maxLength(2000)),
});
export type OpenTopicInput = z.infer<typeof OpenTopicInputSchema>;
export interface OpenTopicOutput {
  topic: TopicSummary;
}

// ───────────────────────── The deliberation contract ─────────────────────────

/** deliberation: what is being discussed under which rules. */
export const deliberation = defineCapability('deliberation', {
  labels: { title: '标题', summary: '说明', ...rulesLabels, ...discussionLabels },
  actions: {
    ...rulesActions,
    ...discussionActions,
    listTopics: action<ListTopicsOutput>()({ input: ListTopicsInputSchema, access: 'deliberation.viewTopics', scope: 'estate', summary: '小区的议题列表' }),
    openTopic: action<OpenTopicOutput>()({
      input: OpenTopicInputSchema, access: 'deliberation.openTopic', scope: 'estate', errors: ['ESTATE_NOT_FOUND'], summary: '党支部发起议题',
    }),
  },
});
