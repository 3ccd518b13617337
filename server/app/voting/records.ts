import type { BallotChoice } from '../../../types/voting';

/**
 * Stored shapes of the voting capability. A ballot's id is `<topic>:<item>:<unit>`, so the storage engine
 * itself admits one valid ballot per (item, unit): a second create is a duplicate-key error, never a
 * check-then-insert. Choices are stored (the legal record) but no action returns them.
 */

/** one valid ballot per (item, unit), id ballotId(); updated in place only when the frozen rules allow a change */
export const VOTE_BALLOTS = 'vote_ballots';
/** every earlier version of a changed ballot, id `<ballot>:r<n>` (append-only) */
export const VOTE_BALLOT_VERSIONS = 'vote_ballot_versions';
/** later submissions for a unit that already voted (rules: no change): kept as invalid evidence, never counted */
export const VOTE_INVALID = 'vote_invalid_ballots';
/** one per (topic, unit, idempotency key): what the submission answered, so a retry gets the same answer */
export const VOTE_REQUESTS = 'vote_requests';
/** delivery (送达) of the frozen package: one per (topic, unit, account) */
export const VOTE_DELIVERIES = 'vote_deliveries';
/** one per vote whose ledger the sequencing job chains (id = topic) */
export const VOTE_LEDGERS = 'vote_ledgers';

export const ballotId = (topicId: string, itemId: string, unitId: string) => `${topicId}:${itemId}:${unitId}`;
export const deliveryId = (topicId: string, unitId: string, accountKey: string) => `${topicId}:${unitId}:${accountKey}`;
export const requestId = (topicId: string, unitId: string, keyHash: string) => `${topicId}:${unitId}:${keyHash}`;

/**
 * The chain key of a vote's own ledger. The audit machinery (server/app/audit) keys a chain by its `estateId`
 * field; a vote's ballot events use this key instead, so they form their own chain, sequenced by the same job
 * code (sequenceEstateAudit), without ever touching the estate's chain or any document every voter writes.
 */
export const voteLedgerKey = (topicId: string) => `vote:${topicId}`;

/** how a valid ballot reached the vote: online by the representative, on paper entered by staff, by a mandated proxy */
export type BallotChannel = 'online' | 'paper' | 'proxy';

export interface BallotDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  itemId: string;
  unitId: string;
  /** frozen electorate facts, so turnout is one aggregate over these documents */
  building: string;
  areaCenti: number;
  headKey: string;
  choice: BallotChoice;
  channel: BallotChannel;
  /** a proxy's ballot: the mandate it was cast under (vote_mandates id) */
  mandateId?: string;
  /** account key of the representative who cast it (never an openid in a shared view) */
  castBy: string;
  castAt: string;
  receipt: string;
  /** 1 for the first ballot, +1 on each allowed change */
  revision: number;
}

export interface InvalidBallotDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  unitId: string;
  reason: 'duplicate';
  choices: { itemId: string; choice: BallotChoice }[];
  castBy: string;
  at: string;
  /** the receipt of the valid ballot it did not replace */
  validReceipt: string;
  /** absent for online submissions */
  channel?: BallotChannel;
  mandateId?: string;
}

export interface RequestDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  unitId: string;
  contentHash: string;
  outcome: 'accepted' | 'changed' | 'duplicate';
  receipt: string;
  at: string;
}

export interface DeliveryDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  unitId: string;
  openid: string;
  accountKey: string;
  deliveredAt: string;
}

export interface LedgerDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  /** false once the vote left voting and its last events are chained */
  open: boolean;
  createdAt: string;
}
