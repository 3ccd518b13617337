/**
 * View logic of paper ballots (issue 11 item 3): the staff page packages/staff/voting/paper (requests to deliver,
 * the entry form with its confirm step, the review queue by a second staff member) and the owner's 申请纸质票
 * control on the 投票 page (src/packages/vote/paper-request.tsx). Pages stay thin; everything testable is here.
 */
import { BALLOT_CHOICE_LABELS, BALLOT_CHOICES, type BallotChoice } from '../../types/voting-shared';
import {
  PAPER_ENTRY_STATE_LABELS,
  PAPER_REQUEST_STATE_LABELS,
  type EnterPaperBallotInput,
  type ListPaperEntriesOutput,
  type ListPaperRequestsOutput,
  type PaperRequestOutput,
  type ReviewPaperEntryInput,
} from '../../types/voting-paper';
import { IDENTITY_LABELS } from '../../types/identity-labels';
import { formatShanghai } from '../../types/time';

export const PAPER_TEXT = {
  title: '纸质选票',
  noTopic: '现在没有正在表决的议题',
  requestsTitle: '待送达的纸质选票申请',
  requestsEmpty: '暂无业主申请纸质选票',
  markDelivered: '登记已送达',
  delivered: '已登记送达',
  enterFor: '录入这户的选票',
  entryTitle: '录入纸质选票',
  entryHint: '按纸质选票上的勾选逐项录入，并上传选票的照片或扫描件。录入后须由另一位工作人员复核，通过后才计入表决。',
  building: IDENTITY_LABELS.building,
  entrance: IDENTITY_LABELS.entrance,
  room: IDENTITY_LABELS.room,
  unitHint: '例如 1 号楼 1 单元 101，分别填 1、1、101',
  receivedDate: '收到日期',
  receivedTime: '收到时间',
  receivedHint: '选票交回的时间，须在表决期内（以服务器时间为准）',
  scan: '选票扫描件',
  pickScan: '拍照或选择图片',
  replaceScan: '重新选择',
  noScan: '尚未上传',
  uploading: '上传中…',
  next: '下一步：核对',
  confirmTitle: '请核对后提交',
  back: '返回修改',
  submit: '确认录入',
  submitting: '提交中…',
  entered: '已录入，等待复核',
  reviewTitle: '待复核的纸质选票',
  reviewEmpty: '暂无待复核的纸质选票',
  showScan: '查看扫描件',
  loadingScan: '正在加载扫描件…',
  ownEntry: '这张是你录入的，须由另一位工作人员复核',
  approve: '通过',
  reject: '退回',
  confirmApprove: '确认通过，计入表决',
  confirmReject: '确认退回',
  reasonLabel: '退回理由（必填）',
  reasonPlaceholder: '例如：扫描件上没有业主签名',
  reasonRequired: '请写明退回理由',
  cancel: '取消',
  approved: '已通过',
  invalid: '这套房屋已有有效选票，本张记为无效',
  rejected: '已退回',
  topicLabel: '表决议题',
} as const;

export const OWNER_PAPER_TEXT = {
  title: '纸质选票',
  offer: '不方便在手机上投票？可以申请纸质选票，由业委会或社区工作人员送到家。申请后，这套房屋就不能在线投票了。',
  request: '申请纸质选票',
  confirmRequest: '确认申请纸质选票？申请后将不能在线投票，纸质选票送达前可以撤回。',
  requested: '已申请纸质选票，等待工作人员送达。在线投票已关闭。',
  delivered: '纸质选票已送达，请填好后交回。在线投票已关闭。',
  withdraw: '撤回申请，改为在线投票',
  confirmWithdraw: '确认撤回纸质选票申请？撤回后可以在线投票。',
  withdrawn: '已撤回纸质选票申请，可以在线投票。',
  busy: '提交中…',
} as const;

// ───────────────────────── requests (to print and deliver) ─────────────────────────

export interface RequestRowView {
  unitId: string;
  title: string;
  line: string;
  tone: 'warning' | 'success';
  stateLabel: string;
  canMarkDelivered: boolean;
}

