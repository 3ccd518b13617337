/**
 * 成员与角色 for everyone who may confirm a grant of a sensitive role (identity.confirmRoleGrant). Before, the
 * sub-district staff held the permission but had no way to the pending grants: no workbench entry, and the page's
 * first read (listMembers, identity.manageMembers) answered FORBIDDEN, so the page showed 无权限.
 */
import type { Role } from '../../types/common';
import type { ApiResult } from '../../types/errors';
import type { EstateSummary, ListMembersInput, ListMembersOutput, MeOutput } from '../../types/identity';
import { ROLES } from '../../types/common';
import { allows } from '../../types/permissions';
import { loadStaffPage } from '../../src/lib/page-access';
import { CONFIRM_ONLY_TEXT, loadMembersList, membersPageMode } from '../../src/lib/staff-members';
import { ROUTES, workbenchEntries } from '../../src/lib/workbench';

/** The estate as `me` reports it (only what the page context reads matters here). */
const estate = { estateId: 'hemu', name: '和睦家园', communityName: '幸福里社区居委会' } as EstateSummary;

/** An api whose listMembers answers as the server does: FORBIDDEN without identity.manageMembers. */
function fakeApi(roles: Role[]) {
  const calls: string[] = [];
  const api = {
    identity: {
      me: async (): Promise<ApiResult<MeOutput>> => (calls.push('me'), { ok: true, data: { estates: [{ estateId: 'hemu', name: '和睦家园' }], current: { estate, displayName: '某*', roles, units: [], formerUnits: [] } } }),
      listMembers: async (input: ListMembersInput): Promise<ApiResult<ListMembersOutput>> => {
        calls.push(`listMembers:${JSON.stringify(input)}`);
        return allows(roles, 'identity.manageMembers')
          ? { ok: true, data: { members: [], next: null, buildings: ['1'] } }
          : { ok: false, error: { code: 'FORBIDDEN', message: '你没有权限执行此操作' } };
      },
    },
  };
  return { api, calls };
}

const openPage = (roles: Role[]) => {
  const { api, calls } = fakeApi(roles);
  return loadStaffPage(api, 'hemu', (estateId, context) => loadMembersList(api, estateId, context.roles, { building: '1' }), 'h5').then((state) => ({ state, calls }));
};

describe('成员与角色 for whoever may confirm grants', () => {
  it('sub-district staff open it (pending grants only, no member list read) instead of 无权限', async () => {
    const { state, calls } = await openPage(['subdistrict_staff']);
    expect(state).toMatchObject({ status: 'ready', context: { roles: ['subdistrict_staff'] }, data: { members: [], next: null } });
    expect(calls).toEqual(['me']);
    expect(membersPageMode(['subdistrict_staff'])).toBe('confirm');
  });

  it('community staff get the member list with their filter, as before', async () => {
    const { state, calls } = await openPage(['community_staff']);
    expect(state).toMatchObject({ status: 'ready', data: { buildings: ['1'] } });
    expect(calls).toEqual(['me', `listMembers:${JSON.stringify({ estateId: 'hemu', building: '1' })}`]);
    expect(membersPageMode(['community_staff', 'owner'])).toBe('manage');
  });

  it('anyone else still asks the server and gets its 无权限', async () => {
    const { state, calls } = await openPage(['party_secretary', 'owner']);
    expect(state).toMatchObject({ status: 'blocked', view: { kind: 'forbidden', title: '无权限' } });
    expect(calls).toHaveLength(2);
    expect(membersPageMode(['resident'])).toBeNull();
  });

  it('the mode follows the permission table for every role', () => {
    for (const role of ROLES) {
      const expected = allows([role], 'identity.manageMembers') ? 'manage' : allows([role], 'identity.confirmRoleGrant') ? 'confirm' : null;
      expect(membersPageMode([role])).toBe(expected);
    }
  });

  it('the workbench links every confirmer to the page, named by what they can do there', () => {
    const entry = (roles: Role[]) => workbenchEntries(roles, 'hemu').find((e) => e.key === 'members');
    expect(entry(['subdistrict_staff'])).toEqual({
      key: 'members',
      title: CONFIRM_ONLY_TEXT.title,
      description: '确认或拒绝居委会、街道和党支部书记角色的授予',
      url: `${ROUTES.staffMembers}?estateId=hemu`,
    });
    expect(entry(['community_staff'])?.title).toBe('成员与角色');
    for (const role of ROLES) expect(!!entry([role])).toBe(allows([role], 'identity.confirmRoleGrant'));
  });
});
