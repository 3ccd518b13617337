import { markPaperDelivered, listPaperRequests } from './paper-delivery';
import { enterPaperBallot, listPaperEntries, paperScan } from './paper-entry';
import { paperRequest, requestPaperBallot, withdrawPaperRequest } from './paper-request';
import { reviewPaperEntry } from './paper-review';

/** Handlers of the paper part of the voting contract (types/voting-paper.ts). */
export const paperHandlers = {
  paperRequest,
  requestPaperBallot,
  withdrawPaperRequest,
  listPaperRequests,
  markPaperDelivered,
  enterPaperBallot,
  listPaperEntries,
  paperScan,
  reviewPaperEntry,
};