export function requestRows(out: ListPaperRequestsOutput): RequestRowView[] {
  return out.requests.map((r) => ({
    unitId: r.unitId,
    title: r.unitLabel,
    line: r.deliveredAt ? `申请于 ${formatShanghai(r.requestedAt, 'M月D日 HH:mm')}，送达于 ${formatShanghai(r.deliveredAt, 'M月D日 HH:mm')}` : `申请于 ${formatShanghai(r.requestedAt, 'M月D日 HH:mm')}`,
    tone: r.state === 'delivered' ? 'success' : 'warning',
    stateLabel: PAPER_REQUEST_STATE_LABELS[r.state],
    canMarkDelivered: r.state === 'requested',
  }));
}

// ───────────────────────── entry form ─────────────────────────

export interface PaperItem {
  itemId: string;
  title: string;
}

export interface EntryForm {
  building: string;
  entrance: string;
  room: string;
  choices: Record<string, BallotChoice | undefined>;
  /** Beijing date YYYY-MM-DD and time HH:mm */
  receivedDate: string;
  receivedTime: string;
  scan: { fileId: string; fileName: string } | null;
}

export const CHOICE_OPTIONS = BALLOT_CHOICES.map((value) => ({ value, label: BALLOT_CHOICE_LABELS[value] }));

/** A fresh form; received now (Beijing time); the unit from a request row when given (`estate:1-1-101`). */
export function emptyEntryForm(now: Date, unitId?: string): EntryForm {
  const [building = '', entrance = '', room = ''] = unitId ? (unitId.split(':').pop() ?? '').split('-') : [];
  return { building, entrance, room, choices: {}, receivedDate: formatShanghai(now, 'YYYY-MM-DD'), receivedTime: formatShanghai(now, 'HH:mm'), scan: null };
}

const PART = /^[A-Za-z0-9]{1,10}$/;
const clean = (s: string) => s.trim().replace(/号楼$|栋$|单元$|室$/, '');

/** the roster's unit id convention: `<estate>:<building>-<entrance>-<room>` */
export function unitIdOf(estateId: string, form: Pick<EntryForm, 'building' | 'entrance' | 'room'>): string | null {
  const parts = [clean(form.building), clean(form.entrance), clean(form.room)];
  return parts.every((p) => PART.test(p)) ? `${estateId}:${parts.join('-')}` : null;
}
export const unitLabelOf = (form: Pick<EntryForm, 'building' | 'entrance' | 'room'>) => `${clean(form.building)}号楼${clean(form.entrance)}单元${clean(form.room)}`;

/** Problems the form shows before anything is sent (field → message); the server checks everything again. */
export function entryProblems(form: EntryForm, items: readonly PaperItem[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!unitIdOf('x', form)) out.unit = '请填写楼栋、单元和房号（数字或字母）';
  for (const item of items) if (!form.choices[item.itemId]) out[`choice.${item.itemId}`] = `请录入“${item.title}”的选择`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.receivedDate) || !/^\d{2}:\d{2}$/.test(form.receivedTime)) out.receivedAt = '请填写收到的日期和时间';
  if (!form.scan) out.scanFileId = '请上传纸质选票的照片或扫描件';
  return out;
}

export const receivedAtOf = (form: Pick<EntryForm, 'receivedDate' | 'receivedTime'>) => `${form.receivedDate}T${form.receivedTime}:00+08:00`;

export function entryInput(estateId: string, topicId: string, idempotencyKey: string, form: EntryForm, items: readonly PaperItem[]): EnterPaperBallotInput {
  return {
    estateId,
    topicId,
    unitId: unitIdOf(estateId, form) ?? '',
    idempotencyKey,
    choices: items.map((i) => ({ itemId: i.itemId, choice: form.choices[i.itemId]! })),
    receivedAt: receivedAtOf(form),
    scanFileId: form.scan?.fileId ?? '',
  };
}

/** The confirm step: what will be entered, one line each, read aloud-able. */
export function confirmLines(form: EntryForm, items: readonly PaperItem[]): string[] {
  return [
    `房屋：${unitLabelOf(form)}`,
    ...items.map((i, n) => `${n + 1}. ${i.title}：${form.choices[i.itemId] ? BALLOT_CHOICE_LABELS[form.choices[i.itemId]!] : '未选'}`),
    `收到时间：${form.receivedDate.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')} ${form.receivedTime}`,
    `扫描件：${form.scan?.fileName ?? '未上传'}`,
  ];
}

