/**
 * View logic of proxy voting (书面委托): the owner's mandate form and its status, the proxy's code entry and
 * ballot within the instructions, the staff check queue. Pure: the pages in src/packages/vote/mandate and
 * src/packages/staff/voting/mandates only render what these functions return.
 */
import type { FieldError } from '../../types/errors';
import { BALLOT_CHOICE_LABELS, BALLOT_CHOICES, type BallotChoice } from '../../types/voting-shared';
import {
  MANDATE_INSTRUCTION_LABELS,
  MANDATE_INSTRUCTIONS,
  MANDATE_STATUS_LABELS,
  normalizeMandateCode,
  proxyLabels,
  type MandateInstruction,
  type MandateStatus,
  type OwnerMandateView,
  type ProxyMandateView,
  type StaffMandateView,
} from '../../types/voting-proxy';
import { formatShanghai } from '../../types/time';
import { resultLabels } from '../../types/voting-result';
import { routeUrl } from './page-access';
import { ROUTES } from './workbench';
import type { Tone } from './status-tone';

export const MANDATE_ROUTE = ROUTES.proxyVote;
export const STAFF_MANDATES_ROUTE = '/packages/staff/voting/mandates/index';

/** the owner's side of the page for one unit and topic; without them the page is the proxy's side */
export const ownerMandateUrl = (estateId: string, topicId: string, unitId: string) => routeUrl(MANDATE_ROUTE, { estateId, topicId, unitId });
export const proxyMandateUrl = () => MANDATE_ROUTE;

export const MANDATE_TEXT = {
  linkTitle: '委托他人投票',
  linkHint: '自己不方便投票时，可以书面委托亲友代为投票',
  linkOpen: '委托他人投票',
  linkView: '查看委托',
  ownerTitle: '委托他人投票',
  ownerIntro: '填写代理人，对每个事项写明委托意见，上传签好名的书面委托书。社区核验委托书后，代理人才能代为投票。',
  notAllowed: '本次表决的议事规则不允许委托他人投票。',
  proxyName: proxyLabels.proxyName,
  proxyPhone: '代理人手机号（选填）',
  instructionsTitle: '逐项委托意见',
  scanTitle: '签名的书面委托书',
  scanRequiredHint: '必须上传：请拍下或扫描业主签名的委托书',
  scanOptionalHint: '选填：有签名的委托书请一并上传',
  scanPick: '拍照或选择文件',
  scanChange: '重新选择',
  scanUploading: '正在上传…',
  submit: '生成委托码',
  submitting: '正在提交…',
  codeTitle: '委托码',
  codeHint: '请把委托码告诉代理人（当面、电话或微信）。代理人在微信里打开「共议」→「我的」→「代人投票」，输入委托码即可接受委托。委托码只显示这一次。',
  copy: '复制委托码',
  copied: '已复制',
  revoke: '撤销委托',
  revokeConfirm: '撤销后代理人不能再代为投票，确定撤销吗？',
  revoking: '正在撤销…',
  newMandate: '重新委托',
  proxyTitle: '代人投票',
  proxyIntro: '业主把委托码交给你后，在这里输入。社区核验委托书后，你就可以按委托意见代为投票。',
  codeLabel: '委托码',
  codePlaceholder: '例如 ABCD-EFGH-JKMN',
  accept: '接受委托',
  accepting: '正在核对…',
  myMandates: '我接受的委托',
  noMandates: '还没有接受委托',
  vote: '代为投票',
  voteTitle: '按委托意见投票',
  fixedHint: '委托人已指定',
  freeHint: '由你决定',
  castSubmit: '提交选票',
  casting: '正在提交…',
  done: '已代为投票',
  receipt: resultLabels.receipt,
  staffTitle: '委托书核验',
  staffEmpty: '没有等待核验的委托书',
  viewScan: '查看委托书',
  noScan: '未上传委托书',
  approve: '核验通过',
  reject: '退回',
  rejectReason: '退回理由（业主会看到）',
  rejectPlaceholder: '例如：委托书上的签名与业主不一致',
  showAll: '全部委托',
  showQueue: '待核验',
} as const;

export const INSTRUCTION_OPTIONS: { value: MandateInstruction; label: string }[] = MANDATE_INSTRUCTIONS.map((value) => ({ value, label: MANDATE_INSTRUCTION_LABELS[value] }));

export function mandateStatusTone(status: MandateStatus): Tone {
  switch (status) {
    case 'approved':
    case 'voted':
      return 'success';
    case 'awaiting':
      return 'warning';
    case 'rejected':
      return 'danger';
    default:
      return 'neutral';
  }
}
export const mandateStatusLabel = (status: MandateStatus) => MANDATE_STATUS_LABELS[status];

export interface MandateForm {
  proxyName: string;
  proxyPhone: string;
  instructions: Record<string, MandateInstruction | undefined>;
  scan: { fileId: string; fileName: string } | null;
}
export const emptyMandateForm = (): MandateForm => ({ proxyName: '', proxyPhone: '', instructions: {}, scan: null });

/** What is missing before the form may be sent, by field ('instructions.<itemId>' per item). */
export function mandateFormProblems(form: MandateForm, items: readonly { itemId: string; title: string }[], scanRequired: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const name = form.proxyName.trim();
  if (name.length < 2) out.proxyName = '请填写代理人的姓名';
  const phone = form.proxyPhone.replace(/[\s-]/g, '');
  if (phone && !/^1[3-9]\d{9}$/.test(phone)) out.proxyPhone = '手机号应为 11 位数字';
  for (const item of items) if (!form.instructions[item.itemId]) out[`instructions.${item.itemId}`] = `请选择对“${item.title}”的委托意见`;
  if (scanRequired && !form.scan) out.scanFileId = '请上传签名的书面委托书';
  return out;
}

