import type { AuditEntry } from '../../core/audit/chain';
import type { AuditVerdict } from '../../core/audit/verify';
import type { Ports, Storage } from '../../ports';
import { readChain, verifyEstateAudit } from '../audit/log';
import { sequenceEstateAudit, type SequenceResult } from '../audit/sequence';
import { TOPICS, type TopicDoc } from '../deliberation/records';
import { VOTE_LEDGERS, voteLedgerKey, type LedgerDoc } from './records';

/** stages in which ballot events may still arrive */
const LIVE_STAGES = ['announced', 'voting'];

/**
 * The vote's own hash-chained ledger (issue 11 item 8) is the audit machinery under the chain key
 * voteLedgerKey(topic): castBallot appends unsequenced events (appendAudit), and this job chains them with the
 * same sequencer as the estates' audit logs (sequenceEstateAudit), one vote at a time, so ballots are never
 * serialized on an estate or vote head. A ledger whose vote has left voting is closed once fully chained.
 */
export async function sequenceVoteLedgers(ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>, topicId?: string): Promise<SequenceResult[]> {
  const ledgers = topicId
    ? [await ports.storage.get<LedgerDoc>(VOTE_LEDGERS, topicId)].filter((d) => d !== null)
    : await ports.storage.find<LedgerDoc>(VOTE_LEDGERS, { where: { open: true }, limit: 200 });
  const out: SequenceResult[] = [];
  for (const ledger of ledgers) {
    const result = await sequenceEstateAudit(ports, voteLedgerKey(ledger.id));
    out.push(result);
    if (result.more || !ledger.data.open) continue;
    const topic = await ports.storage.get<TopicDoc>(TOPICS, ledger.id);
    if (topic && LIVE_STAGES.includes(topic.data.stage)) continue;
    await ports.storage.transaction(async (tx) => {
      const fresh = await tx.get<LedgerDoc>(VOTE_LEDGERS, ledger.id);
      if (fresh?.data.open) await tx.update(VOTE_LEDGERS, ledger.id, fresh.version, { ...fresh.data, open: false });
    });
  }
  return out;
}

/** The vote's chain in seq order (sequenced events only). */
export const readVoteLedger = (storage: Storage, topicId: string): Promise<AuditEntry[]> => readChain(storage, voteLedgerKey(topicId));

/** Whether a receipt is in the vote's chained ledger (an owner's check: "my ballot is counted in"). */
export async function ledgerHasReceipt(storage: Storage, topicId: string, receipt: string): Promise<boolean> {
  return (await readVoteLedger(storage, topicId)).some((e) => e.event.data.receipt === receipt);
}

/** Verify the vote's ledger with the audit verifier (links, hashes, events, head). */
export const verifyVoteLedger = (storage: Storage, crypto: Pick<Ports['crypto'], 'sha256'>, topicId: string): Promise<AuditVerdict> =>
  verifyEstateAudit(storage, crypto, voteLedgerKey(topicId));
