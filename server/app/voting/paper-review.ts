import type { ReviewPaperEntryInput, ReviewPaperEntryOutput } from '../../../types/voting-paper';
import { PAPER_ENTRY_STATE_LABELS } from '../../../types/voting-paper';
import { TOPIC_STAGE_LABELS } from '../../../types/topics';
import { AppError } from '../../core/errors';
import type { StoredDoc, TxStore } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { TOPICS, type TopicDoc } from '../deliberation/records';
import { accountKeyOf } from '../identity/accounts';
import { REPRESENTATIVES, type RepresentativeDoc } from '../identity/records';
import { writePackageBallot } from './castBallot';
import { announcedTopic, electorateUnit, frozenElectorate } from './context';
import { VOTE_PAPER_ENTRIES, type PaperEntryDoc } from './paper-records';
import { requestId } from './records';

/**
 * `reviewPaperEntry` (双人录入复核, DOMAIN §4): a staff member other than the one who entered the paper ballot
 * decides it. Nobody decides their own entry (PAPER_OWN_ENTRY).
 *
 * - approve: in ONE transaction (writePackageBallot, the path every channel takes) the unit's valid ballot per item
 *   under the same ballot id as online, channel 'paper', cast by the unit's representative (so the owner sees its
 *   receipt under 我的投票 / myBallot), its event in the vote's ledger, and the entry marked approved with the
 *   reviewer. A unit that already has a valid ballot (voted online first, or another paper entry won) keeps it:
 *   the entry becomes invalid evidence (vote_invalid_ballots, entry state 'invalid'), never overwriting it.
 *   The reviewer learns only that, never the other ballot's receipt or choices.
 * - reject: the entry is kept as rejected with the reason (evidence); nothing counts.
 * Two reviewers at once: the storage engine admits one set of ballots; the other is told PAPER_ENTRY_DECIDED.
 */
export async function reviewPaperEntry({ ports, caller }: ActionContext, input: ReviewPaperEntryInput): Promise<ReviewPaperEntryOutput> {
  const { storage, clock, crypto } = ports;
  const { estateId, entryId } = input;
  const entry = await storage.get<PaperEntryDoc>(VOTE_PAPER_ENTRIES, entryId);
  if (!entry || entry.data.estateId !== estateId) throw new AppError('PAPER_ENTRY_NOT_FOUND');
  const me = accountKeyOf(crypto, estateId, caller.openid);
  if (entry.data.state !== 'pending') throw decided(entry.data);
  if (entry.data.enteredBy === me) throw new AppError('PAPER_OWN_ENTRY');
  const { topicId, unitId } = entry.data;

  /** re-read inside the transaction: still pending, and the topic still in voting */
  const current = async (tx: TxStore): Promise<StoredDoc<PaperEntryDoc>> => {
    const doc = await tx.get<PaperEntryDoc>(VOTE_PAPER_ENTRIES, entryId);
    if (!doc || doc.data.state !== 'pending') throw decided(doc?.data ?? entry.data);
    const topic = await tx.get<TopicDoc>(TOPICS, topicId);
    if (topic?.data.stage !== 'voting') throw new AppError('BALLOT_STAGE', { stage: topic ? TOPIC_STAGE_LABELS[topic.data.stage] : '' });
    return doc;
  };

  if (input.decision === 'reject') {
    const reason = input.rejectReason?.trim() ?? '';
    if (!reason) throw AppError.field('rejectReason', 'PAPER_REASON_REQUIRED');
    return storage.transaction(async (tx) => {
      const doc = await current(tx);
      const at = clock.now().toISOString();
      await tx.update(VOTE_PAPER_ENTRIES, entryId, doc.version, { ...doc.data, state: 'rejected', reviewedBy: me, reviewedAt: at, rejectReason: reason, rev: doc.data.rev + 1 });
      await appendAudit(tx, { clock, crypto }, { estateId, actor: caller.openid, action: 'paper.rejected', subject: `units/${unitId}`, data: { topicId, entryId } });
      return { state: 'rejected' as const, reviewedAt: at };
    });
  }

  await announcedTopic(storage, estateId, topicId, ['voting']);
  const voter = electorateUnit(await frozenElectorate(storage, topicId), unitId);
  // the paper was cast by the unit's representative: their account holds the receipt (myBallot shows it to them only)
  const rep = await storage.get<RepresentativeDoc>(REPRESENTATIVES, unitId);
  const castBy = rep?.data.openid ? accountKeyOf(crypto, estateId, rep.data.openid) : `paper:${entryId}`;
  let doc: StoredDoc<PaperEntryDoc> | null = null;
  const result = await writePackageBallot(ports, {
    estateId, topicId, unitId, voter, choices: entry.data.choices, contentHash: entry.data.contentHash,
    // one idempotency record per entry: a second approval of the same entry can never write a second set
    reqId: requestId(topicId, unitId, crypto.sha256(`paper\u0000${entryId}`).slice(0, 32)),
    channel: 'paper', castBy, actor: caller.openid, allowChange: false,
    before: async (tx) => {
      doc = await current(tx);
    },
    after: async (tx, outcome) => {
      const state = outcome.outcome === 'accepted' ? 'approved' : 'invalid';
      await tx.update(VOTE_PAPER_ENTRIES, entryId, doc!.version, { ...doc!.data, state, reviewedBy: me, reviewedAt: outcome.at, rev: doc!.data.rev + 1 });
      await appendAudit(tx, { clock, crypto }, { estateId, actor: caller.openid, action: `paper.${state}`, subject: `units/${unitId}`, data: { topicId, entryId } });
    },
  });
  // a concurrent approval of the same entry won (its idempotency record answered this run): not this reviewer's decision
  const after = await storage.get<PaperEntryDoc>(VOTE_PAPER_ENTRIES, entryId);
  if (after?.data.reviewedBy !== me) throw decided(after?.data ?? entry.data);
  return { state: result.outcome === 'accepted' ? 'approved' : 'invalid', reviewedAt: result.at };
}

const decided = (doc: PaperEntryDoc) => new AppError('PAPER_ENTRY_DECIDED', { state: PAPER_ENTRY_STATE_LABELS[doc.state] });
