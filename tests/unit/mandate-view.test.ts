import {
  allowedChoices,
  canCreate,
  canRevoke,
  codeComplete,
  createMandateInput,
  emptyMandateForm,
  initialProxyChoices,
  mandateFieldErrors,
  mandateFormProblems,
  missingChoice,
  ownerMandateUrl,
  ownerStatusLine,
  proxyBallotInput,
  proxyMandateLine,
  rejectProblem,
  staffRowLines,
} from '../../src/lib/mandate-view';
import type { OwnerMandateView, ProxyMandateView, StaffMandateView } from '../../types/voting-proxy';

const ITEMS = [
  { itemId: 'i1', title: '增设电动自行车充电棚' },
  { itemId: 'i2', title: '更换消防水泵' },
];
const REF = { estateId: 'hemu', topicId: 't1', unitId: 'hemu:1-1-101' };

const owner = (over: Partial<OwnerMandateView> = {}): OwnerMandateView => ({
  topicId: 't1', unitId: REF.unitId, unitLabel: '1号楼1单元101', proxyName: '李*国', proxyPhone: null,
  instructions: [{ itemId: 'i1', title: ITEMS[0]!.title, instruction: 'yes' }, { itemId: 'i2', title: ITEMS[1]!.title, instruction: 'proxy' }],
  status: 'awaiting', hasScan: true, createdAt: '2026-12-09T01:00:00.000Z', acceptedAt: null, checkedAt: null, rejectReason: null, receipt: null, ...over,
});
const proxy = (over: Partial<ProxyMandateView> = {}): ProxyMandateView => ({
  estateId: 'hemu', estateName: '和睦家园', topicId: 't1', title: '充电棚和消防水泵', unitId: REF.unitId, unitLabel: '1号楼1单元101',
  instructions: owner().instructions, status: 'approved', votingOpensAt: '2026-12-08T16:00:00.000Z', votingClosesAt: '2026-12-18T16:00:00.000Z',
  canVote: true, receipt: null, votedAt: null, ...over,
});

describe('the owner’s mandate form', () => {
  it('names every missing field, an item without an instruction by its title, and the scan only when required', () => {
    const form = { ...emptyMandateForm(), proxyName: ' 李', proxyPhone: '1391234', instructions: { i1: 'yes' as const } };
    expect(mandateFormProblems(form, ITEMS, true)).toEqual({
      proxyName: '请填写代理人的姓名',
      proxyPhone: '手机号应为 11 位数字',
      'instructions.i2': '请选择对“更换消防水泵”的委托意见',
      scanFileId: '请上传签名的书面委托书',
    });
    const complete = { proxyName: '李建国', proxyPhone: '', instructions: { i1: 'yes' as const, i2: 'proxy' as const }, scan: null };
    expect(mandateFormProblems(complete, ITEMS, false)).toEqual({});
    expect(mandateFormProblems(complete, ITEMS, true)).toEqual({ scanFileId: '请上传签名的书面委托书' });
  });

  it('builds the input in the notice’s item order, without empty optional fields', () => {
    const form = { proxyName: ' 李建国 ', proxyPhone: '', instructions: { i2: 'no' as const, i1: 'proxy' as const }, scan: { fileId: 'uploads/o/x.jpg', fileName: 'x.jpg' } };
    expect(createMandateInput(REF, form, ITEMS)).toEqual({
      ...REF, proxyName: '李建国', instructions: [{ itemId: 'i1', instruction: 'proxy' }, { itemId: 'i2', instruction: 'no' }], scanFileId: 'uploads/o/x.jpg',
    });
  });

  it('maps server field errors on instructions.<index> to the item', () => {
    expect(mandateFieldErrors([{ field: 'instructions.1.instruction', code: 'FIELD_NOT_ALLOWED', message: '不允许' }, { field: 'proxyName', code: 'FIELD_REQUIRED', message: '必填' }], ITEMS))
      .toEqual({ 'instructions.i2': '不允许', proxyName: '必填' });
  });

  it('says what happens next for every status, and when the owner may revoke or mandate again', () => {
    expect(ownerStatusLine(owner())).toBe('等待代理人 李*国 输入委托码，以及社区核验委托书。');
    expect(ownerStatusLine(owner({ acceptedAt: '2026-12-09T02:00:00.000Z' }))).toBe('代理人 李*国 已接受委托，等待社区核验委托书。');
    expect(ownerStatusLine(owner({ status: 'approved', acceptedAt: 'x' }))).toBe('委托书已核验，代理人 李*国 可以代为投票。');
    expect(ownerStatusLine(owner({ status: 'rejected', rejectReason: '签名不符' }))).toContain('签名不符');
    expect(ownerStatusLine(owner({ status: 'voted', receipt: 'AAAA-BBBB-CCCC-DDDD' }))).toContain('AAAA-BBBB-CCCC-DDDD');
    expect([canRevoke(owner()), canRevoke(owner({ status: 'voted' })), canRevoke(null)]).toEqual([true, false, false]);
    expect([canCreate(null), canCreate(owner()), canCreate(owner({ status: 'rejected' })), canCreate(owner({ status: 'lapsed' }))]).toEqual([true, false, true, false]);
    expect(ownerMandateUrl('hemu', 't1', 'hemu:1-1-101')).toBe('/packages/vote/mandate/index?estateId=hemu&topicId=t1&unitId=hemu%3A1-1-101');
  });
});

