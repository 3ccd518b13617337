import * as z from 'zod/mini';
import { IdSchema, PageCursorSchema, textCheck, type Instant } from './common';
import type { Role } from './roles';
import type { TopicStage } from './topics';
import { action, defineCapability } from './contract';
import { MOBILE_PATTERN, normalizePhone } from './normalize';
import { IdempotencyKeySchema } from './voting-shared';

/**
 * requests (诉求, issue 12, DOMAIN.md §6, the 接诉即办 model): the contract's vocabulary and its data shapes.
 * A resident files a request; the estate's routing table (category × location kind → handler organisation,
 * with time limits to respond and to resolve) names who holds it; the escalation ladder says who takes it
 * over when the holder lets a limit pass. The state machine, deadlines, escalation and metric definitions
 * are pure data and functions in server/core/requests/. Labels are written here once.
 *
 * The capability's first actions (file, my requests, detail) are at the end; the handler's steps, dispatch, the work
 * queue, the routing table actions and the deadline job come next (their input schemas are declared already).
 */

export const REQUEST_CATEGORIES = [
  'repair',
  'public_facility',
  'environment',
  'greenery',
  'parking',
  'noise',
  'safety',
  'property_service',
  'neighbour',
  'other',
] as const;
export type RequestCategory = (typeof REQUEST_CATEGORIES)[number];
export const REQUEST_CATEGORY_LABELS: Record<RequestCategory, string> = {
  repair: '房屋维修',
  public_facility: '公共设施',
  environment: '环境卫生',
  greenery: '绿化养护',
  parking: '停车管理',
  noise: '噪音扰民',
  safety: '安全隐患',
  property_service: '物业服务',
  neighbour: '邻里纠纷',
  other: '其他',
};

/** Where the request is about: the requester's own unit, a building, or a public area of the estate. */
export const LOCATION_KINDS = ['unit', 'building', 'public'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];
export const LOCATION_KIND_LABELS: Record<LocationKind, string> = {
  unit: '我的房屋',
  building: '楼栋',
  public: '公共区域',
};

/** The organisations that can hold a request, and the role whose holders act for each. */
export const HANDLER_ORGS = ['property', 'grid', 'community', 'committee', 'subdistrict'] as const;
export type HandlerOrg = (typeof HANDLER_ORGS)[number];
export const HANDLER_ORG_LABELS: Record<HandlerOrg, string> = {
  property: '物业',
  grid: '网格员',
  community: '居委会',
  committee: '业委会',
  subdistrict: '街道',
};
export const HANDLER_ORG_ROLES: Record<HandlerOrg, Role> = {
  property: 'property_manager',
  grid: 'grid_worker',
  community: 'community_staff',
  committee: 'committee_member',
  subdistrict: 'subdistrict_staff',
};

/**
 * Request statuses. Open: received (not yet dispatched), dispatched (the holder owes a response), contacted
 * (the holder responded, owes a resolution), extended (the resolution limit was extended with a reason),
 * handled (waiting for the requester to confirm), reopened (rated 不满意: the next level owes a response).
 * Final: rated (confirmed and rated), closed_by_timeout (unconfirmed after the confirmation window),
 * duplicate, not_ours (referred to another organisation), withdrawn.
 */
export const REQUEST_STATUSES = [
  'received',
  'dispatched',
  'contacted',
  'extended',
  'handled',
  'reopened',
  'rated',
  'closed_by_timeout',
  'duplicate',
  'not_ours',
  'withdrawn',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  received: '已受理',
  dispatched: '已派单',
  contacted: '已联系',
  extended: '已延期',
  handled: '已办理待确认',
  reopened: '已重新办理',
  rated: '已评价办结',
  closed_by_timeout: '超时自动办结',
  duplicate: '重复诉求',
  not_ours: '非本单位事项',
  withdrawn: '已撤回',
};
export const REQUEST_FINAL_STATUSES: readonly RequestStatus[] = ['rated', 'closed_by_timeout', 'duplicate', 'not_ours', 'withdrawn'];

