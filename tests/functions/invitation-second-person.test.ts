/**
 * Invitations and the second-person rule (issue 8, "Roles with checks"). Before: an administrator's invitation for
 * a sensitive role (居委会, 街道, 党支部书记) granted it on redemption with nobody else involved, even when the estate
 * already had staff who could confirm it. Now, through the real handlers on both engines:
 * - bootstrap: while nobody could confirm (the very first 居委会 worker), the invitation stands — the administrator
 *   named by configuration issued it, the redeemer is the second person — and the audit says so;
 * - afterwards: redeeming a sensitive role records a pending grant that another authorised person (never the
 *   redeemer) confirms; the confirmers are told through the outbox; staff are told when someone joins as staff.
 */
import { main as adminMain } from '../../cloudfunctions/admin';
import { main as identityMain } from '../../cloudfunctions/identity';
import { readAuditEvents } from '../../server/app/audit/log';
import type { AdminEstateView } from '../../types/admin';
import type { MeOutput, RoleGrantView } from '../../types/identity';
import { freshEnv, type TestEnv } from '../support/ports';
import { useAdminOpenids } from '../support/admin-env';
import { callerOf, ok } from '../support/handler-client';

const ADMIN = 'ops-admin-openid';
const FIRST = 'wx-first-community-worker';
const SECRETARY = 'wx-party-secretary';
const SECOND = 'wx-second-community-worker';
const GRID = 'wx-grid-worker';

let env: TestEnv;
useAdminOpenids(ADMIN);
beforeEach(async () => {
  env = await freshEnv();
});
afterEach(async () => env.cleanup());

const admin = callerOf(adminMain);
const identity = callerOf(identityMain);
const refused = (code: string) => expect.objectContaining({ ok: false, error: expect.objectContaining({ code }) });

async function createEstate(): Promise<string> {
  const estate = ok(
    await admin(ADMIN, 'createEstate', {
      name: '兰亭苑',
      district: '示例市和平区幸福街道',
      address: '和平区兰亭路 1 号',
      communityName: '兰亭社区居委会',
      partyBranchName: '兰亭苑小区党支部',
      requireIdLast4: false,
    }),
  ).estate as AdminEstateView;
  return estate.estateId;
}
const invite = async (estateId: string, role: string, inviteeName: string) => ok(await admin(ADMIN, 'issueInvitation', { estateId, role, inviteeName })).code as string;
const rolesIn = async (openid: string, estateId: string) => {
  const r = await identity(openid, 'me', { estateId });
  if (!r.ok && r.error.code === 'NOT_A_MEMBER') return [];
  const me = ok(r) as MeOutput;
  return me.current?.estate.estateId === estateId ? me.current.roles : [];
};
const outbox = async (kind: string) =>
  (await env.storage.find<{ kind: string; recipient: string; params: Record<string, unknown> }>('notification_outbox', { where: { kind } })).map((o) => o.data);
const redeemed = async (estateId: string) =>
  (await readAuditEvents(env.storage, estateId)).filter((e) => e.action === 'invitation.redeemed').map((e) => e.data as Record<string, unknown>);

