import * as z from 'zod/mini';
import { IdSchema, type Instant } from './common';
import { action, defineCapability } from './contract';
import { paperActions, paperLabels } from './voting-paper';
import { proxyActions, proxyLabels } from './voting-proxy';
import { resultActions, resultLabels } from './voting-result';

/**
 * voting: how did each unit vote, and how far is the turnout (issue 11 items 1, 2, 7 and the ballot part of 8).
 * An owner who represents a unit in the frozen electorate confirms they read the frozen package (送达), then
 * casts one package ballot per unit: every item of the notice exactly once, in one transaction. Choices are
 * never returned by any action (the property company and other owners never see them); the owner keeps a
 * receipt code that the vote's own hash-chained ledger lists.
 */

export { BALLOT_CHOICES, BALLOT_CHOICE_LABELS, IdempotencyKeySchema, TopicUnitShape, BallotChoicesSchema, type BallotChoice } from './voting-shared';
import { IdempotencyKeySchema, TopicUnitShape, BallotChoicesSchema, type BallotChoice } from './voting-shared';

export const ConfirmDeliverySchema = z.strictObject(TopicUnitShape);
export type ConfirmDeliveryInput = z.infer<typeof ConfirmDeliverySchema>;
export interface ConfirmDeliveryOutput {
  /** when the owner first confirmed (a second confirmation keeps the first instant) */
  deliveredAt: Instant;
}

export const CastBallotSchema = z.strictObject({
  ...TopicUnitShape,
  idempotencyKey: IdempotencyKeySchema,
  choices: BallotChoicesSchema,
});
export type CastBallotInput = z.infer<typeof CastBallotSchema>;
export interface CastBallotOutput {
  /** what the owner keeps and can find in the vote's ledger; reveals no choice */
  receipt: string;
  castAt: Instant;
  /** true when the frozen rules allow changing a ballot and this replaced an earlier one (every version is kept) */
  changed: boolean;
}

export const MyBallotsSchema = z.strictObject({ estateId: IdSchema });
export type MyBallotsInput = z.infer<typeof MyBallotsSchema>;
export interface MyBallotRow {
  topicId: string;
  title: string;
  unitId: string;
  unitLabel: string;
  /** 已完成 when a valid ballot exists; 待投票 while the window is open; 未投票 after it */
  status: 'done' | 'pending' | 'missed';
  receipt: string | null;
  castAt: Instant | null;
  /** how the unit's valid ballot came in (online, paper, or by the owner's mandated proxy); null before it did */
  channel: 'online' | 'paper' | 'proxy' | null;
  /** read the frozen package (送达) */
  deliveredAt: Instant | null;
  votingClosesAt: Instant;
}
export interface MyBallotsOutput {
  ballots: MyBallotRow[];
}

export const MyBallotSchema = z.strictObject(TopicUnitShape);
export type MyBallotInput = z.infer<typeof MyBallotSchema>;
export interface MyBallotOutput {
  receipt: string;
  castAt: Instant;
  /** the caller's own choices: shown only to the account that cast the ballot */
  choices: { itemId: string; title: string; choice: BallotChoice }[];
  /** the ballot's event in the vote's ledger: its hash, and its place in the chain once sequenced (null until then) */
  ledger: { eventHash: string | null; seq: number | null };
}

export const TurnoutSchema = z.strictObject({ estateId: IdSchema, topicId: IdSchema });
export type TurnoutInput = z.infer<typeof TurnoutSchema>;
export interface TurnoutFigures {
  /** participating area (0.01 m²) and its denominator, the scope's total */
  areaCenti: number;
  totalAreaCenti: number;
  /** participating owner-persons (Art. 9) and the scope's total */
  headcount: number;
  totalHeadcount: number;
  units: number;
  totalUnits: number;
  /** the 2/3 line (Art. 278): participation ≥ 2/3 of area, and of headcount */
  areaReached: boolean;
  headcountReached: boolean;
}
export interface TurnoutOutput {
  topicId: string;
  stage: string;
  votingOpensAt: Instant;
  votingClosesAt: Instant;
  estate: TurnoutFigures;
  buildings: (TurnoutFigures & { building: string })[];
  /** '2/3' */
  lineLabel: string;
}

export const votingLabels = {
  topicId: '议题',
  idempotencyKey: '提交编号',
  choices: '表决选择',
  itemId: '表决事项',
  choice: '选择',
};

export const ballotActions = {
  confirmDelivery: action<ConfirmDeliveryOutput>()({
    input: ConfirmDeliverySchema, access: 'voting.cast', scope: 'unit',
    errors: ['UNIT_OWNERS_ONLY', 'TOPIC_NOT_FOUND', 'BALLOT_STAGE', 'NOT_IN_ELECTORATE'],
    summary: '业主确认已阅读冻结的表决材料（记为送达）',
  }),
  castBallot: action<CastBallotOutput>()({
    input: CastBallotSchema, access: 'voting.cast', scope: 'unit',
    errors: [
      'UNIT_OWNERS_ONLY', 'NOT_REPRESENTATIVE', 'TOPIC_NOT_FOUND', 'BALLOT_STAGE', 'BALLOT_WINDOW_NOT_OPEN', 'BALLOT_WINDOW_CLOSED',
      'NOT_IN_ELECTORATE', 'BALLOT_ONLINE_CLOSED', 'BALLOT_PAPER_REQUESTED', 'BALLOT_ITEM_UNKNOWN', 'BALLOT_ITEM_TWICE', 'BALLOT_ITEM_MISSING', 'DELIVERY_REQUIRED', 'IDEMPOTENCY_KEY_REUSED', 'ALREADY_VOTED',
    ],
    summary: '表决权代表一次提交全部表决事项的选票，返回回执码',
  }),
  myBallots: action<MyBallotsOutput>()({
    input: MyBallotsSchema, access: 'voting.cast', scope: 'estate',
    summary: '我的投票：本人房屋在各表决中的完成情况和回执（不含选择和票数）',
  }),
  myBallot: action<MyBallotOutput>()({
    input: MyBallotSchema, access: 'voting.cast', scope: 'unit', errors: ['UNIT_OWNERS_ONLY', 'TOPIC_NOT_FOUND', 'BALLOT_NOT_FOUND'],
    summary: '本人回执：自己投出的选择和回执在表决账本中的位置（只给投票人本人看）',
  }),
  turnout: action<TurnoutOutput>()({
    input: TurnoutSchema, access: 'voting.viewTurnout', scope: 'estate', errors: ['TOPIC_NOT_FOUND', 'BALLOT_STAGE'],
    summary: '表决进度：参与表决的面积和人数对照三分之二，全小区和各楼栋（不含选择）',
  }),
};

/** voting: the contract is split by part (ballots here; paper, proxy and result in their own files), like deliberation. */
export const voting = defineCapability('voting', {
  labels: { ...votingLabels, ...paperLabels, ...proxyLabels, ...resultLabels },
  actions: { ...ballotActions, ...paperActions, ...proxyActions, ...resultActions },
});
