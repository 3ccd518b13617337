/**
 * voting, result part: close, count, publication, endorsement and public verification of a vote.
 * Spread into the voting capability by types/voting.ts; handlers in server/app/voting/result-handlers.ts.
 */

export const resultLabels: Record<string, string> = {};

export const resultActions = {};
