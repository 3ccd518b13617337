import type { TopicDetail, TopicSummary } from '../../types/deliberation';
import type { CommentView, PetitionView } from '../../types/deliberation-discussion';
import { thresholdText } from '../../types/matters';
import { consoleView, loadConsole, summaryLines } from '../../src/lib/organiser';
import {
  commentRows,
  defaultVotingDays,
  TOPIC_TEXT,
  headerView,
  moveButtons,
  petitionBars,
  planView,
  sendMove,
  voteCard,
  voteSentence,
  type DeliberationApi,
} from '../../src/lib/topic-detail';
import {
  addItem,
  buildingChoices,
  EMPTY_PROPOSAL,
  localErrors,
  MATTER_CHOICES,
  proposalInput,
  proposeErrorsFrom,
  removeItem,
  setItem,
  submitProposal,
  toggleBuilding,
  type ProposeForm,
} from '../../src/lib/topic-propose';

const item = { itemId: 'i1', title: '更换1号楼两部电梯', matter: 7 as const, matterLabel: '改建、重建建筑物及其附属设施', thresholdText: thresholdText(7), description: '两部电梯整体更换' };

function topic(over: Partial<TopicDetail> = {}): TopicDetail {
  return {
    topicId: 't1',
    title: '更换1号楼电梯',
    summary: '1号楼电梯已运行二十年，故障频繁。',
    stage: 'consultation',
    scopeLabel: '1号楼业主',
    openedAt: '2026-12-01T02:00:00.000Z',
    openedByLabel: '业主提议',
    proposerKind: 'owner',
    petition: false,
    version: 3,
    scope: { kind: 'buildings', buildings: ['1'] },
    stageHistory: [
      { stage: 'proposed', at: '2026-12-01T02:00:00.000Z', byLabel: '提议人' },
      { stage: 'consultation', at: '2026-12-02T02:00:00.000Z', byLabel: '党支部书记', note: '同意进入协商' },
    ],
    items: [item],
    plans: [
      { version: 1, text: '更换两部电梯。费用由维修资金支出。', changeNote: '初稿', attachments: [], publishedAt: '2026-12-01T02:00:00.000Z' },
      { version: 2, text: '更换两部电梯。费用由维修资金支出，不足部分按面积分摊。', changeNote: '补充费用分摊', attachments: [], publishedAt: '2026-12-03T02:00:00.000Z' },
    ],
    planVersion: 2,
    isProposer: true,
    ...over,
  };
}

const announcement = {
  announcedAt: '2026-12-02T04:00:00.000Z',
  noticeDays: 15,
  votingOpensAt: '2026-12-16T16:00:00.000Z', // 12-17 00:00 Beijing
  votingClosesAt: '2026-12-23T16:00:00.000Z', // 12-24 00:00 Beijing: ends on the 23rd
  planVersion: 2,
  rulesVersionNo: 0,
  rulesIsDefault: true,
  rulesFingerprint: 'f',
  channels: ['online', 'paper'] as ('online' | 'paper')[],
  scopeLabel: '1号楼业主',
  unitCount: 40,
  areaCenti: 358_050,
  headcount: 38,
  rosterFingerprint: 'r',
  items: [item],
};

describe('the topic page says what will be voted on, by whom, under which rule, from which day', () => {
  it('before the notice: the items with matter and rule, and that the time is not fixed yet', () => {
    const card = voteCard(topic(), '2026-12-02T05:00:00.000Z');
    expect(card.announced).toBe(false);
    expect(card.items[0]).toMatchObject({ matterShort: '改建重建', thresholdText: thresholdText(7) });
    expect(voteSentence(card)).toBe('由1号楼业主表决：“更换1号楼两部电梯”（改建重建）。表决时间要等议题公告后才确定；公告前表决事项和方案还可以修改。');
  });

  it('after the notice: the frozen items, the window in Beijing days, the notice period, rules and roster bases', () => {
    const card = voteCard(topic({ stage: 'announced', announcement, items: [] }), '2026-12-02T05:00:00.000Z');
    expect(card.items).toHaveLength(1); // from the notice, not the (editable) topic items
    expect(card.window).toBe('从12月17日起投票，到12月23日截止');
    expect(card.notice).toBe('公告于12月2日发布，公告期 15 天');
    expect(card.rules).toBe('按默认议事规则');
    expect(card.channels).toBe('线上投票，也可以领取纸质表决票');
    expect(card.bases).toBe('参与表决的范围：40 套房屋，总面积 3580.50 ㎡，业主 38 人');
    expect(voteSentence(card)).toBe('由1号楼业主表决：“更换1号楼两部电梯”（改建重建）。从12月17日起投票，到12月23日截止。');
  });

  it('names a confirmed rules version by number', () => {
    expect(voteCard(topic({ announcement: { ...announcement, rulesIsDefault: false, rulesVersionNo: 2 } }), announcement.announcedAt).rules).toBe('按议事规则第 2 版');
  });

  it('the header carries the timeline and the last note with who wrote it', () => {
    const h = headerView(topic());
    expect(h.lastNote).toBe('党支部书记（12月2日）：同意进入协商');
    expect(h.timeline.find((s) => s.state === 'current')?.key).toBe('consultation');
  });
});

