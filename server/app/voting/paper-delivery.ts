import type { ListPaperRequestsInput, ListPaperRequestsOutput, MarkPaperDeliveredInput, MarkPaperDeliveredOutput, PaperRequestRow } from '../../../types/voting-paper';
import { AppError } from '../../core/errors';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { accountKeyOf } from '../identity/accounts';
import { UNITS, type UnitDoc } from '../identity/records';
import { announcedTopic } from './context';
import { paperRequestId, VOTE_PAPER_REQUESTS, type PaperRequestDoc } from './paper-records';

/** more live requests than this in one vote is not a paper request any more but a paper vote (channels) */
const REQUEST_LIMIT = 2_000;

/** `listPaperRequests`: the live paper requests of a vote (asked, or delivered), oldest first, to print and deliver. */
export async function listPaperRequests({ ports }: ActionContext, input: ListPaperRequestsInput): Promise<ListPaperRequestsOutput> {
  const { storage } = ports;
  await announcedTopic(storage, input.estateId, input.topicId, ['announced', 'voting']);
  const docs = await storage.find<PaperRequestDoc>(VOTE_PAPER_REQUESTS, {
    where: { topicId: input.topicId, state: ['requested', 'delivered'] },
    orderBy: { field: 'requestedAt', direction: 'asc' },
    limit: REQUEST_LIMIT,
  });
  const mine = docs.filter((d) => d.data.estateId === input.estateId);
  const units = await storage.getMany<UnitDoc>(UNITS, mine.map((d) => d.data.unitId));
  const requests: PaperRequestRow[] = mine.map((d, i) => ({
    unitId: d.data.unitId,
    unitLabel: units[i]?.data.label ?? d.data.unitId,
    building: d.data.building,
    state: d.data.state === 'delivered' ? 'delivered' : 'requested',
    requestedAt: d.data.requestedAt,
    deliveredAt: d.data.deliveredAt,
  }));
  return { requests };
}

/**
 * `markPaperDelivered`: staff record that the unit's paper ballot was handed over (送达). From then on the owner can no
 * longer withdraw the request. Marking a delivered request again answers its first delivery time.
 */
export async function markPaperDelivered({ ports, caller }: ActionContext, input: MarkPaperDeliveredInput): Promise<MarkPaperDeliveredOutput> {
  const { storage, clock, crypto } = ports;
  await announcedTopic(storage, input.estateId, input.topicId, ['announced', 'voting']);
  const id = paperRequestId(input.topicId, input.unitId);
  return storage.transaction(async (tx) => {
    const request = await tx.get<PaperRequestDoc>(VOTE_PAPER_REQUESTS, id);
    if (!request || request.data.estateId !== input.estateId || request.data.state === 'withdrawn') throw new AppError('PAPER_NOT_REQUESTED');
    if (request.data.state === 'delivered') return { deliveredAt: request.data.deliveredAt! };
    const at = clock.now().toISOString();
    await tx.update(VOTE_PAPER_REQUESTS, id, request.version, {
      ...request.data, state: 'delivered', deliveredAt: at, deliveredBy: accountKeyOf(crypto, input.estateId, caller.openid), rev: request.data.rev + 1,
    });
    await appendAudit(tx, { clock, crypto }, { estateId: input.estateId, actor: caller.openid, action: 'paper.delivered', subject: `units/${input.unitId}`, data: { topicId: input.topicId } });
    return { deliveredAt: at };
  });
}
