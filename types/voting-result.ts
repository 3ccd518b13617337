import * as z from 'zod/mini';
import { IdSchema, textCheck, type Instant } from './common';
import { action } from './contract';

/**
 * voting, result part: close, count, publication, endorsement and public verification of a vote (issue 11 items
 * 5, 6, 8). Spread into the voting capability by types/voting.ts; handlers in server/app/voting/result-handlers.ts.
 * The published files and the scripts that re-check them: docs/counting.md (公示数据与核验).
 */

export const TopicRefSchema = z.strictObject({ estateId: IdSchema, topicId: IdSchema });
export type TopicRefInput = z.infer<typeof TopicRefSchema>;

/** a receipt as printed (3F9A-0C21-7B44-E810); lower case and spaces around are accepted */
export const ReceiptSchema = z.string().check(z.trim(), z.regex(/^[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}$/));

export const CheckReceiptSchema = z.strictObject({ estateId: IdSchema, topicId: IdSchema, receipt: ReceiptSchema });
export type CheckReceiptInput = z.infer<typeof CheckReceiptSchema>;

export const EndorseResultSchema = z.strictObject({
  estateId: IdSchema,
  topicId: IdSchema,
  note: z.optional(z.string().check(textCheck({ multiline: true }), z.trim(), z.maxLength(500))),
});
export type EndorseResultInput = z.infer<typeof EndorseResultSchema>;

export type ResultConditionName = 'turnoutArea' | 'turnoutHeadcount' | 'approvalArea' | 'approvalHeadcount';

/** One Art. 278 condition as judged: part against whole, the threshold line, met or not. */
export interface ResultCondition {
  condition: ResultConditionName;
  /** 参与表决面积 / 参与表决人数 / 同意面积 / 同意人数 */
  label: string;
  measure: 'area' | 'headcount';
  /** 0.01 m² for area, persons for headcount */
  part: number;
  whole: number;
  /** '2/3', '3/4', '1/2' */
  threshold: string;
  /** true: 以上 (≥); false: 过半数 (>) */
  inclusive: boolean;
  met: boolean;
  /** for reading only, rounded down to one decimal */
  percent: string;
  /** how much is missing when not met (same unit as part) */
  shortfall: number;
}

export interface ResultItemView {
  itemId: string;
  title: string;
  matter: number;
  matterLabel: string;
  /** the matter's threshold in words (e.g. 参与表决面积、人数均达三分之二以上，且同意面积、人数均过四分之三) */
  thresholdText: string;
  passed: boolean;
  /** 通过 / 未通过 */
  verdict: string;
  quorumMet: boolean;
  /** the engine's reasons in Chinese, one per failing condition (e.g. 参与表决面积 65.9% < 2/3（…）) */
  reasons: string[];
  /** turnout conditions always; approval conditions only when the quorum is met */
  conditions: ResultCondition[];
  figures: {
    totalAreaCenti: number;
    totalHeadcount: number;
    participatingAreaCenti: number;
    participatingHeadcount: number;
    approvingAreaCenti: number;
    approvingHeadcount: number;
    opposingAreaCenti: number;
    opposingHeadcount: number;
    abstainingAreaCenti: number;
    abstainingHeadcount: number;
    participatingUnits: number;
    totalUnits: number;
  };
  invalidCount: number;
  /** only when the frozen rules count non-voters with the majority (从众): the verdict without them */
  withoutNonVoters: { passed: boolean; reasons: string[] } | null;
}

export interface VoteResultOutput {
  topicId: string;
  title: string;
  stage: string;
  stageLabel: string;
  closedAt: Instant;
  publishedAt: Instant;
  /** end of the objection period (frozen rules' objectionPeriodDays from publication) */
  objectionEndsAt: Instant;
  /** the latest the result had to be published (frozen rules' publicationDeadlineDays after the window) */
  publicationDeadline: Instant;
  endorsedAt: Instant | null;
  /** root of the published ballot list's hash chain */
  rootHash: string;
  /** the roster fingerprint published in the notice */
  rosterFingerprint: string;
  ballotCount: number;
  unitCount: number;
  /** 不计入 / 从众 (frozen rules) */
  nonVoterLabel: string;
  items: ResultItemView[];
  /** what the caller may do now: 'endorse' for community staff after the objection period */
  can: { endorse: boolean };
}

export interface PublishedFileView {
  /** manifest | roster | ballots | ledger | result */
  name: string;
  /** file name to save it under */
  fileName: string;
  /** 公示清单 / 名册快照 / 选票清单 / 表决账本 / 计票结果 */
  title: string;
  /** the file's JSON text, byte for byte what recount / verify:ballots read */
  json: string;
}
export interface PublishedFilesOutput {
  topicId: string;
  rootHash: string;
  files: PublishedFileView[];
}

export interface CheckReceiptOutput {
  receipt: string;
  found: boolean;
  /** 1-based place in the published ballot list, null when not found */
  position: number | null;
  total: number;
  channel: string | null;
  rootHash: string;
}

export const resultLabels: Record<string, string> = {
  receipt: '回执码',
  note: '说明',
};

export const resultActions = {
  closeVote: action<VoteResultOutput>()({
    input: TopicRefSchema, access: 'voting.close', scope: 'estate',
    errors: ['TOPIC_NOT_FOUND', 'BALLOT_STAGE', 'VOTING_WINDOW_OPEN', 'RESULT_PAPER_PENDING', 'CONFLICT'],
    summary: '结束表决并计票：表决期满后按冻结的名册和规则计票，公示结果和匿名选票清单（可重试）',
  }),
  voteResult: action<VoteResultOutput>()({
    input: TopicRefSchema, access: 'voting.viewResult', scope: 'estate', errors: ['TOPIC_NOT_FOUND', 'RESULT_NOT_PUBLISHED'],
    summary: '表决结果：每个事项的面积和人数及其分母、是否通过和原因、异议期、选票清单根哈希',
  }),
  publishedFiles: action<PublishedFilesOutput>()({
    input: TopicRefSchema, access: 'voting.viewResult', scope: 'estate', errors: ['TOPIC_NOT_FOUND', 'RESULT_NOT_PUBLISHED'],
    summary: '公示数据下载：名册快照（匿名）、选票清单及根哈希、表决账本、计票结果，供任何人复核',
  }),
  checkReceipt: action<CheckReceiptOutput>()({
    input: CheckReceiptSchema, access: 'voting.viewResult', scope: 'estate', errors: ['TOPIC_NOT_FOUND', 'RESULT_NOT_PUBLISHED'],
    summary: '核对回执：回执是否在公示的选票清单中及其位置',
  }),
  endorseResult: action<VoteResultOutput>()({
    input: EndorseResultSchema, access: 'voting.endorse', scope: 'estate',
    errors: ['TOPIC_NOT_FOUND', 'RESULT_NOT_PUBLISHED', 'RESULT_OBJECTION_PERIOD', 'TOPIC_MOVE_NOT_ALLOWED', 'CONFLICT'],
    summary: '社区确认表决结果（公示异议期满后）',
  }),
};
