/**
 * View logic of the request pages (packages/requests: 我的诉求, 提交诉求, 诉求详情; issue 12 item 8): who holds a
 * request and until when, its timeline in plain words, and which actions to offer to whoever is looking. Labels
 * come from the contract (types/requests.ts); the server decides every move (server/core/requests/machine.ts), this
 * only decides what to offer, so nobody is shown a button that can only answer a refusal. Plain TypeScript, no Taro
 * (tests/unit/request-pages.test.ts).
 */
import {
  HANDLER_ORG_LABELS,
  HANDLER_ORG_ROLES,
  HANDLER_ORGS,
  LOCATION_KIND_LABELS,
  REQUEST_CATEGORY_LABELS,
  REQUEST_FINAL_STATUSES,
  REQUEST_RATING_LABELS,
  REQUEST_STATUS_LABELS,
  REQUEST_VISIBILITY_LABELS,
  TIMELINE_LABELS,
  requestsLabels,
  type HandlerOrg,
  type PublicRequestRow,
  type RequestDetailOutput,
  type RequestRow,
  type RequestStatus,
  type TimelineEntry,
  type TimelineKind,
} from '../../types/requests';
import { allows } from '../../types/permissions';
import { ROLE_LABELS, type Role } from '../../types/roles';
import { formatShanghai } from '../../types/time';
import type { Tone } from './status-tone';
import type { TimelineStep } from './timeline';

export const REQUEST_TEXT = {
  mineTitle: '我的诉求',
  publicTab: '小区公开诉求',
  publicEmpty: '小区里还没有公开的诉求',
  publicHint: '小区里公开的诉求。别人提的问题你也遇到了，可以打开它点“附议”。',
  coSignedByMe: '我已附议',
  myOwn: '我提交的',
  emptyTitle: '你还没有提交过诉求',
  emptyHint: '家里报修、楼道卫生、安全隐患、邻里纠纷都可以提。提交后能看到谁在办、什么时候前答复。',
  fileButton: '提交诉求',
  loadMore: '加载更多',
  filedOn: '提交于',
  holderTitle: '谁在办',
  progressTitle: '办理进度',
  timelineTitle: '办理过程',
  contentTitle: '诉求内容',
  photosTitle: '照片',
  photosCount: (n: number) => `共 ${n} 张照片`,
  location: '位置',
  visibility: requestsLabels.visibility,
  actionsTitle: '你可以',
  publicView: '这是其他住户公开的诉求，你可以看到办理过程。',
  waitingDispatch: '等待社区派单',
  overdue: '（已超时）',
  system: '系统',
  requester: '诉求人',
  holderAfter: '交给',
  ratingPrefix: '评价：',
  showPhotos: (n: number) => `查看照片（${n} 张）`,
  resultPhotosTitle: '办理结果照片',
  loadingPhotos: '照片加载中…',
  requesterTitle: '诉求人',
  call: '拨打电话',
  coSign: '附议',
  withdrawCoSign: '撤回附议',
  coSignHint: '你也遇到这个问题？附议后办理单位能看到有多少住户关心。',
  topicTitle: '已转为议题',
  duplicateOf: '与另一件诉求重复，合并办理',
  openDuplicate: '查看那件诉求',
  referredTo: '已转交：',
  busy: '提交中…',
  cancel: '取消',
  done: '已提交',
} as const;

/** The actions a viewer may be offered on one request (each maps to one contract action). */
export const REQUEST_ACTIONS = ['rate', 'withdraw', 'contact', 'extend', 'handle', 'dispatch', 'reassign', 'linkTopic', 'duplicate', 'refer'] as const;
export type RequestActionKey = (typeof REQUEST_ACTIONS)[number];

/** The button text of each action: the timeline's word for the step it makes (types/requests.ts TIMELINE_LABELS). */
export const ACTION_LABELS: Record<RequestActionKey, string> = {
  rate: TIMELINE_LABELS.confirm,
  withdraw: TIMELINE_LABELS.withdraw,
  contact: `已${TIMELINE_LABELS.contact}`,
  extend: TIMELINE_LABELS.extend,
  handle: TIMELINE_LABELS.handle,
  dispatch: TIMELINE_LABELS.dispatch,
  reassign: TIMELINE_LABELS.reassign,
  // 转为议题 (the timeline's 转为议题，交业主共同决定 up to its comma)
  linkTopic: TIMELINE_LABELS.linked_to_topic.split('，')[0],
  duplicate: TIMELINE_LABELS.markDuplicate.replace(/诉求$/, ''),
  refer: TIMELINE_LABELS.referOut,
};

