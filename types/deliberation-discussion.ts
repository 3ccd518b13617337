import { action } from './contract';

/** deliberation contract, discussion part: spread into the deliberation capability (types/deliberation.ts). */
export const discussionLabels = {};
export const discussionActions = {};
// keep the import used until the first action lands
void action;
