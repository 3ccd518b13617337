/**
 * View logic of 名册复核 (a section of the staff roster page): units a roster version changed the owners of (or
 * removed, or whose certificate holder the roster does not name yet), with the accounts verified for them.
 * Staff keep or unlink each account with a reason; the server audits every decision.
 */
import type { Role } from '../../types/common';
import { VERIFICATION_METHOD_LABELS } from '../../types/identity-labels';
import type {
  RosterReviewDecision,
  RosterReviewItem,
  RosterReviewOutput,
  RosterReviewReason,
  SettleRosterReviewInput,
} from '../../types/identity';
import { allows } from '../../types/permissions';

export const ROSTER_REVIEW_TEXT = {
  title: '名册复核',
  intro: '导入新版名册后，下列房屋已认证的账号需要逐个确认。每套房屋下写明了“保留”和“解除关联”的后果；每次选择都要填写理由。',
  empty: '没有需要复核的房屋',
  keep: '保留',
  unlink: '解除关联',
  reasonLabel: '理由（必填，记录在审计日志中）',
  reasonPlaceholder: '例如：已电话核实，房屋已出售',
  submitting: '提交中…',
  settled: '已处理',
  representative: '表决权代表',
} as const;

export const ROSTER_REVIEW_REASON_TEXT: Record<RosterReviewReason, string> = {
  owners_changed: '名册中的业主已变更',
  unit_removed: '新版名册不再包含这套房屋',
  certificate_not_in_roster: '已凭产权证认证新业主，但新版名册仍登记原业主',
};

/** What each choice does for a unit listed for this reason (the server's settleRosterReview, in plain words). */
export const ROSTER_REVIEW_GUIDE: Record<RosterReviewReason, string> = {
  owners_changed: '仍是这套房屋的业主，选“保留”；已不是业主（例如房屋已出售），选“解除关联”，他不再代表这套房屋投票。',
  unit_removed: '名册已不再包含这套房屋。核实后一般选“解除关联”；如果是名册漏登，选“保留”，并在下一版名册中补上。',
  certificate_not_in_roster:
    '产权证核实无误，选“保留”：新业主继续有效，原业主暂时不能认证，直到名册更新；产权证有误，选“解除关联”：原业主可以重新认证。',
};

export const DECISION_TEXT: Record<RosterReviewDecision, string> = { keep: '已保留', unlink: '已解除关联' };

/** Only staff who manage members settle the list (the same permission the server checks). */
export const canSettleRosterReview = (roles: readonly Role[]) => allows(roles, 'identity.manageMembers');

export interface RosterReviewAccountRow {
  memberKey: string;
  /** "王*国 · 名册比对 · 表决权代表" */
  line: string;
  /** "已保留" / "已解除关联", or null while open */
  settledText: string | null;
}
export interface RosterReviewItemView {
  itemId: string;
  /** "1号楼1单元101 · 第 2 版名册" */
  title: string;
  reasonLine: string;
  /** what 保留 / 解除关联 does for this unit */
  guide: string;
  open: boolean;
  accounts: RosterReviewAccountRow[];
}

export function rosterReviewItemView(item: RosterReviewItem): RosterReviewItemView {
  return {
    itemId: item.itemId,
    title: `${item.unitLabel} · 第 ${item.version} 版名册`,
    reasonLine: ROSTER_REVIEW_REASON_TEXT[item.reason],
    guide: ROSTER_REVIEW_GUIDE[item.reason],
    open: item.status === 'open',
    accounts: item.accounts.map((a) => ({
      memberKey: a.memberKey,
      line: [a.displayName || '（未命名）', VERIFICATION_METHOD_LABELS[a.method] ?? a.method, ...(a.isRepresentative ? [ROSTER_REVIEW_TEXT.representative] : [])].join(' · '),
      settledText: a.settled ? DECISION_TEXT[a.settled] : null,
    })),
  };
}

/** Open items first, as the server orders them; "3 套房屋待复核". */
export function rosterReviewView(out: RosterReviewOutput): { summary: string; items: RosterReviewItemView[] } {
  const items = out.items.map(rosterReviewItemView);
  const open = items.filter((i) => i.open).length;
  return { summary: open ? `${open} 套房屋待复核` : ROSTER_REVIEW_TEXT.empty, items };
}

export type SettleCheck = { ok: true; input: SettleRosterReviewInput } | { ok: false; message: string };

/** Every decision needs a reason of at least 2 characters. */
export function settleInput(estateId: string, itemId: string, memberKey: string, decision: RosterReviewDecision, reason: string): SettleCheck {
  const r = reason.trim();
  if (Array.from(r).length < 2) return { ok: false, message: '请填写理由（至少 2 个字）' };
  return { ok: true, input: { estateId, itemId, memberKey, decision, reason: r } };
}
