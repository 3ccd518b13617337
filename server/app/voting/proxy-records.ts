import type { MandateInstruction, MandateStatus } from '../../../types/voting-proxy';

/**
 * Stored shapes of proxy voting (types/voting-proxy.ts). A unit's mandate for one vote lives under the
 * deterministic id `<topic>:<unit>`, so there is at most one live mandate per (topic, unit): creating one
 * while another is live is refused, and a new one after an ended one (revoked, rejected, lapsed) first copies
 * the ended one into the history, then replaces it under its version.
 */
export const VOTE_MANDATES = 'vote_mandates';
export const VOTE_MANDATE_HISTORY = 'vote_mandate_history';
export const VOTE_MANDATE_ATTEMPTS = 'vote_mandate_attempts';

export const mandateId = (topicId: string, unitId: string) => `${topicId}:${unitId}`;

/** statuses of a mandate that still binds: it may be checked, accepted, used or revoked */
export const LIVE_MANDATE: readonly MandateStatus[] = ['awaiting', 'approved'];

export interface MandateDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  unitId: string;
  /** the representative who gave the mandate */
  ownerOpenid: string;
  ownerAccountKey: string;
  /** the legal record: full name and phone; views mask them (the checking staff see them in full) */
  proxyName: string;
  proxyPhone: string | null;
  instructions: { itemId: string; instruction: MandateInstruction }[];
  /** the signed mandate's upload (the owner's private path: never sent to clients) */
  scan: { fileId: string; fileName: string } | null;
  /** keyed hash of the one-time acceptance code; never the code itself */
  codeHash: string;
  proxyOpenid: string | null;
  acceptedAt: string | null;
  status: MandateStatus;
  createdAt: string;
  checkedAt: string | null;
  /** account key and role label of the staff member who checked it */
  checkedBy: string | null;
  checkedByLabel: string | null;
  rejectReason: string | null;
  endedAt: string | null;
  /** the proxy's ballot */
  receipt: string | null;
  votedAt: string | null;
  /** 1 for the first mandate of (topic, unit), +1 for each replacement (history id topic:unit:rN) */
  round: number;
}

export interface MandateAttemptDoc extends Record<string, unknown> {
  failures: number;
  lockedUntil: string | null;
}
