/**
 * The owner's 投票 flow, 我的投票 and the turnout panel without Taro (src/lib/vote-*.ts): steps, the one
 * idempotency key per submission kept across retries and reloads, every refusal as a plain step or sentence.
 */
import type { ApiError, ApiResult } from '../../types/errors';
import type { CastBallotOutput, MyBallotRow, TurnoutFigures } from '../../types/voting';
import {
  castInput,
  closedText,
  deadlineText,
  EMPTY_VOTE,
  initialVote,
  newIdempotencyKey,
  pendingStorageKey,
  readDraft,
  readPending,
  representativeName,
  saveDraft,
  reviewRows,
  settle,
  submissionFor,
  VOTE_TEXT,
  voteReducer,
  voteUnits,
  windowOpen,
  type KeyStore,
  type VoteItem,
  type VoteState,
  type VoteUnit,
} from '../../src/lib/vote-flow';
import { ballotDetail, loadMine, mineRows } from '../../src/lib/vote-mine';
import { turnoutBars, turnoutView, voteEntry } from '../../src/lib/vote-turnout';

const unit = (over: Partial<VoteUnit> = {}): VoteUnit => ({ unitId: 'hemu:1-1-101', label: '1号楼1单元101', isRepresentative: true, status: 'pending', receipt: null, castAt: null, deliveredAt: null, ...over });
const items: VoteItem[] = [
  { itemId: 'i1', number: 1, title: '增设充电棚', description: '', matterShort: '改变共有部分用途或经营', thresholdText: '四分之三以上' },
  { itemId: 'i2', number: 2, title: '更换消防水泵', description: '', matterShort: '使用维修资金', thresholdText: '过半数' },
];
const err = (code: string, params?: Record<string, string>): ApiError => ({ code: code as ApiError['code'], message: `msg ${code}`, ...(params ? { params } : {}) });
const memoryStore = (): KeyStore & { data: Map<string, unknown> } => {
  const data = new Map<string, unknown>();
  return { data, get: (k) => data.get(k) ?? '', set: (k, v) => void data.set(k, JSON.parse(JSON.stringify(v))), remove: (k) => void data.delete(k) };
};
const pick = (s: VoteState, u: VoteUnit, windowIsOpen = true) => voteReducer(s, { type: 'pickUnit', unit: u, pending: null, windowOpen: windowIsOpen });

