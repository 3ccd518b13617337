import type { Role } from './roles';

/**
 * An estate's rules of procedure (议事规则) as data, without zod: the fields, their Chinese names, the allowed
 * ranges, and the default template whose every value cites its source in ../shared/DOMAIN.md. The schema module
 * (types/deliberation-rules.ts) builds its zod schema from the ranges here; the server core
 * (server/core/deliberation/procedure-rules.ts) validates and diffs versions; pages import this module for labels.
 *
 * A version is DRAFT → ACTIVE → SUPERSEDED (DOMAIN §4); an active version never changes. A vote announced under
 * a version keeps that version's content (the announcement freezes it), whatever the estate activates later.
 */

export const RULE_CHANNELS = ['online', 'paper', 'both'] as const;
export type RuleChannel = (typeof RULE_CHANNELS)[number];
export const RULE_CHANNEL_LABELS: Record<RuleChannel, string> = {
  online: '线上表决',
  paper: '纸质表决',
  both: '线上和纸质均可',
};

/**
 * What happens to owners who do not vote. 'not_counted' is the only lawful default (DOMAIN §3); the older
 * 从众 practice can only be switched on by an estate's confirmed rules, and the result must then show both figures.
 */
export const NON_VOTER_HANDLINGS = ['not_counted', 'follow_majority'] as const;
export type NonVoterHandling = (typeof NON_VOTER_HANDLINGS)[number];
export const NON_VOTER_LABELS: Record<NonVoterHandling, string> = {
  not_counted: '未参与表决的业主不计入任何票数',
  follow_majority: '未参与表决的业主视为同意多数意见（从众；结果须同时列出未计入时的票数）',
};

/** Who the rules may let open or propose topics: never the property company. */
export const RULE_OPENER_ROLES = ['owner', 'committee_member', 'party_secretary', 'community_staff'] as const satisfies readonly Role[];
export type RuleOpenerRole = (typeof RULE_OPENER_ROLES)[number];
/** Who the rules may let hide reported comments: never the property company. */
export const RULE_MODERATOR_ROLES = ['party_secretary', 'community_staff', 'committee_member'] as const satisfies readonly Role[];
export type RuleModeratorRole = (typeof RULE_MODERATOR_ROLES)[number];

/** A hidden comment always shows why it was hidden (nothing is silently deleted); the rules decide whether it also names the moderator's role. */
export const HIDDEN_SHOWS = ['reason', 'reason_and_role'] as const;
export type HiddenShows = (typeof HIDDEN_SHOWS)[number];
export const HIDDEN_SHOWS_LABELS: Record<HiddenShows, string> = {
  reason: '被隐藏的评论显示隐藏理由',
  reason_and_role: '被隐藏的评论显示隐藏理由和处理人的身份（如“社区居委会”）',
};

export interface ModerationPolicy {
  moderators: RuleModeratorRole[];
  hiddenShows: HiddenShows;
}

export interface ProcedureRules {
  channels: RuleChannel;
  /** days between the notice and the opening of the vote */
  noticeDays: number;
  /** whether a temporary meeting (临时会议) may be announced with the shorter notice */
  temporaryMeetingAllowed: boolean;
  /** notice days for a temporary meeting; only used when temporaryMeetingAllowed */
  temporaryMeetingNoticeDays: number;
  votingWindowMinDays: number;
  votingWindowMaxDays: number;
  /** days of objection after the preliminary result (询异公示); 0 = none */
  objectionPeriodDays: number;
  /** days after the count within which the decision is published */
  publicationDeadlineDays: number;
  proxyAllowed: boolean;
  /** a proxy needs a written mandate (书面委托书) */
  mandateRequired: boolean;
  /** an owner who asks for a paper ballot gets one */
  paperOnRequest: boolean;
  /** whether a cast ballot may be changed before the window closes */
  ballotChangeAllowed: boolean;
  nonVoterHandling: NonVoterHandling;
  whoMayOpenTopics: RuleOpenerRole[];
  /** proposals go through the party branch's pre-review (前置审查) before consultation */
  prereviewRequired: boolean;
  moderation: ModerationPolicy;
}

