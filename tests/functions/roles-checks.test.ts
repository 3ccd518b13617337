/**
 * Issue 8 "Roles with checks": nobody decides their own request, nobody changes their own roles, and the
 * sensitive roles (community staff, sub-district staff, party secretary) take effect only after a second
 * authorised person confirms. Each case reproduces a finding that did harm before the fix.
 */
import { main } from '../../cloudfunctions/identity';
import { main as deliberation } from '../../cloudfunctions/deliberation';
import type { ApiResult } from '../../types/errors';
import { PRIVACY_NOTICE_VERSION, ROLE_GRANT_TTL_DAYS, SENSITIVE_ROLES, type MeOutput } from '../../types/identity';
import { readAuditEvents, verifyEstateAudit } from '../../server/app/audit/log';
import { sequenceAudit } from '../../server/app/audit/sequence';
import { as, freshEnv, type TestEnv } from '../support/ports';
import { ok, callerOf, memberKeyOf } from '../support/handler-client';

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const call = callerOf(main);
const refused = (code: string) => ({ ok: false, error: expect.objectContaining({ code }) });
const rolesOf = async (openid: string) => ok((await call(openid, 'me', { estateId: 'hemu' })) as ApiResult<MeOutput>).current?.roles ?? [];
const unitsOf = async (openid: string) => ok((await call(openid, 'me', { estateId: 'hemu' })) as ApiResult<MeOutput>).current?.units.map((u) => u.label) ?? [];
const keyOf = (name: string, role?: string) => memberKeyOf(call, name, { role });
const outboxKinds = async () => (await env.storage.find<{ kind: string; recipient: string }>('notification_outbox', {})).map((o) => o.data);
const auditActions = async () => (await readAuditEvents(env.storage, 'hemu')).map((e) => e.action);
const unit702 = { building: '3', entrance: '1', room: '702' };
const grant = (memberKey: string, role: string, reason = '经居委会会议决定') => ({ estateId: 'hemu', memberKey, role, grant: true, reason });

/** Make `openid` (by display name) a second community staff member: proposed by 吴静, confirmed by the sub-district. */
async function secondStaff(name: string, openid: string) {
  const key = await keyOf(name);
  const proposed = ok(await call('demo-community-staff', 'changeRole', grant(key, 'community_staff')));
  ok(await call('demo-subdistrict-staff', 'decideRoleGrant', { estateId: 'hemu', grantId: proposed.pendingGrant.grantId, decision: 'confirm' }));
  expect(await rolesOf(openid)).toContain('community_staff');
  return key;
}

