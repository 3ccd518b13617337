/**
 * View logic of the home page: texts, labels, derived rows and which sections to show.
 * Plain TypeScript without Taro so jest can test it; the page only renders what these return.
 */
import { ROLES, ROLE_LABELS, type Role } from '../../types/roles';
import { allows } from '../../types/permissions';
import type { TopicSummary } from '../../types/deliberation';
import { TOPIC_FINAL_STAGES, TOPIC_STAGE_LABELS, type TopicStage } from '../../types/topics';
import { ERRORS, type ApiError } from '../../types/errors';
import type { EstateSummary, MeOutput, MyUnit } from '../../types/identity';
import { formatArea, formatShanghai } from '../../types/time';
import { verifyEntry, workbenchEntries, type WorkbenchEntry } from './workbench';

/** Fixed UI texts, shared by the page and the tests. */
export const HOME_TEXT = {
  loading: '加载中…',
  retry: '重试',
  login: '去登录',
  // a newcomer's first screen (no estate yet): src/lib/first-screen.ts
  verifyTitle: '我是业主，去认证',
  verifyHint: '用房号、姓名和手机号与业主名册比对即可完成；也可以上传产权证或到社区线下核验。',
  verifyButton: '身份认证',
  verifyMore: '认证其他房屋',
  workbenchTitle: '工作台',
  identityTitle: '我的身份',
  unitsTitle: '我的房屋',
  representativeTag: '表决权代表',
  formerUnitsHint: '房屋过户、产权变更或名册更新后，原业主的账号不再代表这套房屋，也不能再为它认证或表决。如有疑问，请联系居委会。',
  noUnitsHint:
    '你名下暂无登记的房屋。住户可以提交诉求、参与评论，但不参加表决；业主完成身份认证后即可关联名下房屋。',
  topicsTitle: '议题',
  allTopics: '全部议题（按阶段）',
  emptyTopics: '暂无议题',
  topicsNotAllowed: '认证为业主或登记为住户后，就能看到小区的议题。',
  openTopicTitle: '发起议题',
  titleLabel: '标题',
  summaryLabel: '说明',
  titlePlaceholder: '请输入议题标题（4–60 字）',
  summaryPlaceholder: '请说明议题的背景和要商量的事（10–2000 字）',
  submit: '提交',
  submitting: '提交中…',
  opened: '议题已发起',
  switchEstate: '切换小区',
  /** plain language in the main text; the legal basis only behind the 依据 link (headcountBasis) */
  headcountNote: '业主人数怎么算：一位业主有几套房都只算一人；开发商还持有的房屋合起来算一人。',
  basisLabel: '依据',
  headcountBasis:
    '最高人民法院《关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第九条：同一买受人拥有一个以上专有部分的，按一人计算；建设单位尚未出售和虽已出售但尚未交付的部分，按一人计算。',
} as const;

/** Where the local gateway serves its development login page (H5 only). */
export const DEV_LOGIN_URL = '/dev/login';

/** Longest summary excerpt put into the list (keeps weapp setData small; CSS clamps the rest). */
export const SUMMARY_EXCERPT_MAX = 120;

export const TOTALS_SEPARATOR = ' · ';

/** The three roster figures, each kept on one line by the page. */
export function totalsParts(totals: EstateSummary['totals']): string[] {
  return [`共 ${totals.unitCount} 套房屋`, `总面积 ${formatArea(totals.areaCenti)} ㎡`, `业主人数 ${totals.headcount} 人`];
}

/** "共 480 套房屋 · 总面积 43210.50 ㎡ · 业主人数 452 人" */
export function totalsLine(totals: EstateSummary['totals']): string {
  return totalsParts(totals).join(TOTALS_SEPARATOR);
}

/** "浦东新区 锦绣路 100 弄": district and address, skipping empty parts. */
export function addressLine(estate: Pick<EstateSummary, 'district' | 'address'>): string {
  return [estate.district, estate.address]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ');
}

export interface RoleChip {
  role: Role;
  label: string;
}

/** One chip per role, deduplicated, in the canonical ROLES order (owner first). */
export function roleChips(roles: readonly Role[]): RoleChip[] {
  const held = new Set(roles);
  return ROLES.filter((r) => held.has(r)).map((role) => ({ role, label: ROLE_LABELS[role] }));
}

export interface UnitRow {
  unitId: string;
  label: string;
  areaText: string;
  isRepresentative: boolean;
}

export function unitRows(units: readonly MyUnit[]): UnitRow[] {
  return units.map((u) => ({
    unitId: u.unitId,
    label: u.label,
    areaText: `${formatArea(u.areaCenti)} ㎡`,
    isRepresentative: u.isRepresentative,
  }));
}

