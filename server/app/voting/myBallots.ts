import type { MyBallotRow, MyBallotsInput, MyBallotsOutput } from '../../../types/voting';
import type { TopicStage } from '../../../types/topics';
import type { ActionContext } from '../action';
import { TOPIC_ELECTORATES, TOPICS, type TopicDoc, type TopicElectorateDoc } from '../deliberation/records';
import { UNIT_LINKS, UNITS, type UnitDoc, type UnitLinkDoc } from '../identity/records';
import { VOTE_BALLOTS, VOTE_DELIVERIES, type BallotDoc, type DeliveryDoc } from './records';

/** stages after the notice: the topic has a frozen electorate */
const VOTE_STAGES: readonly TopicStage[] = ['announced', 'voting', 'counting', 'publication', 'endorsement', 'implementation', 'closed'];
const OPEN_STAGES: readonly TopicStage[] = ['announced', 'voting'];
const TOPIC_LIMIT = 50;
const BALLOT_LIMIT = 1000;

/**
 * 我的投票: for each of the caller's units and each vote it belongs to, 已完成 with the receipt and time, or
 * still to do. Never a choice, never a tally. Reads: the caller's links, recent voted-on topics of the estate,
 * the electorates of votes still open (one document each), the caller's units' ballots and deliveries.
 */
export async function myBallots({ ports, caller }: ActionContext, input: MyBallotsInput): Promise<MyBallotsOutput> {
  const { storage, clock } = ports;
  const links = await storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { estateId: input.estateId, openid: caller.openid, active: true } });
  const unitIds = [...new Set(links.map((l) => l.data.unitId))].sort();
  if (unitIds.length === 0) return { ballots: [] };
  const [topics, ballots, deliveries, units] = await Promise.all([
    storage.find<TopicDoc>(TOPICS, { where: { estateId: input.estateId, stage: [...VOTE_STAGES] }, orderBy: { field: 'openedAt', direction: 'desc' }, limit: TOPIC_LIMIT }),
    storage.find<BallotDoc>(VOTE_BALLOTS, { where: { estateId: input.estateId, unitId: unitIds }, limit: BALLOT_LIMIT }),
    storage.find<DeliveryDoc>(VOTE_DELIVERIES, { where: { estateId: input.estateId, openid: caller.openid }, limit: BALLOT_LIMIT }),
    storage.getMany<UnitDoc>(UNITS, unitIds),
  ]);
  const labelOf = new Map(unitIds.map((id, i) => [id, units[i]?.data.label ?? id]));
  const ballotOf = new Map<string, BallotDoc>();
  for (const b of ballots) {
    const key = `${b.data.topicId}|${b.data.unitId}`;
    const seen = ballotOf.get(key);
    if (!seen || b.data.castAt > seen.castAt) ballotOf.set(key, b.data);
  }
  const deliveredOf = new Map(deliveries.map((d) => [`${d.data.topicId}|${d.data.unitId}`, d.data.deliveredAt]));
  const open = topics.filter((t) => OPEN_STAGES.includes(t.data.stage));
  const electorates = await storage.getMany<TopicElectorateDoc>(TOPIC_ELECTORATES, open.map((t) => t.id));
  const inOpen = new Map(open.map((t, i) => [t.id, new Set((electorates[i]?.data.units ?? []).map((u) => u.unitId))]));
  const now = clock.now().getTime();

  const rows: MyBallotRow[] = [];
  for (const t of topics) {
    const announcement = t.data.announcement;
    if (!announcement) continue;
    for (const unitId of unitIds) {
      const key = `${t.id}|${unitId}`;
      const ballot = ballotOf.get(key);
      const eligible = inOpen.get(t.id)?.has(unitId) ?? false;
      if (!ballot && !eligible) continue;
      const stillOpen = OPEN_STAGES.includes(t.data.stage) && now < Date.parse(announcement.votingClosesAt);
      rows.push({
        topicId: t.id,
        title: t.data.title,
        unitId,
        unitLabel: labelOf.get(unitId)!,
        status: ballot ? 'done' : stillOpen ? 'pending' : 'missed',
        receipt: ballot?.receipt ?? null,
        castAt: ballot?.castAt ?? null,
        channel: ballot?.channel ?? null,
        deliveredAt: deliveredOf.get(key) ?? null,
        votingClosesAt: announcement.votingClosesAt,
      });
    }
  }
  return { ballots: rows };
}
