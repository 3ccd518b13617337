import { addComment, answerQuestion, askQuestion, listComments } from './discussion-comments';
import { dismissReports, hideComment, reportComment, unhideComment } from './discussion-moderation';
import { consultationSummaries, topicDiscussionSummary } from './discussion-summary';
import { cosignPetition, getPetition, withdrawCosign } from './petition';

/** Use cases of the discussion part of the deliberation contract (types/deliberation-discussion.ts). */
export const discussionHandlers = {
  listComments,
  addComment,
  askQuestion,
  answerQuestion,
  reportComment,
  hideComment,
  unhideComment,
  dismissReports,
  getPetition,
  cosignPetition,
  withdrawCosign,
  topicDiscussionSummary,
  consultationSummaries,
};
