import { rosterRowError, type MemberView, type PreviewRosterOutput, type ReviewQueueOutput, type RosterSummaryOutput } from '../../types/identity';
import {
  changedUnitLine,
  confirmedLine,
  diffView,
  errorSummaryLine,
  previewView,
  rosterFileProblem,
  rosterChangeText,
  rosterPageMode,
  rowErrorRows,
  summaryView,
} from '../../src/lib/staff-roster';
import { decisionInput, lockedRows, pendingItems } from '../../src/lib/staff-review';
import {
  appendMembers,
  buildingChoices,
  decideRepresentativeInput,
  filterMembers,
  listMembersInput,
  MEMBERS_TEXT,
  memberRows,
  roleFilterChips,
  revokeOwnershipInput,
  roleChangeInput,
  roleOptions,
} from '../../src/lib/staff-members';

describe('roster preview: row errors', () => {
  // what the server sends: a code with typed params, and the reason rendered from the error table
  const errors = [
    rosterRowError(5, '手机号', 'ROW_PHONE_FORMAT'),
    rosterRowError(3, '登记面积(㎡)', 'ROW_AREA_FORMAT'),
    rosterRowError(3, '楼栋', 'ROW_REQUIRED', { column: '楼栋' }),
    rosterRowError(7, '', 'ROW_DEVELOPER_DUPLICATE', { otherRow: 4 }),
  ];

  it('sorts by row, then by template column order, and labels each cell', () => {
    expect(rowErrorRows(errors).map((r) => r.line)).toEqual([
      '第3行 · 楼栋 · 楼栋不能为空',
      '第3行 · 登记面积(㎡) · 登记面积应为数字，最多两位小数，例如 89.52',
      '第5行 · 手机号 · 手机号应为 11 位中国大陆手机号，例如 13812345678',
      '第7行 · 整行 · 开发商持有的房屋只填一行，这套房屋在第 4 行已经有了',
    ]);
    expect(rowErrorRows(errors)[0]).toMatchObject({ rowText: '第3行', column: '楼栋', reason: '楼栋不能为空' });
  });

  it('says plainly that nothing was imported', () => {
    expect(errorSummaryLine(121, errors)).toBe('共检查 121 行数据，3 行有 4 处问题。本次没有导入任何数据，当前名册保持不变。');
    const view = previewView({ valid: false, errors, rowCount: 121 });
    expect(view.kind).toBe('errors');
    if (view.kind === 'errors') {
      expect(view.title).toContain('没有导入任何数据');
      expect(view.rows).toHaveLength(4);
    }
  });
});

