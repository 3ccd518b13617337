import { main } from '../../cloudfunctions/identity';
import type { ApiResult } from '../../types/errors';
import { PRIVACY_NOTICE_VERSION, type MeOutput } from '../../types/identity';
import { auditActor, readAuditEvents, verifyEstateAudit } from '../../server/app/audit/log';
import { sequenceAudit } from '../../server/app/audit/sequence';
import { buildDemoRoster } from '../../server/seed/demo-estate';
import { freshEnv, type TestEnv } from '../support/ports';
import { ok, callerOf, memberKeyOf } from '../support/handler-client';

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const call = callerOf(main);
const roster = buildDemoRoster();
const ma = roster.people.find((p) => p.key === 'ma')!;
const wang = roster.people.find((p) => p.key === 'wang')!;
const ma102 = { building: '2', entrance: '1', room: '102' };
const claim = (over: Record<string, unknown> = {}) => ({
  estateId: 'hemu',
  unit: ma102,
  name: ma.name,
  phone: ma.phone,
  consentVersion: PRIVACY_NOTICE_VERSION,
  ...over,
});
const myUnits = async (openid: string) => ok((await call(openid, 'me', {})) as ApiResult<MeOutput>).current?.units.map((u) => u.label) ?? null;

describe('rung (a): roster match', () => {
  it('verifies an owner on the roster at once, links the unit, records consent and audits it', async () => {
    const before = (await readAuditEvents(env.storage, 'hemu')).length;
    const r = ok(await call('demo-unverified', 'verifyByRoster', claim({ name: ` ${ma.name} `, phone: `${ma.phone.slice(0, 3)} ${ma.phone.slice(3)}` })));
    expect(r.unit).toEqual({ unitId: 'hemu:2-1-102', label: '2号楼1单元102', areaCenti: 11896, isRepresentative: true });
    const home = ok((await call('demo-unverified', 'me', {})) as ApiResult<MeOutput>).current!;
    expect(home.roles).toEqual(['owner']);
    expect(home.displayName).toBe('马*华');
    expect(home.units.map((u) => u.label)).toEqual(['2号楼1单元102']);
    const chain = await readAuditEvents(env.storage, 'hemu');
    expect(chain).toHaveLength(before + 1);
    const verifiedEvent = chain.find((e) => e.action === 'identity.verified' && e.subject === 'units/hemu:2-1-102');
    expect(verifiedEvent).toMatchObject({ actor: auditActor(env.ports.crypto, 'hemu', 'demo-unverified'), data: { method: 'roster_match' } });
    expect(JSON.stringify(chain)).not.toContain(ma.phone);
    expect(JSON.stringify(chain)).not.toContain('demo-unverified'); // actors are pseudonyms
    expect(await env.storage.count('consents', { openid: 'demo-unverified', noticeVersion: PRIVACY_NOTICE_VERSION })).toBe(1);
  });

  it('counts misses, says how many tries are left, locks after five and tells staff; the lock holds even with right details', async () => {
    for (let i = 1; i <= 4; i++) {
      expect(await call('demo-unverified', 'verifyByRoster', claim({ phone: '13800000000' }))).toEqual({
        ok: false,
        error: { code: 'ROSTER_MISMATCH', params: { attemptsLeft: 5 - i }, message: `填写的信息与名册不一致，还可以尝试 ${5 - i} 次。` },
      });
    }
    const fifth = await call('demo-unverified', 'verifyByRoster', claim({ name: '马建国' }));
    expect(fifth).toMatchObject({ ok: false, error: { code: 'VERIFICATION_LOCKED' } });
    expect(!fifth.ok && fifth.error.message).toContain('2026-11-24 10:00'); // 24 h after the test clock, Beijing time
    expect(await call('demo-unverified', 'verifyByRoster', claim())).toMatchObject({ ok: false, error: { code: 'VERIFICATION_LOCKED' } });
    expect(await myUnits('demo-unverified')).toBeNull();

    // staff are told through the outbox, written with the lockout (delivery: tests/functions/notifications.test.ts)
    const outbox = await env.storage.find<{ recipient: string; kind: string }>('notification_outbox', {});
    expect(outbox.map((o) => [o.data.kind, o.data.recipient])).toEqual([['verification_locked', 'demo-community-staff']]);
    const queue = ok(await call('demo-community-staff', 'reviewQueue', { estateId: 'hemu' }));
    expect(queue.lockedAccounts).toEqual([expect.objectContaining({ failures: 5, lastUnitLabel: '2号楼1单元102' })]);
    expect(JSON.stringify(queue)).not.toContain('demo-unverified'); // staff see an opaque key, not the openid
    expect((await readAuditEvents(env.storage, 'hemu')).some((e) => e.action === 'identity.locked')).toBe(true);

    ok(await call('demo-community-staff', 'unlockVerification', { estateId: 'hemu', accountKey: queue.lockedAccounts[0].accountKey, reason: '已电话核实本人' }));
    ok(await call('demo-unverified', 'verifyByRoster', claim()));
    expect(await myUnits('demo-unverified')).toEqual(['2号楼1单元102']);
  });

  it('lets a lock expire by the server clock', async () => {
    for (let i = 0; i < 5; i++) await call('demo-unverified', 'verifyByRoster', claim({ phone: '13800000000' }));
    env.clock.advance(23 * 3_600_000);
    expect(await call('demo-unverified', 'verifyByRoster', claim())).toMatchObject({ ok: false, error: { code: 'VERIFICATION_LOCKED' } });
    env.clock.advance(1 * 3_600_000 + 1);
    ok(await call('demo-unverified', 'verifyByRoster', claim()));
    const mine = ok(await call('demo-unverified', 'myVerifications', { estateId: 'hemu' }));
    expect(mine).toMatchObject({ lockedUntil: null, attemptsLeft: 5 });
  });

  it('lets one roster owner be claimed by one account only', async () => {
    ok(await call('demo-unverified', 'verifyByRoster', claim()));
    expect(await call('demo-newcomer', 'verifyByRoster', claim())).toMatchObject({ ok: false, error: { code: 'PERSON_ALREADY_LINKED' } });
    expect(await myUnits('demo-newcomer')).toBeNull();
  });

  it('asks for the ID tail when the estate requires it, and checks it', async () => {
    await env.storage.transaction(async (tx) => {
      const e = (await tx.get<Record<string, unknown>>('estates', 'hemu'))!;
      await tx.update('estates', 'hemu', e.version, { ...e.data, verificationPolicy: { requireIdLast4: true, maxFailures: 5, lockHours: 24 } });
    });
    expect(ok(await call('demo-unverified', 'estateDirectory', {})).estates).toEqual([
      { estateId: 'hemu', name: '和睦家园', district: '示例市和平区幸福街道', communityName: '幸福里社区居委会', requireIdLast4: true },
    ]);
    expect(await call('demo-unverified', 'verifyByRoster', claim())).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', fields: [{ field: 'idLast4', message: '本小区要求填写身份证后四位' }] },
    });
    expect(await call('demo-unverified', 'verifyByRoster', claim({ idLast4: '0000' }))).toMatchObject({ ok: false, error: { code: 'ROSTER_MISMATCH' } });
    ok(await call('demo-unverified', 'verifyByRoster', claim({ idLast4: ma.idNumber.slice(-4) })));
  });

  it('answers developer-held units and unknown rooms like a wrong name (issue 8: no unit enumeration)', async () => {
    // tests/functions/inputs-files.test.ts covers the attempt count and the lockout
    expect(await call('demo-unverified', 'verifyByRoster', claim({ unit: { building: '3', entrance: '2', room: '901' } }))).toMatchObject({
      ok: false,
      error: { code: 'ROSTER_MISMATCH' },
    });
    expect(await call('demo-unverified', 'verifyByRoster', claim({ unit: { building: '9', entrance: '1', room: '101' } }))).toMatchObject({
      ok: false,
      error: { code: 'ROSTER_MISMATCH' },
    });
  });

  it('refuses missing consent and malformed phones, writing nothing', async () => {
    const count = async () => (await readAuditEvents(env.storage, 'hemu')).length + (await env.storage.count('verification_attempts'));
    const before = await count();
    const noConsent = await call('demo-unverified', 'verifyByRoster', claim({ consentVersion: undefined, phone: '12345' }));
    expect(noConsent).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(!noConsent.ok && noConsent.error.fields?.map((f) => f.field).sort()).toEqual(['consentVersion', 'phone']);
    expect(await count()).toBe(before);
  });

  it('never stores what people type in clear', async () => {
    await call('demo-unverified', 'verifyByRoster', claim({ phone: '13712345678' }));
    ok(await call('demo-unverified', 'verifyByRoster', claim()));
    const blobs = await env.storedBytes();
    expect(blobs.some((b) => b.includes(Buffer.from('马*华')))).toBe(true); // the scan sees stored text
    for (const needle of [ma.phone, '13712345678', ma.name, ma.idNumber]) {
      expect(blobs.some((b) => b.includes(Buffer.from(needle)))).toBe(false);
    }
  });
});