/** The moves between statuses (server/core/requests/machine.ts REQUEST_TRANSITIONS); each lands on the timeline. */
export const REQUEST_MOVES = [
  'dispatch',
  'reassign',
  'contact',
  'extend',
  'handle',
  'confirm',
  'reopen',
  'escalate',
  'closeByTimeout',
  'markDuplicate',
  'referOut',
  'withdraw',
] as const;
export type RequestMove = (typeof REQUEST_MOVES)[number];
/**
 * Timeline entries: 'received' when filed, 'reminded' before a limit (no status change), 'linked_to_topic' when the
 * committee or party branch takes it to a topic (议题, no status change; the text is the topic's title), one per move.
 */
export type TimelineKind = 'received' | 'reminded' | 'linked_to_topic' | RequestMove;
export const TIMELINE_LABELS: Record<TimelineKind, string> = {
  received: '提交诉求',
  linked_to_topic: '转为议题，交业主共同决定',
  reminded: '临期提醒',
  dispatch: '派单',
  reassign: '改派',
  contact: '联系诉求人',
  extend: '申请延期',
  handle: '办理完毕',
  confirm: '确认并评价',
  reopen: '不满意，重新办理',
  escalate: '超时升级',
  closeByTimeout: '超时未确认，自动办结',
  markDuplicate: '标记为重复诉求',
  referOut: '转交其他单位',
  withdraw: '撤回诉求',
};

export const REQUEST_RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type RequestRating = (typeof REQUEST_RATINGS)[number];
export const REQUEST_RATING_LABELS: Record<RequestRating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

/** Time limits are whole hours: at least one hour, at most 60 days. */
export const LIMIT_HOURS_MAX = 24 * 60;
const hours = z.number().check(z.int(), z.gte(1), z.lte(LIMIT_HOURS_MAX));

export const RoutingRuleSchema = z.strictObject({
  category: z.enum(REQUEST_CATEGORIES),
  location: z.enum(LOCATION_KINDS),
  org: z.enum(HANDLER_ORGS),
  respondHours: hours,
  resolveHours: hours,
});
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

/** The limits an organisation gets when a request reaches it by escalation or reopening (ladder step). */
export const LadderStepSchema = z.strictObject({
  org: z.enum(HANDLER_ORGS),
  /** who takes over when this organisation lets a limit pass; absent at the top of the ladder */
  next: z.optional(z.enum(HANDLER_ORGS)),
  respondHours: hours,
  resolveHours: hours,
});
export type LadderStep = z.infer<typeof LadderStepSchema>;

/**
 * The estate's routing table as community staff edit it: one rule per category × location kind, the escalation
 * ladder (one step per organisation), and the confirmation window after which a handled request closes by itself.
 * Completeness and the ladder's shape are checked by server/core/requests/routing.ts validateRoutingTable.
 */
export const RoutingTableBodySchema = z.strictObject({
  rules: z.array(RoutingRuleSchema).check(z.minLength(1), z.maxLength(REQUEST_CATEGORIES.length * LOCATION_KINDS.length)),
  ladder: z.array(LadderStepSchema).check(z.minLength(1), z.maxLength(HANDLER_ORGS.length)),
  confirmDays: z.number().check(z.int(), z.gte(1), z.lte(30)),
  /** how long before a limit the holder is reminded, as a percentage of the limit */
  remindPercent: z.number().check(z.int(), z.gte(5), z.lte(50)),
});
export type RoutingTableBody = z.infer<typeof RoutingTableBodySchema>;

/** A stored version of the routing table: every version is kept; requests remember the version that routed them. */
export interface RoutingTableVersion extends RoutingTableBody {
  versionNo: number;
  updatedAt: Instant;
  /** null for the built-in default */
  updatedBy: string | null;
}

