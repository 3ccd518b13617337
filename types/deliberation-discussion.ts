import * as z from 'zod/mini';
import { IdSchema, PageCursorSchema, textCheck, type Instant } from './common';
import { action } from './contract';
import {
  COMMENT_STANCES,
  COMMENT_STANCE_LABELS,
  REPORT_REASONS,
  REPORT_REASON_LABELS,
  discussionLabels,
  type CommentStance,
  type ReportReason,
} from './deliberation-labels';

export { COMMENT_STANCES, COMMENT_STANCE_LABELS, REPORT_REASONS, REPORT_REASON_LABELS, discussionLabels, type CommentStance, type ReportReason };

/**
 * deliberation contract, discussion part (issue 10 items 3–6): comments with a stance and questions during
 * consultation, answers by the topic's opener, reports and moderation (hide with a visible reason, nothing
 * deleted), owners' co-signatures of a petition for a temporary meeting (指导规则 Art. 21: 20 % of area AND
 * 20 % of headcount), and the consultation summaries of the party-branch console. Spread into the deliberation
 * capability (types/deliberation.ts). Every action names its topic; the use case checks it is in input.estateId.
 * Authors are shown by relation only (3号楼业主 / 住户 / 党支部), never by name, to everyone alike.
 */

export const COMMENT_KINDS = ['comment', 'question'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];

/** How the author relates to the estate: owners' opinions are counted apart from residents' (never in a vote). */
export const AUTHOR_RELATIONS = ['owner', 'resident', 'organiser'] as const;
export type AuthorRelation = (typeof AUTHOR_RELATIONS)[number];
export const AUTHOR_RELATION_LABELS: Record<AuthorRelation, string> = { owner: '业主', resident: '住户', organiser: '组织方' };

export const COMMENT_FILTERS = ['all', 'comments', 'questions', 'unanswered', 'reported'] as const;
export type CommentFilter = (typeof COMMENT_FILTERS)[number];

/** 指导规则 Art. 21: owners holding 20 % of the area and 20 % of the headcount may ask for a temporary meeting. */
export const PETITION_THRESHOLD_LABEL = '20%';

/** The notice a reader sees instead of a hidden comment. */
export const hiddenNoticeText = (reason: string, byLabel: string | null) => `该评论已被隐藏：${reason}${byLabel ? `（处理：${byLabel}）` : ''}`;

// ───────────────────────── outputs ─────────────────────────

export interface CommentAnswerView {
  text: string;
  at: Instant;
  /** the opener's role (党支部 / 业委会 / 提议人), never a name */
  byLabel: string;
}

export interface CommentView {
  commentId: string;
  kind: CommentKind;
  /** comments only; null for questions */
  stance: CommentStance | null;
  authorRelation: AuthorRelation;
  /** e.g. 3号楼业主 / 业主 / 住户 / 党支部 / 业委会 / 社区 / 网格员 */
  authorLabel: string;
  /** null while hidden */
  text: string | null;
  hidden: null | { reason: string; at: Instant; byLabel: string | null };
  /** 该评论已被隐藏：<reason> (null when visible) */
  hiddenNotice: string | null;
  createdAt: Instant;
  /** the caller wrote it */
  mine: boolean;
  /** the caller reported it already */
  reportedByMe: boolean;
  /** questions: the opener's answer */
  answer: CommentAnswerView | null;
  /** moderators only: reports not yet handled */
  reportsPending?: number;
  /** moderators only, hidden comments: the original text (it also stays in the record) */
  originalText?: string;
}

export interface CommentPermissions {
  comment: boolean;
  ask: boolean;
  answer: boolean;
  report: boolean;
  moderate: boolean;
}

export interface ListCommentsOutput {
  comments: CommentView[];
  /** pass as `cursor` for the next page; null when no comment follows */
  next: string | null;
  can: CommentPermissions;
}

export interface CommentOutput {
  comment: CommentView;
}

export interface ReportCommentOutput {
  reported: true;
}

export interface PetitionMine {
  /** labels of the caller's units that co-signed (e.g. 1号楼1单元101) */
  signedUnits: string[];
  /** the caller's units in scope not signed yet (by anyone) */
  unsignedUnits: string[];
  canSign: boolean;
  canWithdraw: boolean;
}

