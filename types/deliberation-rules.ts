import { action } from './contract';

/** deliberation contract, rules part: spread into the deliberation capability (types/deliberation.ts). */
export const rulesLabels = {};
export const rulesActions = {};
// keep the import used until the first action lands
void action;
