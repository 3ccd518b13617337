/**
 * View logic of 审核队列 (packages/staff/identity/review): pending certificate reviews and offline checks,
 * compared against the roster owners of the unit, decided with a reason (required when rejecting), and
 * accounts locked out of roster matching, which staff can unlock.
 */
import { VERIFICATION_METHOD_LABELS } from '../../types/identity-labels';
import type {
  DecideVerificationInput,
  ResidenceKind,
  ReviewQueueItem,
  ReviewQueueOutput,
  UnlockInput,
} from '../../types/identity';
import { formatShanghai } from '../../types/time';

export const REVIEW_TEXT = {
  title: '审核队列',
  pendingTitle: '待审核的申请',
  empty: '暂无待审核的申请',
  lockedTitle: '名册比对被锁定的账号',
  noLocked: '暂无被锁定的账号',
  // staff see names only partly (王*国): the photo or the person in front of them is what they compare
  compareHint: '请打开照片核对：照片上的权利人姓名应与申请人相符（这里的姓名隐藏了中间的字，以照片为准），房屋坐落应与申请的房号一致。',
  residentHint: '住户登记不和名册比对。请向这套房屋的业主或物业核实申请人确实住在这里，再决定是否通过。',
  showPhoto: '查看照片',
  loadingPhoto: '正在加载…',
  approve: '通过',
  reject: '驳回',
  reasonLabel: '驳回理由（必填，申请人会看到）',
  reasonPlaceholder: '例如：照片不清晰，请重新拍摄产权证首页',
  noteLabel: '备注（选填，仅工作人员可见）',
  confirmApprove: '确认通过',
  confirmReject: '确认驳回',
  cancel: '取消',
  submitting: '提交中…',
  approved: '已通过',
  rejected: '已驳回',
  unlock: '解锁',
  unlocked: '已解锁',
  unlockReasonLabel: '解锁理由（必填，记录在审计日志中）',
  unlockReasonPlaceholder: '例如：已电话联系本人，确认是本人输错了手机号',
  confirmUnlock: '确认解锁',
  unlockReasonNeeded: '解锁时请填写理由（至少 2 个字）',
  offlineHint: '请核对申请人出示的核验码和不动产权证原件。',
  transferDeveloperHeld: '注意：名册登记这套房屋为开发商持有。通过即作出产权转移决定，须填写理由并会记录在审计日志中。',
  transferVerifiedOwner: '注意：这套房屋已有账号认证为业主。通过即作出产权转移决定：原账号将解除与房屋的关联，表决权代表改为申请人。须填写理由并会记录在审计日志中。',
  transferReasonLabel: '产权转移理由（必填，记录在审计日志中）',
  transferReasonPlaceholder: '例如：已核对新的不动产权证原件和网签合同',
  certificateRetiresRoster: '通过后，名册中原登记的业主暂时不能用名册比对认证这套房屋，直到新版名册更新。',
  residenceLabel: '核实的居住位置（住户提诉求时使用）',
} as const;

/** Why approving is a transfer of ownership (developer-held unit, or another verified account), or null. */
export function transferWarningText(w: ReviewQueueItem['transferWarning']): string | null {
  if (w === 'developer_held') return REVIEW_TEXT.transferDeveloperHeld;
  if (w === 'verified_owner') return REVIEW_TEXT.transferVerifiedOwner;
  return null;
}

export interface ReviewItemView {
  requestId: string;
  title: string; // "产权证审核 · 3号楼1单元702"
  applicantLine: string;
  rosterLine: string;
  createdLine: string;
  codeLine: string | null;
  photoCount: number;
  hint: string;
  /** shown above the decision buttons; approving needs a transfer reason when set */
  transferWarning: string | null;
  needsTransfer: boolean;
  /** a resident registration: where staff confirm the resident lives (the claimed unit, or only its building); else null */
  residenceChoices: { kind: ResidenceKind; label: string }[] | null;
}