export interface PetitionView {
  topicId: string;
  signedUnitCount: number;
  signedAreaCenti: number;
  totalAreaCenti: number;
  signedHeadcount: number;
  totalHeadcount: number;
  areaReached: boolean;
  headcountReached: boolean;
  reached: boolean;
  /** when both reached 20 % (the committee must then put the topic forward) */
  reachedAt: Instant | null;
  thresholdLabel: string;
  /** what is still missing to reach 20 % (0 when reached) */
  areaShortCenti: number;
  headcountShort: number;
  mine: PetitionMine;
}

export interface PetitionOutput {
  petition: PetitionView;
}

export interface StanceCounts {
  support: number;
  oppose: number;
  suggest: number;
}

export interface DiscussionSummary {
  topicId: string;
  /** owners' visible comments by stance */
  stances: StanceCounts;
  /** residents' (住户) visible comments: shown apart, never in any vote */
  residentStances: StanceCounts;
  organiserStances: StanceCounts;
  /** visible comments (all relations) */
  comments: number;
  /** visible questions */
  questions: number;
  unanswered: number;
  hidden: number;
  /** comments with reports not yet handled by a moderator */
  reportsPending: number;
}

export interface UnansweredQuestion {
  topicId: string;
  commentId: string;
  text: string;
  authorLabel: string;
  createdAt: Instant;
}

export interface TopicDiscussionSummaryOutput {
  summary: DiscussionSummary;
  /** oldest first, at most 20 */
  unanswered: UnansweredQuestion[];
}

export interface ConsultationSummariesOutput {
  /** topics with any discussion (others have none: all zero) */
  topics: DiscussionSummary[];
  /** the estate's unanswered questions, oldest first, at most 50 */
  unanswered: UnansweredQuestion[];
}

// ───────────────────────── inputs ─────────────────────────

const TopicRef = { estateId: IdSchema, topicId: IdSchema };
const CommentRef = { ...TopicRef, commentId: IdSchema };
const ReasonSchema = z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(2), z.maxLength(200));

export const ListCommentsInputSchema = z.strictObject({
  ...TopicRef,
  filter: z.optional(z.enum(COMMENT_FILTERS)),
  cursor: z.optional(PageCursorSchema),
  limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(50))),
});
export type ListCommentsInput = z.infer<typeof ListCommentsInputSchema>;

export const AddCommentInputSchema = z.strictObject({
  ...TopicRef,
  stance: z.enum(COMMENT_STANCES),
  comment: z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(2), z.maxLength(1000)),
});
export type AddCommentInput = z.infer<typeof AddCommentInputSchema>;

export const AskQuestionInputSchema = z.strictObject({
  ...TopicRef,
  question: z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(4), z.maxLength(500)),
});
export type AskQuestionInput = z.infer<typeof AskQuestionInputSchema>;

export const AnswerQuestionInputSchema = z.strictObject({
  ...CommentRef,
  answer: z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(2), z.maxLength(2000)),
});
export type AnswerQuestionInput = z.infer<typeof AnswerQuestionInputSchema>;

export const ReportCommentInputSchema = z.strictObject({ ...CommentRef, reportReason: z.enum(REPORT_REASONS) });
export type ReportCommentInput = z.infer<typeof ReportCommentInputSchema>;

export const ModerateCommentInputSchema = z.strictObject({ ...CommentRef, reason: ReasonSchema });
export type ModerateCommentInput = z.infer<typeof ModerateCommentInputSchema>;

export const CommentRefInputSchema = z.strictObject(CommentRef);
export type CommentRefInput = z.infer<typeof CommentRefInputSchema>;

export const TopicRefInputSchema = z.strictObject(TopicRef);
export type TopicRefInput = z.infer<typeof TopicRefInputSchema>;

export const EstateRefInputSchema = z.strictObject({ estateId: IdSchema });
export type EstateRefInput = z.infer<typeof EstateRefInputSchema>;

// ───────────────────────── contract part ─────────────────────────

const TOPIC_ERRORS = ['TOPIC_NOT_FOUND'] as const;
const COMMENT_ERRORS = ['TOPIC_NOT_FOUND', 'COMMENT_NOT_FOUND'] as const;
const MODERATION_ERRORS = [...COMMENT_ERRORS, 'MODERATOR_NOT_IN_RULES'] as const;
/** a moderator never dismisses reports against, or unhides, their own comment */
const OWN_CASE_ERRORS = ['OWN_COMMENT_DECISION'] as const;
const PETITION_ERRORS = ['TOPIC_NOT_FOUND', 'TOPIC_NOT_PETITION', 'PETITION_CLOSED', 'PETITION_REACHED'] as const;

