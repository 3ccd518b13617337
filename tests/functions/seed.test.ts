import { verifyEstateAudit } from '../../server/app/audit/log';
import { buildDemoRoster, DEMO_PERSONAS } from '../../server/seed/demo-estate';
import { seedDemoEstate } from '../../server/seed/load';
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
    expect(await env.storage.count('members', { estateId: 'hemu' })).toBe(DEMO_PERSONAS.filter((p) => p.roles.length).length);
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
});