/** Shorten to at most `max` characters (code points), ending with "…" when cut. */
export function excerpt(text: string, max = SUMMARY_EXCERPT_MAX): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

export interface TopicRow {
  topicId: string;
  title: string;
  stage: TopicStage;
  stageLabel: string;
  scopeLabel: string;
  openedByLabel: string;
  openedDate: string;
  summary: string;
}

export function topicRow(t: TopicSummary): TopicRow {
  return {
    topicId: t.topicId,
    title: t.title,
    stage: t.stage,
    stageLabel: TOPIC_STAGE_LABELS[t.stage] ?? t.stage,
    scopeLabel: t.scopeLabel,
    openedByLabel: t.openedByLabel,
    openedDate: formatShanghai(t.openedAt, 'YYYY-MM-DD'),
    summary: excerpt(t.summary),
  };
}

export function topicRows(topics: readonly TopicSummary[]): TopicRow[] {
  return topics.map(topicRow);
}

/** The home page lists topics still under way (closed, withdrawn and rejected ones are on 全部议题). */
export function liveTopics(topics: readonly TopicSummary[]): TopicSummary[] {
  return topics.filter((t) => !(TOPIC_FINAL_STAGES as readonly string[]).includes(t.stage));
}

/** Put a newly opened topic first, dropping an older copy with the same id. */
export function prependTopic(topics: readonly TopicSummary[], topic: TopicSummary): TopicSummary[] {
  return [topic, ...topics.filter((t) => t.topicId !== topic.topicId)];
}

export type Current = NonNullable<MeOutput['current']>;

export interface HomeSections {
  /** the estate switcher, only when the viewer belongs to more than one estate */
  estateSwitcher: boolean;
  /** the "发起议题" form: party branch secretaries open topics */
  openTopicForm: boolean;
  /** explanation shown instead of a unit list when the viewer has no units (and none was recently unlinked) */
  noUnitsHint: boolean;
  /** "3号楼1单元702 已于 2026-11-20 不再关联你的账号" for units recently unlinked (a seller after the sale) */
  formerUnits: string[];
  /** "身份认证": a prominent card for anyone who is not yet a verified owner, a quiet link for owners */
  verifyEntry: 'primary' | 'secondary';
  /** "工作台" links to the staff pages the viewer's roles can use (empty: no section) */
  workbench: WorkbenchEntry[];
  /** 诉求: 提交诉求 and 我的诉求 for owners and registered residents (navigated to by URL: src/lib/request-routes.ts) */
  requests: boolean;
}

export function homeSections(me: { estates: MeOutput['estates']; current: Current }): HomeSections {
  return {
    estateSwitcher: me.estates.length > 1,
    openTopicForm: allows(me.current.roles, 'deliberation.openTopic'),
    noUnitsHint: me.current.units.length === 0 && me.current.formerUnits.length === 0,
    formerUnits: me.current.formerUnits.map((u) => `${u.label} 已于 ${formatShanghai(u.endedAt, 'YYYY-MM-DD')} 不再关联你的账号`),
    verifyEntry: verifyEntry(me),
    workbench: workbenchEntries(me.current.roles, me.current.estate.estateId),
    requests: allows(me.current.roles, 'requests.file'),
  };
}

export interface EstatePickerModel {
  names: string[];
  index: number;
}

export function estatePicker(estates: MeOutput['estates'], currentId: string): EstatePickerModel {
  const index = estates.findIndex((e) => e.estateId === currentId);
  return { names: estates.map((e) => e.name), index: index < 0 ? 0 : index };
}

/** The estate chosen in the picker, or null when it is the current one (nothing to reload) or out of range. */
export function pickedEstateId(estates: MeOutput['estates'], currentId: string, picked: unknown): string | null {
  const i = Number(picked);
  if (!Number.isInteger(i) || i < 0 || i >= estates.length) return null;
  const id = estates[i].estateId;
  return id === currentId ? null : id;
}

export type Platform = 'h5' | 'weapp' | string | undefined;

export interface ErrorView {
  message: string;
  /** 'login': a "去登录" button to the dev login page; 'retry': a "重试" button; 'none': message only */
  action: 'login' | 'retry' | 'none';
}

export function errorView(error: ApiError, platform: Platform): ErrorView {
  if (error.code === 'NOT_AUTHENTICATED') {
    return { message: ERRORS.NOT_AUTHENTICATED.message, action: platform === 'h5' ? 'login' : 'none' };
  }
  return { message: error.message, action: 'retry' };
}