export const discussionActions = {
  listComments: action<ListCommentsOutput>()({
    input: ListCommentsInputSchema, access: 'deliberation.viewTopics', scope: 'estate', errors: [...TOPIC_ERRORS],
    summary: '议题的评论和提问（分页；作者只显示身份，如“3号楼业主”“住户”）',
  }),
  addComment: action<CommentOutput>()({
    input: AddCommentInputSchema, access: 'deliberation.comment', scope: 'estate', errors: [...TOPIC_ERRORS, 'DISCUSSION_CLOSED'],
    summary: '协商期间发表评论（支持、反对或建议）；住户的评论标为住户，不计入任何表决',
  }),
  askQuestion: action<CommentOutput>()({
    input: AskQuestionInputSchema, access: 'deliberation.comment', scope: 'estate', errors: [...TOPIC_ERRORS, 'DISCUSSION_CLOSED'],
    summary: '协商期间向议题发起人提问',
  }),
  answerQuestion: action<CommentOutput>()({
    input: AnswerQuestionInputSchema, access: 'deliberation.comment', scope: 'estate',
    errors: [...COMMENT_ERRORS, 'NOT_TOPIC_OPENER', 'NOT_A_QUESTION', 'QUESTION_ALREADY_ANSWERED', 'COMMENT_HIDDEN', 'ANSWERING_CLOSED'],
    summary: '议题发起人回答提问（通知提问人）',
  }),
  reportComment: action<ReportCommentOutput>()({
    input: ReportCommentInputSchema, access: 'member', scope: 'estate', errors: [...COMMENT_ERRORS, 'REPORT_DUPLICATE', 'COMMENT_HIDDEN'],
    summary: '举报一条评论（每人每条一次）',
  }),
  hideComment: action<CommentOutput>()({
    input: ModerateCommentInputSchema, access: 'deliberation.moderate', scope: 'estate', errors: [...MODERATION_ERRORS, 'COMMENT_HIDDEN'],
    summary: '隐藏评论并写明理由（读者看到理由，原文留在记录中）',
  }),
  unhideComment: action<CommentOutput>()({
    input: ModerateCommentInputSchema, access: 'deliberation.moderate', scope: 'estate', errors: [...MODERATION_ERRORS, ...OWN_CASE_ERRORS, 'COMMENT_NOT_HIDDEN'],
    summary: '恢复显示被隐藏的评论并写明理由',
  }),
  dismissReports: action<CommentOutput>()({
    input: ModerateCommentInputSchema, access: 'deliberation.moderate', scope: 'estate', errors: [...MODERATION_ERRORS, ...OWN_CASE_ERRORS, 'NO_PENDING_REPORTS'],
    summary: '处理举报但保留评论（写明理由）',
  }),
  getPetition: action<PetitionOutput>()({
    input: TopicRefInputSchema, access: 'deliberation.viewTopics', scope: 'estate', errors: [...TOPIC_ERRORS, 'TOPIC_NOT_PETITION'],
    summary: '业主联名提议的进度：已联名的面积和人数，对照 20%',
  }),
  cosignPetition: action<PetitionOutput>()({
    input: TopicRefInputSchema, access: 'deliberation.propose', scope: 'estate', errors: [...PETITION_ERRORS, 'NO_UNIT_TO_COSIGN', 'ALREADY_COSIGNED'],
    summary: '已认证业主以自己的每套房屋联名（每套房屋一次）',
  }),
  withdrawCosign: action<PetitionOutput>()({
    input: TopicRefInputSchema, access: 'deliberation.propose', scope: 'estate', errors: [...PETITION_ERRORS, 'NOT_COSIGNED'],
    summary: '达到 20% 之前撤回自己的联名',
  }),
  topicDiscussionSummary: action<TopicDiscussionSummaryOutput>()({
    input: TopicRefInputSchema, access: 'deliberation.viewTopics', scope: 'estate', errors: [...TOPIC_ERRORS],
    summary: '议题的协商概况：各态度的评论数、提问数和未回答的提问',
  }),
  consultationSummaries: action<ConsultationSummariesOutput>()({
    input: EstateRefInputSchema, access: 'deliberation.prereview', scope: 'estate',
    summary: '党支部工作台：各议题的协商概况、待处理举报和未回答的提问',
  }),
};
