import type { Role } from '../../types/common';
import type { MeOutput, UnitOwnersOutput } from '../../types/identity';
import { homeSections, type Current } from '../../src/lib/home-view';
import { ownerRows, proposalView, stillWaiting, unitActions } from '../../src/lib/identity-unit';
import { blockedView, loadStaffPage, routeParam, routeUrl } from '../../src/lib/page-access';
import { ROUTES, unitUrl, verifyEntry, verifyUrl, workbenchEntries } from '../../src/lib/workbench';

const estate: Current['estate'] = {
  estateId: 'hemu',
  name: '和睦家园',
  district: '和平区',
  address: '幸福路 88 号',
  communityName: '幸福里社区居委会',
  partyBranchName: '和睦家园小区党支部',
  buildingCount: 3,
  totals: { unitCount: 120, areaCenti: 1_083_000, headcount: 113 },
};
const current = (roles: Role[]): Current => ({ estate, displayName: '某*', roles, units: [], formerUnits: [] });

describe('which entries each role sees', () => {
  const keys = (roles: Role[]) => workbenchEntries(roles, 'hemu').map((e) => e.key);

  it.each<[string, Role[], string[]]>([
    ['community staff', ['community_staff'], ['roster', 'review', 'members', 'rules', 'paper', 'mandates', 'requestQueue', 'requestMetrics', 'requestRouting']],
    ['committee member', ['committee_member', 'owner'], ['roster', 'rules', 'topics', 'paper', 'mandates', 'requestQueue']],
    ['sub-district staff', ['subdistrict_staff'], ['roster', 'members', 'requestQueue', 'requestMetrics']],
    ['party secretary', ['party_secretary', 'party_member', 'owner'], ['roster', 'topics']],
    ['owner', ['owner'], []],
    ['tenant', ['resident'], []],
    ['property manager', ['property_manager'], ['requestQueue']],
    ['grid worker', ['grid_worker'], ['requestQueue']],
  ])('%s', (_who, roles, expected) => {
    expect(keys(roles)).toEqual(expected);
  });

  it('names the roster entry by what the role can do there', () => {
    expect(workbenchEntries(['community_staff'], 'hemu')[0].title).toBe('名册导入');
    expect(workbenchEntries(['subdistrict_staff'], 'hemu')[0].title).toBe('业主名册');
  });

  it('links to the staff subpackage with the estate', () => {
    const urls = workbenchEntries(['community_staff'], 'hemu').map((e) => e.url);
    expect(urls).toEqual([
      '/packages/staff/identity/roster/index?estateId=hemu',
      '/packages/staff/identity/review/index?estateId=hemu',
      '/packages/staff/identity/members/index?estateId=hemu',
      '/packages/staff/deliberation/rules/index?estateId=hemu',
      '/packages/staff/voting/paper/index?estateId=hemu',
      '/packages/staff/voting/mandates/index?estateId=hemu',
      '/packages/staff/requests/queue/index?estateId=hemu',
      '/packages/staff/requests/metrics/index?estateId=hemu',
      '/packages/staff/requests/routing/index?estateId=hemu',
    ]);
  });

  it('shows 身份认证 prominently to everyone who is not a verified owner, including a newcomer', () => {
    expect(verifyEntry({ current: null })).toBe('primary');
    expect(verifyEntry({ current: current(['resident']) })).toBe('primary');
    expect(verifyEntry({ current: current(['community_staff']) })).toBe('primary');
    expect(verifyEntry({ current: current(['owner']) })).toBe('secondary');
    expect(verifyEntry({ current: current(['party_secretary', 'owner']) })).toBe('secondary');
  });

  it('puts both into the home sections', () => {
    const me: { estates: MeOutput['estates']; current: Current } = { estates: [{ estateId: 'hemu', name: '和睦家园' }], current: current(['resident']) };
    expect(homeSections(me)).toMatchObject({ verifyEntry: 'primary', workbench: [] });
    expect(homeSections({ ...me, current: current(['community_staff']) }).workbench).toHaveLength(9);
  });

  it('builds page URLs with encoded ids', () => {
    expect(verifyUrl()).toBe(ROUTES.verify);
    expect(verifyUrl('hemu')).toBe('/pages/identity/verify/index?estateId=hemu');
    expect(unitUrl('hemu', 'hemu:1-2-302')).toBe('/pages/identity/unit/index?estateId=hemu&unitId=hemu%3A1-2-302');
    expect(routeUrl('/x', { a: '', b: undefined })).toBe('/x');
    expect(routeParam({ unitId: 'hemu%3A1-2-302' }, 'unitId')).toBe('hemu:1-2-302');
    expect(routeParam({ unitId: 'hemu:1-2-302' }, 'unitId')).toBe('hemu:1-2-302');
    expect(routeParam({ bad: '%E0%A4%A' }, 'bad')).toBe('%E0%A4%A');
    expect(routeParam(undefined, 'x')).toBeUndefined();
  });
});