/** Actions that end or divert the request: never the highlighted button. */
export const QUIET_ACTIONS: readonly RequestActionKey[] = ['withdraw', 'duplicate', 'refer'];

/** The text of the button that sends a step form. */
export const SEND_LABELS: Record<RequestActionKey, string> = {
  rate: '提交评价',
  withdraw: '确认撤回',
  contact: '确认已联系',
  extend: '确认延期',
  handle: '确认办理完毕',
  dispatch: '确认派单',
  reassign: '确认改派',
  linkTopic: '确认转为议题',
  duplicate: '确认标记为重复',
  refer: '确认转交',
};

/** Which statuses each offered action starts from (the same as REQUEST_TRANSITIONS; a unit test holds them equal). */
const OPEN_WORK: readonly RequestStatus[] = ['dispatched', 'contacted', 'extended', 'reopened'];
export const ACTION_FROM: Record<RequestActionKey, readonly RequestStatus[]> = {
  rate: ['handled'],
  withdraw: ['received', ...OPEN_WORK],
  contact: ['dispatched', 'reopened'],
  extend: ['contacted'],
  handle: OPEN_WORK,
  dispatch: ['received'],
  reassign: OPEN_WORK,
  // no status change: any request not yet over (and not yet linked, see offeredActions)
  linkTopic: ['received', ...OPEN_WORK, 'handled'],
  duplicate: ['received', ...OPEN_WORK],
  refer: ['received', ...OPEN_WORK],
};

/**
 * What to offer to the person looking: the requester rates a handled request or withdraws an open one; staff of the
 * organisation holding it contact, extend and handle it; community staff dispatch or reassign it. Nobody decides
 * their own request, and a public view (another resident) offers nothing.
 */
export function offeredActions(
  d: Pick<RequestDetailOutput, 'status' | 'holder' | 'mine' | 'view'> & { topic?: RequestDetailOutput['topic'] },
  roles: readonly Role[],
): RequestActionKey[] {
  const can = (a: RequestActionKey) => ACTION_FROM[a].includes(d.status);
  if (d.mine) return (['rate', 'withdraw'] as const).filter(can);
  const out: RequestActionKey[] = [];
  const holds = !!d.holder && roles.includes(HANDLER_ORG_ROLES[d.holder]);
  const staff = allows(roles, 'requests.dispatch');
  if (d.view === 'full') {
    if (holds) out.push(...(['contact', 'extend', 'handle'] as const).filter(can));
    if (staff) out.push(...(['dispatch', 'reassign'] as const).filter(can));
  }
  // the party branch and the committee read public requests too (a private one they see only as its holder)
  if (!d.topic && allows(roles, 'requests.linkTopic') && can('linkTopic')) out.push('linkTopic');
  if (d.view === 'full') {
    if (staff && can('duplicate')) out.push('duplicate');
    if ((holds || staff) && can('refer')) out.push('refer');
  }
  return out;
}

/**
 * The topic a request would start (转为议题): the title is the category and the description's first clause, at most
 * 20 characters of it (within the contract's 4..60), the explanation the description itself.
 */
export function topicDraftOf(d: Pick<RequestDetailOutput, 'category' | 'description'>): { title: string; summary: string } {
  const words = d.description.replace(/\s+/g, ' ').trim();
  const head = words.split(/[，,。！？!?；;\n]/)[0].trim();
  const cut = head.length > 20 ? `${head.slice(0, 20)}…` : head;
  const title = `${REQUEST_CATEGORY_LABELS[d.category]}：${cut}`.slice(0, 60);
  return { title, summary: d.description.trim().slice(0, 2000) };
}

export const isFinalStatus = (s: RequestStatus): boolean => REQUEST_FINAL_STATUSES.includes(s);