/** Per organisation and month (server/core/requests/metrics.ts): each rate as integers, never a float. */
export const REQUEST_METRICS = [
  'responseRate',
  'resolutionRate',
  'satisfactionRate',
  'medianResponseMinutes',
  'medianResolutionMinutes',
  'overdueCount',
  'reopenCount',
] as const;
export type RequestMetric = (typeof REQUEST_METRICS)[number];
export const REQUEST_METRIC_LABELS: Record<RequestMetric, string> = {
  responseRate: '响应率',
  resolutionRate: '解决率',
  satisfactionRate: '满意率',
  medianResponseMinutes: '响应时长中位数（分钟）',
  medianResolutionMinutes: '解决时长中位数（分钟）',
  overdueCount: '超时件数',
  reopenCount: '重办次数',
};
/** The definition of each metric, shown beside the figures (the code in metrics.ts implements exactly this). */
export const REQUEST_METRIC_DEFINITIONS: Record<RequestMetric, string> = {
  responseRate: '按时响应的诉求数 ÷ 应响应的诉求数。应响应：当月提交、未在响应前撤回的诉求；按时响应：在首次响应时限内联系、办理或认定为重复/非本单位事项',
  resolutionRate: '已解决的诉求数 ÷ 当月提交且未撤回的诉求数。已解决：诉求人确认评价办结或超时未确认自动办结；重复、非本单位事项、撤回一律不算解决',
  satisfactionRate: '评价为“满意”或“基本满意”的诉求数 ÷（确认评价办结数 + 超时自动办结数）。超时自动办结一律不算满意',
  medianResponseMinutes: '从提交到首次响应的分钟数的中位数（只计已响应的诉求；偶数个取中间两数的平均并向下取整）',
  medianResolutionMinutes: '从提交到最后一次办理完毕的分钟数的中位数（只计已解决的诉求）',
  overdueCount: '响应或解决曾超过时限（因此被升级）的诉求数',
  reopenCount: '因“不满意”重新办理的次数之和',
};

/** How the metrics board ranks the organisations (server/core/requests/metrics.ts rankOrgs implements exactly this). */
export const REQUEST_RANKING_DEFINITION =
  '排名按解决率从高到低；解决率相同的比满意率，再比响应率，再比超时件数（少的在前）；比率按分数精确比较，0 件中 0 件排在最后；当月没有诉求的单位不参加排名，并列的名次相同';

/** A rate as integers: numerator of denominator (0 of 0 is shown as —). */
export interface RequestRate {
  numerator: number;
  denominator: number;
}
/** The figures of one organisation for one month (REQUEST_METRICS, plus how many requests it answered for). */
export type RequestMetricFigures = { [M in RequestMetric]: M extends `${string}Rate` ? RequestRate : M extends `median${string}` ? number | null : number } & {
  filed: number;
};

/** A Shanghai calendar month, 'YYYY-MM' (2000-01 to 2099-12). */
export const MonthSchema = z.string().check(z.regex(/^20\d{2}-(0[1-9]|1[0-2])$/));
export const RequestMetricsSchema = z.strictObject({ estateId: IdSchema, month: MonthSchema });
export type RequestMetricsInput = z.infer<typeof RequestMetricsSchema>;
export interface RequestMetricsRow {
  org: HandlerOrg;
  /** null when the organisation had no request that month (not ranked) */
  rank: number | null;
  figures: RequestMetricFigures;
}
export interface RequestMetricsOutput {
  month: string;
  /** one row per handler organisation, in ranking order, unranked ones last */
  rows: RequestMetricsRow[];
}
export interface RequestMetricsExportOutput {
  fileName: string;
  /** base64 of the UTF-8 CSV (with a byte-order mark, so Excel shows the Chinese) */
  contentBase64: string;
}

// ───────────────────────── Inputs of the actions to come (slice 2) ─────────────────────────

export const REQUEST_VISIBILITIES = ['public', 'private'] as const;
export type RequestVisibility = (typeof REQUEST_VISIBILITIES)[number];
export const REQUEST_VISIBILITY_LABELS: Record<RequestVisibility, string> = { public: '公开（其他住户可见）', private: '不公开' };

