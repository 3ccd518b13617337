/**
 * The owner's 投票 page without Taro (issue 11 item 9): which unit, read and confirm the frozen package, choose
 * every item, review, submit with ONE idempotency key per submission (kept in storage across retries and
 * reloads), the receipt, and 已完成 afterwards (never a tally). Every refusal becomes a plain sentence and, where
 * it tells the owner something about the ballot (already voted, window closed, not the representative), a step.
 */
import type { ApiError, ApiResult } from '../../types/errors';
import type { GetTopicOutput, TopicItemView } from '../../types/deliberation';
import type { MeOutput, UnitOwnersOutput } from '../../types/identity';
import { MATTERS, type MatterNumber } from '../../types/matters';
import { formatShanghai } from '../../types/time';
import { resultLabels } from '../../types/voting-result';
import { BALLOT_CHOICE_LABELS, BALLOT_CHOICES, type BallotChoice, type CastBallotOutput, type MyBallotRow, type MyBallotsOutput } from '../../types/voting';

export { BALLOT_CHOICES, BALLOT_CHOICE_LABELS };

export const VOTE_TEXT = {
  pageTitle: '投票',
  pickUnit: '请选择为哪套房屋投票',
  pickUnitHint: '每套房屋单独投一次票。',
  readTitle: '第一步：阅读表决材料',
  readHint: '下面是公告时确定的表决事项和方案，公告后不会再改。读完请点“我已阅读”。',
  confirmRead: '我已阅读，开始投票',
  chooseTitle: '第二步：逐项选择',
  chooseHint: '每一项都要选：同意、反对或弃权。弃权也算参加了表决。',
  toReview: '选好了，核对一遍',
  missing: (n: number) => `还有 ${n} 项没有选，请每一项都选一个。`,
  reviewTitle: '第三步：核对后提交',
  reviewHint: '提交后不能修改。请确认每一项都是你的选择。',
  submit: '确认无误，提交选票',
  submitting: '正在提交…',
  change: '返回修改',
  receiptTitle: '投票成功',
  receiptLead: '你的选票已收到。请记下回执码，以后可以用它核对你的选票已被计入。',
  receiptLabel: resultLabels.receipt,
  copy: '复制回执码',
  copied: '已复制',
  doneTitle: '已完成',
  doneLead: '这套房屋已经投过票。结果要等表决结束、统计后公布。',
  alreadyLead: '这套房屋已经投过票，以下是有效选票的回执码。刚才的提交没有改变原来的选票。',
  castAt: (at: string) => `投票时间：${formatShanghai(at, 'M月D日 HH:mm')}`,
  closedTitle: '现在不能投票',
  notRepTitle: '请由表决权代表投票',
  notRep: (name: string | null) =>
    name ? `这套房屋的表决权代表是 ${name}，由他（她）投票。共有人可以在“我的房屋”里查看或变更表决权代表。` : '这套房屋由表决权代表投票。共有人可以在“我的房屋”里查看或变更表决权代表。',
  noUnit: '你没有在这次表决范围内的房屋。只有公告时名册上的业主可以投票。',
  network: '网络不稳定，选票可能没有送到。请再点一次“提交”：重复提交不会多算一票。',
  threshold: '通过条件：',
  mine: '我的投票',
  backToTopic: '返回议题',
  unitChosen: (label: string) => `为 ${label} 投票`,
  unitOf: (label: string) => `房屋：${label}`,
  otherUnit: '换一套房屋',
  item: (i: number) => `第 ${i} 项`,
  planTitle: '方案',
} as const;

/* ------------------------------------------------------------------ data */

export interface VoteUnit {
  unitId: string;
  label: string;
  isRepresentative: boolean;
  status: MyBallotRow['status'];
  receipt: string | null;
  castAt: string | null;
  deliveredAt: string | null;
}

export interface VoteItem {
  itemId: string;
  number: number;
  title: string;
  description: string;
  matterShort: string;
  /** e.g. 参与表决的面积和人数都要达到三分之二以上，同意的面积和人数都要达到参与表决的四分之三以上 */
  thresholdText: string;
}

export interface VoteData {
  title: string;
  stage: string;
  votingOpensAt: string | null;
  votingClosesAt: string | null;
  items: VoteItem[];
  plan: string | null;
  units: VoteUnit[];
}

export function voteItems(items: readonly TopicItemView[]): VoteItem[] {
  return items.map((it, i) => ({
    itemId: it.itemId,
    number: i + 1,
    title: it.title,
    description: it.description,
    matterShort: MATTERS[it.matter as MatterNumber]?.shortLabel ?? it.matterLabel,
    thresholdText: it.thresholdText,
  }));
}