const STATUS_TONES: Record<RequestStatus, Tone> = {
  received: 'warning',
  dispatched: 'info',
  contacted: 'info',
  extended: 'warning',
  handled: 'brand',
  reopened: 'danger',
  rated: 'success',
  closed_by_timeout: 'neutral',
  duplicate: 'neutral',
  not_ours: 'neutral',
  withdrawn: 'neutral',
};
export const requestTone = (s: RequestStatus): Tone => STATUS_TONES[s] ?? 'neutral';

/** 12月4日 18:00, in Asia/Shanghai. */
export const shortTime = (instant: string): string => formatShanghai(instant, 'M月D日 HH:mm');

/**
 * Who holds it and until when, in one line: "网格员 · 12月4日 18:00 前答复" while a response is owed,
 * "… 前办结" while a resolution is owed, "网格员已办理，等待确认" when handled; null once it is over.
 */
export function holderLine(r: Pick<RequestRow, 'status' | 'holder' | 'respondBy' | 'resolveBy'>, now: number = Date.now(), mine = false): string | null {
  if (isFinalStatus(r.status)) return null;
  if (!r.holder) return REQUEST_TEXT.waitingDispatch;
  const org = HANDLER_ORG_LABELS[r.holder];
  // past the limit and not yet escalated by the deadline job (it runs every few minutes): say so plainly
  const late = (at: string) => (Date.parse(at) <= now ? REQUEST_TEXT.overdue : '');
  if ((r.status === 'dispatched' || r.status === 'reopened') && r.respondBy) return `${org} · ${shortTime(r.respondBy)} 前答复${late(r.respondBy)}`;
  if ((r.status === 'contacted' || r.status === 'extended') && r.resolveBy) return `${org} · ${shortTime(r.resolveBy)} 前办结${late(r.resolveBy)}`;
  if (r.status === 'handled') return mine ? `${org}已办理，请你确认并评价` : `${org}已办理，等待诉求人确认评价`;
  return org;
}

export interface RequestRowView {
  requestId: string;
  title: string;
  statusLabel: string;
  tone: Tone;
  holder: string | null;
  filed: string;
}

export function requestRowView(r: RequestRow, now: number = Date.now()): RequestRowView {
  return {
    requestId: r.requestId,
    title: REQUEST_CATEGORY_LABELS[r.category],
    statusLabel: REQUEST_STATUS_LABELS[r.status],
    tone: requestTone(r.status),
    holder: holderLine(r, now, true),
    filed: `${REQUEST_TEXT.filedOn} ${shortTime(r.filedAt)}`,
  };
}

/** Where it is: "公共区域 · 3号楼北侧消防通道", "楼栋 · 2号楼", "我的房屋". */
export function locationText(d: Pick<RequestDetailOutput, 'locationKind' | 'building' | 'place'>): string {
  const kind = LOCATION_KIND_LABELS[d.locationKind];
  if (d.locationKind === 'building' && d.building) return `${kind} · ${/楼$/.test(d.building) ? d.building : `${d.building}号楼`}`;
  if (d.locationKind === 'public' && d.place) return `${kind} · ${d.place}`;
  return kind;
}

export const visibilityText = (d: Pick<RequestDetailOutput, 'visibility'>): string => REQUEST_VISIBILITY_LABELS[d.visibility];

/** Who acted, in words: the role's label, 诉求人, or 系统 (the routing at filing time, the deadline job). */
export function actorText(actor: TimelineEntry['actorRole']): string {
  if (actor === null) return REQUEST_TEXT.system;
  if (actor === 'requester') return REQUEST_TEXT.requester;
  return ROLE_LABELS[actor] ?? actor;
}

/** Steps that hand the request to an organisation: their line says to whom. */
const HANDS_OVER: readonly TimelineKind[] = ['dispatch', 'reassign', 'escalate', 'reopen'];

export interface TimelineRowView {
  key: string;
  kind: TimelineKind;
  label: string;
  time: string;
  actor: string;
  /** "交给 居委会" when the step handed it over */
  handedTo: string | null;
  text: string | null;
  rating: string | null;
}