describe('roster preview: diff', () => {
  const totals = { unitCount: 121, areaCenti: 1_084_050, headcount: 114 };
  const valid: PreviewRosterOutput = {
    valid: true,
    importId: 'imp1',
    rowCount: 122,
    totals,
    buildings: [{ building: '1', totals: { unitCount: 40, areaCenti: 400_000, headcount: 39 } }],
    diff: {
      added: ['3号楼1单元702'],
      removed: [],
      changed: [{ label: '1号楼1单元101', what: [{ kind: 'area', from: 8952, to: 9000 }, { kind: 'owners', from: 1, to: 1 }] }],
      unchangedCount: 119,
    },
    baseVersion: 1,
  };

  it('summarises added / changed / removed / unchanged and lists each', () => {
    expect(diffView(valid.valid ? valid.diff : null, 121)).toEqual({
      summary: ['新增 1 套', '变更 1 套', '移除 0 套', '未变化 119 套'],
      added: ['3号楼1单元702'],
      changed: ['1号楼1单元101：面积 89.52 → 90.00 ㎡，业主变更'],
      removed: [],
    });
  });

  it('words every kind of unit change in one place', () => {
    expect(rosterChangeText({ kind: 'area', from: 8952, to: 9000 })).toBe('面积 89.52 → 90.00 ㎡');
    expect(rosterChangeText({ kind: 'area', from: 9000, to: 1 })).toBe('面积 90.00 → 0.01 ㎡');
    expect(rosterChangeText({ kind: 'developerHeld', from: true, to: false })).toBe('开发商持有 → 已售');
    expect(rosterChangeText({ kind: 'developerHeld', from: false, to: true })).toBe('已售 → 开发商持有');
    expect(rosterChangeText({ kind: 'owners', from: 2, to: 2 })).toBe('业主变更');
    expect(rosterChangeText({ kind: 'owners', from: 1, to: 2 })).toBe('业主变更（1 人 → 2 人）');
    expect(rosterChangeText({ kind: 'certificate' })).toBe('产权证号变更');
    expect(rosterChangeText({ kind: 'phone', owner: '马*华' })).toBe('马*华 手机号变更');
    expect(changedUnitLine({ label: '3号楼2单元901', what: [{ kind: 'developerHeld', from: true, to: false }, { kind: 'certificate' }] })).toBe(
      '3号楼2单元901：开发商持有 → 已售，产权证号变更',
    );
  });

  it('shows the totals after import and what it is compared with', () => {
    const view = previewView(valid);
    expect(view).toMatchObject({
      kind: 'diff',
      importId: 'imp1',
      baseLine: '与当前第 1 版比较（文件共 122 行）',
      totals: ['共 121 套房屋', '总面积 10840.50 ㎡', '业主人数 114 人'],
      buildings: [{ label: '1号楼', line: '共 40 套房屋 · 总面积 4000.00 ㎡ · 业主人数 39 人' }],
      noChanges: false,
    });
  });

  it('handles the first import (no diff) and a no-change import', () => {
    expect(diffView(null, 120).summary).toEqual(['这是首次导入。共 120 套房屋']);
    const same = previewView({ ...valid, diff: { added: [], removed: [], changed: [], unchangedCount: 120 } } as PreviewRosterOutput);
    expect(same.kind === 'diff' && same.noChanges).toBe(true);
  });

  it('reports the new version after confirming', () => {
    expect(confirmedLine({ status: 'done', version: 2, totals, fingerprint: 'abc' })).toBe('名册已更新为第 2 版：共 121 套房屋 · 总面积 10840.50 ㎡ · 业主人数 114 人');
  });

  it('accepts only .xlsx and .csv files', () => {
    expect(rosterFileProblem('名册.xlsx')).toBeNull();
    expect(rosterFileProblem('roster.CSV')).toBeNull();
    expect(rosterFileProblem('名册.xls')).toContain('.xlsx');
  });
});

