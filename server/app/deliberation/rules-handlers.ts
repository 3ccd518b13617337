/** Use cases of the rules part of the deliberation contract (types/deliberation-rules.ts). */
export const rulesHandlers = {};
