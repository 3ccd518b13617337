import type { BallotChoice } from '../../../types/voting';
import type { PaperEntryState, PaperRequestState } from '../../../types/voting-paper';
import { AppError } from '../../core/errors';
import type { Storage, TxStore } from '../../ports';

/**
 * Stored shapes of paper ballots (issue 11 item 3). A request is one document per (topic, unit); an entry is one
 * document per (enterer, idempotency key), kept whatever the review decides (evidence, DOMAIN §4: never delete).
 */

/** an owner asked for paper, id paperRequestId(): while 'requested' or 'delivered' the unit's online entry is closed */
export const VOTE_PAPER_REQUESTS = 'vote_paper_requests';
/** a paper ballot entered by staff with its scan: 'pending' until a second staff member reviews it */
export const VOTE_PAPER_ENTRIES = 'vote_paper_entries';

export const paperRequestId = (topicId: string, unitId: string) => `${topicId}:${unitId}`;

export interface PaperRequestDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  unitId: string;
  building: string;
  state: PaperRequestState;
  /** account key of the representative who asked (or withdrew) */
  requestedBy: string;
  requestedAt: string;
  deliveredAt: string | null;
  /** account key of the staff member who delivered it */
  deliveredBy: string | null;
  withdrawnAt: string | null;
  /** +1 on every write (`version` is reserved by the storage port) */
  rev: number;
}

export interface PaperEntryDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  unitId: string;
  building: string;
  /** the package as the paper says, in the notice's order */
  choices: { itemId: string; choice: BallotChoice }[];
  /** keyed hash of (topic, unit, choices): what the idempotency of the entry compares */
  contentHash: string;
  receivedAt: string;
  /** the scan (an upload of the enterer; the handler keeps it) and its display name */
  scanFileId: string;
  scanName: string;
  enteredBy: string;
  enteredAt: string;
  state: PaperEntryState;
  reviewedBy: string | null;
  reviewedAt: string | null;
  rejectReason: string | null;
  rev: number;
}

/** a live request (asked, or delivered) closes the unit's online entry */
export const isLiveRequest = (doc: PaperRequestDoc | undefined | null) => !!doc && doc.state !== 'withdrawn';

/** For castBallot's transaction: refuse an online ballot while the unit has a live paper request. */
export async function refuseIfPaperRequested(tx: Pick<TxStore, 'get'>, topicId: string, unitId: string): Promise<void> {
  const request = await tx.get<PaperRequestDoc>(VOTE_PAPER_REQUESTS, paperRequestId(topicId, unitId));
  if (isLiveRequest(request?.data)) throw new AppError('BALLOT_PAPER_REQUESTED');
}

/** Paper entries of a topic still waiting for their review (closeVote refuses while there are any). */
export const countPendingPaperEntries = (storage: Pick<Storage, 'count'>, topicId: string) =>
  storage.count(VOTE_PAPER_ENTRIES, { topicId, state: 'pending' });
