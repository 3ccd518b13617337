/**
 * The topic page (详情) and the party-branch console, without Taro: loading, what each section shows, and the
 * moves a caller may make. Functions take the API as a parameter so tests pass a fake (or the real facade).
 */
import type { ApiError, ApiResult } from '../../types/errors';
import type { AnnouncementView, GetTopicOutput, PlanVersionView, TopicDetail, TopicItemView } from '../../types/deliberation';
import type { CommentView, ListCommentsOutput, PetitionView } from '../../types/deliberation-discussion';
import { discussionLabels, topicLabels } from '../../types/deliberation-labels';
import { MATTERS, type MatterNumber } from '../../types/matters';
import { ROLE_LABELS } from '../../types/roles';
import { formatShanghai, inShanghai } from '../../types/time';
import { TOPIC_MOVE_LABELS, type TopicMove } from '../../types/topics';
import type { Api } from './api-core';
import { planDiff, stanceChip, topicTimeline, votingWindowText, type DiffLine } from './topic-view';
import type { Tone } from './status-tone';
import type { TimelineStep } from './timeline';

export type DeliberationApi = Pick<Api, 'deliberation'>;

export const TOPIC_TEXT = {
  voteTitle: '表决什么、谁来表决、何时表决',
  notAnnounced: '表决时间要等议题公告后才确定；公告前表决事项和方案还可以修改。',
  itemsTitle: '表决事项',
  passRule: '怎样才算通过：',
  planTitle: '方案',
  noPlan: '还没有发布方案。',
  versionLabel: (v: number) => `第${v}版`,
  compare: '与上一版对比',
  hideCompare: '收起对比',
  changeNote: '修改说明：',
  added: '新增',
  removed: '删除',
  discussionTitle: '意见和提问',
  noComments: '还没有人发表意见。',
  petitionTitle: '业主联名提议',
  petitionHint: '专有部分面积和业主人数都达到 20% 时，业主委员会应当召开临时会议讨论这个议题。',
  petitionReached: '联名已达到 20%，业主委员会应当提交业主大会讨论。',
  cosign: '我也联名',
  withdrawCosign: '撤回我的联名',
  areaCaption: '已联名面积（㎡）',
  headcountCaption: '已联名业主（人）',
  movesTitle: '下一步',
  residentMark: ROLE_LABELS.resident,
  question: '提问',
  answerBy: (by: string) => `${by}回答：`,
  awaitingAnswer: '等待回答',
  report: '举报',
  reported: '已举报',
  answer: discussionLabels.answer,
  hide: '隐藏',
  comment: '发表意见',
  ask: '提问',
  submit: '提交',
  cancel: '取消',
  commentPlaceholder: '写下你的意见（2–1000 字）',
  questionPlaceholder: '写下你想问发起人的问题（4–500 字）',
  answerPlaceholder: '写下回答（2–2000 字）',
  hidePlaceholder: '隐藏的理由，读者都能看到（2–200 字）',
  noteLabel: { accept: '审查意见', return: '退回理由', withdraw: '撤回理由', reject: '不予通过的理由' } as Record<string, string>,
  planText: '方案内容',
  planChangeNote: '这一版改了什么',
  opensOn: '表决开始日期（北京时间，当天 0 点开始）',
  votingDays: topicLabels.votingDays,
  opensOnHint: (days: number, earliest: string) =>
    `本小区议事规则规定公告期至少 ${days} 天，今天发布的话表决最早从 ${Number(earliest.slice(5, 7))}月${Number(earliest.slice(8, 10))}日开始。日期格式：${earliest}`,
  votingDaysHint: (min: number, max: number) => `本小区议事规则规定表决期 ${min}–${max} 天。`,
  done: '已完成',
} as const;

/* ------------------------------------------------------------------ header and vote card */

export interface VoteCardView {
  /** announced: the frozen notice; otherwise the items as they stand, with a note that they may change */
  announced: boolean;
  /** e.g. 由1号楼业主表决 */
  voters: string;
  /** 从12月18日起投票，到12月24日截止 (announced only) */
  window: string | null;
  /** 公告于12月2日发布，公告期 15 天 */
  notice: string | null;
  /** 按议事规则第 2 版 / 按默认议事规则 */
  rules: string | null;
  channels: string | null;
  /** 参与表决的范围：30 套房屋，总面积 2685.60 ㎡，业主 28 人 */
  bases: string | null;
  items: ItemRow[];
}

export interface ItemRow {
  itemId: string;
  title: string;
  description: string;
  /** e.g. 改建重建 */
  matterShort: string;
  /** the wording of Art. 278 */
  matterLabel: string;
  thresholdText: string;
}

function itemRow(it: TopicItemView): ItemRow {
  const m = MATTERS[it.matter as MatterNumber];
  return {
    itemId: it.itemId,
    title: it.title,
    description: it.description,
    matterShort: m?.shortLabel ?? it.matterLabel,
    matterLabel: it.matterLabel,
    thresholdText: it.thresholdText,
  };
}