/** Server field errors onto the form's fields (unitId → unit). */
export function entryFieldErrors(fields: readonly { field: string; message: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields ?? []) out[f.field === 'unitId' ? 'unit' : f.field] = f.message;
  return out;
}

/** a key for one entry, kept across retries of the same submission */
export const newEntryKey = (random: () => number = Math.random) => `pe-${Date.now().toString(36)}-${Math.floor(random() * 1e9).toString(36)}`.slice(0, 64);

// ───────────────────────── review queue ─────────────────────────

export interface EntryRowView {
  entryId: string;
  title: string;
  choiceLines: string[];
  line: string;
  stateLabel: string;
  /** only a staff member who did not enter it may decide it (双人复核) */
  canReview: boolean;
  hint: string | null;
}

export function entryRows(out: ListPaperEntriesOutput): EntryRowView[] {
  return out.entries.map((e) => ({
    entryId: e.entryId,
    title: e.unitLabel,
    choiceLines: e.choices.map((c, n) => `${n + 1}. ${c.title}：${BALLOT_CHOICE_LABELS[c.choice]}`),
    line: `收到 ${formatShanghai(e.receivedAt, 'M月D日 HH:mm')} · 录入 ${formatShanghai(e.enteredAt, 'M月D日 HH:mm')}${e.enteredByMe ? '（本人录入）' : ''}`,
    stateLabel: PAPER_ENTRY_STATE_LABELS[e.state],
    canReview: e.state === 'pending' && !e.enteredByMe,
    hint: e.state === 'pending' && e.enteredByMe ? PAPER_TEXT.ownEntry : e.rejectReason ? `退回理由：${e.rejectReason}` : null,
  }));
}

export function reviewInput(
  estateId: string,
  entryId: string,
  decision: 'approve' | 'reject',
  reason: string,
): { ok: true; input: ReviewPaperEntryInput } | { ok: false; message: string } {
  if (decision === 'approve') return { ok: true, input: { estateId, entryId, decision } };
  const rejectReason = reason.trim();
  if (!rejectReason) return { ok: false, message: PAPER_TEXT.reasonRequired };
  return { ok: true, input: { estateId, entryId, decision, rejectReason } };
}

export const reviewedToast = (state: 'approved' | 'rejected' | 'invalid') => (state === 'approved' ? PAPER_TEXT.approved : state === 'rejected' ? PAPER_TEXT.rejected : PAPER_TEXT.invalid);

// ───────────────────────── owner side ─────────────────────────

export interface OwnerPaperView {
  /** nothing to show: paper is not offered and never asked */
  hidden: boolean;
  line: string;
  action: 'request' | 'withdraw' | null;
  button: string | null;
  confirm: string | null;
  /** the vote page must not offer online voting (a live request) */
  onlineClosed: boolean;
}

export function ownerPaperView(out: PaperRequestOutput): OwnerPaperView {
  const live = out.state === 'requested' || out.state === 'delivered';
  if (!out.offered && !live) return { hidden: true, line: '', action: null, button: null, confirm: null, onlineClosed: false };
  if (out.state === 'requested') {
    return { hidden: false, line: OWNER_PAPER_TEXT.requested, action: out.canWithdraw ? 'withdraw' : null, button: out.canWithdraw ? OWNER_PAPER_TEXT.withdraw : null, confirm: OWNER_PAPER_TEXT.confirmWithdraw, onlineClosed: true };
  }
  if (out.state === 'delivered') return { hidden: false, line: OWNER_PAPER_TEXT.delivered, action: null, button: null, confirm: null, onlineClosed: true };
  if (!out.canRequest) return { hidden: true, line: '', action: null, button: null, confirm: null, onlineClosed: false };
  return {
    hidden: false,
    line: out.state === 'withdrawn' ? OWNER_PAPER_TEXT.withdrawn : OWNER_PAPER_TEXT.offer,
    action: 'request',
    button: OWNER_PAPER_TEXT.request,
    confirm: OWNER_PAPER_TEXT.confirmRequest,
    onlineClosed: false,
  };
}