export function timelineRows(timeline: readonly TimelineEntry[]): TimelineRowView[] {
  return timeline.map((t, i) => ({
    key: `${i}-${t.kind}`,
    kind: t.kind,
    label: TIMELINE_LABELS[t.kind],
    time: formatShanghai(t.at, 'YYYY年M月D日 HH:mm'),
    actor: actorText(t.actorRole),
    handedTo: HANDS_OVER.includes(t.kind) && t.holder ? `${REQUEST_TEXT.holderAfter} ${HANDLER_ORG_LABELS[t.holder]}` : null,
    text: t.text,
    rating: t.rating ? `${REQUEST_TEXT.ratingPrefix}${REQUEST_RATING_LABELS[t.rating]}` : null,
  }));
}

/** The progress at a glance (the shared StageTimeline): 提交 → 派单 → 联系 → 办理 → 评价. */
const PROGRESS = ['received', 'dispatch', 'contact', 'handle', 'confirm'] as const;
const PROGRESS_LABELS: Record<(typeof PROGRESS)[number], string> = { received: '提交', dispatch: '派单', contact: '联系', handle: '办理', confirm: '评价' };
const PROGRESS_AT: Record<RequestStatus, number> = {
  received: 1,
  dispatched: 2,
  reopened: 2,
  contacted: 3,
  extended: 3,
  handled: 4,
  rated: 5,
  closed_by_timeout: 5,
  duplicate: 5,
  not_ours: 5,
  withdrawn: 5,
};
export function progressSteps(status: RequestStatus): TimelineStep[] {
  const at = PROGRESS_AT[status];
  return PROGRESS.map((key, i) => ({ key, label: PROGRESS_LABELS[key], state: i < at ? 'done' : i === at ? 'current' : 'todo' }));
}

/** The organisations community staff may dispatch to, with their labels (the holder itself left out on a reassign). */
export function dispatchTargets(current: HandlerOrg | null): { org: HandlerOrg; label: string }[] {
  return HANDLER_ORGS.filter((o) => o !== current).map((org) => ({ org, label: HANDLER_ORG_LABELS[org] }));
}

/** What the requester reads after filing: who holds it and until when. */
export function filedLines(out: { holder: HandlerOrg; respondBy: string; resolveBy: string }): string[] {
  const org = HANDLER_ORG_LABELS[out.holder];
  return [`已交给${org}办理`, `${shortTime(out.respondBy)} 前联系你`, `${shortTime(out.resolveBy)} 前办结`];
}

/** 已有 3 位住户附议 (nothing when nobody has). */
export function coSignLine(count: number): string | null {
  return count > 0 ? `已有 ${count} 位住户附议` : null;
}

/** What the co-sign control offers: co-sign, take it back, or nothing (own request, private, closed). */
export function coSignOffer(d: { canCoSign: boolean; coSignedByMe: boolean; mine: boolean; status: RequestStatus }): 'coSign' | 'withdraw' | null {
  if (d.mine) return null;
  if (d.coSignedByMe) return isFinalStatus(d.status) ? null : 'withdraw';
  return d.canCoSign ? 'coSign' : null;
}

/** How it ended when not by the requester's rating: referred to another organisation (whom) or a duplicate. */
export function endingLine(d: { status: RequestStatus; referredTo: string | null; duplicateOf: string | null }): string | null {
  if (d.status === 'not_ours' && d.referredTo) return `${REQUEST_TEXT.referredTo}${d.referredTo}`;
  if (d.status === 'duplicate') return REQUEST_TEXT.duplicateOf;
  return null;
}

/** The requester, for the organisation holding the open request (name masked, the phone they gave to be called back). */
export function requesterLine(d: { requesterName: string | null; requesterPhone: string | null }): string | null {
  const parts = [d.requesterName, d.requesterPhone].filter((x): x is string => !!x);
  return parts.length ? parts.join(' · ') : null;
}

export interface PublicRowView extends RequestRowView {
  summary: string;
  /** 已有 3 位住户附议 · 我已附议 */
  coSign: string | null;
}

/** A row of 小区公开诉求: what, its status, who holds it, the start of the text and the co-signatures. */
export function publicRowView(r: PublicRequestRow, now: number = Date.now()): PublicRowView {
  const parts = [coSignLine(r.coSignCount), r.coSignedByMe ? REQUEST_TEXT.coSignedByMe : null, r.mine ? REQUEST_TEXT.myOwn : null].filter((x): x is string => !!x);
  return { ...requestRowView(r, now), holder: holderLine(r, now, r.mine), summary: r.summary, coSign: parts.length ? parts.join(' · ') : null };
}
