import * as z from 'zod/mini';
import { IdSchema, textCheck, type Instant } from './common';
import { action, defineCapability } from './contract';
import { MATTER_NUMBERS, type MatterNumber } from './matters';
import { TOPIC_STAGES, type ProposerKind, type TopicMove, type TopicStage } from './topics';
import { discussionActions, discussionLabels } from './deliberation-discussion';
import { topicLabels } from './deliberation-labels';
import { rulesActions, rulesLabels } from './deliberation-rules';

export { topicLabels };

export {
  TOPIC_STAGES,
  TOPIC_STAGE_LABELS,
  TOPIC_MAIN_PATH,
  TOPIC_MOVES,
  TOPIC_MOVE_LABELS,
  PROPOSER_KIND_LABELS,
  type TopicStage,
  type TopicMove,
  type ProposerKind,
} from './topics';

// ───────────────────────── shared pieces ─────────────────────────

const TitleSchema = z.string().check(textCheck(), z.trim(), z.minLength(4), z.maxLength(60));
const SummarySchema = z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(10), z.maxLength(2000));
const NoteSchema = z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(2), z.maxLength(500));
/** building names as the roster has them ("1"), or as people write them ("1号楼"): the server normalises */
const BuildingSchema = z.string().check(textCheck(), z.trim(), z.minLength(1), z.maxLength(20));
export const TopicScopeSchema = z.union([
  z.strictObject({ kind: z.literal('estate') }),
  z.strictObject({ kind: z.literal('buildings'), buildings: z.array(BuildingSchema).check(z.minLength(1), z.maxLength(50)) }),
]);
export type TopicScopeInput = z.infer<typeof TopicScopeSchema>;

export const TopicItemInputSchema = z.strictObject({
  title: z.string().check(textCheck(), z.trim(), z.minLength(2), z.maxLength(60)),
  matter: z.literal(MATTER_NUMBERS),
  description: z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(2), z.maxLength(1000)),
});
const ItemsSchema = z.array(TopicItemInputSchema).check(z.minLength(1), z.maxLength(20));
/** the topic's `version` the caller last read: a write on a newer topic is refused (CONFLICT) */
const ExpectedVersionSchema = z.number().check(z.int(), z.gte(0), z.lte(1_000_000));
const TopicRefShape = { estateId: IdSchema, topicId: IdSchema, expectedVersion: ExpectedVersionSchema };
const FileIdSchema = z.string().check(textCheck(), z.minLength(1), z.maxLength(300));

// ───────────────────────── outputs ─────────────────────────

export interface TopicSummary {
  topicId: string;
  title: string;
  summary: string;
  stage: TopicStage;
  /** scope label, e.g. "全体业主" or "3号楼业主" */
  scopeLabel: string;
  openedAt: Instant;
  openedByLabel: string; // organisation or 业主提议, never a person's name
  proposerKind: ProposerKind;
  petition: boolean;
  /** when voting opens (announced topics) */
  votingOpensAt?: Instant;
}

export interface TopicItemView {
  itemId: string;
  title: string;
  matter: MatterNumber;
  /** MATTERS[matter].label (the wording of 民法典 Art. 278) */
  matterLabel: string;
  /** the threshold in plain Chinese (thresholdText) */
  thresholdText: string;
  description: string;
}

export interface StageEntryView {
  stage: TopicStage;
  at: Instant;
  /** the role the actor acted in (党支部书记, 提议人, ...), never a name */
  byLabel: string;
  note?: string;
}

export interface PlanVersionView {
  version: number;
  text: string;
  changeNote: string;
  /** the attached files by name only: the stored fileId is the uploader's private path and never leaves the server */
  attachments: { fileName: string }[];
  publishedAt: Instant;
}

export interface AnnouncementView {
  announcedAt: Instant;
  noticeDays: number;
  votingOpensAt: Instant;
  votingClosesAt: Instant;
  planVersion: number;
  rulesVersionNo: number;
  rulesIsDefault: boolean;
  rulesFingerprint: string;
  channels: ('online' | 'paper')[];
  scopeLabel: string;
  /** bases of the frozen roster of the scope */
  unitCount: number;
  areaCenti: number;
  headcount: number;
  rosterFingerprint: string;
  items: TopicItemView[];
}

export interface TopicDetail extends TopicSummary {
  version: number;
  scope: TopicScopeInput;
  stageHistory: StageEntryView[];
  items: TopicItemView[];
  plans: PlanVersionView[];
  planVersion: number;
  petitionReachedAt?: Instant;
  announcement?: AnnouncementView;
  /** the caller proposed this topic */
  isProposer: boolean;
  /** residents' requests (诉求, issue 12) the topic was started from or linked to (requests linkRequestToTopic); always sent by getTopic */
  requestIds?: string[];
}

