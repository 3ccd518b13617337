import { announceTopic } from './topic-announce';
import { advanceTopic, openVoting, prereviewTopic, publishPlanVersion, rejectTopic, setTopicItems, withdrawTopic } from './topic-moves';
import { openTopic, proposeTopic, resubmitTopic } from './topic-propose';
import { getTopic, listTopics } from './topics';

/** Use cases of the topics part of the deliberation contract (types/deliberation.ts topicActions). */
export const topicHandlers = {
  listTopics,
  getTopic,
  openTopic,
  proposeTopic,
  resubmitTopic,
  prereviewTopic,
  setTopicItems,
  publishPlanVersion,
  announceTopic,
  openVoting,
  withdrawTopic,
  rejectTopic,
  advanceTopic,
};
