/** Handlers of the paper part of the voting contract (types/voting-paper.ts). */
export const paperHandlers = {};
