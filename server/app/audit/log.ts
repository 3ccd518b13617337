import { nextEntry, verifyChain, type AuditEntry, type ChainVerdict } from '../../core/audit/chain';
import { VersionConflictError, type Clock, type Crypto, type Storage, type TxStore } from '../../ports';
import { DuplicateKeyError } from '../../ports';

export const AUDIT_ENTRIES = 'audit_entries';
export const AUDIT_HEADS = 'audit_heads';

type HeadDoc = { estateId: string; seq: number; hash: string };

export const auditEntryId = (estateId: string, seq: number) => `${estateId}:${String(seq).padStart(10, '0')}`;

export interface AuditRecord {
  estateId: string;
  actor: string;
  action: string;
  subject: string;
  data?: Record<string, unknown>;
}

/**
 * Append one entry to the estate's chain inside the caller's transaction, so the audit entry and the
 * change it records commit together or not at all. Two concurrent appends collide on the entry id
 * (estate + seq) or the head's version; the loser's transaction is retried from the start.
 */
export async function appendAudit(tx: TxStore, deps: { clock: Clock; crypto: Crypto }, record: AuditRecord): Promise<AuditEntry> {
  const head = await tx.get<HeadDoc>(AUDIT_HEADS, record.estateId);
  const entry = nextEntry(deps.crypto.sha256, head ? head.data : null, {
    estateId: record.estateId,
    at: deps.clock.now().toISOString(),
    actor: record.actor,
    action: record.action,
    subject: record.subject,
    data: record.data ?? {},
  });
  try {
    await tx.create(AUDIT_ENTRIES, auditEntryId(record.estateId, entry.seq), { ...entry });
    const headData: HeadDoc = { estateId: record.estateId, seq: entry.seq, hash: entry.hash };
    if (head) await tx.update(AUDIT_HEADS, record.estateId, head.version, headData);
    else await tx.create(AUDIT_HEADS, record.estateId, headData);
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw new VersionConflictError(err.collection, err.id);
    throw err;
  }
  return entry;
}

export async function readChain(storage: Storage, estateId: string): Promise<AuditEntry[]> {
  const docs = await storage.find<AuditEntry & Record<string, unknown>>(AUDIT_ENTRIES, {
    where: { estateId },
    orderBy: { field: 'seq', direction: 'asc' },
  });
  return docs.map((d) => d.data);
}

export async function verifyEstateChain(storage: Storage, crypto: Crypto, estateId: string): Promise<ChainVerdict> {
  return verifyChain(crypto.sha256, estateId, await readChain(storage, estateId));
}