describe('vote flow steps', () => {
  it('starts with the only unit chosen, at reading until delivery was confirmed, then choosing', () => {
    expect(initialVote([unit()], true, () => null)).toMatchObject({ step: 'read', unitId: 'hemu:1-1-101' });
    expect(initialVote([unit({ deliveredAt: '2026-11-22T01:00:00.000Z' })], true, () => null).step).toBe('choose');
    expect(initialVote([unit(), unit({ unitId: 'hemu:2-1-301' })], true, () => null).step).toBe('unit');
    expect(initialVote([], true, () => null).step).toBe('noUnit');
  });

  it('shows 已完成 with the receipt for a unit that voted, closed when the window is over, who votes for a co-owner', () => {
    expect(pick(EMPTY_VOTE, unit({ status: 'done', receipt: 'AAAA-BBBB-CCCC-DDDD', castAt: 'x' }))).toMatchObject({ step: 'done', receipt: { code: 'AAAA-BBBB-CCCC-DDDD', already: false } });
    expect(pick(EMPTY_VOTE, unit({ status: 'missed' })).step).toBe('closed');
    expect(pick(EMPTY_VOTE, unit(), false).step).toBe('closed');
    expect(pick(EMPTY_VOTE, unit({ isRepresentative: false })).step).toBe('notRep');
  });

  it('needs every item chosen before review, names how many are missing, and goes back to change', () => {
    let s = voteReducer(pick(EMPTY_VOTE, unit()), { type: 'delivered' });
    s = voteReducer(s, { type: 'choose', itemId: 'i1', choice: 'yes' });
    s = voteReducer(s, { type: 'review', itemIds: ['i1', 'i2'] });
    expect(s).toMatchObject({ step: 'choose', missing: ['i2'] });
    expect(VOTE_TEXT.missing(s.missing.length)).toBe('还有 1 项没有选，请每一项都选一个。');
    s = voteReducer(s, { type: 'choose', itemId: 'i2', choice: 'abstain' });
    expect(s.missing).toEqual([]);
    s = voteReducer(s, { type: 'review', itemIds: ['i1', 'i2'] });
    expect(s.step).toBe('review');
    expect(reviewRows(items, s.choices).map((r) => [r.label, r.choiceLabel])).toEqual([['第 1 项', '同意'], ['第 2 项', '弃权']]);
    expect(voteReducer(s, { type: 'back' }).step).toBe('choose');
  });

  it('turns each refusal into a step or a plain sentence', () => {
    const review: VoteState = { ...EMPTY_VOTE, step: 'review', unitId: 'u', choices: { i1: 'yes' }, busy: true, pending: { key: 'k1234567', choices: { i1: 'yes' } } };
    expect(voteReducer(review, { type: 'refused', error: err('ALREADY_VOTED', { receipt: 'AAAA-BBBB-CCCC-DDDD' }) })).toMatchObject({
      step: 'receipt',
      busy: false,
      receipt: { code: 'AAAA-BBBB-CCCC-DDDD', already: true },
    });
    expect(voteReducer(review, { type: 'refused', error: err('BALLOT_WINDOW_CLOSED') })).toMatchObject({ step: 'closed', message: 'msg BALLOT_WINDOW_CLOSED' });
    expect(voteReducer(review, { type: 'refused', error: err('BALLOT_PAPER_REQUESTED') }).step).toBe('closed');
    expect(voteReducer(review, { type: 'refused', error: err('NOT_REPRESENTATIVE'), representative: '周*' })).toMatchObject({ step: 'notRep', message: VOTE_TEXT.notRep('周*') });
    expect(VOTE_TEXT.notRep('周*')).toContain('表决权代表是 周*');
    expect(voteReducer(review, { type: 'refused', error: err('DELIVERY_REQUIRED') }).step).toBe('read');
    // a network failure keeps the step AND the pending key: the retry sends the same key
    const net = voteReducer(review, { type: 'refused', error: err('NETWORK_ERROR') });
    expect(net).toMatchObject({ step: 'review', busy: false, message: VOTE_TEXT.network, pending: review.pending });
    expect(voteReducer(review, { type: 'refused', error: err('IDEMPOTENCY_KEY_REUSED') })).toMatchObject({ step: 'review', pending: null });
  });

  it('shows the receipt after a successful submission', () => {
    const s = voteReducer({ ...EMPTY_VOTE, step: 'review', busy: true }, { type: 'submitted', receipt: 'AAAA-BBBB-CCCC-DDDD', castAt: '2026-11-23T02:00:00.000Z' });
    expect(s).toMatchObject({ step: 'receipt', busy: false, pending: null, receipt: { code: 'AAAA-BBBB-CCCC-DDDD', already: false } });
  });
});

