import type { TurnoutFigures, TurnoutInput, TurnoutOutput } from '../../../types/voting';
import { votableItems } from '../../core/deliberation/topic';
import { reachesTwoThirds } from '../../core/voting/ballot';
import type { ActionContext } from '../action';
import type { ElectorateUnit } from '../deliberation/records';
import { announcedTopic, frozenElectorate } from './context';
import { VOTE_BALLOTS } from './records';

interface Totals {
  areaCenti: number;
  heads: Set<string>;
  units: number;
}

function totalsByBuilding(units: readonly ElectorateUnit[]): Map<string, Totals> {
  const out = new Map<string, Totals>();
  for (const u of units) {
    let t = out.get(u.building);
    if (!t) out.set(u.building, (t = { areaCenti: 0, heads: new Set(), units: 0 }));
    t.areaCenti += u.areaCenti;
    t.heads.add(u.headKey);
    t.units++;
  }
  return out;
}

function figures(part: { areaCenti: number; headcount: number; units: number }, total: { areaCenti: number; headcount: number; units: number }): TurnoutFigures {
  return {
    areaCenti: part.areaCenti,
    totalAreaCenti: total.areaCenti,
    headcount: part.headcount,
    totalHeadcount: total.headcount,
    units: part.units,
    totalUnits: total.units,
    areaReached: reachesTwoThirds(part.areaCenti, total.areaCenti),
    headcountReached: reachesTwoThirds(part.headcount, total.headcount),
  };
}

/**
 * Live turnout (issue 11 item 7): participating area and headcount against the 2/3 line, for the scope and per
 * building. Participation is read through two engine aggregates over the ballots of the notice's first item (a
 * package ballot covers every item, so that is every participating unit once): sum of area and distinct head
 * keys, grouped by building and overall. Never a choice. Denominators come from the frozen electorate.
 */
export async function turnout({ ports }: ActionContext, input: TurnoutInput): Promise<TurnoutOutput> {
  const { storage } = ports;
  const { topic, announcement } = await announcedTopic(storage, input.estateId, input.topicId, [
    'announced', 'voting', 'counting', 'publication', 'endorsement', 'implementation', 'closed',
  ]);
  const electorate = await frozenElectorate(storage, input.topicId);
  const first = votableItems(topic.data)[0];
  const where = { topicId: input.topicId, itemId: first?.itemId ?? '' };
  const [byBuilding, [overall]] = await Promise.all([
    storage.aggregate(VOTE_BALLOTS, { where, groupBy: ['building'], sum: ['areaCenti'], distinct: 'headKey' }),
    storage.aggregate(VOTE_BALLOTS, { where, sum: ['areaCenti'], distinct: 'headKey' }),
  ]);
  const partOf = new Map(byBuilding.map((r) => [String(r.group.building), { areaCenti: r.sums.areaCenti ?? 0, headcount: r.distinct ?? 0, units: r.count }]));
  const buildings = [...totalsByBuilding(electorate.units).entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'zh-CN', { numeric: true }))
    .map(([building, t]) => ({
      building,
      ...figures(partOf.get(building) ?? { areaCenti: 0, headcount: 0, units: 0 }, { areaCenti: t.areaCenti, headcount: t.heads.size, units: t.units }),
    }));
  const roster = announcement.roster;
  return {
    topicId: input.topicId,
    stage: topic.data.stage,
    votingOpensAt: announcement.votingOpensAt,
    votingClosesAt: announcement.votingClosesAt,
    estate: figures(
      { areaCenti: overall?.sums.areaCenti ?? 0, headcount: overall?.distinct ?? 0, units: overall?.count ?? 0 },
      { areaCenti: roster.areaCenti, headcount: roster.headcount, units: roster.unitCount },
    ),
    buildings,
    lineLabel: '2/3',
  };
}