describe('roster summary', () => {
  const summary: RosterSummaryOutput = {
    version: 2,
    importedAt: '2026-11-23T02:00:00.000Z',
    fingerprint: 'abcdef0123456789abcdef',
    totals: { unitCount: 120, areaCenti: 1_083_000, headcount: 113 },
    buildings: [{ building: '1', totals: { unitCount: 40, areaCenti: 360_000, headcount: 38 } }],
    history: [
      { version: 1, importedAt: '2026-11-01T02:00:00.000Z', unitCount: 120, fingerprint: '111111111111aaaa' },
      { version: 2, importedAt: '2026-11-23T02:00:00.000Z', unitCount: 120, fingerprint: 'abcdef0123456789abcdef' },
    ],
    headcountRule: '',
  };

  it('shows the version, totals, buildings, history newest first and the Art. 9 rule', () => {
    const v = summaryView(summary);
    expect(v.versionLine).toBe('第 2 版 · 2026-11-23 10:00 导入 · 内容编号 abcdef012345');
    expect(v.totals).toEqual(['共 120 套房屋', '总面积 10830.00 ㎡', '业主人数 113 人']);
    expect(v.buildings[0]).toMatchObject({ label: '1号楼' });
    expect(v.history.map((h) => [h.version, h.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(v.ruleLines.join('')).toContain('第八条');
    expect(v.ruleLines.join('')).toContain('第九条');
    expect(v.ruleLines.join('')).toContain('按一人计算');
    expect(summaryView({ ...summary, headcountRule: '面积：……\n人数：……' }).ruleLines).toEqual(['面积：……', '人数：……']);
    expect(summaryView({ ...summary, version: 0, history: [] }).versionLine).toBe('尚未导入名册');
  });

  it('offers the import tools only to roles that may import', () => {
    expect(rosterPageMode(['community_staff']).showImport).toBe(true);
    expect(rosterPageMode(['committee_member', 'owner']).showImport).toBe(true);
    expect(rosterPageMode(['subdistrict_staff'])).toEqual({ title: '业主名册', showImport: false });
    expect(rosterPageMode(['party_secretary']).showImport).toBe(false);
  });
});

describe('review queue', () => {
  const queue: ReviewQueueOutput = {
    items: [
      { requestId: 'r2', method: 'offline_check', unitLabel: '2号楼1单元102', status: 'pending', code: '042917', createdAt: '2026-11-23T03:00:00.000Z', applicantName: '马*华', rosterOwners: ['马*华'], transferWarning: null },
      { requestId: 'r1', method: 'certificate_review', unitLabel: '3号楼1单元702', status: 'pending', createdAt: '2026-11-23T02:00:00.000Z', applicantName: '韩*', certificateFileIds: ['f1', 'f2'], rosterOwners: ['张*'], transferWarning: null },
      { requestId: 'r0', method: 'certificate_review', unitLabel: '3号楼1单元701', status: 'approved', createdAt: '2026-11-20T02:00:00.000Z', applicantName: '李*', rosterOwners: [], transferWarning: null },
      { requestId: 'r3', method: 'certificate_review', unitLabel: '3号楼2单元901', status: 'pending', createdAt: '2026-11-23T04:00:00.000Z', applicantName: '钱*多', rosterOwners: ['开发商持有'], transferWarning: 'developer_held' },
      { requestId: 'r4', method: 'offline_check', unitLabel: '1号楼1单元101', status: 'pending', createdAt: '2026-11-23T05:00:00.000Z', applicantName: '钱*多', rosterOwners: ['王*国'], transferWarning: 'verified_owner' },
    ],
    lockedAccounts: [{ accountKey: 'acc1', lockedUntil: '2026-11-24T02:00:00.000Z', failures: 5, lastUnitLabel: '1号楼1单元101' }],
  };

  it('lists pending items oldest first with masked applicant and roster owners to compare', () => {
    const items = pendingItems(queue);
    expect(items.map((i) => i.requestId)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(items[0]).toMatchObject({
      title: '产权证审核 · 3号楼1单元702',
      applicantLine: '申请人：韩*',
      rosterLine: '名册登记业主：张*',
      photoCount: 2,
      codeLine: null,
    });
    expect(items[1]).toMatchObject({ title: '线下核验 · 2号楼1单元102', codeLine: '核验码：042917', photoCount: 0 });
    expect(items[0]).toMatchObject({ transferWarning: null, needsTransfer: false });
    expect(items[0].hint).toContain('直到新版名册更新');
  });

  it('warns that approving a developer-held unit or a unit with a verified owner is a transfer of ownership', () => {
    const [, , dev, owned] = pendingItems(queue);
    expect(dev).toMatchObject({ needsTransfer: true, transferWarning: expect.stringContaining('开发商持有') });
    expect(owned).toMatchObject({ needsTransfer: true, transferWarning: expect.stringContaining('原账号将解除与房屋的关联') });
    expect(decisionInput('hemu', 'r3', 'approve', ' ', '', true)).toEqual({ ok: false, message: '产权转移请填写理由（至少 2 个字）' });
    expect(decisionInput('hemu', 'r3', 'approve', '核对购房合同', '', true)).toEqual({
      ok: true,
      input: { estateId: 'hemu', requestId: 'r3', decision: 'approve', reason: '核对购房合同', transfer: true },
    });
    // rejecting is never a transfer
    expect(decisionInput('hemu', 'r3', 'reject', '材料不全', '', true)).toEqual({ ok: true, input: { estateId: 'hemu', requestId: 'r3', decision: 'reject', reason: '材料不全' } });
  });

  it('describes locked accounts', () => {
    expect(lockedRows(queue)).toEqual([{ accountKey: 'acc1', line: '最近尝试：1号楼1单元101 · 失败 5 次 · 锁定至 2026-11-24 10:00' }]);
  });

  it('requires a reason to reject, not to approve', () => {
    expect(decisionInput('hemu', 'r1', 'reject', ' ')).toEqual({ ok: false, message: '驳回时请填写理由（至少 2 个字）' });
    expect(decisionInput('hemu', 'r1', 'reject', ' 照片不清晰 ')).toEqual({ ok: true, input: { estateId: 'hemu', requestId: 'r1', decision: 'reject', reason: '照片不清晰' } });
    expect(decisionInput('hemu', 'r1', 'approve', '', '已核对原件')).toEqual({ ok: true, input: { estateId: 'hemu', requestId: 'r1', decision: 'approve', note: '已核对原件' } });
  });

  it('a resident registration is approved with where the resident lives: the claimed unit or only its building', () => {
    const item = { requestId: 'r9', method: 'resident_claim', unitLabel: '2号楼1单元502', status: 'pending', createdAt: '2026-11-23T02:00:00.000Z', applicantName: '钱*多（租户）', rosterOwners: [], transferWarning: null } as const;
    const [view] = pendingItems({ items: [item], lockedAccounts: [] } as never);
    expect(view.residenceChoices).toEqual([
      { kind: 'unit', label: '住在 2号楼1单元502' },
      { kind: 'building', label: '只确认住在 2号楼（房号未核实）' },
    ]);
    expect(decisionInput('hemu', 'r9', 'approve', '', '', false, 'building')).toEqual({ ok: true, input: { estateId: 'hemu', requestId: 'r9', decision: 'approve', residence: 'building' } });
    // never on a rejection; other kinds of request have no choice
    expect(decisionInput('hemu', 'r9', 'reject', '不住这里', '', false, 'unit')).toEqual({ ok: true, input: { estateId: 'hemu', requestId: 'r9', decision: 'reject', reason: '不住这里' } });
    expect(pendingItems(queue).every((i) => i.residenceChoices === null)).toBe(true);
  });
});

describe('members and roles', () => {
  const members: MemberView[] = [
    { memberKey: 'm1', displayName: '周*', roles: ['owner'], units: [{ unitId: 'hemu:1-2-302', label: '1号楼2单元302', isRepresentative: true, method: 'roster_match', ownerCount: 2 }] },
    { memberKey: 'm2', displayName: '李*英', roles: ['owner', 'party_member'], units: [{ unitId: 'hemu:1-2-302', label: '1号楼2单元302', isRepresentative: false, method: null, ownerCount: 2 }] },
    { memberKey: 'm3', displayName: '吴*', roles: ['community_staff'], units: [] },
  ];

  it('shows roles in Chinese and marks co-owned units and representatives', () => {
    const rows = memberRows(members);
    expect(rows[1].roles.map((r) => r.label)).toEqual(['业主', '党员']);
    expect(rows[0].units[0]).toMatchObject({ coOwned: true, isRepresentative: true, tags: ['表决权代表', '名册比对'] });
    expect(rows[1].units[0]).toMatchObject({ coOwned: true, tags: [] });
  });

  it('takes co-ownership from the server count, so a co-owner on a page not loaded yet still counts', () => {
    const alone = memberRows([members[1]]);
    expect(alone[0].units[0].coOwned).toBe(true);
    const single = memberRows([{ ...members[0], units: [{ ...members[0].units[0], ownerCount: 1 }] }]);
    expect(single[0].units[0].coOwned).toBe(false);
  });

  it('filters by name, unit or role', () => {
    const rows = memberRows(members);
    expect(filterMembers(rows, '302').map((r) => r.memberKey)).toEqual(['m1', 'm2']);
    expect(filterMembers(rows, '居委会').map((r) => r.memberKey)).toEqual(['m3']);
    expect(filterMembers(rows, '李 党员').map((r) => r.memberKey)).toEqual(['m2']);
    expect(filterMembers(rows, '  ')).toHaveLength(3);
  });

  it('offers grant or revoke per grantable role, never 业主', () => {
    const opts = roleOptions(members[1]);
    expect(opts.find((o) => o.role === 'party_member')).toMatchObject({ held: true, action: 'revoke', label: '党员' });
    expect(opts.find((o) => o.role === 'grid_worker')).toMatchObject({ held: false, action: 'grant' });
    expect(opts.some((o) => (o.role as string) === 'owner')).toBe(false);
  });

  it('requires a reason for every change', () => {
    expect(roleChangeInput('hemu', 'm3', { role: 'grid_worker', action: 'grant' }, '')).toEqual({ ok: false, message: '请填写理由（至少 2 个字）' });
    expect(roleChangeInput('hemu', 'm3', { role: 'grid_worker', action: 'grant' }, ' 新任网格员 ')).toEqual({
      ok: true,
      input: { estateId: 'hemu', memberKey: 'm3', role: 'grid_worker', grant: true, reason: '新任网格员' },
    });
    expect(roleChangeInput('hemu', 'm2', { role: 'party_member', action: 'revoke' }, '组织关系转出').ok && true).toBe(true);
    expect(revokeOwnershipInput('hemu', 'm1', 'hemu:1-2-302', '房屋已过户')).toEqual({
      ok: true,
      input: { estateId: 'hemu', memberKey: 'm1', unitId: 'hemu:1-2-302', reason: '房屋已过户' },
    });
    expect(decideRepresentativeInput('hemu', 'hemu:1-2-302', 'm2', '是').ok).toBe(false);
  });
});

describe('members: pages and filters', () => {
  const view = (key: string, name = key): MemberView => ({ memberKey: key, displayName: name, roles: ['owner'], units: [] });

  it('asks for the first page without a cursor and the next with it, always with the same filter', () => {
    expect(listMembersInput('hemu', {})).toEqual({ estateId: 'hemu' });
    expect(listMembersInput('hemu', { role: 'resident', building: '2' }, 'abc')).toEqual({ estateId: 'hemu', role: 'resident', building: '2', cursor: 'abc' });
    expect(listMembersInput('hemu', { building: '2' }, null)).toEqual({ estateId: 'hemu', building: '2' });
  });

  it('appends the next page without repeating a member and takes the new cursor', () => {
    const first = { members: [view('a'), view('b')], next: 'c1', buildings: ['1', '2'] };
    const second = { members: [view('b', '更新后'), view('c')], next: null, buildings: ['1', '2'] };
    const both = appendMembers(first, second);
    expect(both.members.map((m) => m.memberKey)).toEqual(['a', 'b', 'c']);
    expect(both.members[1].displayName).toBe('更新后');
    expect(both.next).toBeNull();
    expect(both.buildings).toEqual(['1', '2']);
  });

  it('counts what is loaded and says when more can be loaded', () => {
    expect(MEMBERS_TEXT.count(50, 50, true)).toBe('已加载 50 人');
    expect(MEMBERS_TEXT.count(3, 50, true)).toBe('显示 3 / 已加载 50 人');
    expect(MEMBERS_TEXT.count(12, 12)).toBe('共 12 人');
    expect(MEMBERS_TEXT.count(2, 12)).toBe('显示 2 / 12 人');
  });

  it('offers 全部角色 and every role as chips, and 全部楼栋 and each building in the picker', () => {
    const chips = roleFilterChips('resident');
    expect(chips[0]).toEqual({ role: undefined, label: '全部角色', selected: false });
    expect(chips.filter((c) => c.selected)).toEqual([{ role: 'resident', label: '住户', selected: true }]);
    expect(roleFilterChips(undefined).filter((c) => c.selected).map((c) => c.label)).toEqual(['全部角色']);
    expect(buildingChoices(['1', '10'])).toEqual([
      { building: undefined, label: '全部楼栋' },
      { building: '1', label: '1号楼' },
      { building: '10', label: '10号楼' },
    ]);
  });
});
