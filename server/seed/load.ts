import { maskName } from '../core/identity/masking';
import { parseRoster } from '../core/identity/roster-import';
import { DuplicateKeyError, type Ports } from '../ports';
import { createEstateRecord } from '../app/admin/estates';
import { appendAudit } from '../app/audit/log';
import { anchorAudit, sequenceAudit } from '../app/audit/sequence';
import { accountKeyOf, linkUnit } from '../app/identity/accounts';
import { applyRoster, prepareRoster } from '../app/identity/roster';
import {
  MEMBERS,
  memberId,
  PERSON_LINKS,
  personLinkId,
  unitId,
  type MemberDoc,
} from '../app/identity/records';
import { planId, TOPIC_PLANS, TOPICS, type TopicDoc, type TopicPlanDoc } from '../app/deliberation/records';
import { PROPOSER_KIND_LABELS } from '../../types/topics';
import { buildDemoRoster, DEMO_ESTATE, DEMO_ESTATE_ID, DEMO_PERSONAS, DEMO_TOPICS } from './demo-estate';
import { demoRosterRows } from './demo-roster-file';
import { seedDemoRequests } from './demo-requests';
import { seedDemoVotes } from './demo-votes';

const SEED_MARKER = 'demo-seed';
const SYSTEM = 'system';

/** How the demo's topic history names who acted (a role, never a person's name). */
function demoActorLabel(openid: string): string {
  if (openid === 'demo-party-secretary') return '党支部书记';
  if (openid === SYSTEM) return '系统';
  return '提议人';
}

/** Keyed hash of a person's ID number: the same person has the same key in every unit they own. */
export const personKeyOf = (ports: Pick<Ports, 'crypto'>, idNumber: string) =>
  ports.crypto.keyedHash('person-id', idNumber.trim().toUpperCase());

/** `GONGYI_DEMO_SEED=off`: the local gateway starts on an empty folder without the demo estate (deploy rehearsal). */
export const demoSeedEnabled = (env: Record<string, string | undefined> = process.env) => (env.GONGYI_DEMO_SEED ?? 'on').trim().toLowerCase() !== 'off';

/**
 * Load the demo estate once. The marker document is created inside the same transaction as the data,
 * so two processes seeding at once cannot both succeed, and a failed seed leaves nothing behind.
 * Returns false when the database was already seeded.
 */
