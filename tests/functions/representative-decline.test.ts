/**
 * Issue 9: a co-owner can say no to a proposed representative, and the proposer can take it back;
 * staff must give a reason to lift a roster-matching lock early (kept in the audit log).
 */
import { main } from '../../cloudfunctions/identity';
import { PRIVACY_NOTICE_VERSION } from '../../types/identity';
import { readAuditEvents } from '../../server/app/audit/log';
import { buildDemoRoster } from '../../server/seed/demo-estate';
import { freshEnv, type TestEnv } from '../support/ports';
import { callerOf, ok } from '../support/handler-client';

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const call = callerOf(main);
const unitId = 'hemu:1-2-302'; // 周* (representative, demo-co-owner-rep) and 李*英 (demo-co-owner)
const unit = { estateId: 'hemu', unitId };

async function proposeLi() {
  const view = ok(await call('demo-co-owner', 'unitOwners', unit));
  const li = view.owners.find((o: { isMe: boolean }) => o.isMe).memberKey;
  return ok(await call('demo-co-owner', 'proposeRepresentative', { ...unit, memberKey: li }));
}

const representativeName = async (openid: string) =>
  ok(await call(openid, 'unitOwners', unit)).owners.find((o: { isRepresentative: boolean }) => o.isRepresentative).displayName;

const proposalStatus = async () => (await env.storage.get<{ status: string }>('representative_proposals', unitId))?.data.status;

describe('declining and withdrawing a representative proposal', () => {
  it('shows who may answer: the proposer may withdraw, the other co-owner may confirm or decline', async () => {
    const proposed = await proposeLi();
    expect(proposed.proposal).toMatchObject({ mine: false, byMe: true });
    expect(ok(await call('demo-co-owner-rep', 'unitOwners', unit)).proposal).toMatchObject({ mine: true, byMe: false });
  });

  it('ends the proposal when a co-owner declines: the representative stays, the proposer is told, it is audited', async () => {
    await proposeLi();
    const declined = ok(await call('demo-co-owner-rep', 'declineRepresentative', unit));
    expect(declined.proposal).toBeNull();
    expect(await representativeName('demo-co-owner')).toBe('周*');
    expect(await proposalStatus()).toBe('declined');
    const outbox = await env.storage.find<{ recipient: string; kind: string }>('notification_outbox', { where: { kind: 'representative_declined' } });
    expect(outbox.map((o) => o.data.recipient)).toEqual(['demo-co-owner']);
    expect((await readAuditEvents(env.storage, 'hemu')).map((e) => e.action)).toContain('representative.declined');
    // nothing is left to confirm
    expect(await call('demo-co-owner-rep', 'confirmRepresentative', unit)).toMatchObject({ ok: false, error: { code: 'NO_PENDING_PROPOSAL' } });
  });

  it('refuses a decline from the proposer, from someone who already confirmed, and without a proposal', async () => {
    expect(await call('demo-co-owner-rep', 'declineRepresentative', unit)).toMatchObject({ ok: false, error: { code: 'NO_PENDING_PROPOSAL' } });
    await proposeLi();
    expect(await call('demo-co-owner', 'declineRepresentative', unit)).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_NOT_NEEDED' } });
    expect(await call('demo-owner', 'declineRepresentative', unit)).toMatchObject({ ok: false, error: { code: 'UNIT_OWNERS_ONLY' } });
    expect(await proposalStatus()).toBe('pending');
  });

  it('lets only the proposer withdraw, and then nothing changes', async () => {
    await proposeLi();
    expect(await call('demo-co-owner-rep', 'withdrawRepresentative', unit)).toMatchObject({ ok: false, error: { code: 'NOT_PROPOSER' } });
    const withdrawn = ok(await call('demo-co-owner', 'withdrawRepresentative', unit));
    expect(withdrawn.proposal).toBeNull();
    expect(await proposalStatus()).toBe('withdrawn');
    expect(await representativeName('demo-co-owner-rep')).toBe('周*');
    expect((await readAuditEvents(env.storage, 'hemu')).map((e) => e.action)).toContain('representative.withdrawn');
    // the co-owner who was asked to confirm is told it no longer needs him (the proposer is not)
    const outbox = await env.storage.find<{ recipient: string }>('notification_outbox', { where: { kind: 'representative_withdrawn' } });
    expect(outbox.map((o) => o.data.recipient)).toEqual(['demo-co-owner-rep']);
    expect(await call('demo-co-owner', 'withdrawRepresentative', unit)).toMatchObject({ ok: false, error: { code: 'NO_PENDING_PROPOSAL' } });
    // a new proposal can follow
    expect((await proposeLi()).proposal).toMatchObject({ byMe: true });
  });
});

describe('unlocking roster matching needs a reason', () => {
  const ma = buildDemoRoster().people.find((p) => p.key === 'ma')!;
  const claim = (phone: string) => ({
    estateId: 'hemu',
    unit: { building: '2', entrance: '1', room: '102' },
    name: ma.name,
    phone,
    consentVersion: PRIVACY_NOTICE_VERSION,
  });

  it('refuses an unlock without a reason and audits the reason given', async () => {
    for (let i = 0; i < 5; i++) await call('demo-unverified', 'verifyByRoster', claim('13800000000'));
    const queue = ok(await call('demo-community-staff', 'reviewQueue', { estateId: 'hemu' }));
    const accountKey = queue.lockedAccounts[0].accountKey;
    const bare = await call('demo-community-staff', 'unlockVerification', { estateId: 'hemu', accountKey });
    expect(bare).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'reason' })] } });
    const blank = await call('demo-community-staff', 'unlockVerification', { estateId: 'hemu', accountKey, reason: '  ' });
    expect(blank).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await call('demo-unverified', 'verifyByRoster', claim(ma.phone))).toMatchObject({ ok: false, error: { code: 'VERIFICATION_LOCKED' } });

    ok(await call('demo-community-staff', 'unlockVerification', { estateId: 'hemu', accountKey, reason: '已电话核实本人' }));
    const unlocked = (await readAuditEvents(env.storage, 'hemu')).find((e) => e.action === 'identity.unlocked');
    expect(unlocked?.data).toEqual({ reason: '已电话核实本人' });
    ok(await call('demo-unverified', 'verifyByRoster', claim(ma.phone)));
  });
});

describe('my consent to the privacy notice (shown on 我的)', () => {
  it('is null before any verification and names the notice version and time after one', async () => {
    const ma = buildDemoRoster().people.find((p) => p.key === 'ma')!;
    expect(ok(await call('demo-unverified', 'myVerifications', { estateId: 'hemu' })).consent).toBeNull();
    ok(
      await call('demo-unverified', 'verifyByRoster', {
        estateId: 'hemu',
        unit: { building: '2', entrance: '1', room: '102' },
        name: ma.name,
        phone: ma.phone,
        consentVersion: PRIVACY_NOTICE_VERSION,
      }),
    );
    expect(ok(await call('demo-unverified', 'myVerifications', { estateId: 'hemu' })).consent).toEqual({
      noticeVersion: PRIVACY_NOTICE_VERSION,
      at: env.clock.now().toISOString(),
    });
  });
});
