/** Handlers of the result part of the voting contract (types/voting-result.ts). */
export const resultHandlers = {};