describe('plan versions', () => {
  it('shows the latest by default with its diff against the one before; the first has no diff', () => {
    const latest = planView(topic().plans);
    expect(latest.selected?.version).toBe(2);
    expect(latest.changed).toBe(true);
    expect(latest.diff?.filter((d) => d.kind === 'added').map((d) => d.text)).toEqual(['费用由维修资金支出，不足部分按面积分摊。']);
    expect(latest.versions.map((v) => v.label)).toEqual(['第1版（12月1日）', '第2版（12月3日）']);
    const first = planView(topic().plans, 1);
    expect(first.selected?.version).toBe(1);
    expect(first.diff).toBeNull();
  });

  it('no plan yet: nothing selected', () => {
    expect(planView([]).selected).toBeNull();
  });
});

const comment = (over: Partial<CommentView>): CommentView => ({
  commentId: 'c1',
  kind: 'comment',
  stance: 'support',
  authorRelation: 'owner',
  authorLabel: '1号楼业主',
  text: '支持更换',
  hidden: null,
  hiddenNotice: null,
  createdAt: '2026-12-02T06:00:00.000Z',
  mine: false,
  reportedByMe: false,
  answer: null,
  ...over,
});
const can = { comment: true, ask: true, answer: false, report: true, moderate: false };

describe('comments and questions', () => {
  it('a resident\'s comment is marked 住户; stance chips in words', () => {
    const [owner, tenant] = commentRows({ comments: [comment({}), comment({ commentId: 'c2', authorRelation: 'resident', authorLabel: '住户', stance: 'oppose' })], can });
    expect(owner).toMatchObject({ resident: false, chip: { label: '支持' }, canReport: true });
    expect(tenant).toMatchObject({ resident: true, chip: { label: '反对', tone: 'danger' } });
  });

  it('a hidden comment shows its reason, not its text, and cannot be reported again', () => {
    const [row] = commentRows({
      comments: [comment({ text: null, hidden: { reason: '人身攻击', at: '2026-12-02T07:00:00.000Z', byLabel: '党支部' }, hiddenNotice: '该评论已被隐藏：人身攻击（处理：党支部）' })],
      can: { ...can, moderate: true },
    });
    expect(row).toMatchObject({ text: null, hiddenNotice: '该评论已被隐藏：人身攻击（处理：党支部）', canReport: false, canHide: false });
  });

  it('the opener may answer an open question; an answered one shows who answered', () => {
    const rows = commentRows({
      comments: [
        comment({ kind: 'question', stance: null, text: '费用怎么分摊？' }),
        comment({ commentId: 'q2', kind: 'question', stance: null, answer: { text: '按面积分摊', at: '2026-12-03T00:00:00.000Z', byLabel: '提议人' } }),
      ],
      can: { ...can, answer: true },
    });
    expect(rows[0]).toMatchObject({ isQuestion: true, chip: { label: '提问' }, canAnswer: true, awaitingAnswer: true });
    expect(rows[1]).toMatchObject({ canAnswer: false, awaitingAnswer: false, answer: '按面积分摊', answerBy: '提议人回答：' });
  });

  it('my own comment and one I reported cannot be reported', () => {
    const rows = commentRows({ comments: [comment({ mine: true }), comment({ commentId: 'c3', reportedByMe: true })], can });
    expect(rows.map((r) => r.canReport)).toEqual([false, false]);
    expect(rows[1].reported).toBe(true);
  });
});

describe('petition progress', () => {
  it('bars in whole m² and people against 20 %, with what I may do', () => {
    const p: PetitionView = {
      topicId: 't1', signedUnitCount: 3, signedAreaCenti: 26_899, totalAreaCenti: 358_050, signedHeadcount: 3, totalHeadcount: 38,
      areaReached: false, headcountReached: false, reached: false, reachedAt: null, thresholdLabel: '20%', areaShortCenti: 1, headcountShort: 5,
      mine: { signedUnits: [], unsignedUnits: ['1号楼1单元101'], canSign: true, canWithdraw: false },
    };
    expect(petitionBars(p)).toMatchObject({ area: { value: 268, total: 3580 }, headcount: { value: 3, total: 38 }, canSign: true, reached: false });
  });
});

