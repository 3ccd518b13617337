import { verifyEstateAudit } from '../../server/app/audit/log';
import { buildDemoRoster, DEMO_PERSONAS } from '../../server/seed/demo-estate';
import { seedDemoEstate } from '../../server/seed/load';
import { DEMO_VOTE_TOPICS, isLeftUnverified } from '../../server/seed/demo-votes';
import { TOPIC_ELECTORATES, TOPICS, type TopicDoc, type TopicElectorateDoc } from '../../server/app/deliberation/records';
import { VOTE_BALLOTS, VOTE_DELIVERIES, type BallotDoc } from '../../server/app/voting/records';
import { verifyVoteLedger } from '../../server/app/voting/ledger';
import { formatAreaCenti } from '../../server/core/voting/area';
import { countVote } from '../../server/core/voting/count';
import { TEST_NOW } from '../support/ports';
import { freshEnv, type TestEnv } from '../support/ports';

let env: TestEnv;
beforeAll(async () => {
  env = await freshEnv();
});
afterAll(async () => env.cleanup());

describe('demo seed', () => {
  it('loads once, then recognises an already seeded database', async () => {
    expect(await seedDemoEstate(env.ports)).toBe(true);
    expect(await seedDemoEstate(env.ports)).toBe(false);
    expect(await env.storage.count('units', { estateId: 'hemu' })).toBe(120);
    // the personas with roles, and one owner account per other roster person holding units (demo voters)
    const roster = buildDemoRoster();
    const personaPeople = new Set(DEMO_PERSONAS.map((p) => p.personKey));
    const otherOwners = new Set(roster.units.filter((u) => !u.developerHeld && !personaPeople.has(u.owners[0]) && !isLeftUnverified(u)).map((u) => u.owners[0]));
    expect(await env.storage.count('members', { estateId: 'hemu' })).toBe(DEMO_PERSONAS.filter((p) => p.roles.length).length + otherOwners.size);
    expect(await env.storage.count('topics', { estateId: 'hemu' })).toBe(6);
  });

  it('records the roster import with totals and fingerprint in a verifiable audit chain', async () => {
    const verdict = await verifyEstateAudit(env.storage, env.ports.crypto, 'hemu'); // the seed runs the sequencer
    expect(verdict.ok).toBe(true);
    const imported = await env.storage.find<{ action: string; data: Record<string, unknown> }>('audit_events', { where: { action: 'roster.imported' } });
    expect(imported).toHaveLength(1);
    expect(imported[0].data.data).toMatchObject({ unitCount: 120, headcount: 113, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('gives every roster person one owner record, counting people and not units', async () => {
    const roster = buildDemoRoster();
    expect(await env.storage.count('owners', { estateId: 'hemu' })).toBe(roster.people.length);
  });

  it('stores no ID number, full phone or full name in clear anywhere in the database', async () => {
    const roster = buildDemoRoster();
    const blobs = await env.storedBytes(); // PGlite's files, or everything sent to the CloudBase server
    const found = (needle: string) => blobs.some((b) => b.includes(Buffer.from(needle, 'utf8')));
    // sanity: the scan does see what is stored (masked names and ID tails are there)
    expect(found('和睦家园')).toBe(true);
    for (const p of roster.people) {
      expect(found(p.idNumber)).toBe(false);
      expect(found(p.phone)).toBe(false);
      if (Array.from(p.name).length >= 2) expect(found(p.name)).toBe(false);
    }
  });

  describe('demo votes built through the real use cases', () => {
    const now = Date.parse(TEST_NOW);
    const topic = async (id: string) => (await env.storage.get<TopicDoc>(TOPICS, id))!.data;
    const ballots = async (topicId: string) =>
      (await env.storage.find<BallotDoc>(VOTE_BALLOTS, { where: { topicId } })).map((d) => d.data).sort((a, b) => a.castAt.localeCompare(b.castAt));

    it('t_demo_5 is open now (opened 2-3 days ago, closes in 11-12 days) and no persona has received or voted it', async () => {
      const t = await topic(DEMO_VOTE_TOPICS.open);
      expect(t.stage).toBe('voting');
      const a = t.announcement!;
      expect(Date.parse(a.votingOpensAt)).toBeLessThan(now - 2 * 86_400_000);
      expect(Date.parse(a.votingClosesAt)).toBeGreaterThan(now + 11 * 86_400_000);
      expect(a.items.map((i) => i.matter)).toEqual([8, 5]);
      expect(a.channels).toContain('online');
      const personaUnits = new Set(DEMO_PERSONAS.flatMap((p) => p.units.map((r) => `hemu:${r}`)));
      const cast = await ballots(DEMO_VOTE_TOPICS.open);
      expect(cast.length).toBeGreaterThan(20); // some owners voted already
      expect(cast.some((b) => personaUnits.has(b.unitId))).toBe(false);
      const delivered = await env.storage.find<{ unitId: string }>(VOTE_DELIVERIES, { where: { topicId: DEMO_VOTE_TOPICS.open } });
      expect(delivered.some((d) => personaUnits.has(d.data.unitId))).toBe(false);
      expect(cast.every((b) => Date.parse(b.castAt) >= Date.parse(a.votingOpensAt) && Date.parse(b.castAt) <= now)).toBe(true);
    });

    it('t_demo_6 closed before now with a mixed result: item 1 (matter 5) passes, item 2 (matter 8) fails on approval', async () => {
      const t = await topic(DEMO_VOTE_TOPICS.closed);
      expect(t.stage).toBe('voting');
      const a = t.announcement!;
      expect(Date.parse(a.votingClosesAt)).toBeLessThan(now - 12 * 3_600_000);
      const electorate = (await env.storage.get<TopicElectorateDoc>(TOPIC_ELECTORATES, DEMO_VOTE_TOPICS.closed))!.data;
      expect(electorate.units).toHaveLength(120);
      const cast = await ballots(DEMO_VOTE_TOPICS.closed);
      expect(cast.every((b) => b.castAt >= a.votingOpensAt && b.castAt < a.votingClosesAt)).toBe(true);
      expect(cast.some((b) => b.unitId === 'hemu:1-1-101')).toBe(true); // demo-owner voted here
      const result = countVote({
        scope: 'estate',
        roster: electorate.units.map((u) => ({ unit: u.unitId, building: u.building, area: formatAreaCenti(u.areaCenti), owners: [u.headKey] })),
        items: a.items.map((i) => ({ itemId: i.itemId, matter: i.matter, ballots: cast.filter((b) => b.itemId === i.itemId).map((b) => ({ unit: b.unitId, choice: b.choice })) })),
      });
      const [first, second] = result.items;
      expect(first).toMatchObject({ quorumMet: true, passed: true, fails: [] });
      expect(second.quorumMet).toBe(true);
      expect(second.passed).toBe(false);
      expect(second.fails.length).toBeGreaterThan(0);
      expect(second.fails.every((f) => f.startsWith('approval'))).toBe(true);
      expect((await verifyVoteLedger(env.storage, env.ports.crypto, DEMO_VOTE_TOPICS.closed)).ok).toBe(true);
    });
  });
});
