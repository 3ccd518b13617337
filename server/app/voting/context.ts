import { DEFAULT_RULES, type ProcedureRules } from '../../../types/procedure-rules';
import { TOPIC_STAGE_LABELS, type TopicStage } from '../../../types/topics';
import { AppError } from '../../core/errors';
import type { Caller, StoredDoc, Storage } from '../../ports';
import { TOPIC_ELECTORATES, type ElectorateUnit, type TopicAnnouncement, type TopicDoc, type TopicElectorateDoc } from '../deliberation/records';
import { RULES_VERSIONS, type RulesVersionDoc } from '../deliberation/rules-store';
import { readTopic } from '../deliberation/topics';
import { REPRESENTATIVES, UNIT_LINKS, unitLinkId, type RepresentativeDoc, type UnitLinkDoc } from '../identity/records';

/**
 * What every voting use case establishes first, all by id: the caller's own unit (an active link; anyone
 * else's unit is UNIT_OWNERS_ONLY, the authorization matrix's refusal), the topic of THIS estate, its frozen
 * notice and the unit's place in the frozen electorate.
 */
export async function ownUnit(storage: Storage, caller: Caller, estateId: string, unitId: string): Promise<StoredDoc<UnitLinkDoc>> {
  const link = await storage.get<UnitLinkDoc>(UNIT_LINKS, unitLinkId(unitId, caller.openid));
  if (!link || !link.data.active || link.data.estateId !== estateId) throw new AppError('UNIT_OWNERS_ONLY');
  return link;
}

/** The unit's one voting representative (identity: unit_representatives, one document per unit). */
export async function requireRepresentative(storage: Storage, caller: Caller, unitId: string): Promise<void> {
  const rep = await storage.get<RepresentativeDoc>(REPRESENTATIVES, unitId);
  if (!rep || rep.data.openid !== caller.openid) throw new AppError('NOT_REPRESENTATIVE');
}

/** The topic and its frozen notice, in one of the given stages (BALLOT_STAGE otherwise). */
export async function announcedTopic(
  storage: Storage,
  estateId: string,
  topicId: string,
  stages: readonly TopicStage[],
): Promise<{ topic: StoredDoc<TopicDoc>; announcement: TopicAnnouncement }> {
  const topic = await readTopic(storage, estateId, topicId);
  const announcement = topic.data.announcement;
  if (!announcement || !stages.includes(topic.data.stage)) throw new AppError('BALLOT_STAGE', { stage: stageLabel(topic.data.stage) });
  return { topic, announcement };
}

const stageLabel = (stage: TopicStage) => TOPIC_STAGE_LABELS[stage];

export async function frozenElectorate(storage: Storage, topicId: string): Promise<TopicElectorateDoc> {
  const doc = await storage.get<TopicElectorateDoc>(TOPIC_ELECTORATES, topicId);
  if (!doc) throw new AppError('TOPIC_NOT_FOUND');
  return doc.data;
}

/** The unit as the electorate froze it (building, area, head key), or NOT_IN_ELECTORATE. */
export function electorateUnit(electorate: TopicElectorateDoc, unitId: string): ElectorateUnit {
  // units are sorted by unitId at announcement: binary search
  const units = electorate.units;
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const u = units[mid]!;
    if (u.unitId === unitId) return u;
    if (u.unitId < unitId) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new AppError('NOT_IN_ELECTORATE');
}

/** The rules of procedure frozen in the notice (an activated version never changes; version 0 = the default template). */
export async function frozenRules(storage: Storage, announcement: TopicAnnouncement): Promise<ProcedureRules> {
  if (!announcement.rules.versionId) return DEFAULT_RULES;
  const v = await storage.get<RulesVersionDoc>(RULES_VERSIONS, announcement.rules.versionId);
  return v?.data.rules ?? DEFAULT_RULES;
}