export const REQUEST_PHOTOS_MAX = 9;
export const REQUEST_DESCRIPTION_MAX = 1000;
const FileIdSchema = z.string().check(textCheck(), z.minLength(1), z.maxLength(300));
const PhotosSchema = z.optional(z.array(FileIdSchema).check(z.maxLength(REQUEST_PHOTOS_MAX)));
const text = (max: number, multiline = false) => z.string().check(textCheck({ multiline }), z.trim(), z.minLength(1), z.maxLength(max));
const RequestRef = { estateId: IdSchema, requestId: IdSchema };

/**
 * File a request. The location is flat on purpose (the matrix's input deriver understands it): `unitId` for the
 * caller's own unit, `building` for a building, `place` describing a public area; the use case checks that the one
 * the kind needs is there and is the caller's (a unit) or exists (a building).
 */
export const FileRequestSchema = z.strictObject({
  estateId: IdSchema,
  idempotencyKey: IdempotencyKeySchema,
  category: z.enum(REQUEST_CATEGORIES),
  description: text(REQUEST_DESCRIPTION_MAX, true),
  photos: PhotosSchema,
  locationKind: z.enum(LOCATION_KINDS),
  unitId: z.optional(IdSchema),
  building: z.optional(text(20)),
  place: z.optional(text(100)),
  visibility: z.enum(REQUEST_VISIBILITIES),
  /**
   * The number the handler may call back (the identity records keep phones only hashed and masked): stored sealed
   * with the deployment key, opened only for the organisation holding the request (requestDetail.requesterPhone).
   */
  contactPhone: z.optional(z.string().check(z.overwrite(normalizePhone), z.regex(MOBILE_PATTERN))),
  /** instead of typing it, in WeChat: the getPhoneNumber code; the server exchanges it (the page never sees the number) */
  contactPhoneCode: z.optional(z.string().check(z.minLength(8), z.maxLength(200), z.regex(/^[A-Za-z0-9_-]+$/))),
});
export type FileRequestInput = z.infer<typeof FileRequestSchema>;

export const MyRequestsSchema = z.strictObject({ estateId: IdSchema, cursor: z.optional(PageCursorSchema) });
export type MyRequestsInput = z.infer<typeof MyRequestsSchema>;
export const RequestDetailSchema = z.strictObject(RequestRef);
export type RequestDetailInput = z.infer<typeof RequestDetailSchema>;
export const DispatchRequestSchema = z.strictObject({ ...RequestRef, to: z.enum(HANDLER_ORGS), reason: text(500, true) });
export type DispatchRequestInput = z.infer<typeof DispatchRequestSchema>;
export const ContactRequestSchema = z.strictObject({ ...RequestRef, note: z.optional(text(500, true)) });
export type ContactRequestInput = z.infer<typeof ContactRequestSchema>;
export const ExtendRequestSchema = z.strictObject({ ...RequestRef, hours: z.number().check(z.int(), z.gte(1), z.lte(LIMIT_HOURS_MAX)), reason: text(500, true) });
export type ExtendRequestInput = z.infer<typeof ExtendRequestSchema>;
export const HandleRequestSchema = z.strictObject({ ...RequestRef, result: text(1000, true), photos: PhotosSchema });
export type HandleRequestInput = z.infer<typeof HandleRequestSchema>;
export const RateRequestSchema = z.strictObject({ ...RequestRef, rating: z.enum(REQUEST_RATINGS), comment: z.optional(text(500, true)) });
export type RateRequestInput = z.infer<typeof RateRequestSchema>;
export const WithdrawRequestSchema = z.strictObject({ ...RequestRef, reason: z.optional(text(500, true)) });
export type WithdrawRequestInput = z.infer<typeof WithdrawRequestSchema>;
export const MarkDuplicateSchema = z.strictObject({ ...RequestRef, duplicateOf: IdSchema });
export type MarkDuplicateInput = z.infer<typeof MarkDuplicateSchema>;
export const ReferOutSchema = z.strictObject({ ...RequestRef, referredTo: text(100) });
export type ReferOutInput = z.infer<typeof ReferOutSchema>;
/** 附议: co-sign (or withdraw a co-signature of) another resident's public open request. */
export const CoSignRequestSchema = z.strictObject(RequestRef);
export type CoSignRequestInput = z.infer<typeof CoSignRequestSchema>;
/**
 * The committee or the party branch takes a request to a vote: link an existing topic of the estate (`topicId`), or
 * start one from it (`topicTitle` and `topicSummary`: the party branch opens it into consultation, the committee
 * proposes it for pre-review, through the deliberation use cases). Exactly one of the two.
 */
