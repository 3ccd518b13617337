import { rosterTotals, type RosterUnit } from '../core/identity/headcount';
import { idTail, maskName, maskPhone } from '../core/identity/masking';
import { rosterFingerprintText } from '../core/identity/roster-fingerprint';
import { DuplicateKeyError, type Ports } from '../ports';
import { appendAudit } from '../app/audit/log';
import {
  ESTATES,
  MEMBERS,
  memberId,
  OWNERS,
  ownerId,
  UNITS,
  unitId,
  unitLabel,
  type EstateDoc,
  type MemberDoc,
  type OwnerDoc,
  type UnitDoc,
} from '../app/identity/records';
import { TOPICS, type TopicDoc } from '../app/deliberation/records';
import { buildDemoRoster, DEMO_ESTATE, DEMO_ESTATE_ID, DEMO_PERSONAS, DEMO_TOPICS } from './demo-estate';

const SEED_MARKER = 'demo-seed';
const SYSTEM = 'system';

/** Keyed hash of a person's ID number: the same person has the same key in every unit they own. */
export const personKeyOf = (ports: Pick<Ports, 'crypto'>, idNumber: string) =>
  ports.crypto.keyedHash('person-id', idNumber.trim().toUpperCase());

/**
 * Load the demo estate once. The marker document is created inside the same transaction as the data,
 * so two processes seeding at once cannot both succeed, and a failed seed leaves nothing behind.
 * Returns false when the database was already seeded.
 */
export async function seedDemoEstate(ports: Ports): Promise<boolean> {
  const { crypto, clock } = ports;
  const now = clock.now();
  const at = now.toISOString();
  const estateId = DEMO_ESTATE_ID;
  const roster = buildDemoRoster();
  const keyOf = new Map(roster.people.map((p) => [p.key, personKeyOf(ports, p.idNumber)]));
  const ref = (u: { building: string; entrance: string; room: string }) => `${u.building}-${u.entrance}-${u.room}`;

  const unitDocs = roster.units.map((u) => {
    const doc: UnitDoc = {
      estateId,
      building: u.building,
      entrance: u.entrance,
      room: u.room,
      label: unitLabel(u.building, u.entrance, u.room),
      areaCenti: u.areaCenti,
      ownerKeys: u.owners.map((k) => keyOf.get(k)!),
      developerHeld: u.developerHeld,
    };
    return { id: unitId(estateId, u.building, u.entrance, u.room), ref: ref(u), owners: u.owners, doc };
  });
  const rosterUnits: RosterUnit[] = unitDocs.map((u) => ({
    unitId: u.id,
    areaCenti: u.doc.areaCenti,
    ownerKeys: u.doc.ownerKeys,
    developerHeld: u.doc.developerHeld,
  }));
  const totals = rosterTotals(rosterUnits);
  const fingerprint = crypto.sha256(rosterFingerprintText(rosterUnits));

  try {
    await ports.storage.transaction(async (tx) => {
      await tx.create('meta', SEED_MARKER, { estateId, at });
      const estate: EstateDoc = { ...DEMO_ESTATE, totals, createdAt: at };
      await tx.create(ESTATES, estateId, estate);
      await appendAudit(tx, ports, { estateId, actor: SYSTEM, action: 'estate.created', subject: `${ESTATES}/${estateId}`, data: { name: estate.name } });

      for (const p of roster.people) {
        const personKey = keyOf.get(p.key)!;
        const owner: OwnerDoc = {
          estateId,
          personKey,
          nameMasked: maskName(p.name),
          nameHash: crypto.keyedHash('name', p.name),
          idLast4: idTail(p.idNumber),
          phoneHash: crypto.keyedHash('phone', p.phone),
          phoneMasked: maskPhone(p.phone),
        };
        await tx.create(OWNERS, ownerId(estateId, personKey), owner);
      }
      for (const u of unitDocs) await tx.create(UNITS, u.id, u.doc);
      await appendAudit(tx, ports, {
        estateId,
        actor: SYSTEM,
        action: 'roster.imported',
        subject: `${UNITS}?estateId=${estateId}`,
        data: { ...totals, fingerprint, source: 'demo' },
      });

      for (const persona of DEMO_PERSONAS) {
        if (persona.roles.length === 0) continue;
        const units = persona.units.map((r) => {
          const u = unitDocs.find((x) => x.ref === r)!;
          return { unitId: u.id, isRepresentative: u.owners[0] === persona.personKey };
        });
        const member: MemberDoc = { estateId, openid: persona.openid, roles: persona.roles, displayName: maskName(persona.name), units, since: at };
        await tx.create(MEMBERS, memberId(estateId, persona.openid), member);
        await appendAudit(tx, ports, {
          estateId,
          actor: SYSTEM,
          action: 'member.roles_granted',
          subject: `${MEMBERS}/${memberId(estateId, persona.openid)}`,
          data: { roles: persona.roles, units: units.map((u) => u.unitId) },
        });
      }

      for (const [i, t] of DEMO_TOPICS.entries()) {
        const topicId = `t_demo_${i + 1}`;
        const topic: TopicDoc = {
          estateId,
          title: t.title,
          summary: t.summary,
          stage: t.stage,
          scope: t.scope,
          openedAt: new Date(now.getTime() - t.daysAgo * 86_400_000).toISOString(),
          openedBy: 'demo-party-secretary',
          openedByLabel: DEMO_ESTATE.partyBranchName,
        };
        await tx.create(TOPICS, topicId, topic);
        await appendAudit(tx, ports, {
          estateId,
          actor: SYSTEM,
          action: 'topic.imported',
          subject: `${TOPICS}/${topicId}`,
          data: { title: t.title, stage: t.stage, openedAt: topic.openedAt },
        });
      }
    });
    return true;
  } catch (err) {
    if (err instanceof DuplicateKeyError && err.collection === 'meta') return false;
    throw err;
  }
}
