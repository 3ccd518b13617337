/**
 * An estate starts in an EMPTY deployment (issue 8, deliverable 1): before, docs/deploy.md said there was no way to
 * create an estate or give anyone a staff role in the cloud. Through the real cloud-function handlers, on both engines:
 * the administrator named by configuration (GONGYI_ADMIN_OPENIDS, never the request) creates an estate, issues a
 * single-use, expiring invitation code for a community worker, who redeems it, imports the roster, and an owner
 * verifies. Codes are stored only as keyed hashes; every step is audited.
 */
import { main as adminMain } from '../../cloudfunctions/admin';
import { main as identityMain } from '../../cloudfunctions/identity';
import { readAuditEvents, verifyEstateAudit } from '../../server/app/audit/log';
import { sequenceAudit } from '../../server/app/audit/sequence';
import { COLLECTIONS } from '../../server/app/collections';
import { buildDemoRoster, DEMO_ESTATE_ID } from '../../server/seed/demo-estate';
import { buildDemoRosterXlsx } from '../../server/seed/demo-roster-file';
import { seedDemoEstate } from '../../server/seed/load';
import type { AdminEstateView, IssueInvitationOutput, ListInvitationsOutput } from '../../types/admin';
import { INVITATION_TTL_DAYS } from '../../types/admin';
import type { ApiResult } from '../../types/errors';
import { PRIVACY_NOTICE_VERSION, type ConfirmRosterOutput, type MeOutput, type PreviewRosterOutput } from '../../types/identity';
import { as, freshEnv, type TestEnv } from '../support/ports';
import { useAdminOpenids } from '../support/admin-env';
import { ok } from '../support/handler-client';

const ADMIN = 'ops-admin-openid';
const WORKER = 'wx-new-community-worker';
const OWNER = 'wx-owner-ma';
const STRANGER = 'wx-stranger';

let env: TestEnv;
useAdminOpenids(` other-admin , ${ADMIN} `);
beforeEach(async () => {
  env = await freshEnv(); // empty: no demo seed
});
afterEach(async () => env.cleanup());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const admin = async (openid: string, action: string, input: unknown = {}) => (await adminMain({ action, input }, as(openid))) as ApiResult<Any>;
const identity = async (openid: string, action: string, input: unknown = {}) => (await identityMain({ action, input }, as(openid))) as ApiResult<Any>;
const countAll = async () => Object.fromEntries(await Promise.all(COLLECTIONS.map(async (c) => [c.name, await env.storage.count(c.name)] as const)));

const NEW_ESTATE = {
  name: '兰亭苑',
  district: '示例市和平区幸福街道',
  address: '和平区兰亭路 1 号',
  communityName: '兰亭社区居委会',
  partyBranchName: '兰亭苑小区党支部',
  requireIdLast4: true,
};
const roster = buildDemoRoster();
const ma = roster.people.find((p) => p.key === 'ma')!;

async function createEstate(): Promise<AdminEstateView> {
  return ok(await admin(ADMIN, 'createEstate', NEW_ESTATE)).estate;
}
async function invite(estateId: string, role = 'community_staff', inviteeName = '吴静'): Promise<IssueInvitationOutput> {
  return ok(await admin(ADMIN, 'issueInvitation', { estateId, role, inviteeName }));
}

