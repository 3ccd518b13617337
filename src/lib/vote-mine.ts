/**
 * 我的投票 without Taro: each of my units in each vote, 已完成 with the receipt, 待投票 with the deadline, or 未投票;
 * and, for a ballot I cast, my own choices and where its receipt stands in the vote's ledger. Never a tally.
 */
import type { ApiError, ApiResult } from '../../types/errors';
import type { MeOutput } from '../../types/identity';
import { formatShanghai } from '../../types/time';
import { resultLabels } from '../../types/voting-result';
import { BALLOT_CHOICE_LABELS, type MyBallotOutput, type MyBallotRow, type MyBallotsOutput } from '../../types/voting';
import type { Tone } from './status-tone';
import { deadlineText } from './vote-flow';

export const MINE_TEXT = {
  title: '我的投票',
  empty: '还没有需要你投票的表决。议题公告后，你的房屋在表决范围内时会列在这里。',
  receipt: resultLabels.receipt,
  showMine: '查看我的选择',
  hideMine: '收起',
  myChoices: '我的选择（只有你自己能看到）',
  ledger: (seq: number | null) => (seq === null ? '回执已记入表决账本，正在排序编号。' : `回执已记入表决账本，第 ${seq} 条。`),
  goVote: '去投票',
  notRep: '由表决权代表投票',
} as const;

const STATUS: Record<MyBallotRow['status'], { label: string; tone: Tone }> = {
  done: { label: '已完成', tone: 'success' },
  pending: { label: '待投票', tone: 'warning' },
  missed: { label: '未投票', tone: 'neutral' },
};

/** how the valid ballot came in, as the owner reads it */
const CHANNEL_TEXT: Record<string, string> = { online: '在线投票', paper: '纸质选票已计入', proxy: '由代理人投票' };

export interface MineRow {
  key: string;
  topicId: string;
  unitId: string;
  title: string;
  unitLabel: string;
  status: MyBallotRow['status'];
  statusLabel: string;
  tone: Tone;
  /** 回执 + time for done; the deadline for pending; '' for missed */
  detail: string;
  receipt: string | null;
}

export function mineRows(out: MyBallotsOutput): MineRow[] {
  const order: Record<MyBallotRow['status'], number> = { pending: 0, done: 1, missed: 2 };
  return [...out.ballots]
    .sort((a, b) => order[a.status] - order[b.status] || (a.votingClosesAt < b.votingClosesAt ? 1 : a.votingClosesAt > b.votingClosesAt ? -1 : 0))
    .map((r) => ({
      key: `${r.topicId}|${r.unitId}`,
      topicId: r.topicId,
      unitId: r.unitId,
      title: r.title,
      unitLabel: r.unitLabel,
      status: r.status,
      statusLabel: STATUS[r.status].label,
      tone: STATUS[r.status].tone,
      detail: r.status === 'done' && r.castAt ? `${formatShanghai(r.castAt, 'M月D日 HH:mm')} ${CHANNEL_TEXT[r.channel ?? 'online'] ?? '投票'}` : r.status === 'pending' ? deadlineText(r.votingClosesAt) : '',
      receipt: r.receipt,
    }));
}

export interface BallotDetailView {
  choices: { title: string; choice: string; tone: Tone }[];
  ledger: string;
}

export function ballotDetail(out: MyBallotOutput): BallotDetailView {
  const tone: Record<string, Tone> = { yes: 'success', no: 'danger', abstain: 'neutral' };
  return {
    choices: out.choices.map((c) => ({ title: c.title, choice: BALLOT_CHOICE_LABELS[c.choice], tone: tone[c.choice] ?? 'neutral' })),
    ledger: MINE_TEXT.ledger(out.ledger.seq),
  };
}

export type MineApi = {
  identity: { me(input: { estateId?: string }): Promise<ApiResult<MeOutput>> };
  voting: { myBallots(input: { estateId: string }): Promise<ApiResult<MyBallotsOutput>> };
};

export type MineState = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; estateId: string; rows: MineRow[] };

/** The estate from the link, else the current one of `me`. */
export async function loadMine(api: MineApi, estateId: string | undefined): Promise<MineState> {
  let id = estateId;
  if (!id) {
    const me = await api.identity.me({});
    if (!me.ok) return { status: 'error', error: me.error };
    id = me.data.current?.estate.estateId;
    if (!id) return { status: 'ready', estateId: '', rows: [] };
  }
  const r = await api.voting.myBallots({ estateId: id });
  if (!r.ok) return { status: 'error', error: r.error };
  return { status: 'ready', estateId: id, rows: mineRows(r.data) };
}
