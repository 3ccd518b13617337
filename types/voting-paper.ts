/**
 * voting, paper part: paper ballots: an owner asks for paper (closing online entry), staff enter a scanned ballot, a second staff member reviews it (双人复核).
 * Spread into the voting capability by types/voting.ts; handlers in server/app/voting/paper-handlers.ts.
 */

export const paperLabels: Record<string, string> = {};

export const paperActions = {};