describe('rungs (b) and (c): certificate review and offline check by staff', () => {
  async function upload(openid: string, name: string) {
    const key = `uploads/${openid}/${name}`;
    return (await env.ports.files.put(key, new Uint8Array([137, 80, 78, 71, 1, 2, 3]), 'image/png')).fileId;
  }
  const buyerClaim = (fileIds: string[]) => ({
    estateId: 'hemu',
    unit: { building: '3', entrance: '1', room: '702' },
    name: '韩雪',
    certificateFileIds: fileIds,
    consentVersion: PRIVACY_NOTICE_VERSION,
  });

  it('a buyer not on the roster uploads a certificate; staff see it next to the roster owner and approve it', async () => {
    const photo = await upload('demo-buyer', 'cert.png');
    const req = ok(await call('demo-buyer', 'requestCertificateReview', buyerClaim([photo]))).request;
    expect(req).toMatchObject({ method: 'certificate_review', unitLabel: '3号楼1单元702', status: 'pending' });
    expect((await env.storage.find<{ kind: string }>('notification_outbox', {})).map((o) => o.data.kind)).toContain('certificate_review_pending');

    expect(await call('demo-owner', 'reviewQueue', { estateId: 'hemu' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const queue = ok(await call('demo-community-staff', 'reviewQueue', { estateId: 'hemu' }));
    expect(queue.items).toEqual([
      expect.objectContaining({ requestId: req.requestId, applicantName: '韩*', rosterOwners: [expect.stringMatching(/^.\*.?$/)], certificateFileIds: [photo] }),
    ]);
    const img = ok(await call('demo-community-staff', 'viewCertificate', { estateId: 'hemu', requestId: req.requestId, index: 0 }));
    expect(img.dataUrl).toBe(`data:image/png;base64,${Buffer.from([137, 80, 78, 71, 1, 2, 3]).toString('base64')}`);
    expect(await call('demo-owner', 'viewCertificate', { estateId: 'hemu', requestId: req.requestId, index: 0 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const decided = ok(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: req.requestId, decision: 'approve' }));
    expect(decided.request.status).toBe('approved');
    expect(await myUnits('demo-buyer')).toEqual(['3号楼1单元702']);
    expect(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: req.requestId, decision: 'reject', reason: '重复' })).toMatchObject({
      ok: false,
      error: { code: 'REQUEST_ALREADY_DECIDED' },
    });
    const verified = (await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action === 'identity.verified' && e.data.method === 'certificate_review');
    expect(verified).toEqual([expect.objectContaining({ actor: auditActor(env.ports.crypto, 'hemu', 'demo-community-staff') })]);
  });

  it('only accepts photos the applicant uploaded, and a rejection needs a reason that the applicant sees', async () => {
    const foreign = await upload('demo-owner', 'x.png');
    expect(await call('demo-buyer', 'requestCertificateReview', buyerClaim([foreign]))).toMatchObject({ ok: false, error: { code: 'NOT_OWN_UPLOAD' } });
    const req = ok(await call('demo-buyer', 'requestCertificateReview', buyerClaim([await upload('demo-buyer', 'c.jpg')]))).request;
    expect(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: req.requestId, decision: 'reject' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', fields: [{ field: 'reason', message: '驳回时请填写理由' }] },
    });
    ok(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: req.requestId, decision: 'reject', reason: '照片不清晰，请重新拍摄' }));
    const mine = ok(await call('demo-buyer', 'myVerifications', { estateId: 'hemu' }));
    expect(mine.requests).toEqual([expect.objectContaining({ status: 'rejected', reason: '照片不清晰，请重新拍摄' })]);
    expect(await myUnits('demo-buyer')).toBeNull();
  });

  it('an offline check gives a 6-digit code; staff approve it with a note of what they checked', async () => {
    const req = ok(await call('demo-buyer', 'requestOfflineCheck', { estateId: 'hemu', unit: { building: '3', entrance: '1', room: '702' } })).request;
    expect(req.code).toMatch(/^\d{6}$/);
    const queue = ok(await call('demo-community-staff', 'reviewQueue', { estateId: 'hemu' }));
    expect(queue.items[0]).toMatchObject({ method: 'offline_check', code: req.code });
    expect(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: req.requestId, decision: 'approve' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    ok(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: req.requestId, decision: 'approve', note: '核对不动产权证原件' }));
    expect(await myUnits('demo-buyer')).toEqual(['3号楼1单元702']);
  });
});