describe('one idempotency key per submission', () => {
  it('reuses the stored key for the same choices (retry, reload) and makes a new one for other choices', () => {
    const store = memoryStore();
    let n = 0;
    const make = () => `key-${String(++n).padStart(8, '0')}`;
    const first = submissionFor(store, 't5', 'u1', { i1: 'yes', i2: 'no' }, make);
    expect(first.key).toBe('key-00000001');
    // a retry (or a reload that restored the same choices) sends the same key
    expect(submissionFor(store, 't5', 'u1', { i2: 'no', i1: 'yes' }, make).key).toBe('key-00000001');
    expect(readPending(store, 't5', 'u1')).toEqual({ key: 'key-00000001', choices: { i1: 'yes', i2: 'no' } });
    // changed choices: a new submission, a new key
    expect(submissionFor(store, 't5', 'u1', { i1: 'no', i2: 'no' }, make).key).toBe('key-00000002');
    // other units and topics keep their own
    expect(readPending(store, 't5', 'u2')).toBeNull();
  });

  it('a reload with a stored submission goes back to review with the same choices and key', () => {
    const pending = { key: 'key-00000001', choices: { i1: 'yes' as const, i2: 'abstain' as const } };
    expect(initialVote([unit({ deliveredAt: 'x' })], true, () => pending)).toMatchObject({ step: 'review', choices: pending.choices, pending });
  });

  it('forgets the key once the server has a valid ballot (or refused the key), keeps it after a network failure', () => {
    const store = memoryStore();
    const ok: ApiResult<CastBallotOutput> = { ok: true, data: { receipt: 'AAAA-BBBB-CCCC-DDDD', castAt: 'x', changed: false } };
    for (const [result, kept] of [
      [ok, false],
      [{ ok: false, error: err('ALREADY_VOTED', { receipt: 'A' }) }, false],
      [{ ok: false, error: err('IDEMPOTENCY_KEY_REUSED') }, false],
      [{ ok: false, error: err('NETWORK_ERROR') }, true],
      [{ ok: false, error: err('BALLOT_WINDOW_CLOSED') }, true],
    ] as const) {
      submissionFor(store, 't5', 'u1', { i1: 'yes' });
      settle(store, 't5', 'u1', result as ApiResult<CastBallotOutput>);
      expect(store.data.has(pendingStorageKey('t5', 'u1'))).toBe(kept);
      store.data.clear();
    }
  });

  it('keeps choices made before a reload (大字模式) once delivery is confirmed, and forgets them after the ballot', () => {
    const store = memoryStore();
    saveDraft(store, 't5', 'u1', { i1: 'yes' });
    expect(readDraft(store, 't5', 'u1')).toEqual({ i1: 'yes' });
    const draftOf = (id: string) => readDraft(store, 't5', id);
    expect(initialVote([unit({ unitId: 'u1', deliveredAt: 'x' })], true, () => null, draftOf)).toMatchObject({ step: 'choose', choices: { i1: 'yes' } });
    expect(initialVote([unit({ unitId: 'u1' })], true, () => null, draftOf)).toMatchObject({ step: 'read', choices: {} });
    settle(store, 't5', 'u1', { ok: true, data: { receipt: 'A', castAt: 'x', changed: false } });
    expect(readDraft(store, 't5', 'u1')).toBeNull();
  });

  it('ignores damaged stored values and makes keys the contract accepts', () => {
    const store = memoryStore();
    store.set(pendingStorageKey('t', 'u'), { key: 'bad key!', choices: {} });
    expect(readPending(store, 't', 'u')).toBeNull();
    store.set(pendingStorageKey('t', 'u'), { key: 'goodkey123', choices: { i1: 'maybe', i2: 'no' } });
    expect(readPending(store, 't', 'u')).toEqual({ key: 'goodkey123', choices: { i2: 'no' } });
    for (let i = 0; i < 20; i++) expect(newIdempotencyKey()).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(castInput('hemu', 't5', 'u1', items, { key: 'goodkey123', choices: { i1: 'yes', i2: 'no' } })).toEqual({
      estateId: 'hemu', topicId: 't5', unitId: 'u1', idempotencyKey: 'goodkey123',
      choices: [{ itemId: 'i1', choice: 'yes' }, { itemId: 'i2', choice: 'no' }],
    });
  });
});