describe('the proxy’s ballot', () => {
  it('offers only the instructed choice, all three where the proxy decides, and starts with the instructed ones filled in', () => {
    expect(allowedChoices('no')).toEqual(['no']);
    expect(allowedChoices('proxy')).toEqual(['yes', 'no', 'abstain']);
    const m = proxy();
    const start = initialProxyChoices(m);
    expect(start).toEqual({ i1: 'yes', i2: undefined });
    expect(missingChoice(m, start)).toBe('更换消防水泵');
    expect(missingChoice(m, { ...start, i2: 'abstain' })).toBeNull();
    expect(proxyBallotInput(m, { ...start, i2: 'abstain' }, 'px-key-0001')).toEqual({
      estateId: 'hemu', topicId: 't1', unitId: REF.unitId, idempotencyKey: 'px-key-0001', choices: [{ itemId: 'i1', choice: 'yes' }, { itemId: 'i2', choice: 'abstain' }],
    });
  });

  it('reads codes as people type them and tells the proxy where each mandate stands', () => {
    expect(codeComplete('abcd efgh jkmn')).toBe(true);
    expect(codeComplete('ABCD-EFGH-JKM0')).toBe(false); // 0 is not in the alphabet
    expect(codeComplete('ABCD-EFGH')).toBe(false);
    const before = Date.parse('2026-12-08T00:00:00.000Z');
    const during = Date.parse('2026-12-10T00:00:00.000Z');
    expect(proxyMandateLine(proxy(), before)).toBe('表决 2026-12-09 00:00 开始');
    expect(proxyMandateLine(proxy(), during)).toBe('请在 2026-12-19 00:00 前投票');
    expect(proxyMandateLine(proxy({ status: 'awaiting' }), during)).toBe('等待社区核验委托书，核验通过后才能投票');
    expect(proxyMandateLine(proxy({ status: 'voted', receipt: 'AAAA-BBBB-CCCC-DDDD' }), during)).toBe('已代为投票，回执码 AAAA-BBBB-CCCC-DDDD');
    expect(proxyMandateLine(proxy({ status: 'lapsed' }), during)).toBe('已失效（房屋已投票）');
  });
});

describe('the staff check', () => {
  it('shows the proxy, the instructions and who checked', () => {
    const m: StaffMandateView = {
      topicId: 't1', title: '充电棚', unitId: REF.unitId, unitLabel: '1号楼1单元101', proxyName: '李建国', proxyPhone: '139****5678',
      instructions: owner().instructions, status: 'rejected', hasScan: true, accepted: false, createdAt: '2026-12-09T01:00:00.000Z',
      checkedAt: '2026-12-09T03:00:00.000Z', checkedByLabel: '社区居委会', rejectReason: '签名不符',
    };
    expect(staffRowLines(m)).toEqual({
      title: '1号楼1单元101 · 充电棚',
      lines: [
        '代理人：李建国（139****5678），尚未输入委托码',
        '委托意见：增设电动自行车充电棚：同意；更换消防水泵：由代理人决定',
        '提交于 2026-12-09 09:00',
        '社区居委会核验于 2026-12-09 11:00，退回理由：签名不符',
      ],
    });
    expect(rejectProblem(' ')).toBe('请写明退回理由');
    expect(rejectProblem('签名不符')).toBeNull();
  });
});