export function createMandateInput(ref: { estateId: string; topicId: string; unitId: string }, form: MandateForm, items: readonly { itemId: string }[]) {
  const phone = form.proxyPhone.trim();
  return {
    ...ref,
    proxyName: form.proxyName.trim(),
    ...(phone ? { proxyPhone: phone } : {}),
    instructions: items.map((i) => ({ itemId: i.itemId, instruction: form.instructions[i.itemId]! })),
    ...(form.scan ? { scanFileId: form.scan.fileId } : {}),
  };
}

/** Server field errors onto the form's fields (instructions.<index> → instructions.<itemId>). */
export function mandateFieldErrors(fields: readonly FieldError[] | undefined, items: readonly { itemId: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields ?? []) {
    const m = /^instructions\.(\d+)/.exec(f.field);
    const key = m ? `instructions.${items[Number(m[1])]?.itemId ?? m[1]}` : f.field;
    out[key] = f.message;
  }
  return out;
}

/** The owner's status card: one line of what happens next. */
export function ownerStatusLine(m: OwnerMandateView): string {
  switch (m.status) {
    case 'awaiting':
      return m.acceptedAt ? `代理人 ${m.proxyName} 已接受委托，等待社区核验委托书。` : `等待代理人 ${m.proxyName} 输入委托码，以及社区核验委托书。`;
    case 'approved':
      return m.acceptedAt ? `委托书已核验，代理人 ${m.proxyName} 可以代为投票。` : `委托书已核验，等待代理人 ${m.proxyName} 输入委托码。`;
    case 'rejected':
      return `委托书核验未通过：${m.rejectReason ?? ''}。可以重新委托。`;
    case 'revoked':
      return '委托已撤销。';
    case 'lapsed':
      return '这套房屋已经投票，委托不再有效。';
    case 'voted':
      return `代理人 ${m.proxyName} 已代为投票，回执码 ${m.receipt ?? ''}。`;
  }
}

/** the owner may revoke while the mandate binds; create a new one once it ended (not after the unit voted) */
export const canRevoke = (m: OwnerMandateView | null) => !!m && (m.status === 'awaiting' || m.status === 'approved');
export const canCreate = (m: OwnerMandateView | null) => !m || m.status === 'revoked' || m.status === 'rejected';

/** The choices a proxy may make for one item: only the instructed one, or all three when the proxy decides. */
export const allowedChoices = (instruction: MandateInstruction): BallotChoice[] => (instruction === 'proxy' ? [...BALLOT_CHOICES] : [instruction]);
export const choiceLabel = (c: BallotChoice) => BALLOT_CHOICE_LABELS[c];

/** The proxy's starting ballot: instructed items filled in, the proxy's own left open. */
export function initialProxyChoices(m: ProxyMandateView): Record<string, BallotChoice | undefined> {
  const out: Record<string, BallotChoice | undefined> = {};
  for (const i of m.instructions) out[i.itemId] = i.instruction === 'proxy' ? undefined : i.instruction;
  return out;
}

/** The first item still without a choice (its title), or null when the package is complete. */
export function missingChoice(m: ProxyMandateView, choices: Record<string, BallotChoice | undefined>): string | null {
  return m.instructions.find((i) => !choices[i.itemId])?.title ?? null;
}

export const proxyBallotInput = (m: ProxyMandateView, choices: Record<string, BallotChoice | undefined>, idempotencyKey: string) => ({
  estateId: m.estateId,
  topicId: m.topicId,
  unitId: m.unitId,
  idempotencyKey,
  choices: m.instructions.map((i) => ({ itemId: i.itemId, choice: choices[i.itemId]! })),
});

/** a fresh idempotency key for one proxy submission (kept while the page is open, reused by retries) */
export const newProxyKey = (random: () => number = Math.random) => `px-${Date.now().toString(36)}-${Math.floor(random() * 1e9).toString(36)}`;

/** One line under a mandate in the proxy's list. */
export function proxyMandateLine(m: ProxyMandateView, now: number): string {
  if (m.status === 'voted') return `已代为投票，回执码 ${m.receipt ?? ''}`;
  if (m.status === 'awaiting') return '等待社区核验委托书，核验通过后才能投票';
  if (m.status === 'approved') {
    if (now < Date.parse(m.votingOpensAt)) return `表决 ${formatShanghai(m.votingOpensAt)} 开始`;
    if (now >= Date.parse(m.votingClosesAt)) return '表决已结束';
    return `请在 ${formatShanghai(m.votingClosesAt)} 前投票`;
  }
  return MANDATE_STATUS_LABELS[m.status];
}

/** What the code field holds is accepted once it has 12 characters (dashes and spaces ignored). */
export const codeComplete = (raw: string) => /^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{12}$/.test(normalizeMandateCode(raw));

/** Staff rows: who, which unit, the instructions in one line. */
export function staffRowLines(m: StaffMandateView): { title: string; lines: string[] } {
  const lines = [
    `代理人：${m.proxyName}${m.proxyPhone ? `（${m.proxyPhone}）` : ''}${m.accepted ? '，已接受委托' : '，尚未输入委托码'}`,
    `委托意见：${m.instructions.map((i) => `${i.title}：${MANDATE_INSTRUCTION_LABELS[i.instruction]}`).join('；')}`,
    `提交于 ${formatShanghai(m.createdAt)}`,
  ];
  if (m.checkedAt) lines.push(`${m.checkedByLabel ?? ''}核验于 ${formatShanghai(m.checkedAt)}${m.rejectReason ? `，退回理由：${m.rejectReason}` : ''}`);
  return { title: `${m.unitLabel} · ${m.title}`, lines };
}

export const rejectProblem = (reason: string) => (reason.trim().length < 2 ? '请写明退回理由' : null);
