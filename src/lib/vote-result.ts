/**
 * The result section of the topic page in plain TypeScript (jest-tested without rendering): what the panel shows in
 * each stage, per item 通过/未通过 in words with participating and approving area and headcount against their
 * denominators and the threshold line, the engine's reasons, the receipt check's answer, the download list.
 * No zod here; the figures come from voting.voteResult (server/app/voting/result-view.ts).
 */
import { formatShanghai } from '../../types/time';
import type { TopicDetail } from '../../types/deliberation';
import type { TopicMove } from '../../types/topics';
import type { CheckReceiptOutput, ResultCondition, ResultItemView, VoteResultOutput } from '../../types/voting-result';

export const RESULT_TEXT = {
  title: '表决结果',
  close: '结束表决并计票',
  closeHint: '表决期已经结束。计票按公告时冻结的名册和议事规则进行，计票后结果和匿名选票清单立即公示。',
  closing: '正在计票…',
  counting: '正在计票，请稍后刷新查看结果。',
  passed: '通过',
  failed: '未通过',
  reasonTitle: '未通过的原因',
  invalid: '无效票',
  endorse: '社区确认',
  endorseHint: '公示异议期已满，可以确认表决结果。',
  endorsed: '社区已确认',
  checkTitle: '核对我的回执',
  checkHint: '输入“我的投票”里的回执码，查看你的选票是否在公示的选票清单中。',
  checkButton: '核对',
  receiptLabel: '回执码',
  downloadTitle: '下载公示数据',
  downloadHint: '任何人都可以用这些文件重新计票（npm run recount）和核验选票清单（npm run verify:ballots）。文件中没有房号和姓名。',
  rootHash: '选票清单根哈希',
  downloadInBrowser: '小程序内不能保存文件：请在电脑或手机浏览器中打开本小区的网页版，在本议题页下载公示数据。',
} as const;

/** stages in which a result exists */
const RESULT_STAGES = ['publication', 'endorsement', 'implementation', 'closed'];

export type ResultPanelMode =
  /** nothing to show (before the window ends, or a topic that never went to a vote) */
  | { kind: 'none' }
  /** the window is over: organisers may close and count */
  | { kind: 'close' }
  /** counting started but is not finished: organisers may finish it, others wait */
  | { kind: 'counting'; canClose: boolean }
  | { kind: 'result' };

/** What the result section shows for this topic, caller and server moves, at `nowIso`. */
export function resultPanelMode(topic: Pick<TopicDetail, 'stage' | 'announcement'>, moves: readonly TopicMove[], canClose: boolean, nowIso: string): ResultPanelMode {
  if (RESULT_STAGES.includes(topic.stage)) return { kind: 'result' };
  if (topic.stage === 'counting') return { kind: 'counting', canClose };
  const closesAt = topic.announcement?.votingClosesAt;
  if (topic.stage === 'voting' && closesAt && nowIso >= closesAt && (canClose || moves.includes('startCounting'))) return { kind: 'close' };
  return { kind: 'none' };
}

/** 0.01 m² as m² with two decimals and thousands separators: 1234567 → "12,345.67 m²" */
export function areaText(centi: number): string {
  const whole = Math.floor(centi / 100);
  const frac = String(centi % 100).padStart(2, '0');
  return `${whole.toLocaleString('en-US')}.${frac} m²`;
}

const amount = (c: Pick<ResultCondition, 'measure'>, n: number) => (c.measure === 'area' ? areaText(n) : `${n} 人`);

/** "需达到 2/3 以上" / "需超过 1/2（过半数）" */
export function lineText(c: Pick<ResultCondition, 'threshold' | 'inclusive'>): string {
  return c.inclusive ? `需达到 ${c.threshold} 以上` : `需超过 ${c.threshold}（过半数）`;
}

/** "1/2" → 0.5 (for drawing the line only; decisions are the server's exact ones) */
export function thresholdFraction(threshold: string): number {
  const [n, d] = threshold.split('/').map(Number);
  return n && d ? n / d : 0;
}

export interface ConditionRow {
  key: string;
  label: string;
  /** "65,900.00 m² / 100,000.00 m²（65.9%）" */
  figures: string;
  line: string;
  met: boolean;
  /** "达到" / "未达到" */
  metText: string;
  fillPercent: number;
  linePercent: number;
}