export interface GetTopicOutput {
  topic: TopicDetail;
  /** the moves the caller may make now (server/core/deliberation/topic.ts TOPIC_TRANSITIONS) */
  moves: TopicMove[];
  /**
   * when the caller may announce: the terms the estate's active rules set if they announced now, by the server
   * clock (notice days, the first day voting could open, the window's min and max days)
   */
  announceTerms?: { noticeDays: number; earliestOpensOn: string; minDays: number; maxDays: number };
}

export interface ListTopicsOutput {
  topics: TopicSummary[];
}
export interface TopicOutput {
  topic: TopicSummary;
}
export interface TopicChangeOutput {
  topic: TopicSummary;
  version: number;
}
export type OpenTopicOutput = TopicOutput;

// ───────────────────────── inputs ─────────────────────────

export const ListTopicsInputSchema = z.strictObject({
  estateId: IdSchema,
  stage: z.optional(z.enum(TOPIC_STAGES)),
});
export type ListTopicsInput = z.infer<typeof ListTopicsInputSchema>;

export const GetTopicInputSchema = z.strictObject({ estateId: IdSchema, topicId: IdSchema });
export type GetTopicInput = z.infer<typeof GetTopicInputSchema>;

export const OpenTopicInputSchema = z.strictObject({
  estateId: IdSchema,
  title: TitleSchema,
  summary: SummarySchema,
  scope: z.optional(TopicScopeSchema),
});
export type OpenTopicInput = z.infer<typeof OpenTopicInputSchema>;

export const ProposeTopicInputSchema = z.strictObject({
  estateId: IdSchema,
  title: TitleSchema,
  summary: SummarySchema,
  scope: z.optional(TopicScopeSchema),
  items: z.optional(ItemsSchema),
  /** an owners' petition for a temporary meeting (co-signatures counted by the discussion part) */
  petition: z.optional(z.boolean()),
});
export type ProposeTopicInput = z.infer<typeof ProposeTopicInputSchema>;

export const ResubmitTopicInputSchema = z.strictObject({
  ...TopicRefShape,
  title: TitleSchema,
  summary: SummarySchema,
  note: z.optional(NoteSchema),
});
export type ResubmitTopicInput = z.infer<typeof ResubmitTopicInputSchema>;

export const PrereviewTopicInputSchema = z.strictObject({
  ...TopicRefShape,
  decision: z.enum(['accept', 'return']),
  /** accept: the pre-review note; return: the reason */
  note: NoteSchema,
});
export type PrereviewTopicInput = z.infer<typeof PrereviewTopicInputSchema>;

export const SetTopicItemsInputSchema = z.strictObject({ ...TopicRefShape, items: ItemsSchema });
export type SetTopicItemsInput = z.infer<typeof SetTopicItemsInputSchema>;

export const PublishPlanInputSchema = z.strictObject({
  ...TopicRefShape,
  text: z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(10), z.maxLength(20_000)),
  changeNote: z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(2), z.maxLength(500)),
  attachments: z.optional(z.array(FileIdSchema).check(z.maxLength(9))),
});
export type PublishPlanInput = z.infer<typeof PublishPlanInputSchema>;

export const AnnounceTopicInputSchema = z.strictObject({
  ...TopicRefShape,
  /** the day voting opens (Beijing date; opens at 00:00) */
  votingOpensOn: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  /** how many days the window stays open (within the rules' min/max) */
  votingDays: z.number().check(z.int(), z.gte(1), z.lte(366)),
});
export type AnnounceTopicInput = z.infer<typeof AnnounceTopicInputSchema>;

export const TopicMoveInputSchema = z.strictObject({ ...TopicRefShape });
export type TopicMoveInput = z.infer<typeof TopicMoveInputSchema>;

export const TopicReasonInputSchema = z.strictObject({ ...TopicRefShape, reason: NoteSchema });
export type TopicReasonInput = z.infer<typeof TopicReasonInputSchema>;

export const AdvanceTopicInputSchema = z.strictObject({
  ...TopicRefShape,
  // publish comes only with the count (voting.closeVote) and endorse only from community staff after the objection
  // period (voting.endorseResult): neither is a plain move, so someone holding both roles cannot skip the check here
  move: z.enum(['startCounting', 'implement', 'close']),
  note: z.optional(NoteSchema),
});
export type AdvanceTopicInput = z.infer<typeof AdvanceTopicInputSchema>;

// ───────────────────────── The deliberation contract ─────────────────────────

const MOVE_ERRORS = ['TOPIC_NOT_FOUND', 'CONFLICT', 'TOPIC_MOVE_NOT_ALLOWED', 'TOPIC_ACTOR_NOT_ALLOWED'] as const;