describe('from an empty deployment to a first verified owner', () => {
  it('administrator creates the estate, invites a community worker who imports the roster, an owner verifies', async () => {
    expect(ok(await admin(ADMIN, 'adminStatus'))).toEqual({ isAdmin: true, openid: ADMIN });
    expect(ok(await admin(WORKER, 'adminStatus'))).toEqual({ isAdmin: false, openid: WORKER }); // the caller's own, to configure

    const estate = await createEstate();
    expect(estate).toMatchObject({ ...NEW_ESTATE, unitCount: 0, rosterVersion: 0 });
    expect(ok(await admin(ADMIN, 'listEstates')).estates.map((e: AdminEstateView) => e.estateId)).toEqual([estate.estateId]);
    // the administrator holds no role anywhere
    expect(ok(await identity(ADMIN, 'me')).estates).toEqual([]);

    const issued = await invite(estate.estateId);
    expect(issued.code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const raw = issued.code.replace(/-/g, '');
    expect(issued.path).toBe(`pages/invite/index?code=${raw}`);
    expect(issued.invitation).toMatchObject({ role: 'community_staff', inviteeMasked: '吴*', status: 'open' });
    expect(Date.parse(issued.invitation.expiresAt) - env.clock.now().getTime()).toBe(INVITATION_TTL_DAYS * 86_400_000);
    // the database never holds a usable code
    const blobs = await env.storedBytes();
    expect(blobs.some((b) => b.includes(Buffer.from(raw)))).toBe(false);
    expect(blobs.some((b) => b.includes(Buffer.from(issued.code)))).toBe(false);

    // typed by hand: lower case, spaces instead of dashes
    const joined = ok(await admin(WORKER, 'redeemInvitation', { code: ` ${raw.slice(0, 4).toLowerCase()} ${raw.slice(4)} ` }));
    expect(joined).toEqual({ estateId: estate.estateId, estateName: '兰亭苑', role: 'community_staff' });
    const me = ok(await identity(WORKER, 'me', { estateId: estate.estateId })) as MeOutput;
    expect(me.current).toMatchObject({ roles: ['community_staff'], estate: { estateId: estate.estateId } });
    // single use
    expect(await admin(STRANGER, 'redeemInvitation', { code: raw })).toMatchObject({ ok: false, error: { code: 'INVITATION_USED' } });
    expect(ok(await admin(ADMIN, 'listInvitations', { estateId: estate.estateId })).invitations).toEqual([
      expect.objectContaining({ invitationId: issued.invitation.invitationId, status: 'used', usedAt: env.clock.now().toISOString() }),
    ]);

    // the first roster import, by the invited worker, through the ordinary import path
    const { fileId } = await env.ports.files.put(`uploads/${WORKER}/1-roster.xlsx`, await buildDemoRosterXlsx(), 'application/octet-stream');
    const preview = ok(await identity(WORKER, 'previewRosterImport', { estateId: estate.estateId, fileId, fileName: '名册.xlsx' })) as PreviewRosterOutput;
    if (!preview.valid) throw new Error(JSON.stringify(preview.errors.slice(0, 3)));
    const confirmed = ok(await identity(WORKER, 'confirmRosterImport', { estateId: estate.estateId, importId: preview.importId })) as ConfirmRosterOutput;
    expect(confirmed).toMatchObject({ status: 'done', version: 1, totals: { unitCount: 120 } });

    // an owner verifies; this estate also asks for the ID tail
    const claim = { estateId: estate.estateId, unit: { building: '2', entrance: '1', room: '102' }, name: ma.name, phone: ma.phone, consentVersion: PRIVACY_NOTICE_VERSION };
    expect(await identity(OWNER, 'verifyByRoster', claim)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ field: 'idLast4', code: 'ID_LAST4_REQUIRED' }] } });
    const verified = ok(await identity(OWNER, 'verifyByRoster', { ...claim, idLast4: ma.idNumber.slice(-4) }));
    expect(verified.unit).toMatchObject({ label: '2号楼1单元102', isRepresentative: true });
    expect((ok(await identity(OWNER, 'me', { estateId: estate.estateId })) as MeOutput).current?.roles).toEqual(['owner']);

    // every step is in the estate's verifiable audit chain
    await sequenceAudit(env.ports, estate.estateId);
    expect((await verifyEstateAudit(env.storage, env.ports.crypto, estate.estateId)).ok).toBe(true);
    const actions = (await readAuditEvents(env.storage, estate.estateId)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['estate.created', 'invitation.issued', 'invitation.redeemed', 'roster.imported', 'identity.verified']));
    expect(actions.filter((a) => a === 'estate.created')).toHaveLength(1);
    expect(JSON.stringify(await readAuditEvents(env.storage, estate.estateId))).not.toContain(ADMIN); // actors are pseudonyms
  });
});