export function conditionRow(c: ResultCondition): ConditionRow {
  const ratio = c.whole > 0 ? Math.min(c.part / c.whole, 1) : 0;
  return {
    key: c.condition,
    label: c.label,
    figures: `${amount(c, c.part)} / ${amount(c, c.whole)}（${c.percent}%）`,
    line: lineText(c),
    met: c.met,
    metText: c.met ? '达到' : '未达到',
    fillPercent: Math.round(ratio * 1000) / 10,
    linePercent: Math.round(thresholdFraction(c.threshold) * 1000) / 10,
  };
}

export interface ItemCard {
  itemId: string;
  heading: string;
  verdict: string;
  passed: boolean;
  matterLine: string;
  rows: ConditionRow[];
  /** shown when approval was not judged */
  notJudged: string | null;
  reasons: string[];
  /** "同意 3 人（…），反对 1 人（…），弃权 1 人（…）" */
  choices: string;
  invalid: string;
  withoutNonVoters: string | null;
}

export function itemCard(item: ResultItemView, index: number): ItemCard {
  const f = item.figures;
  return {
    itemId: item.itemId,
    heading: `${index + 1}. ${item.title}`,
    verdict: item.passed ? RESULT_TEXT.passed : RESULT_TEXT.failed,
    passed: item.passed,
    matterLine: `${item.matterLabel}：${item.thresholdText}`,
    rows: item.conditions.map(conditionRow),
    notJudged: item.quorumMet ? null : '参与表决的面积或人数未达到三分之二，同意票不再计算是否达到通过标准。',
    reasons: item.reasons,
    choices:
      `同意 ${f.approvingHeadcount} 人（${areaText(f.approvingAreaCenti)}），反对 ${f.opposingHeadcount} 人（${areaText(f.opposingAreaCenti)}），` +
      `弃权 ${f.abstainingHeadcount} 人（${areaText(f.abstainingAreaCenti)}）`,
    invalid: `${RESULT_TEXT.invalid} ${item.invalidCount} 张`,
    withoutNonVoters: item.withoutNonVoters ? `不计未投票业主时：${item.withoutNonVoters.passed ? RESULT_TEXT.passed : RESULT_TEXT.failed}` : null,
  };
}

export interface ResultFacts {
  summary: string;
  published: string;
  objection: string;
  endorsed: string | null;
  rootHash: string;
  nonVoters: string;
}

export function resultFacts(r: VoteResultOutput, nowIso: string): ResultFacts {
  const objectionOver = nowIso >= r.objectionEndsAt;
  return {
    summary: `共 ${r.unitCount} 套房屋，收到有效选票 ${r.ballotCount} 套`,
    published: `${formatShanghai(r.publishedAt)} 公示`,
    objection: objectionOver ? `异议期已于 ${formatShanghai(r.objectionEndsAt)} 结束` : `异议期至 ${formatShanghai(r.objectionEndsAt)}，有异议请向业委会或社区提出`,
    endorsed: r.endorsedAt ? `${RESULT_TEXT.endorsed}（${formatShanghai(r.endorsedAt)}）` : null,
    rootHash: r.rootHash,
    nonVoters: `未投票业主：${r.nonVoterLabel}`,
  };
}

/** The answer to 核对我的回执, in one sentence. */
export function receiptAnswer(r: CheckReceiptOutput): { ok: boolean; text: string } {
  if (r.found) return { ok: true, text: `回执 ${r.receipt} 在公示的选票清单中，第 ${r.position} 张（共 ${r.total} 张），已计入。` };
  return { ok: false, text: `公示的选票清单中没有回执 ${r.receipt}。请核对回执码；如确实投过票，请在异议期内向业委会或社区提出。` };
}

/** Receipt typed by a person: spaces dropped, upper case, dashes inserted after every four characters. */
export function normaliseReceipt(text: string): string {
  const raw = text.replace(/[\s-]/g, '').toUpperCase();
  return raw.length === 16 ? raw.match(/.{4}/g)!.join('-') : text.trim().toUpperCase();
}
