/** Use cases of the discussion part of the deliberation contract (types/deliberation-discussion.ts). */
export const discussionHandlers = {};