describe('staff pages opened by someone without the role', () => {
  it('maps FORBIDDEN and NOT_A_MEMBER to a clear 无权限, and login/retry otherwise', () => {
    expect(blockedView({ code: 'FORBIDDEN', message: '你没有权限执行此操作' }, 'h5')).toEqual({
      kind: 'forbidden',
      title: '无权限',
      message: expect.stringContaining('你没有权限执行此操作'),
    });
    expect(blockedView({ code: 'NOT_A_MEMBER', message: '你还不是该小区的成员' }, 'h5').kind).toBe('forbidden');
    expect(blockedView({ code: 'NOT_AUTHENTICATED', message: '请先登录' }, 'h5')).toEqual({ kind: 'login', message: '请先登录', showLoginButton: true });
    expect(blockedView({ code: 'NOT_AUTHENTICATED', message: '请先登录' }, 'weapp')).toMatchObject({ showLoginButton: false });
    expect(blockedView({ code: 'INTERNAL', message: '系统繁忙，请稍后再试' }, 'h5')).toEqual({ kind: 'retry', message: '系统繁忙，请稍后再试' });
  });

  it('asks the server (not the client) and shows its FORBIDDEN', async () => {
    const calls: string[] = [];
    const api = {
      identity: {
        me: async () => (calls.push('me'), { ok: true as const, data: { estates: [{ estateId: 'hemu', name: '和睦家园' }], current: current(['resident']) } }),
      },
    };
    const state = await loadStaffPage(api, undefined, async (estateId) => (calls.push(`summary:${estateId}`), { ok: false, error: { code: 'FORBIDDEN', message: '你没有权限执行此操作' } }), 'h5');
    expect(calls).toEqual(['me', 'summary:hemu']);
    expect(state).toMatchObject({ status: 'blocked', view: { kind: 'forbidden', title: '无权限' } });
  });

  it('a visitor with no estate is 无权限 without a second call', async () => {
    const calls: string[] = [];
    const api = { identity: { me: async () => ({ ok: true as const, data: { estates: [], current: null } }) } };
    const state = await loadStaffPage(api, undefined, async () => (calls.push('x'), { ok: true, data: {} }), 'h5');
    expect(calls).toEqual([]);
    expect(state).toMatchObject({ status: 'blocked', view: { kind: 'forbidden' } });
  });

  it('returns the data with the context for staff', async () => {
    const api = { identity: { me: async () => ({ ok: true as const, data: { estates: [], current: current(['community_staff']) } }) } };
    const state = await loadStaffPage(api, 'hemu', async () => ({ ok: true, data: { n: 1 } }), 'h5');
    expect(state).toEqual({
      status: 'ready',
      context: { estateId: 'hemu', estateName: '和睦家园', communityName: '幸福里社区居委会', roles: ['community_staff'] },
      data: { n: 1 },
    });
  });
});

describe('unit detail: owners and the voting representative', () => {
  const coOwned: UnitOwnersOutput = {
    unitLabel: '1号楼2单元302',
    owners: [
      { memberKey: 'k-li', displayName: '李*英', isRepresentative: false, isMe: true },
      { memberKey: 'k-zhou', displayName: '周*', isRepresentative: true, isMe: false },
    ],
    proposal: null,
  };

  it('lists the representative first and tags me', () => {
    expect(ownerRows(coOwned)).toEqual([
      { memberKey: 'k-zhou', name: '周*', isRepresentative: true, isMe: false, tags: ['表决权代表'] },
      { memberKey: 'k-li', name: '李*英', isRepresentative: false, isMe: true, tags: ['我'] },
    ]);
  });

  it('lets a co-owner propose another co-owner (not the current representative)', () => {
    const a = unitActions(coOwned);
    expect(a.canPropose).toBe(true);
    expect(a.candidates).toEqual([{ memberKey: 'k-li', name: '李*英（我）' }]);
    expect(a.note).toContain('一户一票');
  });

  it('has nothing to propose for a sole owner', () => {
    const sole: UnitOwnersOutput = { unitLabel: '1号楼1单元101', owners: [{ memberKey: 'k', displayName: '王*国', isRepresentative: true, isMe: true }], proposal: null };
    expect(unitActions(sole)).toMatchObject({ canPropose: false, note: expect.stringContaining('唯一') });
  });

  it('shows a pending proposal: who confirmed, who is awaited, and whether I can confirm', () => {
    const pending: UnitOwnersOutput = {
      ...coOwned,
      proposal: { proposedName: '李*英', confirmationsNeeded: ['周*'], confirmedBy: [], mine: true, byMe: false },
    };
    expect(proposalView(pending)).toEqual({
      title: '提议由 李*英 担任表决权代表',
      confirmedLine: '已确认：暂无',
      waitingLine: '等待确认：周*',
      canConfirm: true,
      canDecline: true,
      canWithdraw: false,
      mineNote: null,
    });
    expect(unitActions(pending).canPropose).toBe(false);
    // the proposer may only withdraw; someone who already confirmed waits
    const proposer = proposalView({ ...pending, proposal: { ...pending.proposal!, mine: false, byMe: true } });
    expect(proposer).toMatchObject({ canConfirm: false, canDecline: false, canWithdraw: true, mineNote: expect.stringContaining('可以随时撤回') });
    const confirmedAlready = proposalView({ ...pending, proposal: { ...pending.proposal!, mine: false, byMe: false } });
    expect(confirmedAlready).toMatchObject({ canConfirm: false, canDecline: false, canWithdraw: false, mineNote: expect.stringContaining('等待其他共有人确认') });
    expect(stillWaiting(['周*', '王*', '周*'], ['周*'])).toEqual(['王*', '周*']);
  });
});