export const LinkRequestToTopicSchema = z.strictObject({
  ...RequestRef,
  topicId: z.optional(IdSchema),
  topicTitle: z.optional(z.string().check(textCheck(), z.trim(), z.minLength(4), z.maxLength(60))),
  topicSummary: z.optional(z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(10), z.maxLength(2000))),
});
export type LinkRequestToTopicInput = z.infer<typeof LinkRequestToTopicSchema>;
export const PublicRequestsSchema = z.strictObject({ estateId: IdSchema, cursor: z.optional(PageCursorSchema) });
export type PublicRequestsInput = z.infer<typeof PublicRequestsSchema>;

/** One photo of a request (the requester's) or of its handling (the holder's), by its place in the detail's list. */
export const REQUEST_PHOTO_SETS = ['request', 'result'] as const;
export const RequestPhotoSchema = z.strictObject({
  ...RequestRef,
  set: z.enum(REQUEST_PHOTO_SETS),
  index: z.number().check(z.int(), z.gte(0), z.lt(REQUEST_PHOTOS_MAX)),
});
export type RequestPhotoInput = z.infer<typeof RequestPhotoSchema>;
export interface RequestPhotoOutput {
  /** data: URL of the photo; served only to those who see the whole request */
  dataUrl: string;
}

export const WORK_QUEUE_VIEWS = ['mine', 'overdue', 'dueToday'] as const;
export type WorkQueueView = (typeof WORK_QUEUE_VIEWS)[number];
export const WORK_QUEUE_VIEW_LABELS: Record<WorkQueueView, string> = { mine: '我的待办', overdue: '已超时', dueToday: '今日到期' };
export const WorkQueueSchema = z.strictObject({ estateId: IdSchema, org: z.enum(HANDLER_ORGS), view: z.enum(WORK_QUEUE_VIEWS), cursor: z.optional(PageCursorSchema) });
export type WorkQueueInput = z.infer<typeof WorkQueueSchema>;
export interface WorkQueueOutput {
  requests: RequestRow[];
}

export const RoutingTableSchema = z.strictObject({ estateId: IdSchema });
/** Save a new version; `baseVersionNo` is the version the editor started from (a concurrent save is refused). */
export const UpdateRoutingTableSchema = z.strictObject({
  estateId: IdSchema,
  baseVersionNo: z.number().check(z.int(), z.gte(0), z.lte(1_000_000)),
  table: RoutingTableBodySchema,
  /** why the table changes (kept with the version, shown in its history) */
  note: text(200, true),
});
export type RoutingTableInput = z.infer<typeof RoutingTableSchema>;
export type UpdateRoutingTableInput = z.infer<typeof UpdateRoutingTableSchema>;

/** A routing table version as the staff page shows it: who saved it (masked name) and why. */
export interface RoutingTableView extends RoutingTableVersion {
  note: string | null;
}
export interface RoutingTableOutput {
  current: RoutingTableView;
  /** the caller may save a new version (community staff) */
  canEdit: boolean;
}
export interface UpdateRoutingTableOutput {
  versionNo: number;
}