describe('reviewers never decide their own requests', () => {
  it('staff cannot approve their own offline check and become owner and representative of a unit', async () => {
    const req = ok(await call('demo-community-staff', 'requestOfflineCheck', { estateId: 'hemu', unit: unit702 })).request;
    expect(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: req.requestId, decision: 'approve', note: '已核对产权证原件' })).toEqual(
      refused('OWN_REQUEST_DECISION'),
    );
    expect(await unitsOf('demo-community-staff')).toEqual([]);
    expect(await rolesOf('demo-community-staff')).toEqual(['community_staff']);
    // nor reject it (any decision on one's own request)
    expect(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: req.requestId, decision: 'reject', reason: '撤回' })).toEqual(
      refused('OWN_REQUEST_DECISION'),
    );
    // another community staff member decides it
    await secondStaff('王*国', 'demo-owner');
    ok(await call('demo-owner', 'decideVerification', { estateId: 'hemu', requestId: req.requestId, decision: 'approve', note: '已核对产权证原件' }));
    expect(await unitsOf('demo-community-staff')).toEqual(['3号楼1单元702']);
  });

  it('staff cannot approve their own certificate review or resident claim', async () => {
    const key = 'uploads/demo-community-staff/cert.png';
    const photo = (await env.ports.files.put(key, new Uint8Array([137, 80, 78, 71, 1]), 'image/png')).fileId;
    const cert = ok(
      await call('demo-community-staff', 'requestCertificateReview', { estateId: 'hemu', unit: unit702, name: '吴静', certificateFileIds: [photo], consentVersion: PRIVACY_NOTICE_VERSION }),
    ).request;
    expect(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: cert.requestId, decision: 'approve' })).toEqual(refused('OWN_REQUEST_DECISION'));
    const resident = ok(
      await call('demo-community-staff', 'requestResidentRole', { estateId: 'hemu', unit: unit702, name: '吴静', relation: 'tenant', consentVersion: PRIVACY_NOTICE_VERSION }),
    ).request;
    expect(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: resident.requestId, decision: 'approve' })).toEqual(refused('OWN_REQUEST_DECISION'));
    expect(await rolesOf('demo-community-staff')).toEqual(['community_staff']);
    expect(await auditActions()).not.toContain('identity.verified');
  });

  it('staff cannot decide the representative of a unit they are linked to', async () => {
    const wangKey = await secondStaff('王*国', 'demo-owner'); // 王建国 owns 1号楼1单元101 and is now staff too
    expect(await call('demo-owner', 'decideRepresentative', { estateId: 'hemu', unitId: 'hemu:1-1-101', memberKey: wangKey, reason: '指定自己' })).toEqual(
      refused('OWN_UNIT_DECISION'),
    );
    // co-owned 1号楼2单元302: 吴静 is not linked to it and decides as before
    const liKey = await keyOf('李*英');
    ok(await call('demo-community-staff', 'decideRepresentative', { estateId: 'hemu', unitId: 'hemu:1-2-302', memberKey: liKey, reason: '共有人协商不成，依材料指定' }));
  });
});

describe('nobody changes their own roles', () => {
  it('staff cannot grant themselves 党支部书记 and then open a topic', async () => {
    const selfKey = await keyOf('吴*', 'community_staff');
    expect(await call('demo-community-staff', 'changeRole', grant(selfKey, 'party_secretary'))).toEqual(refused('OWN_ROLES_UNCHANGEABLE'));
    expect(await rolesOf('demo-community-staff')).toEqual(['community_staff']);
    const topic = { estateId: 'hemu', title: '南门增设快递柜', summary: '南门附近快递堆放影响通行，提议在南门内侧增设智能快递柜，请大家讨论位置和费用。' };
    expect(await deliberation({ action: 'openTopic', input: topic }, as('demo-community-staff'))).toMatchObject(refused('FORBIDDEN'));
    expect(await env.storage.count('role_grants')).toBe(0);
  });

  it("refuses every grant or revoke of one's own roles, sensitive or not", async () => {
    const selfKey = await keyOf('吴*', 'community_staff');
    expect(await call('demo-community-staff', 'changeRole', grant(selfKey, 'grid_worker'))).toEqual(refused('OWN_ROLES_UNCHANGEABLE'));
    expect(await call('demo-community-staff', 'changeRole', { ...grant(selfKey, 'community_staff'), grant: false })).toEqual(refused('OWN_ROLES_UNCHANGEABLE'));
    expect(await rolesOf('demo-community-staff')).toEqual(['community_staff']);
    // nor end their own ownership of a unit (a staff member who is also an owner)
    const wangKey = await secondStaff('王*国', 'demo-owner');
    expect(await call('demo-owner', 'revokeOwnership', { estateId: 'hemu', memberKey: wangKey, unitId: 'hemu:1-1-101', reason: '自己操作' })).toEqual(
      refused('OWN_ROLES_UNCHANGEABLE'),
    );
    expect(await unitsOf('demo-owner')).toEqual(['1号楼1单元101']);
  });
});

