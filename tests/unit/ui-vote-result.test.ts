/**
 * The result section's view logic (src/lib/vote-result.ts) on results the engine really computes: what the panel
 * shows per stage, 通过/未通过 in words, figures against denominators with the threshold line, the engine's reason,
 * the receipt check's sentence.
 */
import { countVote } from '../../server/core/voting/count';
import { areaText, conditionRow, itemCard, lineText, normaliseReceipt, receiptAnswer, resultFacts, resultPanelMode } from '../../src/lib/vote-result';
import type { ResultItemView, VoteResultOutput } from '../../types/voting-result';

/** Ten units of 100.00 m², one owner each; `yes` units vote yes, `no` units no. */
function engineItem(matter: number, yes: number, no: number): ResultItemView {
  const roster = Array.from({ length: 10 }, (_, i) => ({ unit: `u${i}`, building: '1', area: '100.00', owners: [`p${i}`] }));
  const ballots = [...Array.from({ length: yes }, (_, i) => ({ unit: `u${i}`, choice: 'yes' })), ...Array.from({ length: no }, (_, i) => ({ unit: `u${yes + i}`, choice: 'no' }))];
  const r = countVote({ scope: 'estate', roster, items: [{ itemId: 'i1', matter, ballots }] }).items[0]!;
  const labels = { turnoutArea: '参与表决面积', turnoutHeadcount: '参与表决人数', approvalArea: '同意面积', approvalHeadcount: '同意人数' } as const;
  return {
    itemId: 'i1', title: '更换电梯', matter, matterLabel: '事项', thresholdText: '标准', passed: r.passed, verdict: r.passed ? '通过' : '未通过', quorumMet: r.quorumMet,
    reasons: r.reasons.map((x) => x.text),
    conditions: (['turnoutArea', 'turnoutHeadcount', 'approvalArea', 'approvalHeadcount'] as const).flatMap((k) => {
      const c = r.conditions[k];
      return c ? [{ condition: k, label: labels[k], measure: c.measure, part: c.part, whole: c.whole, threshold: c.threshold, inclusive: c.inclusive, met: c.met, percent: c.percent, shortfall: c.shortfall }] : [];
    }),
    figures: {
      totalAreaCenti: r.figures.totals.areaCenti, totalHeadcount: r.figures.totals.headcount,
      participatingAreaCenti: r.figures.participating.areaCenti, participatingHeadcount: r.figures.participating.headcount,
      approvingAreaCenti: r.figures.approving.areaCenti, approvingHeadcount: r.figures.approving.headcount,
      opposingAreaCenti: r.figures.opposing.areaCenti, opposingHeadcount: r.figures.opposing.headcount,
      abstainingAreaCenti: r.figures.abstaining.areaCenti, abstainingHeadcount: r.figures.abstaining.headcount,
      participatingUnits: r.figures.participating.units, totalUnits: r.figures.totals.units,
    },
    invalidCount: r.invalid.length,
    withoutNonVoters: null,
  };
}

describe('result panel mode', () => {
  const announcement = { votingClosesAt: '2026-12-18T16:00:00.000Z' } as never;
  it('offers closing to organisers once the window is over, shows the result from publication on', () => {
    expect(resultPanelMode({ stage: 'voting', announcement }, ['startCounting'], true, '2026-12-18T15:59:59.999Z')).toEqual({ kind: 'none' });
    expect(resultPanelMode({ stage: 'voting', announcement }, ['startCounting'], true, '2026-12-18T16:00:00.000Z')).toEqual({ kind: 'close' });
    expect(resultPanelMode({ stage: 'voting', announcement }, [], false, '2026-12-19T00:00:00.000Z')).toEqual({ kind: 'none' });
    expect(resultPanelMode({ stage: 'counting', announcement }, [], false, '2026-12-19T00:00:00.000Z')).toEqual({ kind: 'counting', canClose: false });
    for (const stage of ['publication', 'endorsement', 'implementation', 'closed'] as const) {
      expect(resultPanelMode({ stage, announcement }, [], false, '2026-12-19T00:00:00.000Z')).toEqual({ kind: 'result' });
    }
    expect(resultPanelMode({ stage: 'consultation', announcement: undefined }, [], true, '2026-12-19T00:00:00.000Z')).toEqual({ kind: 'none' });
  });
});

