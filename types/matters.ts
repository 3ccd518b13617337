/**
 * The nine matters of 民法典 Art. 278 and the thresholds that decide them, as data (DOMAIN.md §3). The counting
 * engine (server/core/voting) reads this table; topic pages show `MATTERS[n].label` and `thresholdText(n)`.
 * No zod here: topic pages import it on their first screen.
 *
 * A threshold is an exact fraction compared by cross-multiplication (Art. 1259): "以上" includes the boundary
 * (`inclusive`), "过半数" does not. Never compare floating-point percentages.
 */
export interface Threshold {
  num: number;
  den: number;
  /** true: part/whole >= num/den (以上); false: part/whole > num/den (过半数) */
  inclusive: boolean;
  /** how the fraction reads in Chinese, e.g. 三分之二以上 */
  label: string;
}

export const TWO_THIRDS: Threshold = { num: 2, den: 3, inclusive: true, label: '三分之二以上' };
export const THREE_QUARTERS: Threshold = { num: 3, den: 4, inclusive: true, label: '四分之三以上' };
export const MORE_THAN_HALF: Threshold = { num: 1, den: 2, inclusive: false, label: '过半数' };

export const MATTER_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type MatterNumber = (typeof MATTER_NUMBERS)[number];

export interface Matter {
  number: MatterNumber;
  /** the wording of Art. 278 */
  label: string;
  /** a short name for lists and chips */
  shortLabel: string;
  /** turnout: participating area AND headcount against the scope's totals */
  quorum: Threshold;
  /** approval: approving area AND headcount against the PARTICIPATING totals */
  approval: Threshold;
}

const matter = (number: MatterNumber, label: string, shortLabel: string, approval: Threshold): Matter => ({
  number,
  label,
  shortLabel,
  quorum: TWO_THIRDS,
  approval,
});

/** 民法典 Art. 278 ¶1 items (1)–(9); ¶2: quorum 2/3 for all; 3/4 of participants for (6)–(8), more than half otherwise. */
export const MATTERS: Record<MatterNumber, Matter> = {
  1: matter(1, '制定和修改业主大会议事规则', '议事规则', MORE_THAN_HALF),
  2: matter(2, '制定和修改管理规约', '管理规约', MORE_THAN_HALF),
  3: matter(3, '选举业主委员会或者更换业主委员会成员', '选举或更换业委会成员', MORE_THAN_HALF),
  4: matter(4, '选聘和解聘物业服务企业或者其他管理人', '选聘或解聘物业', MORE_THAN_HALF),
  5: matter(5, '使用建筑物及其附属设施的维修资金', '使用维修资金', MORE_THAN_HALF),
  6: matter(6, '筹集建筑物及其附属设施的维修资金', '筹集维修资金', THREE_QUARTERS),
  7: matter(7, '改建、重建建筑物及其附属设施', '改建重建', THREE_QUARTERS),
  8: matter(8, '改变共有部分的用途或者利用共有部分从事经营活动', '改变共有部分用途或经营', THREE_QUARTERS),
  9: matter(9, '有关共有和共同管理权利的其他重大事项', '其他重大事项', MORE_THAN_HALF),
};

export function isMatterNumber(n: unknown): n is MatterNumber {
  return typeof n === 'number' && (MATTER_NUMBERS as readonly number[]).includes(n);
}

/** Whether part/whole meets the threshold, in exact integer arithmetic (whole 0 never meets it). */
export function meets(part: number, whole: number, t: Threshold): boolean {
  if (whole <= 0) return false;
  const lhs = BigInt(part) * BigInt(t.den);
  const rhs = BigInt(whole) * BigInt(t.num);
  return t.inclusive ? lhs >= rhs : lhs > rhs;
}

/** The rule in plain Chinese for an owner reading the topic page. */
export function thresholdText(n: MatterNumber): string {
  const m = MATTERS[n];
  return (
    `需要专有部分面积和人数都占${m.quorum.label}的业主参与表决，` +
    `并且参与表决的业主中，同意的面积和人数都要${m.approval.inclusive ? '达到' : '超过'}` +
    `${m.approval.inclusive ? m.approval.label.replace('以上', '') : '一半'}` +
    `${m.approval.inclusive ? '（含本数）' : ''}。`
  );
}