/** The units this account may see in this vote: from 我的投票's rows (the frozen electorate), with who votes. */
export function voteUnits(topicId: string, rows: readonly MyBallotRow[], me: MeOutput | null): VoteUnit[] {
  const mine = new Map((me?.current?.units ?? []).map((u) => [u.unitId, u]));
  return rows
    .filter((r) => r.topicId === topicId)
    .map((r) => ({
      unitId: r.unitId,
      label: r.unitLabel,
      isRepresentative: mine.get(r.unitId)?.isRepresentative ?? false,
      status: r.status,
      receipt: r.receipt,
      castAt: r.castAt,
      deliveredAt: r.deliveredAt,
    }));
}

export function voteData(topic: GetTopicOutput, ballots: MyBallotsOutput, me: MeOutput | null): VoteData {
  const t = topic.topic;
  const a = t.announcement;
  const planNo = a?.planVersion ?? 0;
  const plan = t.plans.find((p) => p.version === planNo) ?? null;
  return {
    title: t.title,
    stage: t.stage,
    votingOpensAt: a?.votingOpensAt ?? null,
    votingClosesAt: a?.votingClosesAt ?? null,
    items: voteItems(a?.items ?? []),
    plan: plan?.text ?? null,
    units: voteUnits(t.topicId, ballots.ballots, me),
  };
}

/* ------------------------------------------------------------------ the flow */

export type VoteStep = 'unit' | 'read' | 'choose' | 'review' | 'receipt' | 'done' | 'closed' | 'notRep' | 'noUnit';

export interface PendingSubmission {
  key: string;
  choices: Record<string, BallotChoice>;
}

export interface VoteState {
  step: VoteStep;
  unitId: string | null;
  choices: Record<string, BallotChoice>;
  /** the submission being sent: its key is reused for every retry of the same choices */
  pending: PendingSubmission | null;
  receipt: { code: string; castAt: string | null; already: boolean } | null;
  busy: boolean;
  /** a plain sentence shown above the step (refusal, network trouble, missing items) */
  message: string | null;
  /** items not yet chosen when the owner asked to review */
  missing: string[];
}

export type VoteAction =
  | { type: 'pickUnit'; unit: VoteUnit; pending: PendingSubmission | null; windowOpen: boolean; draft?: Record<string, BallotChoice> | null }
  | { type: 'changeUnit' }
  | { type: 'delivered' }
  | { type: 'choose'; itemId: string; choice: BallotChoice }
  | { type: 'review'; itemIds: readonly string[] }
  | { type: 'back' }
  | { type: 'submit'; pending: PendingSubmission }
  | { type: 'submitted'; receipt: string; castAt: string }
  | { type: 'refused'; error: ApiError; representative?: string | null }
  | { type: 'message'; message: string | null }
  | { type: 'init'; state: VoteState };

export const EMPTY_VOTE: VoteState = { step: 'unit', unitId: null, choices: {}, pending: null, receipt: null, busy: false, message: null, missing: [] };

/** Where the page starts: the only unit is chosen for the owner; several units ask first. */
export function initialVote(
  units: readonly VoteUnit[],
  windowOpen: boolean,
  pendingOf: (unitId: string) => PendingSubmission | null,
  draftOf: (unitId: string) => Record<string, BallotChoice> | null = () => null,
): VoteState {
  if (units.length === 0) return { ...EMPTY_VOTE, step: 'noUnit' };
  if (units.length === 1) return voteReducer(EMPTY_VOTE, { type: 'pickUnit', unit: units[0]!, pending: pendingOf(units[0]!.unitId), windowOpen, draft: draftOf(units[0]!.unitId) });
  return EMPTY_VOTE;
}

export function voteReducer(state: VoteState, action: VoteAction): VoteState {
  switch (action.type) {
    case 'pickUnit': {
      const u = action.unit;
      const base: VoteState = { ...EMPTY_VOTE, unitId: u.unitId };
      if (u.status === 'done') return { ...base, step: 'done', receipt: { code: u.receipt ?? '', castAt: u.castAt, already: false } };
      if (u.status === 'missed' || !action.windowOpen) return { ...base, step: 'closed' };
      if (!u.isRepresentative) return { ...base, step: 'notRep' };
      // a submission that may have reached the server before a reload: back to review, same key, same choices
      if (action.pending) return { ...base, step: 'review', choices: { ...action.pending.choices }, pending: action.pending };
      // choices made before a reload (e.g. switching 大字模式) are kept once delivery is confirmed
      return u.deliveredAt ? { ...base, step: 'choose', choices: { ...(action.draft ?? {}) } } : { ...base, step: 'read' };
    }
    case 'changeUnit':
      return EMPTY_VOTE;
    case 'delivered':
      return { ...state, step: 'choose', busy: false, message: null };
    case 'choose':
      return { ...state, choices: { ...state.choices, [action.itemId]: action.choice }, missing: state.missing.filter((id) => id !== action.itemId), message: null };
    case 'review': {
      const missing = action.itemIds.filter((id) => !state.choices[id]);
      if (missing.length) return { ...state, missing, message: null };
      return { ...state, step: 'review', missing: [], message: null };
    }
    case 'back':
      return { ...state, step: 'choose', message: null };
    case 'submit':
      return { ...state, busy: true, pending: action.pending, message: null };
    case 'submitted':
      return { ...state, busy: false, step: 'receipt', pending: null, receipt: { code: action.receipt, castAt: action.castAt, already: false }, message: null };
    case 'refused':
      return refused(state, action.error, action.representative ?? null);
    case 'message':
      return { ...state, busy: false, message: action.message };
    case 'init':
      return action.state;
  }
}