describe('item cards', () => {
  it('a failed quorum: 未通过, the two turnout rows against the scope totals, the engine reason, approval not judged', () => {
    const card = itemCard(engineItem(5, 5, 1), 0);
    expect(card).toMatchObject({ heading: '1. 更换电梯', verdict: '未通过', passed: false, invalid: '无效票 0 张' });
    expect(card.rows.map((r) => [r.label, r.figures, r.line, r.metText])).toEqual([
      ['参与表决面积', '600.00 m² / 1,000.00 m²（60.0%）', '需达到 2/3 以上', '未达到'],
      ['参与表决人数', '6 人 / 10 人（60.0%）', '需达到 2/3 以上', '未达到'],
    ]);
    expect(card.rows[0]).toMatchObject({ fillPercent: 60, linePercent: 66.7 });
    expect(card.reasons[0]).toBe('参与表决面积 60.0% < 2/3（参与 600.00 m²，总面积 1000.00 m²，还差 66.67 m²）');
    expect(card.notJudged).toMatch(/同意票不再计算/);
    expect(card.choices).toBe('同意 5 人（500.00 m²），反对 1 人（100.00 m²），弃权 0 人（0.00 m²）');
  });

  it('a pass under more than half: 通过, approval judged against participation, no reasons', () => {
    const card = itemCard(engineItem(5, 5, 2), 1);
    expect(card).toMatchObject({ heading: '2. 更换电梯', verdict: '通过', passed: true, reasons: [], notJudged: null });
    expect(card.rows.map((r) => r.label)).toEqual(['参与表决面积', '参与表决人数', '同意面积', '同意人数']);
    expect(card.rows[2]).toMatchObject({ figures: '500.00 m² / 700.00 m²（71.4%）', line: '需超过 1/2（过半数）', met: true, linePercent: 50 });
  });

  it('exactly 3/4 passes a matter 6-8 item (以上 includes the line)', () => {
    const item = engineItem(8, 6, 2);
    expect(itemCard(item, 0).verdict).toBe('通过');
    expect(conditionRow(item.conditions[2]!)).toMatchObject({ line: '需达到 3/4 以上', met: true, linePercent: 75, fillPercent: 75 });
  });
});

describe('texts', () => {
  it('areas with separators, lines in words, receipts tidied and answered', () => {
    expect(areaText(123456789)).toBe('1,234,567.89 m²');
    expect(areaText(5)).toBe('0.05 m²');
    expect(lineText({ threshold: '2/3', inclusive: true })).toBe('需达到 2/3 以上');
    expect(normaliseReceipt(' 3f9a 0c21 7b44 e810 ')).toBe('3F9A-0C21-7B44-E810');
    expect(normaliseReceipt('3f9a-0c21-7b44-e810')).toBe('3F9A-0C21-7B44-E810');
    expect(receiptAnswer({ receipt: '3F9A-0C21-7B44-E810', found: true, position: 12, total: 80, channel: 'online', rootHash: 'x' }).text).toBe(
      '回执 3F9A-0C21-7B44-E810 在公示的选票清单中，第 12 张（共 80 张），已计入。',
    );
    expect(receiptAnswer({ receipt: '0000-0000-0000-0000', found: false, position: null, total: 80, channel: null, rootHash: 'x' })).toMatchObject({ ok: false });
  });

  it('publication facts in Beijing time, the objection period open or over', () => {
    const r = { unitCount: 120, ballotCount: 96, publishedAt: '2026-12-19T02:00:00.000Z', objectionEndsAt: '2026-12-26T02:00:00.000Z', endorsedAt: null, rootHash: 'ab', nonVoterLabel: '不计入' } as unknown as VoteResultOutput;
    expect(resultFacts(r, '2026-12-20T00:00:00.000Z')).toMatchObject({
      summary: '共 120 套房屋，收到有效选票 96 套',
      published: '2026-12-19 10:00 公示',
      objection: '异议期至 2026-12-26 10:00，有异议请向业委会或社区提出',
      endorsed: null,
    });
    expect(resultFacts(r, '2026-12-27T00:00:00.000Z').objection).toBe('异议期已于 2026-12-26 10:00 结束');
  });
});
