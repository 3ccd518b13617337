import {
  groupByStage,
  planDiff,
  planPieces,
  stanceChip,
  stageLabel,
  topicTimeline,
  votingWindowText,
} from '../../src/lib/topic-view';

describe('the voting window in Beijing time', () => {
  it('reads from/to days in Asia/Shanghai, a midnight close meaning the end of the day before', () => {
    // 2026-12-17 16:00Z = 12-18 00:00 Beijing; 2026-12-24 16:00Z = 12-25 00:00 Beijing (ends the 24th)
    expect(votingWindowText('2026-12-17T16:00:00.000Z', '2026-12-24T16:00:00.000Z', 2026)).toBe('从12月18日起投票，到12月24日截止');
  });

  it('writes the time when the window does not start or end at midnight, and the year when not this year', () => {
    expect(votingWindowText('2026-12-18T01:00:00.000Z', '2027-01-05T10:00:00.000Z', 2026)).toBe('从2026年12月18日 09:00起投票，到2027年1月5日 18:00截止');
  });

});

describe('plan versions', () => {
  it('splits a plan into sentences and diffs them: removed, added, kept', () => {
    expect(planPieces('第一句。第二句！\n\n第三段')).toEqual(['第一句。', '第二句！', '第三段']);
    const diff = planDiff('更换两部电梯。费用由维修资金支出。', '更换两部电梯。费用由维修资金支出，不足部分按面积分摊。施工期间设临时爬楼服务。');
    expect(diff).toEqual([
      { kind: 'same', text: '更换两部电梯。' },
      { kind: 'removed', text: '费用由维修资金支出。' },
      { kind: 'added', text: '费用由维修资金支出，不足部分按面积分摊。' },
      { kind: 'added', text: '施工期间设临时爬楼服务。' },
    ]);
  });

  it('shows nothing changed for identical versions and everything added from nothing', () => {
    expect(planDiff('甲。乙。', '甲。乙。').every((d) => d.kind === 'same')).toBe(true);
    expect(planDiff('', '甲。')).toEqual([{ kind: 'added', text: '甲。' }]);
  });
});

describe('stages', () => {
  it('marks the current stage on the main path', () => {
    const steps = topicTimeline('consultation');
    expect(steps[0]).toMatchObject({ key: 'proposed', state: 'done' });
    expect(steps[1]).toMatchObject({ key: 'consultation', state: 'current', label: '协商议事' });
    expect(steps[2].state).toBe('todo');
  });

  it('a returned proposal is current at the first step, read as 退回修改', () => {
    expect(topicTimeline('returned')[0]).toMatchObject({ key: 'proposed', state: 'current', label: '退回修改' });
  });

  it('a withdrawn topic shows the steps it reached, then how it ended', () => {
    const steps = topicTimeline('withdrawn', [{ stage: 'proposed' }, { stage: 'consultation' }, { stage: 'withdrawn' }]);
    expect(steps.map((s) => `${s.key}:${s.state}`)).toEqual(['proposed:done', 'consultation:done', 'withdrawn:current']);
    expect(steps[2].label).toBe('已撤回');
  });

  it('groups a list by stage in path order (returned next to proposed, withdrawn last), unknown stages after, empty ones left out', () => {
    const groups = groupByStage([
      { id: 'a', stage: 'voting' },
      { id: 'b', stage: 'proposed' },
      { id: 'c', stage: 'voting' },
      { id: 'd', stage: 'legacy' },
      { id: 'e', stage: 'closed' },
      { id: 'f', stage: 'returned' },
      { id: 'g', stage: 'withdrawn' },
    ]);
    expect(groups.map((g) => [g.stage, g.topics.map((t) => t.id)])).toEqual([
      ['proposed', ['b']],
      ['returned', ['f']],
      ['voting', ['a', 'c']],
      ['closed', ['e']],
      ['withdrawn', ['g']],
      ['legacy', ['d']],
    ]);
    expect(stageLabel('announced')).toBe('已公告');
  });

  it('stance chips in plain words; unknown stance: none', () => {
    expect(stanceChip('oppose')).toEqual({ label: '反对', tone: 'danger' });
    expect(stanceChip(undefined)).toBeNull();
  });
});
