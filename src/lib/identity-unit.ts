/**
 * View logic of 我的房屋 (pages/identity/unit): the unit's owners (masked), who is the voting representative
 * (表决权代表), and the co-owners' change of representative: one proposes, every other verified co-owner confirms.
 */
import type { ApiError } from '../../types/errors';
import type { UnitOwnersOutput } from '../../types/identity';
import type { Platform } from './home-view';
import { blockedView, type BlockedView } from './page-access';

export const UNIT_TEXT = {
  title: '我的房屋',
  ownersTitle: '登记的业主',
  representative: '表决权代表',
  me: '我',
  representativeRule: '一套房屋有多位共有人时，由其中一人作为表决权代表投票，一户一票；其他共有人不单独投票。',
  soleOwner: '你是这套房屋唯一在线认证的业主，由你本人投票。',
  noRepresentative: '尚未确定表决权代表。共有人可以提议由谁代表本房屋投票。',
  proposeTitle: '变更表决权代表',
  proposeHint: '选择一位共有人作为表决权代表。提议需要其他共有人全部确认后生效；无法达成一致时可请社区居委会决定。',
  proposeButton: '提议为表决权代表',
  proposalTitle: '待确认的变更',
  confirmButton: '我同意这项变更',
  declineButton: '我不同意',
  declineHint: '不同意时，这次变更作废，表决权代表不变，提议人会收到通知。',
  withdrawButton: '撤回我的提议',
  byMeNote: '这是你提出的变更，正在等待其他共有人确认。你可以随时撤回。',
  declinedToast: '已表示不同意',
  withdrawnToast: '已撤回',
  confirmed: '已确认',
  waiting: '等待确认',
  othersWaiting: '无需你再确认，正在等待其他共有人确认。',
  submitting: '提交中…',
  proposed: '已提交提议',
  confirmedToast: '已确认',
  /** after 无权限 (UNIT_OWNERS_ONLY already says who may look): why a former owner lands here, e.g. after a sale */
  forbiddenHint: '你的账号现在没有关联这套房屋（例如房屋已出售或转让）。如有疑问，请联系社区居委会。',
} as const;

/** What 我的房屋 shows when the unit cannot be shown (a seller opening an old link, a stranger, a lapsed login). */
export const unitBlockedView = (error: ApiError, platform: Platform): BlockedView => blockedView(error, platform, UNIT_TEXT.forbiddenHint);

export interface OwnerRow {
  memberKey: string;
  name: string;
  isRepresentative: boolean;
  isMe: boolean;
  tags: string[];
}

/** Owners with the representative first, then me, then the others (server order kept within each). */
export function ownerRows(out: UnitOwnersOutput): OwnerRow[] {
  const rank = (o: UnitOwnersOutput['owners'][number]) => (o.isRepresentative ? 0 : o.isMe ? 1 : 2);
  return out.owners
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
    .map(({ o }) => ({
      memberKey: o.memberKey,
      name: o.displayName,
      isRepresentative: o.isRepresentative,
      isMe: o.isMe,
      tags: [...(o.isRepresentative ? [UNIT_TEXT.representative] : []), ...(o.isMe ? [UNIT_TEXT.me] : [])],
    }));
}

export interface ProposalView {
  title: string;
  confirmedLine: string;
  waitingLine: string;
  /** show "我同意这项变更" and "我不同意" (the caller's answer is needed) */
  canConfirm: boolean;
  canDecline: boolean;
  /** show "撤回我的提议" (the caller proposed it) */
  canWithdraw: boolean;
  /** shown instead of the button when my confirmation is not needed (I proposed it, or already confirmed) */
  mineNote: string | null;
}

/** Names still to confirm: those needed minus those who confirmed (each confirmation counts once). */
export function stillWaiting(needed: readonly string[], confirmed: readonly string[]): string[] {
  const left = [...confirmed];
  return needed.filter((n) => {
    const i = left.indexOf(n);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

export function proposalView(out: UnitOwnersOutput): ProposalView | null {
  const p = out.proposal;
  if (!p) return null;
  const waiting = stillWaiting(p.confirmationsNeeded, p.confirmedBy);
  return {
    title: `提议由 ${p.proposedName} 担任表决权代表`,
    confirmedLine: `${UNIT_TEXT.confirmed}：${p.confirmedBy.length ? p.confirmedBy.join('、') : '暂无'}`,
    waitingLine: `${UNIT_TEXT.waiting}：${waiting.length ? waiting.join('、') : '无'}`,
    // `mine` (server): the caller's confirmation is needed and not yet given.
    canConfirm: p.mine,
    canDecline: p.mine,
    canWithdraw: p.byMe,
    mineNote: p.mine ? null : p.byMe ? UNIT_TEXT.byMeNote : UNIT_TEXT.othersWaiting,
  };
}

export interface UnitActions {
  /** co-owned unit, no pending proposal, and I am one of its owners */
  canPropose: boolean;
  /** co-owners who could become the representative */
  candidates: { memberKey: string; name: string }[];
  /** the explanation line under the owner list */
  note: string;
}

export function unitActions(out: UnitOwnersOutput): UnitActions {
  const iOwn = out.owners.some((o) => o.isMe);
  const coOwned = out.owners.length > 1;
  const hasRep = out.owners.some((o) => o.isRepresentative);
  const candidates = out.owners.filter((o) => !o.isRepresentative).map((o) => ({ memberKey: o.memberKey, name: o.isMe ? `${o.displayName}（我）` : o.displayName }));
  return {
    canPropose: iOwn && coOwned && !out.proposal && candidates.length > 0,
    candidates,
    note: !coOwned ? UNIT_TEXT.soleOwner : hasRep ? UNIT_TEXT.representativeRule : UNIT_TEXT.noRepresentative,
  };
}
