import {
  confirmLines,
  emptyEntryForm,
  entryFieldErrors,
  entryInput,
  entryProblems,
  entryRows,
  newEntryKey,
  ownerPaperView,
  PAPER_TEXT,
  requestRows,
  reviewInput,
  unitIdOf,
  type EntryForm,
} from '../../src/lib/paper-ballot';
import { EnterPaperBallotSchema, type PaperRequestOutput } from '../../types/voting-paper';

const ITEMS = [
  { itemId: 'i1', title: '更换1号楼两部电梯' },
  { itemId: 'i2', title: '使用1号楼维修资金' },
];

const filled = (): EntryForm => ({
  ...emptyEntryForm(new Date('2026-12-09T01:05:00.000Z'), 'hemu:1-1-101'),
  choices: { i1: 'yes', i2: 'abstain' },
  scan: { fileId: 'uploads/demo-community-staff/x-ballot.jpg', fileName: 'ballot.jpg' },
});

describe('paper entry form', () => {
  it('starts from the request row’s unit and the Beijing time now', () => {
    const f = emptyEntryForm(new Date('2026-12-09T16:30:00.000Z'), 'hemu:2-1-301');
    expect(f).toMatchObject({ building: '2', entrance: '1', room: '301', receivedDate: '2026-12-10', receivedTime: '00:30', scan: null });
    expect(emptyEntryForm(new Date('2026-12-09T01:00:00.000Z'))).toMatchObject({ building: '', entrance: '', room: '' });
  });

  it('builds the unit id of the roster convention and forgives 号楼/单元/室', () => {
    expect(unitIdOf('hemu', { building: '1号楼', entrance: ' 1单元', room: '101室' })).toBe('hemu:1-1-101');
    expect(unitIdOf('hemu', { building: '1', entrance: '', room: '101' })).toBeNull();
    expect(unitIdOf('hemu', { building: '1/2', entrance: '1', room: '101' })).toBeNull();
  });

  it('names every missing part before sending', () => {
    const f = { ...emptyEntryForm(new Date('2026-12-09T01:00:00.000Z')), choices: { i1: 'no' as const } };
    expect(entryProblems(f, ITEMS)).toEqual({
      unit: expect.stringContaining('楼栋'),
      'choice.i2': '请录入“使用1号楼维修资金”的选择',
      scanFileId: expect.stringContaining('扫描件'),
    });
    expect(entryProblems(filled(), ITEMS)).toEqual({});
  });

  it('sends what the contract accepts: every item in notice order, Beijing received time', () => {
    const input = entryInput('hemu', 't1', 'pe-key-0001', filled(), ITEMS);
    expect(input).toEqual({
      estateId: 'hemu', topicId: 't1', unitId: 'hemu:1-1-101', idempotencyKey: 'pe-key-0001',
      choices: [{ itemId: 'i1', choice: 'yes' }, { itemId: 'i2', choice: 'abstain' }],
      receivedAt: '2026-12-09T09:05:00+08:00', scanFileId: 'uploads/demo-community-staff/x-ballot.jpg',
    });
    expect(EnterPaperBallotSchema.safeParse(input).success).toBe(true);
    expect(Date.parse(input.receivedAt)).toBe(Date.parse('2026-12-09T01:05:00.000Z'));
    expect(EnterPaperBallotSchema.safeParse({ ...input, idempotencyKey: newEntryKey() }).success).toBe(true);
  });

  it('shows the confirm step in words', () => {
    expect(confirmLines(filled(), ITEMS)).toEqual([
      '房屋：1号楼1单元101',
      '1. 更换1号楼两部电梯：同意',
      '2. 使用1号楼维修资金：弃权',
      '收到时间：2026年12月9日 09:05',
      '扫描件：ballot.jpg',
    ]);
    expect(entryFieldErrors([{ field: 'unitId', message: 'x' }, { field: 'receivedAt', message: 'y' }])).toEqual({ unit: 'x', receivedAt: 'y' });
  });
});

describe('requests and the review queue', () => {
  it('lists requests with what staff can still do', () => {
    const rows = requestRows({
      requests: [
        { unitId: 'hemu:1-1-101', unitLabel: '1号楼1单元101', building: '1', state: 'requested', requestedAt: '2026-12-09T01:00:00.000Z', deliveredAt: null },
        { unitId: 'hemu:1-1-102', unitLabel: '1号楼1单元102', building: '1', state: 'delivered', requestedAt: '2026-12-09T01:00:00.000Z', deliveredAt: '2026-12-09T03:00:00.000Z' },
      ],
    });
    expect(rows.map((r) => [r.title, r.line, r.stateLabel, r.canMarkDelivered])).toEqual([
      ['1号楼1单元101', '申请于 12月9日 09:00', '已申请，待送达', true],
      ['1号楼1单元102', '申请于 12月9日 09:00，送达于 12月9日 11:00', '纸质选票已送达', false],
    ]);
  });

  it('never offers the enterer the review of their own entry', () => {
    const base = { unitId: 'hemu:1-1-101', unitLabel: '1号楼1单元101', building: '1', receivedAt: '2026-12-09T00:30:00.000Z', enteredAt: '2026-12-09T01:00:00.000Z', state: 'pending' as const, reviewedAt: null, rejectReason: null, choices: [{ itemId: 'i1', title: '更换电梯', choice: 'no' as const }] };
    const [mine, other] = entryRows({ entries: [{ ...base, entryId: 'e1', enteredByMe: true }, { ...base, entryId: 'e2', enteredByMe: false }] });
    expect(mine).toMatchObject({ canReview: false, hint: PAPER_TEXT.ownEntry, choiceLines: ['1. 更换电梯：反对'] });
    expect(mine!.line).toContain('本人录入');
    expect(other).toMatchObject({ canReview: true, hint: null, stateLabel: '待复核' });
    expect(reviewInput('hemu', 'e2', 'reject', '  ')).toEqual({ ok: false, message: PAPER_TEXT.reasonRequired });
    expect(reviewInput('hemu', 'e2', 'reject', ' 没有签名 ')).toEqual({ ok: true, input: { estateId: 'hemu', entryId: 'e2', decision: 'reject', rejectReason: '没有签名' } });
    expect(reviewInput('hemu', 'e2', 'approve', 'x')).toEqual({ ok: true, input: { estateId: 'hemu', entryId: 'e2', decision: 'approve' } });
  });
});

describe('the owner’s 申请纸质票 control', () => {
  const out = (o: Partial<PaperRequestOutput>): PaperRequestOutput => ({ offered: true, state: null, requestedAt: null, deliveredAt: null, canRequest: true, canWithdraw: false, ...o });
  it('offers paper, then withdrawal until delivered, and tells the vote page to close online entry', () => {
    expect(ownerPaperView(out({}))).toMatchObject({ hidden: false, action: 'request', onlineClosed: false });
    expect(ownerPaperView(out({ state: 'requested', canRequest: false, canWithdraw: true }))).toMatchObject({ action: 'withdraw', onlineClosed: true });
    expect(ownerPaperView(out({ state: 'delivered', canRequest: false }))).toMatchObject({ action: null, onlineClosed: true, line: expect.stringContaining('已送达') });
    expect(ownerPaperView(out({ state: 'withdrawn' }))).toMatchObject({ action: 'request', line: expect.stringContaining('已撤回') });
    // not offered, or nothing to do (a co-owner who is not the representative, or already voted): nothing shown
    expect(ownerPaperView(out({ offered: false, canRequest: false })).hidden).toBe(true);
    expect(ownerPaperView(out({ canRequest: false })).hidden).toBe(true);
  });
});
