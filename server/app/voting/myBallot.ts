import type { MyBallotInput, MyBallotOutput } from '../../../types/voting';
import { votableItems } from '../../core/deliberation/topic';
import { AppError } from '../../core/errors';
import type { AuditEvent } from '../../core/audit/chain';
import type { ActionContext } from '../action';
import { AUDIT_EVENTS, AUDIT_LINKS, type LinkDoc } from '../audit/log';
import { readTopic } from '../deliberation/topics';
import { ownUnit } from './context';
import { ballotId, VOTE_BALLOTS, voteLedgerKey, type BallotDoc } from './records';

/** how far from the ballot's time its ledger event may lie (both are taken in the same transaction) */
const EVENT_SLACK_MS = 60_000;

/**
 * The owner's own receipt view: the unit's valid ballot with its choices, shown ONLY to the account that cast it
 * (not to co-owners, staff or the property company), and whether its receipt is already in the vote's chained
 * ledger (seq). Reads by id plus one narrow range of the ledger's events around the ballot's time.
 */
export async function myBallot({ ports, caller }: ActionContext, input: MyBallotInput): Promise<MyBallotOutput> {
  const { storage } = ports;
  const link = await ownUnit(storage, caller, input.estateId, input.unitId);
  const topic = await readTopic(storage, input.estateId, input.topicId);
  const items = votableItems(topic.data);
  const docs = await storage.getMany<BallotDoc>(VOTE_BALLOTS, items.map((i) => ballotId(input.topicId, i.itemId, input.unitId)));
  const ballots = docs.filter((d) => d !== null).map((d) => d.data);
  if (ballots.length === 0 || ballots.some((b) => b.castBy !== link.data.accountKey)) throw new AppError('BALLOT_NOT_FOUND');
  const { receipt, castAt } = ballots[0]!;
  const from = new Date(Date.parse(castAt) - EVENT_SLACK_MS).toISOString();
  const to = new Date(Date.parse(castAt) + EVENT_SLACK_MS).toISOString();
  const events = await storage.find<AuditEvent & Record<string, unknown>>(AUDIT_EVENTS, {
    where: { estateId: voteLedgerKey(input.topicId), at: { gte: from, lte: to } },
    orderBy: { field: 'at', direction: 'asc' },
    limit: 5_000,
  });
  const event = events.find((e) => e.data.data.receipt === receipt);
  const [linked] = event ? await storage.getMany<LinkDoc>(AUDIT_LINKS, [event.id]) : [null];
  const titleOf = new Map(items.map((i) => [i.itemId, i.title]));
  return {
    receipt,
    castAt,
    choices: ballots.map((b) => ({ itemId: b.itemId, title: titleOf.get(b.itemId) ?? b.itemId, choice: b.choice })),
    ledger: { eventHash: event?.data.eventHash ?? null, seq: linked?.data.seq ?? null },
  };
}
