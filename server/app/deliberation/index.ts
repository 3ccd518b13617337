import { deliberation } from '../../../types/deliberation';
import { implement } from '../action';
import { discussionHandlers } from './discussion-handlers';
import { rulesHandlers } from './rules-handlers';
import { topicHandlers } from './topic-handlers';

/** The deliberation cloud function: the deliberation contract (types/deliberation.ts) and its use cases. */
export const deliberationFunction = implement(deliberation, { ...topicHandlers, ...rulesHandlers, ...discussionHandlers });