const dayOf = (instant: string) => formatShanghai(instant, 'M月D日');

function channelsText(channels: AnnouncementView['channels']): string {
  const online = channels.includes('online');
  const paper = channels.includes('paper');
  if (online && paper) return '线上投票，也可以领取纸质表决票';
  return online ? '线上投票' : '纸质表决票';
}

function areaText(areaCenti: number): string {
  return `${Math.floor(areaCenti / 100)}.${String(areaCenti % 100).padStart(2, '0')}`;
}

export function voteCard(topic: TopicDetail, nowIso: string): VoteCardView {
  const a = topic.announcement;
  const year = inShanghai(nowIso).year();
  if (!a) {
    return { announced: false, voters: `由${topic.scopeLabel}表决`, window: null, notice: null, rules: null, channels: null, bases: null, items: topic.items.map(itemRow) };
  }
  return {
    announced: true,
    voters: `由${a.scopeLabel}表决`,
    window: votingWindowText(a.votingOpensAt, a.votingClosesAt, year),
    notice: `公告于${dayOf(a.announcedAt)}发布，公告期 ${a.noticeDays} 天`,
    rules: a.rulesIsDefault ? '按默认议事规则' : `按议事规则第 ${a.rulesVersionNo} 版`,
    channels: channelsText(a.channels),
    bases: `参与表决的范围：${a.unitCount} 套房屋，总面积 ${areaText(a.areaCenti)} ㎡，业主 ${a.headcount} 人`,
    items: a.items.map(itemRow),
  };
}

/** One sentence an owner can read aloud: what, by whom, under which rule, from when. */
export function voteSentence(card: VoteCardView): string {
  const what = card.items.map((i) => `“${i.title}”（${i.matterShort}）`).join('、');
  if (!card.announced) return `${card.voters}：${what || '表决事项待定'}。${TOPIC_TEXT.notAnnounced}`;
  return `${card.voters}：${what}。${card.window}。`;
}

export interface HeaderView {
  title: string;
  summary: string;
  stage: string;
  scopeLabel: string;
  openedBy: string;
  openedOn: string;
  timeline: TimelineStep[];
  /** the last stage note (pre-review note, return reason), with who wrote it */
  lastNote: string | null;
}

export function headerView(topic: TopicDetail): HeaderView {
  const last = [...topic.stageHistory].reverse().find((h) => h.note);
  return {
    title: topic.title,
    summary: topic.summary,
    stage: topic.stage,
    scopeLabel: topic.scopeLabel,
    openedBy: topic.openedByLabel,
    openedOn: formatShanghai(topic.openedAt, 'YYYY-MM-DD'),
    timeline: topicTimeline(topic.stage, topic.stageHistory),
    lastNote: last ? `${last.byLabel}（${dayOf(last.at)}）：${last.note}` : null,
  };
}

/* ------------------------------------------------------------------ plan versions */

export interface PlanView {
  versions: { version: number; label: string }[];
  selected: PlanVersionView | null;
  /** the selected version against the one before it (null for the first version) */
  diff: DiffLine[] | null;
  changed: boolean;
}

/** The plan at `version` (default: the latest) and its diff against the version before. */
export function planView(plans: readonly PlanVersionView[], version?: number): PlanView {
  const sorted = [...plans].sort((a, b) => a.version - b.version);
  const selected = sorted.find((p) => p.version === version) ?? sorted[sorted.length - 1] ?? null;
  const before = selected ? sorted.filter((p) => p.version < selected.version).pop() : undefined;
  const diff = selected && before ? planDiff(before.text, selected.text) : null;
  return {
    versions: sorted.map((p) => ({ version: p.version, label: `${TOPIC_TEXT.versionLabel(p.version)}（${dayOf(p.publishedAt)}）` })),
    selected,
    diff,
    changed: Boolean(diff?.some((d) => d.kind !== 'same')),
  };
}

/* ------------------------------------------------------------------ comments */

export interface CommentRow {
  commentId: string;
  isQuestion: boolean;
  chip: { label: string; tone: Tone } | null;
  author: string;
  /** 住户: residents' comments are marked and never counted in a vote */
  resident: boolean;
  text: string | null;
  hiddenNotice: string | null;
  answer: string | null;
  answerBy: string | null;
  awaitingAnswer: boolean;
  time: string;
  canReport: boolean;
  reported: boolean;
  canAnswer: boolean;
  canHide: boolean;
}

export function commentRows(out: Pick<ListCommentsOutput, 'comments' | 'can'>): CommentRow[] {
  return out.comments.map((c: CommentView) => {
    const hidden = c.hidden !== null;
    const isQuestion = c.kind === 'question';
    return {
      commentId: c.commentId,
      isQuestion,
      chip: isQuestion ? { label: TOPIC_TEXT.question, tone: 'info' } : stanceChip(c.stance ?? undefined),
      author: c.authorLabel,
      resident: c.authorRelation === 'resident',
      text: hidden ? null : c.text,
      hiddenNotice: hidden ? c.hiddenNotice : null,
      answer: c.answer?.text ?? null,
      answerBy: c.answer ? TOPIC_TEXT.answerBy(c.answer.byLabel) : null,
      awaitingAnswer: isQuestion && !c.answer && !hidden,
      time: formatShanghai(c.createdAt),
      canReport: out.can.report && !c.mine && !c.reportedByMe && !hidden,
      reported: c.reportedByMe,
      canAnswer: out.can.answer && isQuestion && !c.answer && !hidden,
      canHide: out.can.moderate && !hidden,
    };
  });
}

