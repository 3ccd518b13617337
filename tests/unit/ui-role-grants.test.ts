import { SENSITIVE_ROLES, type RoleGrantView } from '../../types/identity';
import { decideRoleGrantInput, MEMBERS_TEXT, pendingRolesOf, pendingRoleTags, roleActionLabel, roleChangeDone, roleGrantRows, roleOptions } from '../../src/lib/staff-members';

const grant = (over: Partial<RoleGrantView> = {}): RoleGrantView => ({
  grantId: 'hemu:a1:community_staff',
  memberKey: 'a1',
  memberName: '王*国',
  role: 'community_staff',
  reason: '经居委会会议决定',
  proposedByName: '吴*',
  status: 'pending',
  createdAt: '2026-11-20T02:00:00.000Z',
  expiresAt: '2026-11-27T02:00:00.000Z',
  mine: false,
  canDecide: true,
  ...over,
});

describe('成员与角色: pending grants of sensitive roles', () => {
  it('gives a second person 确认 and 拒绝, the proposer 撤回, and the member nothing', () => {
    const [other, mine, target] = roleGrantRows([grant(), grant({ mine: true, canDecide: false }), grant({ canDecide: false })]);
    expect(other).toEqual({
      grantId: 'hemu:a1:community_staff',
      title: '王*国 · 社区居委会',
      detail: '理由：经居委会会议决定 · 发起人：吴*',
      expires: '2026-11-27 10:00 前未确认则失效',
      actions: [
        { decision: 'confirm', label: '确认' },
        { decision: 'reject', label: '拒绝' },
      ],
    });
    expect(mine.detail).toBe('理由：经居委会会议决定 · 发起人：我');
    expect(mine.actions).toEqual([{ decision: 'withdraw', label: '撤回' }]);
    expect(target.actions).toEqual([]);
  });

  it('requires a reason to reject, not to confirm or withdraw', () => {
    expect(decideRoleGrantInput('hemu', 'g', 'reject', ' ')).toEqual({ ok: false, message: '请填写理由（至少 2 个字）' });
    expect(decideRoleGrantInput('hemu', 'g', 'reject', ' 不符合条件 ')).toEqual({ ok: true, input: { estateId: 'hemu', grantId: 'g', decision: 'reject', reason: '不符合条件' } });
    expect(decideRoleGrantInput('hemu', 'g', 'confirm', '')).toEqual({ ok: true, input: { estateId: 'hemu', grantId: 'g', decision: 'confirm' } });
    expect(decideRoleGrantInput('hemu', 'g', 'withdraw', '')).toEqual({ ok: true, input: { estateId: 'hemu', grantId: 'g', decision: 'withdraw' } });
  });

  it('marks exactly the sensitive grants as needing confirmation and says so after submitting', () => {
    const opts = roleOptions({ roles: ['owner', 'party_secretary'] });
    expect(opts.filter((o) => o.needsConfirmation).map((o) => o.role).sort()).toEqual(SENSITIVE_ROLES.filter((r) => r !== 'party_secretary').sort());
    expect(opts.find((o) => o.role === 'party_secretary')).toMatchObject({ action: 'revoke', needsConfirmation: false });
    expect(roleChangeDone({ pendingGrant: grant() })).toBe(MEMBERS_TEXT.grantSubmitted);
    expect(roleChangeDone({})).toBe(MEMBERS_TEXT.done);
  });
});

/**
 * Found on the 390×844 screenshot of the browser journey (tests/e2e/estate-bootstrap.e2e.test.ts): after 授予 党支部书记
 * the member's own row showed only 业主 — the pending grant was listed far above, off screen, so it looked as if
 * nothing had happened. The row now carries the pending role as a tag.
 */
describe('成员与角色: a pending grant shows on the member it is for', () => {
  it('tags the member with each role still waiting for a second person, and nobody else', () => {
    const grants = [
      grant({ memberKey: 'a1', role: 'party_secretary' }),
      grant({ memberKey: 'a1', role: 'community_staff', status: 'withdrawn' }),
      grant({ memberKey: 'b2', role: 'subdistrict_staff' }),
    ];
    expect(pendingRoleTags(grants, 'a1')).toEqual(['党支部书记（待确认）']);
    expect(pendingRoleTags(grants, 'b2')).toEqual(['街道办事处（待确认）']);
    expect(pendingRoleTags(grants, 'c3')).toEqual([]);
  });
});

/**
 * Found in the issue 8 browser journey: while a 党支部书记 grant waited for a second person, 成员与角色 still
 * offered "授予 党支部书记" on that member, as if nothing had been proposed.
 */
describe('成员与角色: a role already waiting for confirmation is not offered again', () => {
  it('marks the pending role as pending (disabled, labelled 待确认) and leaves the others as they were', () => {
    const pending = [grant({ memberKey: 'm1', role: 'party_secretary', status: 'pending' })];
    const opts = roleOptions({ roles: ['owner'] }, pendingRolesOf(pending, 'm1'));
    const secretary = opts.find((o) => o.role === 'party_secretary')!;
    expect(secretary).toMatchObject({ action: 'grant', pending: true });
    expect(roleActionLabel(secretary)).toBe(`${secretary.label}（${MEMBERS_TEXT.pendingTag}）`);
    expect(opts.filter((o) => o.pending)).toHaveLength(1);
    expect(roleOptions({ roles: ['owner'] }, pendingRolesOf(pending, 'someone-else')).some((o) => o.pending)).toBe(false);
  });
});

