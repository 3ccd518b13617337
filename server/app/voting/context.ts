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

/**
 * Per process: the frozen electorate of each topic, indexed by unit. Caching is safe because the electorate is
 * written once, in the announcement's transaction, and nothing ever writes it again (topic-announce.ts); a topic
 * id names one electorate for good. Keyed by the storage too, so two databases in one process never mix. Without
 * it a large estate's submission read and parsed the whole electorate (10,000 units: one large document) each time.
 */
const electorates = new WeakMap<Storage, Map<string, Promise<ReadonlyMap<string, ElectorateUnit>>>>();
const ELECTORATES_KEPT = 20;

/** The unit as the topic's frozen electorate holds it, or NOT_IN_ELECTORATE (TOPIC_NOT_FOUND without an electorate). */
export async function frozenVoter(storage: Storage, topicId: string, unitId: string): Promise<ElectorateUnit> {
  let byTopic = electorates.get(storage);
  if (!byTopic) electorates.set(storage, (byTopic = new Map()));
  let index = byTopic.get(topicId);
  if (!index) {
    const loading = frozenElectorate(storage, topicId).then((doc) => new Map(doc.units.map((u) => [u.unitId, Object.freeze({ ...u })])));
    index = loading;
    byTopic.set(topicId, loading);
    if (byTopic.size > ELECTORATES_KEPT) byTopic.delete(byTopic.keys().next().value!);
    // a failed read (no electorate yet, a storage error) is not kept: the next call reads again
    loading.catch(() => byTopic!.get(topicId) === loading && byTopic!.delete(topicId));
  }
  const unit = (await index).get(unitId);
  if (!unit) throw new AppError('NOT_IN_ELECTORATE');
  return unit;
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
  // activated versions are append-only: a missing one is a broken record, never a reason to vote under the defaults
  if (!v) throw new Error(`frozen rules version ${announcement.rules.versionId} is missing`);
  return v.data.rules;
}