describe('vote page data', () => {
  const row = (over: Partial<MyBallotRow>): MyBallotRow => ({
    topicId: 't5', title: '充电棚', unitId: 'hemu:1-1-101', unitLabel: '1号楼1单元101', status: 'pending', receipt: null, castAt: null, channel: null, deliveredAt: null, votingClosesAt: '2026-12-04T16:00:00.000Z', ...over,
  });

  it('takes the topic’s units from 我的投票 and who is representative from me()', () => {
    const me = { estates: [], current: { units: [{ unitId: 'hemu:1-1-101', label: '', areaCenti: 1, isRepresentative: true }] } } as never;
    const units = voteUnits('t5', [row({}), row({ unitId: 'hemu:1-2-302' }), row({ topicId: 't6' })], me);
    expect(units.map((u) => [u.unitId, u.isRepresentative])).toEqual([['hemu:1-1-101', true], ['hemu:1-2-302', false]]);
    expect(representativeName({ unitLabel: '', proposal: null, owners: [{ memberKey: 'a', displayName: '李*英', isRepresentative: false, isMe: true }, { memberKey: 'b', displayName: '周*', isRepresentative: true, isMe: false }] })).toBe('周*');
  });

  it('says when voting opens or closed, and the deadline as people say it', () => {
    const d = { stage: 'voting', votingOpensAt: '2026-11-20T16:00:00.000Z', votingClosesAt: '2026-12-04T16:00:00.000Z' };
    expect(windowOpen(d, Date.parse('2026-11-23T02:00:00.000Z'))).toBe(true);
    expect(windowOpen(d, Date.parse('2026-12-04T16:00:00.000Z'))).toBe(false);
    expect(windowOpen({ ...d, stage: 'counting' }, Date.parse('2026-11-23T02:00:00.000Z'))).toBe(false);
    expect(closedText(d, Date.parse('2026-12-05T02:00:00.000Z'))).toBe('表决已于 12月5日 00:00 结束，不能再投票。');
    expect(closedText(d, Date.parse('2026-11-19T02:00:00.000Z'))).toBe('表决要到 11月21日 00:00 才开始。');
    expect(deadlineText('2026-12-04T16:00:00.000Z')).toBe('12月4日 24:00 截止');
    expect(deadlineText('2026-12-04T10:30:00.000Z')).toBe('12月4日 18:30 截止');
  });

  it('我的投票 lists pending first, then done with receipts, never a tally', async () => {
    const rows = mineRows({ ballots: [row({ status: 'done', receipt: 'AAAA-BBBB-CCCC-DDDD', castAt: '2026-11-22T01:00:00.000Z', topicId: 't6' }), row({}), row({ status: 'missed', topicId: 't4' })] });
    expect(rows.map((r) => [r.topicId, r.statusLabel, r.detail])).toEqual([
      ['t5', '待投票', '12月4日 24:00 截止'],
      ['t6', '已完成', '11月22日 09:00 在线投票'],
      ['t4', '未投票', ''],
    ]);
    expect(ballotDetail({ receipt: 'A', castAt: 'x', choices: [{ itemId: 'i1', title: '充电棚', choice: 'no' }], ledger: { eventHash: 'h', seq: 12 } })).toEqual({
      choices: [{ title: '充电棚', choice: '反对', tone: 'danger' }],
      ledger: '回执已记入表决账本，第 12 条。',
    });
    const api = {
      identity: { me: async () => ({ ok: true as const, data: { estates: [], current: { estate: { estateId: 'hemu' } } } as never }) },
      voting: { myBallots: async (input: { estateId: string }) => ({ ok: true as const, data: { ballots: input.estateId === 'hemu' ? [row({})] : [] } }) },
    };
    expect(await loadMine(api, undefined)).toMatchObject({ status: 'ready', estateId: 'hemu', rows: [{ topicId: 't5' }] });
  });
});

describe('turnout panel and the topic page’s vote entry', () => {
  const f = (over: Partial<TurnoutFigures>): TurnoutFigures => ({
    areaCenti: 600_050, totalAreaCenti: 1_200_099, headcount: 50, totalHeadcount: 113, units: 55, totalUnits: 120, areaReached: false, headcountReached: false, ...over,
  });

  it('draws whole m² and persons against 2/3 and says in words what is missing, from the server’s exact flags', () => {
    expect(turnoutBars('全体业主', f({}))).toEqual({
      label: '全体业主',
      area: { value: 6000, total: 12000 },
      headcount: { value: 50, total: 113 },
      summary: '已有 55 套房屋投票（共 120 套）。面积和人数还没有达到三分之二。',
      reached: false,
    });
    expect(turnoutBars('x', f({ areaReached: true })).summary).toContain('人数还没有达到三分之二');
    expect(turnoutBars('x', f({ areaReached: true, headcountReached: true })).summary).toContain('面积和人数都已达到三分之二');
    const view = turnoutView({ topicId: 't5', stage: 'voting', votingOpensAt: '', votingClosesAt: '', lineLabel: '2/3', estate: f({}), buildings: [{ ...f({}), building: '1' }, { ...f({}), building: '2' }] });
    expect(view.buildings.map((b) => b.label)).toEqual(['1号楼', '2号楼']);
  });

  it('offers 去投票 while a unit is pending, 已完成 when all voted, nothing to non-owners', () => {
    expect(voteEntry('t5', [])).toBeNull();
    expect(voteEntry('t5', [{ topicId: 't6', status: 'pending' }])).toBeNull();
    expect(voteEntry('t5', [{ topicId: 't5', status: 'pending' }])).toEqual({ kind: 'vote', status: '你还没有投票。', button: '去投票' });
    expect(voteEntry('t5', [{ topicId: 't5', status: 'done' }, { topicId: 't5', status: 'pending' }])?.status).toBe('你有 1 套房屋还没有投票。');
    expect(voteEntry('t5', [{ topicId: 't5', status: 'done' }])).toMatchObject({ kind: 'done', button: '查看回执' });
    expect(voteEntry('t5', [{ topicId: 't5', status: 'missed' }])).toMatchObject({ kind: 'missed', button: null });
  });
});
