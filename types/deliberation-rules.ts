import * as z from 'zod/mini';
import { IdSchema, textCheck, type Instant } from './common';
import { action } from './contract';
import type { FieldError } from './errors';
import {
  HIDDEN_SHOWS,
  NON_VOTER_HANDLINGS,
  RULE_CHANNELS,
  RULE_DAY_RANGES,
  RULE_FIELDS,
  RULE_FIELD_LABELS,
  RULE_MODERATOR_ROLES,
  RULE_OPENER_ROLES,
  RULES_DRAFT_LABELS,
  type ProcedureRules,
  type RuleDayField,
  type RuleField,
} from './procedure-rules';

export * from './procedure-rules';

/**
 * deliberation contract, rules part: the estate's rules of procedure (议事规则) as versioned data (issue 10 item 1,
 * DOMAIN §4). Spread into the deliberation capability (types/deliberation.ts). Any member reads the active version
 * and the history; the committee or community staff (deliberation.manageRules, never the property company) keep
 * drafts and activate one after previewing its differences from the active version.
 */

const days = (field: RuleDayField) => z.number().check(z.int(), z.gte(RULE_DAY_RANGES[field].min), z.lte(RULE_DAY_RANGES[field].max));

export const ProcedureRulesSchema = z.strictObject({
  channels: z.enum(RULE_CHANNELS),
  paperOnRequest: z.boolean(),
  noticeDays: days('noticeDays'),
  temporaryMeetingAllowed: z.boolean(),
  temporaryMeetingNoticeDays: days('temporaryMeetingNoticeDays'),
  votingWindowMinDays: days('votingWindowMinDays'),
  votingWindowMaxDays: days('votingWindowMaxDays'),
  publicationDeadlineDays: days('publicationDeadlineDays'),
  objectionPeriodDays: days('objectionPeriodDays'),
  proxyAllowed: z.boolean(),
  mandateRequired: z.boolean(),
  ballotChangeAllowed: z.boolean(),
  nonVoterHandling: z.enum(NON_VOTER_HANDLINGS),
  whoMayOpenTopics: z.array(z.enum(RULE_OPENER_ROLES)).check(z.minLength(1), z.maxLength(RULE_OPENER_ROLES.length)),
  prereviewRequired: z.boolean(),
  moderation: z.strictObject({
    moderators: z.array(z.enum(RULE_MODERATOR_ROLES)).check(z.minLength(1), z.maxLength(RULE_MODERATOR_ROLES.length)),
    hiddenShows: z.enum(HIDDEN_SHOWS),
  }),
});
// the schema and the zod-free interface describe the same thing
type _SameRules = [z.infer<typeof ProcedureRulesSchema>] extends [ProcedureRules] ? ([ProcedureRules] extends [z.infer<typeof ProcedureRulesSchema>] ? true : never) : never;
const _sameRules: _SameRules = true;
void _sameRules;

const FingerprintSchema = z.string().check(z.regex(/^[0-9a-f]{64}$/));

export const GetRulesSchema = z.strictObject({ estateId: IdSchema });
export type GetRulesInput = z.infer<typeof GetRulesSchema>;

export const SaveRulesDraftSchema = z.strictObject({
  estateId: IdSchema,
  /** absent: a new draft (from the active version or the default template, edited) */
  draftId: z.optional(IdSchema),
  /** with draftId: the fingerprint of the draft as the editor loaded it (a draft changed meanwhile is refused) */
  baseFingerprint: z.optional(FingerprintSchema),
  rules: ProcedureRulesSchema,
  changeNote: z.string().check(textCheck({ multiline: true }), z.trim(), z.maxLength(500)),
  /** the original document just uploaded (absent: keep the draft's document) */
  documentFileId: z.optional(z.string().check(textCheck(), z.minLength(1), z.maxLength(300))),
  documentName: z.optional(z.string().check(textCheck(), z.trim(), z.minLength(1), z.maxLength(120))),
});
export type SaveRulesDraftInput = z.infer<typeof SaveRulesDraftSchema>;

export const DiscardRulesDraftSchema = z.strictObject({
  estateId: IdSchema,
  draftId: IdSchema,
  /** the fingerprint of the draft as the caller saw it (a draft changed meanwhile is refused) */
  baseFingerprint: FingerprintSchema,
});
export type DiscardRulesDraftInput = z.infer<typeof DiscardRulesDraftSchema>;
export interface DiscardRulesDraftOutput {
  draftId: string;
}

export const PreviewRulesSchema = z.strictObject({ estateId: IdSchema, draftId: IdSchema });
export type PreviewRulesInput = z.infer<typeof PreviewRulesSchema>;

export const ActivateRulesSchema = z.strictObject({
  estateId: IdSchema,
  draftId: IdSchema,
  /** the draft's fingerprint the preview returned */
  fingerprint: FingerprintSchema,
  /** the active version number the preview compared against (0: none yet) */
  activeVersionNo: z.number().check(z.int(), z.gte(0), z.lte(1_000_000)),
});
export type ActivateRulesInput = z.infer<typeof ActivateRulesSchema>;

export const RulesDocumentSchema = z.strictObject({
  estateId: IdSchema,
  /** an activated version (active or superseded): any member of the estate */
  versionNo: z.optional(z.number().check(z.int(), z.gte(1), z.lte(1_000_000))),
  /** instead of versionNo: a draft's document (deliberation.manageRules only) */
  draftId: z.optional(IdSchema),
});
export type RulesDocumentInput = z.infer<typeof RulesDocumentSchema>;
export interface RulesDocumentOutput {
  fileName: string;
  /** `data:<type>;base64,…` of the original document */
  dataUrl: string;
}

