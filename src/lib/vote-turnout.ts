/**
 * The turnout panel on the topic page (issue 11 item 7): participating area and headcount against the 2/3 line,
 * for the whole scope and per building, from the turnout action (aggregates; never a choice). Whole m² on the bars
 * (the bar is for reading); whether the line is reached comes from the server's exact comparison.
 */
import type { TurnoutFigures, TurnoutOutput } from '../../types/voting';

export const TURNOUT_TEXT = {
  title: '表决进度',
  hint: '参与表决的面积和人数都要达到三分之二以上，表决才算有效。这里只显示有多少人投了票，不显示投票选择。',
  area: '参与表决的面积（㎡）',
  headcount: '参与表决的业主（人）',
  byBuilding: '各楼栋',
  buildingLabel: (b: string) => `${b}号楼`,
} as const;

/** 2/3, as ProgressBar draws its line */
export const TURNOUT_LINE = 2 / 3;

export interface TurnoutBars {
  label: string;
  area: { value: number; total: number };
  headcount: { value: number; total: number };
  /** one plain sentence: units voted, and whether both lines are reached */
  summary: string;
  reached: boolean;
}

const m2 = (centi: number) => Math.floor(centi / 100);

export function turnoutBars(label: string, f: TurnoutFigures): TurnoutBars {
  const reached = f.areaReached && f.headcountReached;
  const missing = [!f.areaReached && '面积', !f.headcountReached && '人数'].filter(Boolean).join('和');
  return {
    label,
    area: { value: m2(f.areaCenti), total: m2(f.totalAreaCenti) },
    headcount: { value: f.headcount, total: f.totalHeadcount },
    summary: `已有 ${f.units} 套房屋投票（共 ${f.totalUnits} 套）。${reached ? '面积和人数都已达到三分之二。' : `${missing}还没有达到三分之二。`}`,
    reached,
  };
}

export interface TurnoutView {
  estate: TurnoutBars;
  buildings: TurnoutBars[];
}

export function turnoutView(out: TurnoutOutput, scopeLabel = '全部'): TurnoutView {
  return {
    estate: turnoutBars(scopeLabel, out.estate),
    buildings: out.buildings.map((b) => turnoutBars(TURNOUT_TEXT.buildingLabel(b.building), b)),
  };
}

/** The topic page's vote entry for an owner: nothing (not an owner in this vote), 去投票, or 已完成. */
export interface VoteEntryView {
  kind: 'vote' | 'done' | 'missed';
  /** the line above the button */
  status: string;
  button: string | null;
}

export function voteEntry(topicId: string, rows: readonly { topicId: string; status: 'done' | 'pending' | 'missed' }[]): VoteEntryView | null {
  const mine = rows.filter((r) => r.topicId === topicId);
  if (mine.length === 0) return null;
  const pending = mine.filter((r) => r.status === 'pending').length;
  const done = mine.filter((r) => r.status === 'done').length;
  if (pending > 0) {
    return { kind: 'vote', status: mine.length > 1 ? `你有 ${pending} 套房屋还没有投票。` : '你还没有投票。', button: '去投票' };
  }
  if (done > 0) return { kind: 'done', status: mine.length > 1 ? `已完成：${done} 套房屋已投票。` : '已完成：这套房屋已投票。', button: '查看回执' };
  return { kind: 'missed', status: '表决已结束，你没有投票。', button: null };
}