describe('residents: tenants and family members', () => {
  it('a newcomer asks to be a resident; staff confirm; they get the resident role, no unit and no vote', async () => {
    const input = { estateId: 'hemu', unit: { building: '2', entrance: '1', room: '502' }, name: '钱多多', relation: 'tenant', consentVersion: PRIVACY_NOTICE_VERSION };
    expect(await call('demo-newcomer', 'requestResidentRole', { ...input, relation: 'landlord' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const req = ok(await call('demo-newcomer', 'requestResidentRole', input)).request;
    expect(req).toMatchObject({ method: 'resident_claim', status: 'pending', unitLabel: '2号楼1单元502' });
    const queue = ok(await call('demo-community-staff', 'reviewQueue', { estateId: 'hemu' }));
    expect(queue.items[0]).toMatchObject({ method: 'resident_claim', applicantName: '钱*多（租户）' });
    ok(await call('demo-community-staff', 'decideVerification', { estateId: 'hemu', requestId: req.requestId, decision: 'approve' }));
    const home = ok((await call('demo-newcomer', 'me', {})) as ApiResult<MeOutput>).current!;
    expect(home).toMatchObject({ roles: ['resident'], units: [], displayName: '钱*多' });
    const approved = (await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action === 'member.resident_approved');
    expect(approved).toEqual([expect.objectContaining({ actor: auditActor(env.ports.crypto, 'hemu', 'demo-community-staff') })]);
    expect(await env.storage.count('unit_links', { openid: 'demo-newcomer' })).toBe(0);
  });
});

describe('co-owners and the voting representative', () => {
  const unitId = 'hemu:1-2-302';
  it('changes the representative only when the other co-owner confirms', async () => {
    const view = ok(await call('demo-co-owner', 'unitOwners', { estateId: 'hemu', unitId }));
    expect(view.owners.map((o: { displayName: string; isRepresentative: boolean }) => [o.displayName, o.isRepresentative])).toEqual([
      ['周*', true],
      ['李*英', false],
    ]);
    const li = view.owners.find((o: { isMe: boolean }) => o.isMe).memberKey;
    const proposed = ok(await call('demo-co-owner', 'proposeRepresentative', { estateId: 'hemu', unitId, memberKey: li }));
    expect(proposed.proposal).toMatchObject({ proposedName: '李*英', confirmationsNeeded: ['周*'], confirmedBy: [], mine: false });
    expect(await call('demo-co-owner', 'confirmRepresentative', { estateId: 'hemu', unitId })).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_NOT_NEEDED' } });
    const done = ok(await call('demo-co-owner-rep', 'confirmRepresentative', { estateId: 'hemu', unitId }));
    expect(done.proposal).toBeNull();
    expect(done.owners.find((o: { displayName: string }) => o.displayName === '李*英').isRepresentative).toBe(true);
    const me = ok((await call('demo-co-owner', 'me', {})) as ApiResult<MeOutput>);
    expect(me.current!.units[0].isRepresentative).toBe(true);
  });

  it('lets staff decide, superseding a pending proposal, and keeps others out', async () => {
    const view = ok(await call('demo-community-staff', 'unitOwners', { estateId: 'hemu', unitId }));
    const li = view.owners.find((o: { displayName: string }) => o.displayName === '李*英').memberKey;
    ok(await call('demo-co-owner', 'proposeRepresentative', { estateId: 'hemu', unitId, memberKey: li }));
    const decided = ok(await call('demo-community-staff', 'decideRepresentative', { estateId: 'hemu', unitId, memberKey: li, reason: '共有人书面协商一致' }));
    expect(decided.proposal).toBeNull();
    expect(decided.owners.filter((o: { isRepresentative: boolean }) => o.isRepresentative)).toHaveLength(1);
    expect(await call('demo-owner', 'unitOwners', { estateId: 'hemu', unitId })).toMatchObject({ ok: false, error: { code: 'UNIT_OWNERS_ONLY' } });
    expect(await call('demo-co-owner', 'decideRepresentative', { estateId: 'hemu', unitId, memberKey: li, reason: '自己决定' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('keeps exactly one representative when co-owners verify at the same moment', async () => {
    // a fresh co-owned unit on the roster, with two owner-persons nobody has claimed yet
    const people = [
      { key: 'k1', name: '许晴', phone: '13700000001' },
      { key: 'k2', name: '许亮', phone: '13700000002' },
    ];
    const { crypto } = env.ports;
    await env.storage.transaction(async (tx) => {
      for (const p of people) {
        await tx.create('owners', `hemu:${p.key}`, {
          estateId: 'hemu',
          personKey: p.key,
          nameMasked: '许*',
          nameHash: crypto.keyedHash('name', p.name),
          phoneHash: crypto.keyedHash('phone', p.phone),
          phoneMasked: '137****0000',
          idLast4: '0000',
        });
      }
      await tx.create('units', 'hemu:9-1-101', {
        estateId: 'hemu', building: '9', entrance: '1', room: '101', label: '9号楼1单元101', areaCenti: 10000, ownerKeys: ['k1', 'k2'], developerHeld: false,
      });
    });
    const results = await Promise.all(
      people.map((p, i) =>
        call(['demo-newcomer', 'demo-buyer'][i], 'verifyByRoster', { ...claim(), unit: { building: '9', entrance: '1', room: '101' }, name: p.name, phone: p.phone }),
      ),
    );
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(results.filter((r) => r.ok && r.data.unit.isRepresentative)).toHaveLength(1);
    const rep = await env.storage.get<{ openid: string; method: string }>('unit_representatives', 'hemu:9-1-101');
    expect(['demo-newcomer', 'demo-buyer']).toContain(rep!.data.openid);
    expect(rep!.data.method).toBe('first_verified');
    expect(await env.storage.count('unit_links', { unitId: 'hemu:9-1-101', active: true })).toBe(2);
    await sequenceAudit(env.ports, 'hemu');
    expect(await verifyEstateAudit(env.storage, env.ports.crypto, 'hemu')).toMatchObject({ ok: true, pending: 0 });
  });
});

describe('roles and ownership transfer by community staff', () => {
  const keyOf = (name: string, role?: string) => memberKeyOf(call, name, { role });

  it('grants and revokes roles with reasons, in the audit log, and refuses non-staff', async () => {
    const wangKey = await keyOf('王*国');
    const granted = ok(await call('demo-community-staff', 'changeRole', { estateId: 'hemu', memberKey: wangKey, role: 'party_member', grant: true, reason: '党组织关系转入' }));
    expect(granted.member.roles).toEqual(['owner', 'party_member']);
    ok(await call('demo-community-staff', 'changeRole', { estateId: 'hemu', memberKey: wangKey, role: 'party_member', grant: false, reason: '转出' }));
    const actions = (await readAuditEvents(env.storage, 'hemu')).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member.role_granted', 'member.role_revoked']));
    for (const who of ['demo-owner', 'demo-tenant', 'demo-party-secretary', 'demo-property-manager']) {
      expect(await call(who, 'changeRole', { estateId: 'hemu', memberKey: wangKey, role: 'grid_worker', grant: true, reason: '越权尝试' })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(await call(who, 'listMembers', { estateId: 'hemu' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await call('demo-community-staff', 'changeRole', { estateId: 'hemu', memberKey: wangKey, role: 'owner', grant: true, reason: '想直接给业主' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    const selfKey = await keyOf('吴*', 'community_staff');
    expect(await call('demo-community-staff', 'changeRole', { estateId: 'hemu', memberKey: selfKey, role: 'community_staff', grant: false, reason: '误操作' })).toMatchObject({
      ok: false,
      error: { code: 'OWN_ROLES_UNCHANGEABLE' },
    });
  });

  it('records a transfer: the old owner loses the unit and the vote, the new owner can verify with the roster entry', async () => {
    const wangKey = await keyOf('王*国');
    const r = ok(await call('demo-community-staff', 'revokeOwnership', { estateId: 'hemu', memberKey: wangKey, unitId: 'hemu:1-1-101', reason: '房屋已过户' }));
    expect(r.member).toMatchObject({ roles: [], units: [] });
    expect(ok((await call('demo-owner', 'me', {})) as ApiResult<MeOutput>).current!.units).toEqual([]);
    const rep = await env.storage.get<{ openid: string | null }>('unit_representatives', 'hemu:1-1-101');
    expect(rep!.data.openid).toBeNull();
    // the history stays: the link is inactive, not deleted
    expect(await env.storage.count('unit_links', { unitId: 'hemu:1-1-101', active: false })).toBe(1);
    ok(await call('demo-newcomer', 'verifyByRoster', { ...claim(), unit: { building: '1', entrance: '1', room: '101' }, name: wang.name, phone: wang.phone }));
    expect(await myUnits('demo-newcomer')).toEqual(['1号楼1单元101']);
  });

  it('keeps staff of one estate out of another', async () => {
    await env.storage.transaction(async (tx) => {
      await tx.create('estates', 'other', { name: '别的小区', district: '', address: '', communityName: '', partyBranchName: '', buildings: [], totals: { unitCount: 0, areaCenti: 0, headcount: 0 }, createdAt: 'x' });
      await tx.create('members', 'other:staff-x', { estateId: 'other', openid: 'staff-x', accountKey: 'ax', roles: ['community_staff'], displayName: '某*', since: 'x', history: [] });
    });
    for (const action of ['reviewQueue', 'listMembers']) {
      expect(await call('staff-x', action, { estateId: 'hemu' })).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } });
    }
    const wangKey = await keyOf('王*国');
    expect(await call('staff-x', 'revokeOwnership', { estateId: 'hemu', memberKey: wangKey, unitId: 'hemu:1-1-101', reason: '越权' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_A_MEMBER' },
    });
  });
});