/** One line of a request's timeline, as the requester sees it: what happened, when, and in which role. */
export interface TimelineEntry {
  kind: TimelineKind;
  at: Instant;
  /** the acting role (a holder organisation's role, community staff, the requester) or null for the system */
  actorRole: Role | 'requester' | null;
  /** the organisation holding the request after this step */
  holder: HandlerOrg | null;
  /** the reason, result, referral or comment the step carried (the requester reads it) */
  text: string | null;
  rating: RequestRating | null;
}

// ───────────────────────── Outputs and actions ─────────────────────────

export interface FileRequestOutput {
  requestId: string;
  /** who holds it and until when (the routing table decided) */
  holder: HandlerOrg;
  respondBy: Instant;
  resolveBy: Instant;
}

export interface RequestRow {
  requestId: string;
  category: RequestCategory;
  status: RequestStatus;
  holder: HandlerOrg | null;
  filedAt: Instant;
  respondBy: Instant | null;
  resolveBy: Instant | null;
  /** co-signatures (附议) of other residents that are not withdrawn */
  coSignCount: number;
}
export interface MyRequestsOutput {
  requests: RequestRow[];
}

export interface RequestDetailOutput extends RequestRow {
  /** 'full' for the requester, the organisations it was routed to and community / sub-district staff; 'public' for other residents */
  view: 'full' | 'public';
  description: string;
  locationKind: LocationKind;
  building: string | null;
  place: string | null;
  visibility: RequestVisibility;
  /** photo file ids: only in the full view */
  photos: string[];
  /** the requester's own request */
  mine: boolean;
  timeline: TimelineEntry[];
  /** file ids of the photos the holder attached when handling it: only in the full view (see requestPhoto) */
  resultPhotos: string[];
  /** the requester's masked name (赵*): only for the members of the organisation holding the open request */
  requesterName: string | null;
  /** the contact phone the requester gave, in full: only for the members of the organisation holding the open request */
  requesterPhone: string | null;
  /** the caller has co-signed it (and not withdrawn) */
  coSignedByMe: boolean;
  /** the caller may co-sign it now: a public open request of someone else, the caller an owner or resident */
  canCoSign: boolean;
  /** the request it duplicates (status duplicate) */
  duplicateOf: string | null;
  /** the organisation it was referred to (status not_ours), shown to the requester */
  referredTo: string | null;
  /** the topic (议题) it was taken to, with the topic's current stage, so the requester follows it to the vote */
  topic: RequestTopicLink | null;
}

export interface RequestTopicLink {
  topicId: string;
  title: string;
  /** types/topics.ts TopicStage (TOPIC_STAGE_LABELS has the Chinese) */
  stage: TopicStage;
}
export interface LinkRequestToTopicOutput {
  topic: RequestTopicLink;
}

/** A public request in the estate's list (公开诉求), for residents to find and co-sign. */
export interface PublicRequestRow extends RequestRow {
  /** the description's first characters */
  summary: string;
  coSignedByMe: boolean;
  mine: boolean;
}
export interface PublicRequestsOutput {
  requests: PublicRequestRow[];
  /** pass as cursor for the next page; null at the end */
  next: string | null;
}
export interface CoSignOutput {
  coSignCount: number;
  coSignedByMe: boolean;
}

/** What every step action answers: the request's row after the step (status, holder, limits). */
export interface RequestStepOutput {
  request: RequestRow;
}

export const requestsLabels = {
  category: '诉求类别',
  description: '诉求内容',
  photos: '照片',
  locationKind: '位置',
  building: '楼栋',
  place: '公共区域位置',
  visibility: '是否公开',
  idempotencyKey: '提交编号',
  to: '派给',
  result: '办理结果',
  rating: '评价',
  comment: '评价意见',
  hours: '延期小时数',
  duplicateOf: '重复的诉求',
  referredTo: '转交的单位',
  contactPhone: '联系电话',
  contactPhoneCode: '微信手机号',
  set: '照片类别',
  index: '第几张照片',
  org: '办理单位',
  month: '月份',
  view: '队列',
  cursor: '分页',
  baseVersionNo: '原版本号',
  table: '分派规则',
  note: '修改说明',
  topicId: '议题',
  topicTitle: '议题标题',
  topicSummary: '议题说明',
};