describe('the administrator is named by configuration only', () => {
  it('refuses every admin action to anyone else, whatever the request says, and writes nothing', async () => {
    const before = await countAll();
    for (const forged of [{ ...NEW_ESTATE, openid: ADMIN }, NEW_ESTATE]) {
      const r = await admin(STRANGER, 'createEstate', forged);
      expect(r.ok).toBe(false);
      expect(['FORBIDDEN', 'VALIDATION_FAILED']).toContain(!r.ok && r.error.code);
    }
    expect(await admin(STRANGER, 'createEstate', NEW_ESTATE)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await adminMain({ action: 'createEstate', input: NEW_ESTATE, userInfo: { openId: ADMIN } }, as(STRANGER))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await admin(STRANGER, 'listEstates')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await admin(STRANGER, 'issueInvitation', { estateId: 'x', role: 'community_staff', inviteeName: '吴静' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await countAll()).toEqual(before);

    delete process.env.GONGYI_ADMIN_OPENIDS; // no administrator configured: nobody is one
    expect(await admin(ADMIN, 'createEstate', NEW_ESTATE)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ok(await admin(ADMIN, 'adminStatus'))).toEqual({ isAdmin: false, openid: ADMIN });
  });

  it('community staff of an estate cannot issue invitations (they grant roles through identity.changeRole)', async () => {
    const estate = await createEstate();
    ok(await admin(WORKER, 'redeemInvitation', { code: (await invite(estate.estateId)).code }));
    expect(await admin(WORKER, 'issueInvitation', { estateId: estate.estateId, role: 'party_secretary', inviteeName: '刘红梅' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('invitation codes', () => {
  it('answer coded errors when unknown, revoked or expired (server clock), and list their status', async () => {
    const estate = await createEstate();
    expect(await admin(STRANGER, 'redeemInvitation', { code: 'ABCD-EFGH-JKMN' })).toMatchObject({ ok: false, error: { code: 'INVITATION_NOT_FOUND' } });
    expect(await admin(STRANGER, 'redeemInvitation', { code: 'not a code' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const revoked = await invite(estate.estateId, 'grid_worker', '冯丽');
    const listed = ok(await admin(ADMIN, 'revokeInvitation', { estateId: estate.estateId, invitationId: revoked.invitation.invitationId })) as ListInvitationsOutput;
    expect(listed.invitations[0]).toMatchObject({ status: 'revoked', revokedAt: env.clock.now().toISOString() });
    expect(await admin(STRANGER, 'redeemInvitation', { code: revoked.code })).toMatchObject({ ok: false, error: { code: 'INVITATION_REVOKED' } });
    expect(await admin(ADMIN, 'revokeInvitation', { estateId: estate.estateId, invitationId: revoked.invitation.invitationId })).toMatchObject({ ok: false, error: { code: 'INVITATION_REVOKED' } });
    expect(await admin(ADMIN, 'revokeInvitation', { estateId: 'elsewhere', invitationId: revoked.invitation.invitationId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const late = await invite(estate.estateId, 'property_manager', '钱立新');
    env.clock.advance(INVITATION_TTL_DAYS * 86_400_000 - 1);
    expect(ok(await admin(ADMIN, 'listInvitations', { estateId: estate.estateId })).invitations.map((i: { status: string }) => i.status).sort()).toEqual(['open', 'revoked']);
    env.clock.advance(1);
    const expired = await admin(STRANGER, 'redeemInvitation', { code: late.code });
    expect(expired).toMatchObject({ ok: false, error: { code: 'INVITATION_EXPIRED', params: { expiresAt: late.invitation.expiresAt } } });
    expect(ok(await admin(ADMIN, 'listInvitations', { estateId: estate.estateId })).invitations.map((i: { status: string }) => i.status).sort()).toEqual(['expired', 'revoked']);
    expect(ok(await identity(STRANGER, 'me')).estates).toEqual([]);

    const events = (await readAuditEvents(env.storage, estate.estateId)).map((e) => e.action);
    expect(events.filter((a) => a === 'invitation.issued')).toHaveLength(2);
    expect(events).toContain('invitation.revoked');
  });

  it('gives exactly one winner when two people redeem one code at once, and refuses a role already held without spending the code', async () => {
    const estate = await createEstate();
    const { code } = await invite(estate.estateId);
    const results = await Promise.all([admin('racer-a', 'redeemInvitation', { code }), admin('racer-b', 'redeemInvitation', { code })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual([expect.stringMatching(/^(INVITATION_USED|CONFLICT)$/)]);
    expect(await env.storage.count('members', { estateId: estate.estateId })).toBe(1);

    const winner = results[0].ok ? 'racer-a' : 'racer-b';
    env.clock.advance(1000); // the newer invitation lists first
    const second = await invite(estate.estateId);
    expect(await admin(winner, 'redeemInvitation', { code: second.code })).toMatchObject({ ok: false, error: { code: 'ROLE_ALREADY_HELD' } });
    expect(ok(await admin(ADMIN, 'listInvitations', { estateId: estate.estateId })).invitations[0]).toMatchObject({ status: 'open' });
  });

  it('refuses an invitation for an estate that does not exist', async () => {
    expect(await admin(ADMIN, 'issueInvitation', { estateId: 'nowhere', role: 'community_staff', inviteeName: '吴静' })).toMatchObject({ ok: false, error: { code: 'ESTATE_NOT_FOUND' } });
  });
});

describe('the demo seed uses the same path', () => {
  it('creates the demo estate through the administrator use case (one estate.created event with the same fields)', async () => {
    await seedDemoEstate(env.ports);
    const listed = ok(await admin(ADMIN, 'listEstates')).estates as AdminEstateView[];
    expect(listed).toEqual([expect.objectContaining({ estateId: DEMO_ESTATE_ID, name: '和睦家园', requireIdLast4: false, rosterVersion: 1, unitCount: 120 })]);
    const created = (await readAuditEvents(env.storage, DEMO_ESTATE_ID)).filter((e) => e.action === 'estate.created');
    expect(created).toEqual([expect.objectContaining({ data: expect.objectContaining({ name: '和睦家园', communityName: '幸福里社区居委会', requireIdLast4: false }) })]);
  });
});