/** deliberation contract, topics part (the lifecycle of a topic; server/app/deliberation/topic-handlers.ts); labels in ./deliberation-labels.ts. */
export const topicActions = {
  listTopics: action<ListTopicsOutput>()({ input: ListTopicsInputSchema, access: 'deliberation.viewTopics', scope: 'estate', summary: '小区的议题列表（提议只给组织者和提议人看）' }),
  getTopic: action<GetTopicOutput>()({
    input: GetTopicInputSchema, access: 'deliberation.viewTopics', scope: 'estate', errors: ['TOPIC_NOT_FOUND'], summary: '议题详情：阶段记录、表决事项、方案版本、公告和可做的操作',
  }),
  openTopic: action<OpenTopicOutput>()({
    input: OpenTopicInputSchema, access: 'deliberation.openTopic', scope: 'estate', errors: ['ESTATE_NOT_FOUND', 'SCOPE_BUILDING_UNKNOWN', 'SCOPE_EMPTY', 'TOPIC_PROPOSER_NOT_IN_RULES'], summary: '党支部直接发起议题（进入协商）',
  }),
  proposeTopic: action<TopicOutput>()({
    input: ProposeTopicInputSchema, access: 'deliberation.propose', scope: 'estate', errors: ['ESTATE_NOT_FOUND', 'SCOPE_BUILDING_UNKNOWN', 'SCOPE_EMPTY', 'TOPIC_PROPOSER_NOT_IN_RULES'], summary: '业主或业委会提出议题，等待党支部前置审查（议事规则不要求时直接进入协商）',
  }),
  resubmitTopic: action<TopicChangeOutput>()({
    input: ResubmitTopicInputSchema, access: 'deliberation.propose', scope: 'estate', errors: [...MOVE_ERRORS], summary: '提议人修改被退回的议题后重新提交',
  }),
  prereviewTopic: action<TopicChangeOutput>()({
    input: PrereviewTopicInputSchema, access: 'deliberation.prereview', scope: 'estate', errors: [...MOVE_ERRORS, 'TOPIC_PETITION_PROTECTED'], summary: '党支部前置审查：通过进入协商，或退回修改',
  }),
  setTopicItems: action<TopicChangeOutput>()({
    input: SetTopicItemsInputSchema, access: 'deliberation.viewTopics', scope: 'estate', errors: [...MOVE_ERRORS, 'TOPIC_FROZEN'], summary: '设置表决事项及其事项类型（公告前）',
  }),
  publishPlanVersion: action<TopicChangeOutput>()({
    input: PublishPlanInputSchema, access: 'deliberation.viewTopics', scope: 'estate', errors: [...MOVE_ERRORS, 'TOPIC_FROZEN', 'NOT_OWN_UPLOAD'], summary: '发布方案的新版本（附修改说明和附件）',
    uploads: ['attachments'],
  }),
  announceTopic: action<TopicChangeOutput>()({
    input: AnnounceTopicInputSchema, access: 'deliberation.announce', scope: 'estate',
    errors: [...MOVE_ERRORS, 'TOPIC_NOT_READY', 'VOTING_OPENS_TOO_EARLY', 'VOTING_WINDOW_LENGTH', 'SCOPE_EMPTY', 'ROSTER_WRITING'], summary: '发布表决公告：冻结事项、方案、议事规则、名册和表决时间',
  }),
  openVoting: action<TopicChangeOutput>()({
    input: TopicMoveInputSchema, access: 'deliberation.announce', scope: 'estate', errors: [...MOVE_ERRORS, 'VOTING_NOTICE_PERIOD', 'VOTING_WINDOW_OVER'], summary: '公告期满后开启表决',
  }),
  withdrawTopic: action<TopicChangeOutput>()({
    input: TopicReasonInputSchema, access: 'deliberation.viewTopics', scope: 'estate', errors: [...MOVE_ERRORS, 'TOPIC_PETITION_PROTECTED'], summary: '撤回议题（提议人在公告前，或组织者；已达 20% 的业主联名只能由提议人撤回）',
  }),
  rejectTopic: action<TopicChangeOutput>()({
    input: TopicReasonInputSchema, access: 'deliberation.announce', scope: 'estate', errors: [...MOVE_ERRORS, 'TOPIC_PETITION_PROTECTED'], summary: '议题不予通过（写明理由）',
  }),
  advanceTopic: action<TopicChangeOutput>()({
    input: AdvanceTopicInputSchema, access: 'deliberation.announce', scope: 'estate', errors: [...MOVE_ERRORS, 'VOTING_WINDOW_OPEN'], summary: '推进议题：开始计票、实施、办结（公示由计票完成，社区确认由居委会在异议期后作出）',
  }),
};

/** deliberation: what is being discussed under which rules. */
export const deliberation = defineCapability('deliberation', {
  labels: { ...topicLabels, ...rulesLabels, ...discussionLabels },
  actions: { ...topicActions, ...rulesActions, ...discussionActions },
});