/* ------------------------------------------------------------------ petition */

export interface PetitionBars {
  area: { value: number; total: number };
  headcount: { value: number; total: number };
  reached: boolean;
  canSign: boolean;
  canWithdraw: boolean;
  signedUnits: string[];
}

/** Whole square metres for the bar (the exact comparison is the server's `reached`). */
export function petitionBars(p: PetitionView): PetitionBars {
  return {
    area: { value: Math.floor(p.signedAreaCenti / 100), total: Math.floor(p.totalAreaCenti / 100) },
    headcount: { value: p.signedHeadcount, total: p.totalHeadcount },
    reached: p.reached,
    canSign: p.mine.canSign,
    canWithdraw: p.mine.canWithdraw,
    signedUnits: p.mine.signedUnits,
  };
}

/* ------------------------------------------------------------------ moves */

/** Moves this page offers (the later steps of the vote are the next issue's pages). */
export const PAGE_MOVES: readonly TopicMove[] = ['accept', 'return', 'publishPlan', 'announce', 'openVoting', 'resubmit', 'withdraw', 'reject'];

export interface MoveButton {
  move: TopicMove;
  label: string;
  /** a form opens first (a note, a reason, a plan, a window); openVoting goes straight to the server */
  needsForm: boolean;
  danger: boolean;
}

export function moveButtons(moves: readonly TopicMove[]): MoveButton[] {
  return PAGE_MOVES.filter((m) => moves.includes(m)).map((move) => ({
    move,
    label: TOPIC_MOVE_LABELS[move],
    needsForm: move !== 'openVoting',
    danger: move === 'return' || move === 'withdraw' || move === 'reject',
  }));
}

/** A voting window of a week, within what the estate's rules allow (announceTerms from getTopic). */
export function defaultVotingDays(terms: { minDays: number; maxDays: number }): string {
  return String(Math.min(Math.max(7, terms.minDays), terms.maxDays));
}

export interface MoveForm {
  note: string;
  text: string;
  changeNote: string;
  opensOn: string;
  days: string;
}

/** Send a move; the server answers with the refusal in plain Chinese when it is not allowed (e.g. too early). */
export async function sendMove(api: DeliberationApi, topic: Pick<TopicDetail, 'topicId' | 'version' | 'title' | 'summary'>, estateId: string, move: TopicMove, form: MoveForm): Promise<ApiResult<unknown>> {
  const ref = { estateId, topicId: topic.topicId, expectedVersion: topic.version };
  const d = api.deliberation;
  switch (move) {
    case 'accept':
    case 'return':
      return d.prereviewTopic({ ...ref, decision: move, note: form.note });
    case 'publishPlan':
      return d.publishPlanVersion({ ...ref, text: form.text, changeNote: form.changeNote });
    case 'announce':
      return d.announceTopic({ ...ref, votingOpensOn: form.opensOn.trim(), votingDays: Number(form.days) });
    case 'openVoting':
      return d.openVoting(ref);
    case 'resubmit':
      return d.resubmitTopic({ ...ref, title: topic.title, summary: topic.summary, ...(form.note.trim() ? { note: form.note } : {}) });
    case 'withdraw':
      return d.withdrawTopic({ ...ref, reason: form.note });
    case 'reject':
      return d.rejectTopic({ ...ref, reason: form.note });
    default:
      return { ok: false, error: { code: 'VALIDATION_FAILED', message: '这一步请在后续版本的页面中操作' } } as ApiResult<unknown>;
  }
}

/* ------------------------------------------------------------------ loading */

export type DetailState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | {
      status: 'ready';
      detail: GetTopicOutput;
      comments: ListCommentsOutput | null;
      commentsError: ApiError | null;
      petition: PetitionView | null;
    };

export async function loadDetail(api: DeliberationApi, estateId: string, topicId: string): Promise<DetailState> {
  const d = api.deliberation;
  const [detail, comments] = await Promise.all([d.getTopic({ estateId, topicId }), d.listComments({ estateId, topicId })]);
  if (!detail.ok) return { status: 'error', error: detail.error };
  let petition: PetitionView | null = null;
  if (detail.data.topic.petition) {
    const p = await d.getPetition({ estateId, topicId });
    if (p.ok) petition = p.data.petition;
  }
  return {
    status: 'ready',
    detail: detail.data,
    comments: comments.ok ? comments.data : null,
    commentsError: comments.ok ? null : comments.error,
    petition,
  };
}