const STEP_ERRORS = ['REQUEST_NOT_FOUND', 'REQUEST_MOVE_NOT_ALLOWED', 'REQUEST_ACTOR_NOT_ALLOWED', 'REQUEST_OWN_REQUEST', 'REQUEST_TEXT_REQUIRED'] as const;

export const requests = defineCapability('requests', {
  labels: requestsLabels,
  actions: {
    fileRequest: action<FileRequestOutput>()({
      input: FileRequestSchema, access: 'requests.file', scope: 'estate', uploads: ['photos'],
      errors: ['NOT_OWN_UPLOAD', 'REQUEST_UNIT_NOT_OWN', 'PHONE_TWO_SOURCES', 'PHONE_CODE_EXPIRED'],
      summary: '业主或住户提交诉求：类别、内容、最多 9 张照片、位置、是否公开；按分派规则派给办理单位并给出时限',
    }),
    myRequests: action<MyRequestsOutput>()({
      input: MyRequestsSchema, access: 'requests.file', scope: 'estate',
      summary: '我的诉求：本人提交的诉求、当前办理单位和时限',
    }),
    requestDetail: action<RequestDetailOutput>()({
      input: RequestDetailSchema, access: 'member', scope: 'estate', errors: ['REQUEST_NOT_FOUND'],
      summary: '诉求详情和全部办理过程（不公开的诉求只给诉求人、办理单位和社区、街道看；物业只看派给它的）',
    }),
    requestPhoto: action<RequestPhotoOutput>()({
      input: RequestPhotoSchema, access: 'member', scope: 'estate', errors: ['REQUEST_NOT_FOUND', 'REQUEST_PHOTO_NOT_FOUND'],
      summary: '诉求照片或办理结果照片（只给能看到诉求全部内容的人：诉求人、派到过的办理单位、社区和街道；其他住户看不到照片）',
    }),
    dispatchRequest: action<RequestStepOutput>()({
      input: DispatchRequestSchema, access: 'requests.dispatch', scope: 'estate', errors: STEP_ERRORS,
      summary: '社区居委会派单或改派（必须写明理由），新的办理单位按升级顺序中的时限重新计时',
    }),
    contactRequest: action<RequestStepOutput>()({
      input: ContactRequestSchema, access: 'requests.handle', scope: 'estate', errors: STEP_ERRORS,
      summary: '办理单位已联系诉求人（响应）',
    }),
    extendRequest: action<RequestStepOutput>()({
      input: ExtendRequestSchema, access: 'requests.handle', scope: 'estate', errors: STEP_ERRORS,
      summary: '办理单位申请延长解决时限（一次，理由诉求人可见）',
    }),
    handleRequest: action<RequestStepOutput>()({
      input: HandleRequestSchema, access: 'requests.handle', scope: 'estate', uploads: ['photos'], errors: [...STEP_ERRORS, 'NOT_OWN_UPLOAD'],
      summary: '办理单位办理完毕，填写结果并可附照片，等待诉求人确认',
    }),
    rateRequest: action<RequestStepOutput>()({
      input: RateRequestSchema, access: 'requests.file', scope: 'estate', errors: STEP_ERRORS,
      summary: '诉求人确认并评价：满意、基本满意办结；不满意则重新办理并升级到上一级',
    }),
    requestMetrics: action<RequestMetricsOutput>()({
      input: RequestMetricsSchema, access: 'requests.viewMetrics', scope: 'estate',
      summary: '诉求统计：某月各办理单位的响应率、解决率、满意率、响应和解决时长中位数、超时件数、重办次数及排名（社区和街道）',
    }),
    exportRequestMetrics: action<RequestMetricsExportOutput>()({
      input: RequestMetricsSchema, access: 'requests.viewMetrics', scope: 'estate',
      summary: '导出某月诉求统计（CSV，可用 Excel 打开）：每个办理单位一行，附各项指标的定义',
    }),
    workQueue: action<WorkQueueOutput>()({
      input: WorkQueueSchema, access: 'requests.handle', scope: 'estate', errors: ['REQUEST_QUEUE_NOT_YOURS'],
      summary: '办理单位的工作队列：我的待办、已超时、今日到期（本单位人员，社区和街道可看各单位）',
    }),
    routingTable: action<RoutingTableOutput>()({
      input: RoutingTableSchema, access: 'requests.handle', scope: 'estate',
      summary: '小区现行的分派规则：类别 × 位置 → 办理单位及响应、解决时限，升级顺序；未保存过时为默认规则（第 0 版）',
    }),
    updateRoutingTable: action<UpdateRoutingTableOutput>()({
      input: UpdateRoutingTableSchema, access: 'requests.manageRouting', scope: 'estate',
      errors: ['ROUTING_VERSION_MOVED', 'ROUTING_RULE_MISSING', 'ROUTING_RULE_TWICE', 'ROUTING_LIMIT_ORDER', 'ROUTING_LADDER_MISSING', 'ROUTING_LADDER_TWICE', 'ROUTING_LADDER_CYCLE'],
      summary: '社区居委会保存新版分派规则（每个类别和位置都要有规则，升级顺序必须终止；旧版本永久保留，已提交的诉求仍按原版本办理）',
    }),
    markDuplicate: action<RequestStepOutput>()({
      input: MarkDuplicateSchema, access: 'requests.dispatch', scope: 'estate', errors: [...STEP_ERRORS, 'REQUEST_DUPLICATE_OF_INVALID'],
      summary: '社区居委会把诉求标记为与本小区另一件诉求重复（办结，不计为已解决）',
    }),
    referOut: action<RequestStepOutput>()({
      input: ReferOutSchema, access: 'requests.handle', scope: 'estate', errors: STEP_ERRORS,
      summary: '办理单位或社区居委会认定非本单位事项，写明转交的单位（诉求人可见；办结，不计为已解决）',
    }),
    coSignRequest: action<CoSignOutput>()({
      input: CoSignRequestSchema, access: 'requests.file', scope: 'estate', errors: ['REQUEST_NOT_FOUND', 'REQUEST_COSIGN_OWN', 'REQUEST_COSIGN_CLOSED'],
      summary: '业主或住户附议别人公开且仍在办理的诉求（每人一次，重复附议仍算一次）',
    }),
    withdrawCoSign: action<CoSignOutput>()({
      input: CoSignRequestSchema, access: 'requests.file', scope: 'estate', errors: ['REQUEST_NOT_FOUND', 'REQUEST_COSIGN_CLOSED'],
      summary: '撤回自己对一件仍在办理的诉求的附议',
    }),
    publicRequests: action<PublicRequestsOutput>()({
      input: PublicRequestsSchema, access: 'member', scope: 'estate',
      summary: '本小区的公开诉求（最新的在前，分页），住户可以查看和附议',
    }),
    linkRequestToTopic: action<LinkRequestToTopicOutput>()({
      input: LinkRequestToTopicSchema, access: 'requests.linkTopic', scope: 'estate',
      errors: ['REQUEST_NOT_FOUND', 'REQUEST_TOPIC_CHOICE', 'REQUEST_ALREADY_LINKED', 'TOPIC_NOT_FOUND', 'TOPIC_PROPOSER_NOT_IN_RULES'],
      summary: '业委会或党支部把需要业主共同决定的诉求转为议题（关联已有议题，或据此发起议题）；诉求和议题互相关联，诉求人在办理过程中看到议题进展',
    }),
    withdrawRequest: action<RequestStepOutput>()({
      input: WithdrawRequestSchema, access: 'requests.file', scope: 'estate', errors: STEP_ERRORS,
      summary: '诉求人撤回尚未办结的诉求',
    }),
  },
});