describe('moves', () => {
  it('offers the moves the server allows, in a fixed order; only openVoting goes straight to the server', () => {
    const b = moveButtons(['openVoting', 'withdraw', 'announce', 'startCounting']);
    expect(b.map((x) => x.move)).toEqual(['announce', 'openVoting', 'withdraw']);
    expect(b.find((x) => x.move === 'openVoting')?.needsForm).toBe(false);
    expect(b.find((x) => x.move === 'withdraw')?.danger).toBe(true);
    // a move offered twice (listed by the server and offered by the console) is one button
    expect(moveButtons(['openVoting', 'openVoting']).map((x) => x.move)).toEqual(['openVoting']);
  });

  it('proposes a week-long window, within what the rules allow', () => {
    expect(defaultVotingDays({ minDays: 5, maxDays: 60 })).toBe('7');
    expect(defaultVotingDays({ minDays: 10, maxDays: 60 })).toBe('10');
    expect(defaultVotingDays({ minDays: 3, maxDays: 5 })).toBe('5');
    expect(TOPIC_TEXT.opensOnHint(20, '2027-01-05')).toBe('本小区议事规则规定公告期至少 20 天，今天发布的话表决最早从 1月5日开始。日期格式：2027-01-05');
  });

  it('sends each move with the topic version it was read at', async () => {
    const calls: [string, unknown][] = [];
    const rec = (name: string) => async (input: unknown) => {
      calls.push([name, input]);
      return { ok: true as const, data: {} };
    };
    const fake = { deliberation: { prereviewTopic: rec('prereview'), announceTopic: rec('announce'), openVoting: rec('open'), publishPlanVersion: rec('plan') } } as unknown as DeliberationApi;
    const t = topic();
    const form = { note: '同意', text: '新方案内容足够长。', changeNote: '改了', opensOn: ' 2026-12-18 ', days: '7' };
    await sendMove(fake, t, 'hemu', 'accept', form);
    await sendMove(fake, t, 'hemu', 'announce', form);
    await sendMove(fake, t, 'hemu', 'openVoting', form);
    await sendMove(fake, t, 'hemu', 'publishPlan', form);
    expect(calls).toEqual([
      ['prereview', { estateId: 'hemu', topicId: 't1', expectedVersion: 3, decision: 'accept', note: '同意' }],
      ['announce', { estateId: 'hemu', topicId: 't1', expectedVersion: 3, votingOpensOn: '2026-12-18', votingDays: 7 }],
      ['open', { estateId: 'hemu', topicId: 't1', expectedVersion: 3 }],
      ['plan', { estateId: 'hemu', topicId: 't1', expectedVersion: 3, text: '新方案内容足够长。', changeNote: '改了' }],
    ]);
  });
});

