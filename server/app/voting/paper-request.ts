import type { PaperRequestInput, PaperRequestOutput } from '../../../types/voting-paper';
import type { TopicStage } from '../../../types/topics';
import { votableItems } from '../../core/deliberation/topic';
import { AppError } from '../../core/errors';
import type { StoredDoc, Storage } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import type { TopicAnnouncement, TopicDoc } from '../deliberation/records';
import { REPRESENTATIVES, type RepresentativeDoc } from '../identity/records';
import { announcedTopic, electorateUnit, frozenElectorate, frozenRules, ownUnit, requireRepresentative } from './context';
import { isLiveRequest, paperRequestId, VOTE_PAPER_REQUESTS, type PaperRequestDoc } from './paper-records';
import { ballotId, VOTE_BALLOTS, type BallotDoc } from './records';

/** an owner may ask for paper (or withdraw) from the notice until the window closes */
const REQUEST_STAGES: readonly TopicStage[] = ['announced', 'voting'];

/**
 * Paper is offered where the frozen notice names the paper channel, or where the frozen rules say an owner who
 * asks gets paper (paperOnRequest; Hangzhou Art. 20, DOMAIN §4).
 */
export async function paperOffered(storage: Storage, announcement: TopicAnnouncement): Promise<boolean> {
  if (announcement.channels.includes('paper')) return true;
  return (await frozenRules(storage, announcement)).paperOnRequest;
}

/** The unit's valid ballot (its first item's), if any. */
async function validBallot(reader: Pick<Storage, 'get'>, topic: StoredDoc<TopicDoc>, unitId: string) {
  const [first] = votableItems(topic.data);
  return first ? reader.get<BallotDoc>(VOTE_BALLOTS, ballotId(topic.id, first.itemId, unitId)) : null;
}

function view(
  offered: boolean,
  request: PaperRequestDoc | null,
  o: { open: boolean; representative: boolean; voted: boolean },
): PaperRequestOutput {
  const live = isLiveRequest(request);
  return {
    offered,
    state: request?.state ?? null,
    requestedAt: request && live ? request.requestedAt : null,
    deliveredAt: request?.deliveredAt ?? null,
    canRequest: offered && o.open && o.representative && !o.voted && !live,
    canWithdraw: o.open && o.representative && request?.state === 'requested',
  };
}

async function context({ ports, caller }: ActionContext, input: PaperRequestInput) {
  const { storage, clock } = ports;
  const link = await ownUnit(storage, caller, input.estateId, input.unitId);
  const { topic, announcement } = await announcedTopic(storage, input.estateId, input.topicId, REQUEST_STAGES);
  const voter = electorateUnit(await frozenElectorate(storage, input.topicId), input.unitId);
  const open = clock.now().getTime() < Date.parse(announcement.votingClosesAt);
  return { link, topic, announcement, voter, open, offered: await paperOffered(storage, announcement) };
}

const isRepresentative = async (storage: Storage, unitId: string, openid: string) =>
  (await storage.get<RepresentativeDoc>(REPRESENTATIVES, unitId))?.data.openid === openid;

/** `paperRequest`: whether the unit may ask for paper, and its request's state (any owner of the unit reads it). */
export async function paperRequest(ctx: ActionContext, input: PaperRequestInput): Promise<PaperRequestOutput> {
  const { storage } = ctx.ports;
  const { topic, open, offered } = await context(ctx, input);
  const [request, ballot, representative] = await Promise.all([
    storage.get<PaperRequestDoc>(VOTE_PAPER_REQUESTS, paperRequestId(input.topicId, input.unitId)),
    validBallot(storage, topic, input.unitId),
    isRepresentative(storage, input.unitId, ctx.caller.openid),
  ]);
  return view(offered, request?.data ?? null, { open, representative, voted: !!ballot });
}

/**
 * `requestPaperBallot`: the unit's representative asks for paper. From now on castBallot refuses the unit's
 * online ballot (BALLOT_PAPER_REQUESTED) until the request is withdrawn. Refused when the notice offers no paper,
 * when the window is over, when a request is live, and when the unit already has a valid ballot (ALREADY_VOTED).
 */
export async function requestPaperBallot(ctx: ActionContext, input: PaperRequestInput): Promise<PaperRequestOutput> {
  const { ports, caller } = ctx;
  const { storage, clock, crypto } = ports;
  const { link, topic, announcement, voter, open, offered } = await context(ctx, input);
  await requireRepresentative(storage, caller, input.unitId);
  if (!offered) throw new AppError('PAPER_NOT_OFFERED');
  if (!open) throw new AppError('BALLOT_WINDOW_CLOSED', { closesAt: announcement.votingClosesAt });
  const { topicId, unitId, estateId } = input;
  const id = paperRequestId(topicId, unitId);
  const doc = await storage.transaction(async (tx) => {
    const existing = await tx.get<PaperRequestDoc>(VOTE_PAPER_REQUESTS, id);
    if (existing && isLiveRequest(existing.data)) throw new AppError('PAPER_ALREADY_REQUESTED', { requestedAt: existing.data.requestedAt });
    const ballot = await validBallot(tx, topic, unitId);
    if (ballot) throw new AppError('ALREADY_VOTED', { receipt: ballot.data.receipt });
    const at = clock.now().toISOString();
    const next: PaperRequestDoc = {
      estateId, topicId, unitId, building: voter.building, state: 'requested', requestedBy: link.data.accountKey, requestedAt: at,
      deliveredAt: null, deliveredBy: null, withdrawnAt: null, rev: (existing?.data.rev ?? 0) + 1,
    };
    if (existing) await tx.update(VOTE_PAPER_REQUESTS, id, existing.version, next);
    else await tx.create(VOTE_PAPER_REQUESTS, id, next);
    await appendAudit(tx, { clock, crypto }, { estateId, actor: caller.openid, action: 'paper.requested', subject: `units/${unitId}`, data: { topicId } });
    return next;
  });
  return view(offered, doc, { open, representative: true, voted: false });
}

/** `withdrawPaperRequest`: until staff mark the paper delivered, the representative takes the request back; online entry reopens. */
export async function withdrawPaperRequest(ctx: ActionContext, input: PaperRequestInput): Promise<PaperRequestOutput> {
  const { ports, caller } = ctx;
  const { storage, clock, crypto } = ports;
  const { link, open, offered } = await context(ctx, input);
  await requireRepresentative(storage, caller, input.unitId);
  const { topicId, unitId, estateId } = input;
  const id = paperRequestId(topicId, unitId);
  const doc = await storage.transaction(async (tx) => {
    const existing = await tx.get<PaperRequestDoc>(VOTE_PAPER_REQUESTS, id);
    if (!existing || !isLiveRequest(existing.data)) throw new AppError('PAPER_NOT_REQUESTED');
    if (existing.data.state === 'delivered') throw new AppError('PAPER_ALREADY_DELIVERED', { deliveredAt: existing.data.deliveredAt! });
    const next: PaperRequestDoc = { ...existing.data, state: 'withdrawn', withdrawnAt: clock.now().toISOString(), requestedBy: link.data.accountKey, rev: existing.data.rev + 1 };
    await tx.update(VOTE_PAPER_REQUESTS, id, existing.version, next);
    await appendAudit(tx, { clock, crypto }, { estateId, actor: caller.openid, action: 'paper.withdrawn', subject: `units/${unitId}`, data: { topicId } });
    return next;
  });
  return view(offered, doc, { open, representative: true, voted: false });
}