/**
 * The original document as readers see it: its name only. The stored fileId is the uploader's private path
 * (`uploads/<openid>/…`) and never leaves the server.
 */
export interface RulesDocumentView {
  fileName: string;
}

/** An activated version (status from the estate's head: the newest is active, older ones superseded). */
export interface RulesVersionView {
  isDefault: false;
  versionNo: number;
  status: 'active' | 'superseded';
  rules: ProcedureRules;
  fingerprint: string;
  document: RulesDocumentView | null;
  changeNote: string;
  activatedAt: Instant;
  /** when the next version replaced it */
  supersededAt: Instant | null;
}

/** No version activated yet: the default template applies, every value with its source (DEFAULT_RULE_SOURCES). */
export interface DefaultRulesView {
  isDefault: true;
  versionNo: 0;
  status: 'active';
  rules: ProcedureRules;
  fingerprint: string;
}

export interface RulesDraftView {
  draftId: string;
  rules: ProcedureRules;
  changeNote: string;
  document: RulesDocumentView | null;
  fingerprint: string;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface GetRulesOutput {
  active: RulesVersionView | DefaultRulesView;
  /** superseded versions, newest first */
  history: RulesVersionView[];
  /** only for callers who may manage the rules; empty otherwise */
  drafts: RulesDraftView[];
  canManage: boolean;
}

export interface SaveRulesDraftOutput {
  draft: RulesDraftView;
}

export interface RuleChangeView {
  field: RuleField;
  from: unknown;
  to: unknown;
}

export interface PreviewRulesOutput {
  draftId: string;
  /** pass back to activateRules: a draft edited after this preview is refused */
  fingerprint: string;
  activeVersionNo: number;
  nextVersionNo: number;
  /** field by field against the active version (or the default template) */
  changes: RuleChangeView[];
  /** the original document is replaced (names only); null when it stays the same */
  documentChange: { from: string | null; to: string | null } | null;
  /** what stops activation (empty when it can go ahead) */
  problems: FieldError[];
  documentMissing: boolean;
}

export interface ActivateRulesOutput {
  active: RulesVersionView;
}

/** Field labels: validation messages and the page read these. */
export const rulesLabels: Record<string, string> = {
  ...Object.fromEntries(RULE_FIELDS.map((f: RuleField) => [f.split('.').pop() as string, RULE_FIELD_LABELS[f]])),
  rules: '议事规则',
  moderation: '评论管理',
  draftId: '草稿',
  baseFingerprint: '草稿编号',
  fingerprint: '内容编号',
  activeVersionNo: '现行版本',
  versionNo: '版本',
  ...RULES_DRAFT_LABELS,
};

const RULES_EDIT_ERRORS = ['ESTATE_NOT_FOUND', 'RULES_DRAFT_NOT_FOUND', 'RULES_NOT_DRAFT', 'RULES_DRAFT_CHANGED'] as const;

export const rulesActions = {
  getRules: action<GetRulesOutput>()({
    input: GetRulesSchema, access: 'member', scope: 'estate', errors: ['ESTATE_NOT_FOUND'], summary: '小区现行议事规则、历史版本（管理者另见草稿）',
  }),
  saveRulesDraft: action<SaveRulesDraftOutput>()({
    input: SaveRulesDraftSchema,
    access: 'deliberation.manageRules',
    scope: 'estate',
    errors: [...RULES_EDIT_ERRORS, 'RULES_TOO_MANY_DRAFTS', 'NOT_OWN_UPLOAD', 'FILE_NOT_FOUND', 'RULES_WINDOW_ORDER', 'RULES_TEMPORARY_NOTICE_TOO_LONG', 'RULES_PAPER_REQUIRED', 'RULES_MANDATE_REQUIRED'],
    summary: '新建或修改议事规则草稿（可附原件）',
    uploads: ['documentFileId'],
  }),
  discardRulesDraft: action<DiscardRulesDraftOutput>()({
    input: DiscardRulesDraftSchema, access: 'deliberation.manageRules', scope: 'estate', errors: RULES_EDIT_ERRORS, summary: '放弃一份议事规则草稿（记录保留，不再显示）',
  }),
  previewRulesActivation: action<PreviewRulesOutput>()({
    input: PreviewRulesSchema, access: 'deliberation.manageRules', scope: 'estate', errors: RULES_EDIT_ERRORS, summary: '预览草稿与现行议事规则的逐项差异',
  }),
  activateRules: action<ActivateRulesOutput>()({
    input: ActivateRulesSchema,
    access: 'deliberation.manageRules',
    scope: 'estate',
    errors: [...RULES_EDIT_ERRORS, 'RULES_VERSION_MOVED', 'RULES_UNCHANGED', 'RULES_DOCUMENT_REQUIRED'],
    summary: '确认启用预览过的议事规则草稿（原现行版本废止）',
  }),
  rulesDocument: action<RulesDocumentOutput>()({
    input: RulesDocumentSchema,
    access: 'member',
    scope: 'estate',
    errors: ['RULES_VERSION_NOT_FOUND', 'RULES_DRAFT_NOT_FOUND', 'RULES_DOCUMENT_MISSING', 'RULES_DOCUMENT_TOO_LARGE', 'FILE_NOT_FOUND'],
    summary: '查看议事规则版本的原件（草稿原件仅管理者可看）',
  }),
};