export async function seedDemoEstate(ports: Ports, options: { requests?: boolean } = {}): Promise<boolean> {
  const { crypto, clock } = ports;
  const now = clock.now();
  const at = now.toISOString();
  const estateId = DEMO_ESTATE_ID;
  const roster = buildDemoRoster();
  const keyOf = new Map(roster.people.map((p) => [p.key, personKeyOf(ports, p.idNumber)]));
  // where each persona's units are and who the roster lists first (that owner becomes the representative)
  const unitsByRef = new Map(
    roster.units.map((u) => [`${u.building}-${u.entrance}-${u.room}`, { id: unitId(estateId, u.building, u.entrance, u.room), owners: u.owners }]),
  );
  // the demo roster as a roster file's rows, parsed like an upload (owners hashed and masked by the parser)
  const parsedDemo = parseRoster(demoRosterRows(), (purpose, value) => crypto.keyedHash(purpose, value));
  if (!parsedDemo.ok) throw new Error(`the demo roster does not pass the roster checks: ${JSON.stringify(parsedDemo.errors.slice(0, 3))}`);
  const demoRoster = prepareRoster(estateId, parsedDemo.roster, crypto);

  try {
    await ports.storage.transaction(async (tx) => {
      await tx.create('meta', SEED_MARKER, { estateId, at });
      // the estate, through the same use case as the administrator's createEstate (types/admin.ts)
      const { name, district, address, communityName, partyBranchName } = DEMO_ESTATE;
      await createEstateRecord(tx, ports, { estateId, estate: { name, district, address, communityName, partyBranchName, requireIdLast4: false }, actor: SYSTEM });

      // roster version 1, through the same path as a staff import: re-importing the demo file shows no changes
      await applyRoster(tx, ports, { estateId, baseVersion: 0, actor: SYSTEM, source: 'demo', importId: null, fileName: null, roster: demoRoster, removeRefs: [], unitWrites: null, changes: null });

      for (const persona of DEMO_PERSONAS) {
        if (persona.roles.length === 0) continue;
        const member: MemberDoc = {
          estateId,
          openid: persona.openid,
          accountKey: accountKeyOf(crypto, estateId, persona.openid),
          roles: persona.roles,
          displayName: maskName(persona.name),
          since: at,
          history: [{ at, by: SYSTEM, change: `roles: ${persona.roles.join(',')}`, reason: 'demo seed' }],
        };
        await tx.create(MEMBERS, memberId(estateId, persona.openid), member);
        // the unit's first listed owner becomes its representative: link them first
        const units = persona.units
          .map((r) => unitsByRef.get(r)!)
          .sort((a, b) => Number(b.owners[0] === persona.personKey) - Number(a.owners[0] === persona.personKey));
        for (const u of units) {
          await linkUnit(tx, crypto, at, {
            estateId,
            unitId: u.id,
            openid: persona.openid,
            method: 'roster_match',
            personKey: keyOf.get(persona.personKey!)!,
            coOwned: u.owners.length > 1,
          });
        }
        if (persona.personKey && units.length) {
          const personKey = keyOf.get(persona.personKey)!;
          await tx.create(PERSON_LINKS, personLinkId(estateId, personKey), { estateId, personKey, openid: persona.openid });
        }
        await appendAudit(tx, ports, {
          estateId,
          actor: SYSTEM,
          action: 'member.roles_granted',
          subject: `${MEMBERS}/${member.accountKey}`,
          data: { roles: persona.roles, units: units.map((u) => u.id), method: 'demo seed' },
        });
      }

      for (const [i, t] of DEMO_TOPICS.entries()) {
        const topicId = `t_demo_${i + 1}`;
        const dayAt = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();
        const history = t.history.map(([stage, move, daysAgo, by, note]) => ({
          stage,
          move,
          at: dayAt(daysAgo),
          by,
          byLabel: demoActorLabel(by),
          ...(note ? { note } : {}),
        }));
        const last = history[history.length - 1];
        const topic: TopicDoc = {
          estateId,
          title: t.title,
          summary: t.summary,
          stage: last.stage,
          stageHistory: history,
          scope: t.scope,
          items: t.items.map((item, n) => ({ itemId: `i${n + 1}`, ...item })),
          proposedBy: t.proposedBy,
          proposerKind: t.proposerKind,
          planVersion: t.plan ? 1 : 0,
          openedAt: history[0].at,
          openedByLabel: t.proposerKind === 'party_branch' ? DEMO_ESTATE.partyBranchName : PROPOSER_KIND_LABELS[t.proposerKind],
          rev: 1,
          updatedAt: last.at,
        };
        await tx.create(TOPICS, topicId, topic);
        if (t.plan) {
          const plan: TopicPlanDoc = { estateId, topicId, planNo: 1, text: t.plan.text, changeNote: t.plan.changeNote, attachments: [], publishedAt: history[0].at, publishedBy: t.proposedBy };
          await tx.create(TOPIC_PLANS, planId(topicId, 1), plan);
        }
        await appendAudit(tx, ports, {
          estateId,
          actor: SYSTEM,
          action: 'topic.imported',
          subject: `${TOPICS}/${topicId}`,
          data: { title: t.title, stage: topic.stage, openedAt: topic.openedAt },
        });
      }
    });
  } catch (err) {
    if (err instanceof DuplicateKeyError && err.collection === 'meta') return false;
    throw err;
  }
  // two votes (one open, one whose window has closed) through the real use cases on a clock moved back
  await seedDemoVotes(ports, roster, (key) => keyOf.get(key)!);
  // requests (诉求) in the property company's and the grid worker's queues, and figures for the metrics board; handler
  // tests leave them out (tests/support/ports.ts) so their own requests are the only ones the deadline job meets
  if (options.requests ?? true) await seedDemoRequests(ports);
  // chain the seed's audit events and pin them with a first anchor, as the scheduled jobs would
  await sequenceAudit(ports, estateId);
  await anchorAudit(ports, estateId);
  return true;
}
