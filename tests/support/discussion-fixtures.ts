/**
 * A small estate for the discussion handler tests (comments, moderation, petitions): exact unit areas so that
 * the petition's 20 % boundary can be hit to the 0.01 m², one buyer with two units, a tenant, the organisers,
 * and a second estate with a topic of its own. Written straight through the storage port (both engines).
 */
import { accountKeyOf } from '../../server/app/identity/accounts';
import { ESTATES, MEMBERS, memberId, UNIT_LINKS, unitLinkId, UNITS, type MemberDoc, type UnitDoc, type UnitLinkDoc } from '../../server/app/identity/records';
import { TOPICS, type TopicDoc, type TopicScope } from '../../server/app/deliberation/records';
import { rosterTotals } from '../../server/core/identity/headcount';
import type { Ports } from '../../server/ports';
import type { Role } from '../../types/roles';
import type { TopicStage } from '../../types/topics';

export const ESTATE = 'delib';
export const OTHER_ESTATE = 'elsewhere';

/** [unit ref, area in 0.01 m², owner person key, owner openid] — totals 1,000.00 m² and 10 owner-persons */
export const UNIT_ROWS: [string, number, string, string | null][] = [
  ['1-1-101', 20_000, 'pa', 'o-a'],
  ['1-1-102', 10_000, 'pb', 'o-b'],
  ['1-1-201', 9_999, 'pc', 'o-c'],
  ['2-1-101', 5_000, 'pm', 'o-multi'],
  ['2-1-102', 5_000, 'pm', 'o-multi'],
  ['3-1-101', 1, 'pt', 'o-tiny'],
  ['3-1-102', 10_000, 'p7', null],
  ['3-1-201', 10_000, 'p8', null],
  ['3-1-202', 10_000, 'p9', null],
  ['3-1-301', 10_000, 'p10', null],
  ['3-1-302', 10_000, 'p11', null],
];

export const PEOPLE: Record<string, Role[]> = {
  'o-a': ['owner'],
  'o-b': ['owner'],
  'o-c': ['owner'],
  'o-multi': ['owner'],
  'o-tiny': ['owner'],
  'o-tenant': ['resident'],
  'o-sec': ['party_secretary', 'party_member'],
  'o-committee': ['committee_member'],
  'o-staff': ['community_staff'],
  'o-pm': ['property_manager'],
  'o-grid': ['grid_worker'],
};

export const TOPIC_IDS = {
  consultation: 't-cons',
  petition: 't-pet',
  buildingPetition: 't-pet-b2',
  proposed: 't-prop',
  other: 't-other',
} as const;

export function topicDoc(estateId: string, over: Partial<TopicDoc> & { stage: TopicStage }, at: string): TopicDoc {
  const scope: TopicScope = over.scope ?? { kind: 'estate' };
  return {
    estateId,
    title: '南门增设快递柜',
    summary: '南门附近快递堆放影响通行，提议在南门内侧增设智能快递柜。',
    stageHistory: [{ stage: over.stage, at, by: 'system', byLabel: '测试', move: 'import' }],
    scope,
    items: [],
    proposedBy: 'o-sec',
    proposerKind: 'party_branch',
    planVersion: 0,
    openedAt: at,
    openedByLabel: '测试党支部',
    rev: 1,
    updatedAt: at,
    ...over,
  };
}

export async function seedDiscussionEstate(ports: Ports): Promise<void> {
  const at = ports.clock.now().toISOString();
  const units = UNIT_ROWS.map(([ref, areaCenti, person]) => {
    const [building, entrance, room] = ref.split('-');
    const doc: UnitDoc = { estateId: ESTATE, building, entrance, room, label: `${building}号楼${entrance}单元${room}`, areaCenti, ownerKeys: [person], developerHeld: false };
    return { id: `${ESTATE}:${ref}`, doc };
  });
  const totals = rosterTotals(units.map((u) => ({ unitId: u.id, ...u.doc })));
  await ports.storage.transaction(async (tx) => {
    for (const [estateId, name] of [[ESTATE, '共议测试小区'], [OTHER_ESTATE, '别处小区']]) {
      await tx.create(ESTATES, estateId, {
        name, district: '', address: '', communityName: '', partyBranchName: `${name}党支部`, buildings: ['1', '2', '3'],
        totals: estateId === ESTATE ? totals : { unitCount: 0, areaCenti: 0, headcount: 0 }, createdAt: at,
      });
    }
    for (const u of units) await tx.create(UNITS, u.id, u.doc);
    for (const [openid, roles] of Object.entries(PEOPLE)) {
      const member: MemberDoc = { estateId: ESTATE, openid, accountKey: accountKeyOf(ports.crypto, ESTATE, openid), roles, displayName: '某*', since: at, history: [] };
      await tx.create(MEMBERS, memberId(ESTATE, openid), member);
    }
    const outsider: MemberDoc = { estateId: OTHER_ESTATE, openid: 'o-outsider', accountKey: accountKeyOf(ports.crypto, OTHER_ESTATE, 'o-outsider'), roles: ['owner', 'party_secretary'], displayName: '某*', since: at, history: [] };
    await tx.create(MEMBERS, memberId(OTHER_ESTATE, 'o-outsider'), outsider);
    for (const [ref, , person, openid] of UNIT_ROWS) {
      if (!openid) continue;
      const unitId = `${ESTATE}:${ref}`;
      const link: UnitLinkDoc = { estateId: ESTATE, unitId, openid, accountKey: accountKeyOf(ports.crypto, ESTATE, openid), active: true, method: 'roster_match', personKey: person, since: at };
      await tx.create(UNIT_LINKS, unitLinkId(unitId, openid), link);
    }
    await tx.create(TOPICS, TOPIC_IDS.consultation, topicDoc(ESTATE, { stage: 'consultation' }, at));
    await tx.create(TOPICS, TOPIC_IDS.proposed, topicDoc(ESTATE, { stage: 'proposed', proposedBy: 'o-b', proposerKind: 'owner', openedByLabel: '业主提议' }, at));
    await tx.create(TOPICS, TOPIC_IDS.petition, topicDoc(ESTATE, { stage: 'proposed', petition: true, proposedBy: 'o-a', proposerKind: 'owner', openedByLabel: '业主提议', title: '召开业主大会临时会议更换物业' }, at));
    await tx.create(TOPICS, TOPIC_IDS.buildingPetition, topicDoc(ESTATE, { stage: 'proposed', petition: true, proposedBy: 'o-multi', proposerKind: 'owner', openedByLabel: '业主提议', scope: { kind: 'buildings', buildings: ['2'] } }, at));
    await tx.create(TOPICS, TOPIC_IDS.other, topicDoc(OTHER_ESTATE, { stage: 'consultation', proposedBy: 'o-outsider' }, at));
  });
}
