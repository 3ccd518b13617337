import type { MatterNumber } from '../../../types/matters';
import type { ProposerKind, TopicMove, TopicStage } from '../../../types/topics';

export const TOPICS = 'topics';
/** immutable plan versions, id `<topicId>:v<n>` (a second publish of the same number is a duplicate key) */
export const TOPIC_PLANS = 'topic_plans';
/** the electorate frozen at announcement, id = topicId, written once (append-only) */
export const TOPIC_ELECTORATES = 'topic_electorates';

export const planId = (topicId: string, version: number) => `${topicId}:v${version}`;

export type TopicScope = { kind: 'estate' } | { kind: 'buildings'; buildings: string[] };

export interface TopicItem {
  itemId: string;
  title: string;
  matter: MatterNumber;
  description: string;
}

export interface StageEntry {
  stage: TopicStage;
  at: string;
  /** openid of the actor ('system' for the seed); pages show `byLabel` */
  by: string;
  /** the role the actor acted in, e.g. 党支部书记 / 提议人 */
  byLabel: string;
  /** how the stage was reached */
  move: TopicMove | 'propose' | 'open' | 'import';
  note?: string;
}

/** Voting channels frozen in the notice (from the rules' channels). */
export type TopicChannel = 'online' | 'paper';

/**
 * The notice, frozen when the topic is announced and never written again: what will be voted on, by whom, under
 * which rules, from when to when. The unit list lives in TOPIC_ELECTORATES (same fingerprint).
 */
export interface TopicAnnouncement {
  announcedAt: string;
  announcedBy: string;
  items: TopicItem[];
  planVersion: number;
  rules: { versionNo: number; versionId: string | null; fingerprint: string; isDefault: boolean };
  noticeDays: number;
  channels: TopicChannel[];
  scope: TopicScope;
  roster: { unitCount: number; areaCenti: number; headcount: number; fingerprint: string; rosterVersion: number | null };
  votingOpensAt: string;
  votingClosesAt: string;
}

export interface ElectorateUnit {
  unitId: string;
  building: string;
  areaCenti: number;
  headKey: string;
}
export interface TopicElectorateDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  units: ElectorateUnit[];
  fingerprint: string;
  frozenAt: string;
}

export interface TopicPlanDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  /** the plan version number (1, 2, ...); `version` is reserved by the storage port */
  planNo: number;
  text: string;
  changeNote: string;
  /** upload fileIds (contract `uploads`), kept */
  attachments: string[];
  publishedAt: string;
  publishedBy: string;
}

export interface TopicDoc extends Record<string, unknown> {
  estateId: string;
  title: string;
  summary: string;
  stage: TopicStage;
  stageHistory: StageEntry[];
  scope: TopicScope;
  items: TopicItem[];
  /** openid of the proposer (owner, committee member) or the party secretary who opened it */
  proposedBy: string;
  proposerKind: ProposerKind;
  /** an owners' petition for a temporary meeting (指导规则 Art. 21) */
  petition?: boolean;
  /** written by the discussion part when 20 % area AND 20 % headcount co-signed */
  petitionReachedAt?: string;
  /** latest published plan version (0: none yet) */
  planVersion: number;
  announcement?: TopicAnnouncement;
  /** when the topic was created (proposed or opened) */
  openedAt: string;
  /** who put it forward, as the UI shows it: the party branch's name, 业主委员会 or 业主提议 (never a person's name) */
  openedByLabel: string;
  /**
   * The topic's revision for optimistic concurrency, +1 on every write; a write with a stale expectedVersion is
   * refused. (`version` is the storage port's own field and may not be used in documents.)
   */
  rev: number;
  updatedAt: string;
  /** residents' requests (诉求) taken to this topic (written by requests linkRequestToTopic) */
  requestIds?: string[];
}

export function scopeLabel(scope: TopicScope): string {
  return scope.kind === 'estate' ? '全体业主' : `${scope.buildings.map((b) => `${b}号楼`).join('、')}业主`;
}
