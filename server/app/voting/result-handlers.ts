import { closeVote } from './result-close';
import { checkReceipt, endorseResult, publishedFiles, voteResult } from './result-view';

/** Handlers of the result part of the voting contract (types/voting-result.ts). */
export const resultHandlers = { closeVote, voteResult, publishedFiles, checkReceipt, endorseResult };
