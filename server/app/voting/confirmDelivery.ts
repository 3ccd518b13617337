import type { ConfirmDeliveryInput, ConfirmDeliveryOutput } from '../../../types/voting';
import { DuplicateKeyError, type Ports } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { announcedTopic, frozenVoter, ownUnit } from './context';
import { deliveryId, VOTE_DELIVERIES, VOTE_LEDGERS, type DeliveryDoc, type LedgerDoc } from './records';

/**
 * An owner of a unit in the frozen electorate confirms they have read the frozen package: online delivery (送达,
 * DOMAIN.md §4), recorded once per (topic, unit, account) and audited. Possible from the notice until the
 * vote closes. Also registers the vote's ledger for the sequencing job (outside the ballot path).
 */
export async function confirmDelivery({ ports, caller }: ActionContext, input: ConfirmDeliveryInput): Promise<ConfirmDeliveryOutput> {
  const { storage, clock, crypto } = ports;
  const link = await ownUnit(storage, caller, input.estateId, input.unitId);
  const { topic } = await announcedTopic(storage, input.estateId, input.topicId, ['announced', 'voting']);
  await frozenVoter(storage, input.topicId, input.unitId);
  const id = deliveryId(input.topicId, input.unitId, link.data.accountKey);
  const deliveredAt = await storage.transaction(async (tx) => {
    const existing = await tx.get<DeliveryDoc>(VOTE_DELIVERIES, id);
    if (existing) return existing.data.deliveredAt;
    const at = clock.now().toISOString();
    const doc: DeliveryDoc = { estateId: input.estateId, topicId: input.topicId, unitId: input.unitId, openid: caller.openid, accountKey: link.data.accountKey, deliveredAt: at };
    await tx.create(VOTE_DELIVERIES, id, doc);
    await appendAudit(tx, { clock, crypto }, {
      estateId: input.estateId,
      actor: caller.openid,
      action: 'vote.delivered',
      subject: `topics/${input.topicId}`,
      data: { unit: input.unitId, rulesFingerprint: topic.data.announcement!.rules.fingerprint, rosterFingerprint: topic.data.announcement!.roster.fingerprint },
    });
    return at;
  });
  await registerLedger(ports, input.estateId, input.topicId);
  return { deliveredAt };
}

/** The vote's ledger entry for the sequencing job: created once, outside any ballot transaction. */
export async function registerLedger(ports: Pick<Ports, 'storage' | 'clock'>, estateId: string, topicId: string): Promise<void> {
  if (await ports.storage.get(VOTE_LEDGERS, topicId)) return;
  try {
    await ports.storage.transaction((tx) => tx.create<LedgerDoc>(VOTE_LEDGERS, topicId, { estateId, topicId, open: true, createdAt: ports.clock.now().toISOString() }));
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err;
  }
}