function refused(state: VoteState, error: ApiError, representative: string | null): VoteState {
  const s = { ...state, busy: false };
  switch (error.code) {
    case 'ALREADY_VOTED':
      return { ...s, step: 'receipt', pending: null, receipt: { code: String(error.params?.receipt ?? ''), castAt: null, already: true }, message: null };
    case 'BALLOT_WINDOW_CLOSED':
    case 'BALLOT_WINDOW_NOT_OPEN':
    case 'BALLOT_STAGE':
    case 'BALLOT_ONLINE_CLOSED':
    case 'BALLOT_PAPER_REQUESTED':
    case 'NOT_IN_ELECTORATE':
      return { ...s, step: 'closed', pending: null, message: error.message };
    case 'NOT_REPRESENTATIVE':
      return { ...s, step: 'notRep', pending: null, message: VOTE_TEXT.notRep(representative) };
    case 'DELIVERY_REQUIRED':
      return { ...s, step: 'read', message: error.message };
    case 'IDEMPOTENCY_KEY_REUSED':
      // the stored key belongs to other choices: forget it, the next tap makes a new one
      return { ...s, pending: null, message: error.message };
    case 'NETWORK_ERROR':
      return { ...s, message: VOTE_TEXT.network };
    default:
      return { ...s, message: error.message };
  }
}

/* ------------------------------------------------------------------ the idempotency key */

/** What the page keeps between reloads: Taro storage on the device (a small interface so tests pass a map). */
export interface KeyStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export const pendingStorageKey = (topicId: string, unitId: string) => `gongyi.vote.${topicId}.${unitId}`;
/** choices not yet submitted, so a reload (大字模式, a phone call) does not lose them */
export const draftStorageKey = (topicId: string, unitId: string) => `gongyi.voteDraft.${topicId}.${unitId}`;

const validChoices = (v: unknown): Record<string, BallotChoice> => {
  const choices: Record<string, BallotChoice> = {};
  if (typeof v !== 'object' || v === null) return choices;
  for (const [k, c] of Object.entries(v)) if ((BALLOT_CHOICES as readonly string[]).includes(c as string)) choices[k] = c as BallotChoice;
  return choices;
};

export function readDraft(store: KeyStore, topicId: string, unitId: string): Record<string, BallotChoice> | null {
  const choices = validChoices(store.get(draftStorageKey(topicId, unitId)));
  return Object.keys(choices).length ? choices : null;
}

export function saveDraft(store: KeyStore, topicId: string, unitId: string, choices: Record<string, BallotChoice>): void {
  if (Object.keys(choices).length) store.set(draftStorageKey(topicId, unitId), choices);
  else store.remove(draftStorageKey(topicId, unitId));
}

const sameChoices = (a: Record<string, BallotChoice>, b: Record<string, BallotChoice>) => {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
};

export function readPending(store: KeyStore, topicId: string, unitId: string): PendingSubmission | null {
  const v = store.get(pendingStorageKey(topicId, unitId)) as Partial<PendingSubmission> | null | undefined;
  if (!v || typeof v.key !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(v.key) || typeof v.choices !== 'object' || v.choices === null) return null;
  return { key: v.key, choices: validChoices(v.choices) };
}

