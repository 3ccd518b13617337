import type { TopicStage } from '../../../types/topics';
import type { NonVoterHandling } from '../../../types/procedure-rules';

/** A closed vote's count, id = topic (written once at close; publication, objection end and endorsement filled in later). */
export const VOTE_RESULTS = 'vote_results';
/** The published files of a closed vote, id `<topic>:<file>`, each the file's JSON text (never changed). */
export const VOTE_PUBLICATIONS = 'vote_publications';

export const publicationId = (topicId: string, name: string) => `${topicId}:${name}`;

/** stages in which a vote's result exists */
export const RESULT_STAGES: readonly TopicStage[] = ['publication', 'endorsement', 'implementation', 'closed'];

export interface ResultDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  /** when counting began (the voting → counting move) */
  closedAt: string;
  countedAt: string;
  publishedAt: string | null;
  objectionEndsAt: string | null;
  publicationDeadline: string;
  endorsedAt: string | null;
  rootHash: string;
  ballotCount: number;
  unitCount: number;
  rosterFingerprint: string;
  nonVoters: NonVoterHandling;
  /** the engine's VoteResult as JSON text, exactly what the published result file holds */
  resultJson: string;
}

export interface PublicationDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  name: string;
  json: string;
}