describe('an invitation for a sensitive role', () => {
  it('stands alone only while nobody could confirm it (bootstrap, audited as such); afterwards it waits for a second person', async () => {
    const estateId = await createEstate();

    // the very first 居委会 worker: nobody could confirm, the administrator's invitation stands
    const first = ok(await admin(FIRST, 'redeemInvitation', { code: await invite(estateId, 'community_staff', '吴静') }));
    expect(first).toEqual({ estateId, estateName: '兰亭苑', role: 'community_staff' });
    expect(await rolesIn(FIRST, estateId)).toEqual(['community_staff']);
    expect(await redeemed(estateId)).toEqual([expect.objectContaining({ role: 'community_staff', grant: 'bootstrap', secondPerson: 'redeemer' })]);

    // now someone can confirm: a party secretary's code is spent, the role waits
    const code = await invite(estateId, 'party_secretary', '刘红梅');
    const waiting = ok(await admin(SECRETARY, 'redeemInvitation', { code }));
    expect(waiting).toEqual({ estateId, estateName: '兰亭苑', role: 'party_secretary', awaitingConfirmation: true });
    expect(await rolesIn(SECRETARY, estateId)).toEqual([]);
    expect(await admin(SECRETARY, 'redeemInvitation', { code })).toEqual(refused('INVITATION_USED'));
    expect((await redeemed(estateId)).find((d) => d.role === 'party_secretary')).toEqual(expect.objectContaining({ grant: 'pending', grantId: expect.any(String) }));
    expect(await outbox('invited_role_pending')).toEqual([expect.objectContaining({ recipient: FIRST, params: { role: '党支部书记', member: '刘*梅' } })]);

    // the redeemer is never the second person (not even a member yet); the 居委会 worker sees and confirms it
    const [grant] = ok(await identity(FIRST, 'listRoleGrants', { estateId })).grants as RoleGrantView[];
    expect(grant).toMatchObject({ role: 'party_secretary', memberName: '刘*梅', proposedByName: '部署管理员（邀请码）', canDecide: true, mine: false });
    expect(await identity(SECRETARY, 'decideRoleGrant', { estateId, grantId: grant.grantId, decision: 'confirm' })).toMatchObject({ ok: false });
    ok(await identity(FIRST, 'decideRoleGrant', { estateId, grantId: grant.grantId, decision: 'confirm' }));
    expect(await rolesIn(SECRETARY, estateId)).toEqual(['party_secretary']);
    expect(await outbox('role_granted')).toEqual([expect.objectContaining({ recipient: SECRETARY })]); // not the administrator's pseudonym
    const actions = (await readAuditEvents(env.storage, estateId)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member.role_grant_proposed', 'member.role_granted']));
  });

  it('a second 居委会 worker waits too; a rejection tells the redeemer and grants nothing', async () => {
    const estateId = await createEstate();
    ok(await admin(FIRST, 'redeemInvitation', { code: await invite(estateId, 'community_staff', '吴静') }));
    expect(ok(await admin(SECOND, 'redeemInvitation', { code: await invite(estateId, 'community_staff', '赵敏') }))).toMatchObject({ awaitingConfirmation: true });
    const [grant] = ok(await identity(FIRST, 'listRoleGrants', { estateId })).grants as RoleGrantView[];
    ok(await identity(FIRST, 'decideRoleGrant', { estateId, grantId: grant.grantId, decision: 'reject', reason: '不认识此人' }));
    expect(await rolesIn(SECOND, estateId)).toEqual([]);
    expect(await outbox('invited_role_rejected')).toEqual([expect.objectContaining({ recipient: SECOND, params: { role: '社区居委会', reason: '不认识此人' } })]);
    expect(await outbox('role_grant_rejected')).toEqual([]);
  });

  it('two first workers redeeming at once: exactly one stands alone, the other waits for them', async () => {
    const estateId = await createEstate();
    const [a, b] = [await invite(estateId, 'community_staff', '吴静'), await invite(estateId, 'community_staff', '赵敏')];
    const results = await Promise.all([admin(FIRST, 'redeemInvitation', { code: a }), admin(SECOND, 'redeemInvitation', { code: b })]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const direct = results.filter((r) => r.ok && !r.data.awaitingConfirmation);
    expect(direct).toHaveLength(1);
    const [alone, waiting] = results[0].ok && !results[0].data.awaitingConfirmation ? [FIRST, SECOND] : [SECOND, FIRST];
    expect(await rolesIn(alone, estateId)).toEqual(['community_staff']);
    expect(await rolesIn(waiting, estateId)).toEqual([]);
    expect((await redeemed(estateId)).map((d) => d.grant).sort()).toEqual(['bootstrap', 'pending']);
    expect((ok(await identity(alone, 'listRoleGrants', { estateId })).grants as RoleGrantView[])[0]).toMatchObject({ canDecide: true });
  });
});

describe('someone joins as staff through a code', () => {
  it('the estate staff are told (inbox), for a role that needs no second person', async () => {
    const estateId = await createEstate();
    ok(await admin(FIRST, 'redeemInvitation', { code: await invite(estateId, 'community_staff', '吴静') }));
    expect(await outbox('staff_joined')).toEqual([]); // nobody to tell yet
    const joined = ok(await admin(GRID, 'redeemInvitation', { code: await invite(estateId, 'grid_worker', '冯丽') }));
    expect(joined).toEqual({ estateId, estateName: '兰亭苑', role: 'grid_worker' });
    expect(await rolesIn(GRID, estateId)).toEqual(['grid_worker']);
    expect(await outbox('staff_joined')).toEqual([expect.objectContaining({ recipient: FIRST, params: { role: '网格员', member: '冯*' } })]);
    expect((await redeemed(estateId)).find((d) => d.role === 'grid_worker')).toMatchObject({ grant: 'direct' });
  });
});