describe('sensitive roles need a second authorised person', () => {
  it.each(SENSITIVE_ROLES)('one staff member granting %s to someone else has no effect until confirmed', async (role) => {
    const wangKey = await keyOf('王*国');
    const r = ok(await call('demo-community-staff', 'changeRole', grant(wangKey, role)));
    expect(r.member.roles).toEqual(['owner']);
    expect(r.pendingGrant).toMatchObject({ role, memberKey: wangKey, memberName: '王*国', reason: '经居委会会议决定' });
    expect(await rolesOf('demo-owner')).toEqual(['owner']);
    expect(await call('demo-owner', 'reviewQueue', { estateId: 'hemu' })).toEqual(refused('FORBIDDEN'));
    // the proposer cannot confirm, the target cannot either
    const grantId = r.pendingGrant.grantId;
    expect(await call('demo-community-staff', 'decideRoleGrant', { estateId: 'hemu', grantId, decision: 'confirm' })).toEqual(refused('ROLE_GRANT_SECOND_PERSON'));
    expect(await call('demo-owner', 'decideRoleGrant', { estateId: 'hemu', grantId, decision: 'confirm' })).toEqual(refused('FORBIDDEN'));
    expect(await rolesOf('demo-owner')).toEqual(['owner']);

    // the sub-district confirms: now it holds
    const confirmed = ok(await call('demo-subdistrict-staff', 'decideRoleGrant', { estateId: 'hemu', grantId, decision: 'confirm' }));
    expect(confirmed.grant).toMatchObject({ grantId, status: 'confirmed' });
    expect(await rolesOf('demo-owner')).toEqual(expect.arrayContaining(['owner', role]));
    expect(await call('demo-subdistrict-staff', 'decideRoleGrant', { estateId: 'hemu', grantId, decision: 'confirm' })).toEqual(refused('ROLE_GRANT_NOT_PENDING'));

    const events = (await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action.startsWith('member.role_'));
    expect(events.map((e) => [e.action, e.data.role, e.data.reason]).sort()).toEqual([
      ['member.role_grant_proposed', role, '经居委会会议决定'],
      ['member.role_granted', role, '经居委会会议决定'],
    ]);
    const outbox = await outboxKinds();
    expect(outbox.filter((o) => o.kind === 'role_grant_pending').map((o) => o.recipient)).toEqual(['demo-subdistrict-staff']); // not the proposer, not the target
    expect(outbox.filter((o) => o.kind === 'role_granted').map((o) => o.recipient).sort()).toEqual(['demo-community-staff', 'demo-owner']);
    await sequenceAudit(env.ports, 'hemu');
    expect(await verifyEstateAudit(env.storage, env.ports.crypto, 'hemu')).toMatchObject({ ok: true });
  });

  it('a second community staff member confirms; duplicates collapse into one pending grant', async () => {
    await secondStaff('王*国', 'demo-owner');
    const sunKey = await keyOf('孙*', 'committee_member');
    const a = ok(await call('demo-community-staff', 'changeRole', grant(sunKey, 'party_secretary')));
    const b = ok(await call('demo-community-staff', 'changeRole', grant(sunKey, 'party_secretary', '再次提交')));
    expect(b.pendingGrant.grantId).toBe(a.pendingGrant.grantId);
    const list = ok(await call('demo-owner', 'listRoleGrants', { estateId: 'hemu' })).grants;
    expect(list).toEqual([expect.objectContaining({ grantId: a.pendingGrant.grantId, role: 'party_secretary', memberName: '孙*', canDecide: true, mine: false })]);
    expect(ok(await call('demo-community-staff', 'listRoleGrants', { estateId: 'hemu' })).grants).toEqual([expect.objectContaining({ canDecide: false, mine: true })]);
    ok(await call('demo-owner', 'decideRoleGrant', { estateId: 'hemu', grantId: a.pendingGrant.grantId, decision: 'confirm' }));
    expect(await rolesOf('demo-committee')).toContain('party_secretary');
    expect(ok(await call('demo-owner', 'listRoleGrants', { estateId: 'hemu' })).grants).toEqual([]);
  });

  it('a pending grant can be rejected with a reason, withdrawn by its proposer only, and expires', async () => {
    const sunKey = await keyOf('孙*', 'committee_member');
    const g1 = ok(await call('demo-community-staff', 'changeRole', grant(sunKey, 'subdistrict_staff'))).pendingGrant.grantId;
    expect(await call('demo-subdistrict-staff', 'decideRoleGrant', { estateId: 'hemu', grantId: g1, decision: 'reject' })).toEqual(
      expect.objectContaining({ ok: false, error: expect.objectContaining({ fields: [expect.objectContaining({ field: 'reason', code: 'REJECT_REASON_REQUIRED' })] }) }),
    );
    expect(await call('demo-subdistrict-staff', 'decideRoleGrant', { estateId: 'hemu', grantId: g1, decision: 'withdraw' })).toEqual(refused('ROLE_GRANT_PROPOSER_ONLY'));
    ok(await call('demo-subdistrict-staff', 'decideRoleGrant', { estateId: 'hemu', grantId: g1, decision: 'reject', reason: '不符合任职条件' }));
    expect(await rolesOf('demo-committee')).not.toContain('subdistrict_staff');
    expect((await outboxKinds()).filter((o) => o.kind === 'role_grant_rejected').map((o) => o.recipient)).toEqual(['demo-community-staff']);

    // proposed again after a rejection: the same id, pending again; withdrawn by the proposer
    const g2 = ok(await call('demo-community-staff', 'changeRole', grant(sunKey, 'subdistrict_staff', '补充材料后再次提交'))).pendingGrant.grantId;
    expect(g2).toBe(g1);
    ok(await call('demo-community-staff', 'decideRoleGrant', { estateId: 'hemu', grantId: g2, decision: 'withdraw' }));
    expect(await call('demo-subdistrict-staff', 'decideRoleGrant', { estateId: 'hemu', grantId: g2, decision: 'confirm' })).toEqual(refused('ROLE_GRANT_NOT_PENDING'));

    // expiry
    const g3 = ok(await call('demo-community-staff', 'changeRole', grant(sunKey, 'community_staff'))).pendingGrant.grantId;
    env.clock.advance((ROLE_GRANT_TTL_DAYS * 24 + 1) * 3600_000);
    expect(ok(await call('demo-subdistrict-staff', 'listRoleGrants', { estateId: 'hemu' })).grants).toEqual([]);
    expect(await call('demo-subdistrict-staff', 'decideRoleGrant', { estateId: 'hemu', grantId: g3, decision: 'confirm' })).toEqual(refused('ROLE_GRANT_EXPIRED'));
    expect(await rolesOf('demo-committee')).toEqual(['committee_member', 'owner']);
    expect(await auditActions()).toEqual(expect.arrayContaining(['member.role_grant_rejected', 'member.role_grant_withdrawn']));
  });

  it('other roles still apply at once; revoking a sensitive role applies at once, with its reason, and tells the member', async () => {
    const wangKey = await keyOf('王*国');
    const r = ok(await call('demo-community-staff', 'changeRole', grant(wangKey, 'grid_worker')));
    expect(r.member.roles).toEqual(['owner', 'grid_worker']);
    expect(r.pendingGrant).toBeUndefined();
    const secKey = await keyOf('刘*梅');
    ok(await call('demo-community-staff', 'changeRole', { ...grant(secKey, 'party_secretary', '换届，不再担任书记'), grant: false }));
    expect(await rolesOf('demo-party-secretary')).not.toContain('party_secretary');
    const revoked = (await readAuditEvents(env.storage, 'hemu')).find((e) => e.action === 'member.role_revoked')!;
    expect(revoked.data).toMatchObject({ role: 'party_secretary', reason: '换届，不再担任书记' });
    expect((await outboxKinds()).filter((o) => o.kind === 'role_revoked').map((o) => o.recipient)).toEqual(['demo-party-secretary']);
  });
});