/** The fields of a rules version, in display order (dotted paths for the nested moderation policy). */
export const RULE_FIELDS = [
  'channels',
  'paperOnRequest',
  'noticeDays',
  'temporaryMeetingAllowed',
  'temporaryMeetingNoticeDays',
  'votingWindowMinDays',
  'votingWindowMaxDays',
  'publicationDeadlineDays',
  'objectionPeriodDays',
  'proxyAllowed',
  'mandateRequired',
  'ballotChangeAllowed',
  'nonVoterHandling',
  'whoMayOpenTopics',
  'prereviewRequired',
  'moderation.moderators',
  'moderation.hiddenShows',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/** Chinese names of the fields; also the validation labels of the schema (`rules.<field>` and `<field>`). */
export const RULE_FIELD_LABELS: Record<RuleField, string> = {
  channels: '表决方式',
  paperOnRequest: '业主申请时提供纸质票',
  noticeDays: '公告期（天）',
  temporaryMeetingAllowed: '允许临时会议缩短公告期',
  temporaryMeetingNoticeDays: '临时会议公告期（天）',
  votingWindowMinDays: '投票期最短（天）',
  votingWindowMaxDays: '投票期最长（天）',
  publicationDeadlineDays: '结果公布期限（天）',
  objectionPeriodDays: '异议期（天）',
  proxyAllowed: '允许委托他人投票',
  mandateRequired: '委托须有书面委托书',
  ballotChangeAllowed: '投票后可以修改',
  nonVoterHandling: '未投票业主的计票方式',
  whoMayOpenTopics: '可以发起议题的人',
  prereviewRequired: '议题须经党支部前置审查',
  'moderation.moderators': '可以隐藏评论的人',
  'moderation.hiddenShows': '被隐藏评论显示的内容',
};

/** Labels of the draft's other fields (the contract's rulesLabels spread these; pages read them here, without zod). */
export const RULES_DRAFT_LABELS = {
  changeNote: '修改说明',
  documentFileId: '议事规则原件',
  documentName: '原件文件名',
} as const;

/** Allowed ranges of the day counts (inclusive). Cross-field rules live in the server core. */
export const RULE_DAY_RANGES = {
  /** at least 15 days' notice (物业管理条例 Art. 14) */
  noticeDays: { min: 15, max: 90 },
  /** Hangzhou: 7 days for a temporary meeting; never more than the ordinary notice */
  temporaryMeetingNoticeDays: { min: 7, max: 90 },
  votingWindowMinDays: { min: 1, max: 90 },
  votingWindowMaxDays: { min: 1, max: 90 },
  objectionPeriodDays: { min: 0, max: 30 },
  /** decisions are posted within 3 days (Beijing Art. 37, Hangzhou Art. 29); rules may only be stricter than a week */
  publicationDeadlineDays: { min: 1, max: 7 },
} as const;
export type RuleDayField = keyof typeof RULE_DAY_RANGES;

/** Where each default comes from: ../shared/DOMAIN.md and the provisions it names. */
export type RuleSources = Record<RuleField, string>;

export const DEFAULT_RULES: ProcedureRules = {
  channels: 'online',
  paperOnRequest: true,
  noticeDays: 15,
  temporaryMeetingAllowed: false,
  temporaryMeetingNoticeDays: 7,
  votingWindowMinDays: 5,
  votingWindowMaxDays: 60,
  publicationDeadlineDays: 3,
  objectionPeriodDays: 7,
  proxyAllowed: true,
  mandateRequired: true,
  ballotChangeAllowed: false,
  nonVoterHandling: 'not_counted',
  whoMayOpenTopics: ['owner', 'committee_member', 'party_secretary'],
  prereviewRequired: true,
  moderation: { moderators: ['party_secretary', 'community_staff'], hiddenShows: 'reason' },
};

export const DEFAULT_RULE_SOURCES: RuleSources = {
  channels: '杭州 Art. 20：线上表决为默认方式 (DOMAIN §4)',
  paperOnRequest: '杭州 Art. 20：业主要求纸质票的，应当提供 (DOMAIN §4)',
  noticeDays: '物业管理条例 Art. 14；北京 Art. 35：表决前至少 15 日公告 (DOMAIN §4)',
  temporaryMeetingAllowed: '杭州允许临时会议提前 7 日公告，须由本小区议事规则规定；默认不缩短 (DOMAIN §4)',
  temporaryMeetingNoticeDays: '杭州：临时会议提前 7 日公告 (DOMAIN §4)',
  votingWindowMinDays: '杭州：投票期 5 至 60 日 (DOMAIN §4)',
  votingWindowMaxDays: '杭州：投票期 5 至 60 日 (DOMAIN §4)',
  publicationDeadlineDays: '北京 Art. 37；杭州 Art. 29：决定在 3 日内公布 (DOMAIN §4)',
  objectionPeriodDays: '清远：7 日征求意见；东莞、江门：初步结果后设异议（询异）公示期 (DOMAIN §4)',
  proxyAllowed: '上海 Art. 18：可以委托代理人投票 (DOMAIN §4)',
  mandateRequired: '上海 Art. 18：代理人须持书面委托书，按委托投票 (DOMAIN §4)',
  ballotChangeAllowed: '保留第一张有效选票，之后的只作为无效记录，不覆盖 (DOMAIN §4)',
  nonVoterHandling: '民法典 Art. 278：未参与表决的业主不计入；从众计票须由本小区确认的规则明确规定 (DOMAIN §3)',
  whoMayOpenTopics: '业主或业委会提议，小区党支部发起议题 (DOMAIN §1；issue 10)',
  prereviewRequired: '小区党支部对议题进行前置审查 (DOMAIN §1)',
  'moderation.moderators': '党支部主持协商，社区居委会指导监督 (DOMAIN §1)',
  'moderation.hiddenShows': '隐藏评论须显示理由，原文保留在审计记录中，不静默删除 (issue 10)',
};

/** The value of one field of a rules version (dotted path). */
export function ruleValue(rules: ProcedureRules, field: RuleField): ProcedureRules[keyof ProcedureRules] | ModerationPolicy[keyof ModerationPolicy] {
  if (field === 'moderation.moderators') return rules.moderation.moderators;
  if (field === 'moderation.hiddenShows') return rules.moderation.hiddenShows;
  return rules[field];
}

const ROLE_NAMES: Record<RuleOpenerRole | RuleModeratorRole, string> = {
  owner: '业主',
  committee_member: '业委会',
  party_secretary: '小区党支部',
  community_staff: '社区居委会',
};

/**
 * One field's value in plain Chinese, e.g. "15 天", "允许", "业主、业委会". Fields that only matter when another
 * is on say so ("不适用") so an owner is never told a number that does not apply.
 */
export function ruleValueText(rules: ProcedureRules, field: RuleField): string {
  const yesNo = (v: boolean) => (v ? '是' : '否');
  switch (field) {
    case 'channels':
      return RULE_CHANNEL_LABELS[rules.channels];
    case 'nonVoterHandling':
      return NON_VOTER_LABELS[rules.nonVoterHandling];
    case 'whoMayOpenTopics':
      return rules.whoMayOpenTopics.map((r) => ROLE_NAMES[r]).join('、');
    case 'moderation.moderators':
      return rules.moderation.moderators.map((r) => ROLE_NAMES[r]).join('、');
    case 'moderation.hiddenShows':
      return HIDDEN_SHOWS_LABELS[rules.moderation.hiddenShows];
    case 'temporaryMeetingNoticeDays':
      return rules.temporaryMeetingAllowed ? `${rules.temporaryMeetingNoticeDays} 天` : '不适用（不缩短公告期）';
    case 'mandateRequired':
      return rules.proxyAllowed ? yesNo(rules.mandateRequired) : '不适用（不允许委托）';
    case 'objectionPeriodDays':
      return rules.objectionPeriodDays === 0 ? '不设异议期' : `${rules.objectionPeriodDays} 天`;
    case 'noticeDays':
    case 'votingWindowMinDays':
    case 'votingWindowMaxDays':
    case 'publicationDeadlineDays':
      return `${rules[field]} 天`;
    default:
      return yesNo(rules[field]);
  }
}

export const RULE_ROLE_NAMES = ROLE_NAMES;

/** Status of a rules version. */
export const RULES_STATUSES = ['draft', 'active', 'superseded'] as const;
export type RulesStatus = (typeof RULES_STATUSES)[number];
export const RULES_STATUS_LABELS: Record<RulesStatus, string> = {
  draft: '草稿',
  active: '现行',
  superseded: '已废止',
};
