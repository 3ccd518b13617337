import { main } from '../../cloudfunctions/identity';
import type { ApiResult } from '../../types/errors';
import { PRIVACY_NOTICE_VERSION } from '../../types/identity';
import { PERSON_LINKS, personLinkId } from '../../server/app/identity/records';
import { personKeyOf } from '../../server/seed/load';
import { buildDemoRoster } from '../../server/seed/demo-estate';
import { freshEnv, type TestEnv } from '../support/ports';
import { callerOf } from '../support/handler-client';

/**
 * Races between handlers. On the cloudbase engine the transactions truly interleave (snapshot reads,
 * first-writer-wins conflicts, retries); on PGlite they run one after another. The outcome must be the
 * same on both: exactly one winner, every loser told why, nothing half-written.
 */
let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const call = callerOf(main);
const codes = (results: ApiResult<unknown>[]) => results.filter((r) => !r.ok).map((r) => (!r.ok ? r.error.code : ''));

describe('concurrent claims', () => {
  it('50 accounts claiming the same roster person at once: exactly one wins, the others are told it is taken', async () => {
    const ma = buildDemoRoster().people.find((p) => p.key === 'ma')!;
    const claim = { estateId: 'hemu', unit: { building: '2', entrance: '1', room: '102' }, name: ma.name, phone: ma.phone, consentVersion: PRIVACY_NOTICE_VERSION };
    const racers = Array.from({ length: 50 }, (_, i) => `racer-${i}`);
    const results = await Promise.all(racers.map((openid) => call(openid, 'verifyByRoster', claim)));

    const winners = racers.filter((_, i) => results[i].ok);
    expect(winners).toHaveLength(1);
    expect(codes(results)).toEqual(Array(49).fill('PERSON_ALREADY_LINKED'));
    // the stored state names the same single winner everywhere
    const link = await env.storage.get<{ openid: string }>(PERSON_LINKS, personLinkId('hemu', personKeyOf(env.ports, ma.idNumber)));
    expect(link!.data.openid).toBe(winners[0]);
    expect(await env.storage.find('unit_links', { where: { unitId: 'hemu:2-1-102', active: true } })).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ openid: winners[0] }) }),
    ]);
    expect(await env.storage.get('unit_representatives', 'hemu:2-1-102')).toMatchObject({ data: { openid: winners[0] } });
    for (const loser of racers.filter((o) => o !== winners[0])) {
      expect(await env.storage.get('members', `hemu:${loser}`)).toBeNull();
    }
    if (env.cloudbase) {
      // the races really happened: more transactions were started than there were callers
      const started = env.cloudbase.server.requests.filter((r) => r.action === 'database.startTransaction').length;
      expect(started).toBeGreaterThan(racers.length);
    }
  });
});

describe('concurrent representative changes', () => {
  const unitId = 'hemu:1-2-302';
  it('a co-owner confirming while staff decide: the result is one of the two serial orders, never a mix', async () => {
    const view = (await call('demo-community-staff', 'unitOwners', { estateId: 'hemu', unitId })) as ApiResult<{ owners: { displayName: string; memberKey: string }[] }>;
    if (!view.ok) throw new Error(view.error.code);
    const keyOf = (name: string) => view.data.owners.find((o) => o.displayName === name)!.memberKey;
    // 李*英 (demo-co-owner) proposes herself; 周* (demo-co-owner-rep, the representative) must confirm
    expect((await call('demo-co-owner', 'proposeRepresentative', { estateId: 'hemu', unitId, memberKey: keyOf('李*英') })).ok).toBe(true);

    const [confirmed, decided] = await Promise.all([
      call('demo-co-owner-rep', 'confirmRepresentative', { estateId: 'hemu', unitId }),
      call('demo-community-staff', 'decideRepresentative', { estateId: 'hemu', unitId, memberKey: keyOf('周*'), reason: '共有人书面协商一致' }),
    ]);
    expect(decided).toMatchObject({ ok: true });
    const rep = await env.storage.get<{ openid: string; method: string }>('unit_representatives', unitId);
    const proposal = await env.storage.get<{ status: string }>('representative_proposals', unitId);
    // either the confirmation came first (applied, then staff decided) or staff came first (superseded, confirmation refused)
    expect(rep!.data).toMatchObject({ openid: 'demo-co-owner-rep', method: 'staff_decision' });
    if (confirmed.ok) expect(proposal!.data.status).toBe('applied');
    else {
      expect(confirmed.error.code).toBe('NO_PENDING_PROPOSAL');
      expect(proposal!.data.status).toBe('superseded');
    }
  });
});
