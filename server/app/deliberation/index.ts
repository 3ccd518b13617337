import { ListTopicsInputSchema, OpenTopicInputSchema, TOPIC_FIELD_LABELS } from '../../../types/deliberation';
import { defineAction, type ActionTable } from '../action';
import { listTopics, openTopic } from './topics';

/** The deliberation cloud function's actions. */
export const deliberationActions: ActionTable = {
  listTopics: defineAction({ input: ListTopicsInputSchema, labels: TOPIC_FIELD_LABELS, run: listTopics }),
  openTopic: defineAction({ input: OpenTopicInputSchema, labels: TOPIC_FIELD_LABELS, run: openTopic }),
};