/** "2号楼1单元502" → "2号楼" (unit labels start with the building: server/app/identity/records.ts unitLabel) */
const buildingOf = (unitLabel: string) => (unitLabel.includes('号楼') ? `${unitLabel.split('号楼')[0]}号楼` : unitLabel);

export function reviewItemView(item: ReviewQueueItem): ReviewItemView {
  return {
    requestId: item.requestId,
    title: `${VERIFICATION_METHOD_LABELS[item.method] ?? item.method} · ${item.unitLabel}`,
    applicantLine: `申请人：${item.applicantName}`,
    rosterLine: item.rosterOwners.length ? `名册登记业主：${item.rosterOwners.join('、')}` : '名册登记业主：名册中该房屋没有登记业主',
    createdLine: `提交时间：${formatShanghai(item.createdAt)}`,
    codeLine: item.method === 'offline_check' && item.code ? `核验码：${item.code}` : null,
    photoCount: item.certificateFileIds?.length ?? 0,
    hint:
      item.method === 'offline_check'
        ? REVIEW_TEXT.offlineHint
        : item.method === 'certificate_review'
          ? `${REVIEW_TEXT.compareHint}${REVIEW_TEXT.certificateRetiresRoster}`
          : item.method === 'resident_claim'
            ? REVIEW_TEXT.residentHint
            : REVIEW_TEXT.compareHint,
    transferWarning: transferWarningText(item.transferWarning ?? null),
    needsTransfer: !!item.transferWarning,
    residenceChoices:
      item.method === 'resident_claim'
        ? [
            { kind: 'unit', label: `住在 ${item.unitLabel}` },
            { kind: 'building', label: `只确认住在 ${buildingOf(item.unitLabel)}（房号未核实）` },
          ]
        : null,
  };
}

/** Pending items, oldest first (first come, first served). */
export function pendingItems(out: ReviewQueueOutput): ReviewItemView[] {
  return out.items
    .filter((i) => i.status === 'pending')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map(reviewItemView);
}

export function lockedRows(out: ReviewQueueOutput): { accountKey: string; line: string }[] {
  return out.lockedAccounts.map((a) => ({
    accountKey: a.accountKey,
    line: `最近尝试：${a.lastUnitLabel} · 失败 ${a.failures} 次 · 锁定至 ${formatShanghai(a.lockedUntil)}`,
  }));
}

export type DecisionCheck = { ok: true; input: DecideVerificationInput } | { ok: false; message: string };

/**
 * A rejection must say why (the applicant reads it); an approval may carry a note. An approval that transfers
 * ownership (`transfer`: the item's needsTransfer) is sent as an explicit transfer decision with its reason.
 * Approving a resident registration sends where the resident lives (`residence`: the unit or only the building).
 */
export function decisionInput(
  estateId: string,
  requestId: string,
  decision: 'approve' | 'reject',
  reason: string,
  note = '',
  transfer = false,
  residence: ResidenceKind | null = null,
): DecisionCheck {
  const r = reason.trim();
  const n = note.trim();
  if (decision === 'reject' && Array.from(r).length < 2) return { ok: false, message: '驳回时请填写理由（至少 2 个字）' };
  const asTransfer = decision === 'approve' && transfer;
  if (asTransfer && Array.from(r).length < 2) return { ok: false, message: '产权转移请填写理由（至少 2 个字）' };
  return {
    ok: true,
    input: { estateId, requestId, decision, ...(r ? { reason: r } : {}), ...(n ? { note: n } : {}), ...(asTransfer ? { transfer: true } : {}), ...(decision === 'approve' && residence ? { residence } : {}) },
  };
}

/** Lifting a lock early needs a reason (kept in the audit log); the same rule as the contract's schema. */
export function unlockInput(
  estateId: string,
  accountKey: string,
  reason: string,
): { ok: true; input: UnlockInput } | { ok: false; message: string } {
  const r = reason.trim();
  if (Array.from(r).length < 2) return { ok: false, message: REVIEW_TEXT.unlockReasonNeeded };
  return { ok: true, input: { estateId, accountKey, reason: r } };
}