/** A fresh random key (24 characters of [A-Za-z0-9]). */
export function newIdempotencyKey(random: () => number = Math.random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 24; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/**
 * The submission for these choices: the SAME key as the stored one when the choices are the same (a retry after a
 * network failure or a reload), else a new key; stored before sending so a reload keeps it.
 */
export function submissionFor(store: KeyStore, topicId: string, unitId: string, choices: Record<string, BallotChoice>, makeKey: () => string = newIdempotencyKey): PendingSubmission {
  const stored = readPending(store, topicId, unitId);
  const pending = stored && sameChoices(stored.choices, choices) ? stored : { key: makeKey(), choices: { ...choices } };
  store.set(pendingStorageKey(topicId, unitId), pending);
  return pending;
}

export function castInput(estateId: string, topicId: string, unitId: string, items: readonly { itemId: string }[], pending: PendingSubmission) {
  return { estateId, topicId, unitId, idempotencyKey: pending.key, choices: items.map((i) => ({ itemId: i.itemId, choice: pending.choices[i.itemId]! })) };
}

/** After an answer: the stored key is needed no more once the server has a valid ballot for the unit. */
export function settle(store: KeyStore, topicId: string, unitId: string, result: ApiResult<CastBallotOutput>): void {
  if (result.ok || result.error.code === 'ALREADY_VOTED' || result.error.code === 'IDEMPOTENCY_KEY_REUSED') store.remove(pendingStorageKey(topicId, unitId));
  if (result.ok || result.error.code === 'ALREADY_VOTED') store.remove(draftStorageKey(topicId, unitId));
}

/** The representative's (masked) name, for "请由表决权代表投票". */
export function representativeName(owners: UnitOwnersOutput | null): string | null {
  return owners?.owners.find((o) => o.isRepresentative && !o.isMe)?.displayName ?? null;
}

/* ------------------------------------------------------------------ what the steps show */

export interface ReviewRow {
  itemId: string;
  label: string;
  title: string;
  choice: BallotChoice | null;
  choiceLabel: string;
}

export function reviewRows(items: readonly VoteItem[], choices: Record<string, BallotChoice>): ReviewRow[] {
  return items.map((it) => {
    const c = choices[it.itemId] ?? null;
    return { itemId: it.itemId, label: VOTE_TEXT.item(it.number), title: it.title, choice: c, choiceLabel: c ? BALLOT_CHOICE_LABELS[c] : '未选' };
  });
}

export function windowOpen(data: Pick<VoteData, 'stage' | 'votingOpensAt' | 'votingClosesAt'>, nowMs: number): boolean {
  if (data.stage !== 'voting' || !data.votingOpensAt || !data.votingClosesAt) return false;
  return nowMs >= Date.parse(data.votingOpensAt) && nowMs < Date.parse(data.votingClosesAt);
}

/** Why the page cannot take a ballot now, in one sentence (no refusal from the server yet). */
export function closedText(data: Pick<VoteData, 'stage' | 'votingOpensAt' | 'votingClosesAt'>, nowMs: number): string {
  if (data.votingOpensAt && nowMs < Date.parse(data.votingOpensAt)) return `表决要到 ${formatShanghai(data.votingOpensAt, 'M月D日 HH:mm')} 才开始。`;
  if (data.votingClosesAt && nowMs >= Date.parse(data.votingClosesAt)) return `表决已于 ${formatShanghai(data.votingClosesAt, 'M月D日 HH:mm')} 结束，不能再投票。`;
  return '这个议题现在不在表决中。';
}

/** The deadline as people say it: a Beijing midnight is 24:00 of the day before (截止 12月4日 24:00). */
export function deadlineText(closesAt: string): string {
  const at = Date.parse(closesAt);
  if (formatShanghai(closesAt, 'HH:mm') === '00:00') return `${formatShanghai(at - 60_000, 'M月D日')} 24:00 截止`;
  return `${formatShanghai(closesAt, 'M月D日 HH:mm')} 截止`;
}

/** The line under each unit in the unit picker. */
export function unitStatusText(u: VoteUnit): string {
  if (u.status === 'done') return `已完成 · 回执 ${u.receipt ?? ''}`;
  if (u.status === 'missed') return '未投票，表决已结束';
  if (!u.isRepresentative) return '由表决权代表投票';
  return '待投票';
}

export type VoteApi = {
  deliberation: { getTopic(input: { estateId: string; topicId: string }): Promise<ApiResult<GetTopicOutput>> };
  identity: { me(input: { estateId?: string }): Promise<ApiResult<MeOutput>> };
  voting: { myBallots(input: { estateId: string }): Promise<ApiResult<MyBallotsOutput>> };
};

export type VoteLoad = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: VoteData };

export async function loadVote(api: VoteApi, estateId: string, topicId: string): Promise<VoteLoad> {
  const [topic, ballots, me] = await Promise.all([api.deliberation.getTopic({ estateId, topicId }), api.voting.myBallots({ estateId }), api.identity.me({ estateId })]);
  if (!topic.ok) return { status: 'error', error: topic.error };
  if (!ballots.ok) return { status: 'error', error: ballots.error };
  return { status: 'ready', data: voteData(topic.data, ballots.data, me.ok ? me.data : null) };
}