describe('the propose form', () => {
  it('building scope: chosen buildings in order; none chosen is caught before sending', () => {
    let f: ProposeForm = { ...EMPTY_PROPOSAL, scope: 'buildings' };
    expect(localErrors(f).scope).toBe('请至少选择一栋楼');
    f = toggleBuilding(toggleBuilding(f, '3'), '1');
    expect(f.buildings).toEqual(['1', '3']);
    expect(toggleBuilding(f, '3').buildings).toEqual(['1']);
    expect(buildingChoices(3)).toEqual(['1', '2', '3']);
  });

  it('every item needs a matter chosen from the nine, offered in plain words with their rule', () => {
    expect(MATTER_CHOICES).toHaveLength(9);
    expect(MATTER_CHOICES[6]).toMatchObject({ matter: 7, label: '改建重建', rule: thresholdText(7) });
    const f = addItem(EMPTY_PROPOSAL);
    expect(localErrors(f)).toEqual({ 'items.0.matter': '请选择事项类型', 'items.1.matter': '请选择事项类型' });
    expect(removeItem(removeItem(f, 0), 0).items).toHaveLength(1); // the last item stays
  });

  it('sends building scope, items and the petition flag as the contract expects', () => {
    let f: ProposeForm = { ...EMPTY_PROPOSAL, title: '更换1号楼电梯', summary: '电梯老旧，故障频繁，影响出行。', scope: 'buildings', petition: true };
    f = setItem(toggleBuilding(f, '1'), 0, { title: '更换两部电梯', matter: 7, description: '整体更换' });
    expect(proposalInput('hemu', f)).toEqual({
      estateId: 'hemu',
      title: '更换1号楼电梯',
      summary: '电梯老旧，故障频繁，影响出行。',
      scope: { kind: 'buildings', buildings: ['1'] },
      items: [{ title: '更换两部电梯', matter: 7, description: '整体更换' }],
      petition: true,
    });
  });

  it('puts the server\'s messages under their fields; an unknown building under the scope', () => {
    const errors = proposeErrorsFrom({
      code: 'VALIDATION_FAILED',
      message: '输入有误',
      fields: [
        { field: 'title', code: 'FIELD_TOO_SHORT', message: '标题至少需要 4 个字' },
        { field: 'items.0.description', code: 'FIELD_TOO_SHORT', message: '事项说明至少需要 2 个字' },
        { field: 'scope.buildings.0', code: 'FIELD_REQUIRED', message: '请填写楼栋' },
        { field: 'estateId', code: 'FIELD_INVALID', message: '小区不正确' },
      ],
    });
    expect(errors).toEqual({ title: '标题至少需要 4 个字', 'items.0.description': '事项说明至少需要 2 个字', scope: '请填写楼栋', form: '小区不正确' });
    expect(proposeErrorsFrom({ code: 'SCOPE_BUILDING_UNKNOWN', message: '小区没有 9号楼' })).toEqual({ scope: '小区没有 9号楼' });
  });

  it('does not call the server while a choice is missing', async () => {
    const fake = { deliberation: { proposeTopic: jest.fn() } } as unknown as DeliberationApi;
    const out = await submitProposal(fake, 'hemu', EMPTY_PROPOSAL);
    expect(out.ok).toBe(false);
    expect((fake.deliberation.proposeTopic as jest.Mock).mock.calls).toHaveLength(0);
  });
});

describe('the party-branch console', () => {
  const summary = (topicId: string, t: TopicSummary['stage'], over: Partial<TopicSummary> = {}): TopicSummary => ({
    topicId, title: `议题${topicId}`, summary: '说明', stage: t, scopeLabel: '全体业主', openedAt: '2026-12-01T00:00:00.000Z', openedByLabel: '业主提议', proposerKind: 'owner', petition: false, ...over,
  });

  it('sorts topics into pre-review, consultation and announced, with owners\' stances apart from residents\'', () => {
    const view = consoleView(
      [summary('a', 'proposed'), summary('b', 'consultation'), summary('c', 'announced', { votingOpensAt: '2026-12-16T16:00:00.000Z' }), summary('d', 'closed')],
      {
        topics: [{ topicId: 'b', stances: { support: 3, oppose: 1, suggest: 2 }, residentStances: { support: 0, oppose: 2, suggest: 0 }, organiserStances: { support: 0, oppose: 0, suggest: 0 }, comments: 8, questions: 2, unanswered: 1, hidden: 0, reportsPending: 1 }],
        unanswered: [{ topicId: 'b', commentId: 'q1', text: '谁来施工？', authorLabel: '1号楼业主', createdAt: '2026-12-02T02:00:00.000Z' }],
      },
    );
    expect(view.prereview.map((r) => r.topic.topicId)).toEqual(['a']);
    expect(view.consultation[0].lines).toEqual({
      owners: '业主意见：支持 3 · 反对 1 · 建议 2',
      residents: '住户意见（不计入表决）：支持 0 · 反对 2 · 建议 0',
      questions: '提问 2 个，其中 1 个还没回答',
      reports: '1 条评论被举报，待处理',
    });
    expect(view.announced[0].opensLine).toBe('12月17日起可以开启表决');
    expect(view.unanswered[0]).toMatchObject({ topicTitle: '议题b', text: '谁来施工？', time: '2026-12-02 10:00' });
  });

  it('a committee member (no pre-review right) gets the console without summaries, not a refusal on screen', async () => {
    const fake = {
      deliberation: {
        listTopics: async () => ({ ok: true as const, data: { topics: [summary('b', 'consultation')] } }),
        consultationSummaries: async () => ({ ok: false as const, error: { code: 'FORBIDDEN' as const, message: '你没有权限执行此操作' } }),
      },
    } as unknown as DeliberationApi;
    const state = await loadConsole(fake, 'hemu');
    expect(state).toMatchObject({ status: 'ready', summaries: false, summariesError: null });
  });

  it('a topic nobody discussed yet reads 暂无, not zeros from nowhere', () => {
    expect(summaryLines(undefined)).toEqual({ owners: '业主意见：暂无', residents: null, questions: '提问：暂无', reports: null });
  });
});
