import { makeEvent, type AuditEntry, type AuditEvent, type StoredAuditEvent } from '../../core/audit/chain';
import { verifyAudit, type AuditAnchor, type AuditHead, type AuditRecordSet, type AuditVerdict, type VerifyOptions } from '../../core/audit/verify';
import type { Clock, Crypto, Storage, TxStore } from '../../ports';

/** append-only, one per audited write (written by use cases) */
export const AUDIT_EVENTS = 'audit_events';
/** append-only, one per sequenced event, id = event id: "this event is in the chain" (written by the sequencer) */
export const AUDIT_LINKS = 'audit_links';
/** append-only, the chain: id `<estate>:<seq>` (written by the sequencer only) */
export const AUDIT_ENTRIES = 'audit_entries';
/** append-only, published (seq, hash) checkpoints of each chain */
export const AUDIT_ANCHORS = 'audit_anchors';
/** one per estate: the chain's last seq/hash and the sequencing cursor (written by the sequencer only) */
export const AUDIT_HEADS = 'audit_heads';

export const SYSTEM_ACTOR = 'system';

export const auditEntryId = (estateId: string, seq: number) => `${estateId}:${String(seq).padStart(10, '0')}`;

export type HeadDoc = { estateId: string; seq: number; hash: string; cursorAt: string | null; updatedAt: string };
export type LinkDoc = { estateId: string; eventId: string; seq: number };

export interface AuditRecord {
  estateId: string;
  /** the caller's openid, or "system"; stored only as a per-estate keyed pseudonym */
  actor: string;
  action: string;
  /** what it happened to, e.g. "topics/t_123": must not embed an openid (use an account key) */
  subject: string;
  data?: Record<string, unknown>;
}

/**
 * The actor as the log stores it: a keyed pseudonym, stable within one estate (a reader sees that the same
 * person acted twice) but not linkable across estates, and not reversible without the deployment's key.
 */
export function auditActor(crypto: Crypto, estateId: string, openid: string): string {
  if (openid === SYSTEM_ACTOR) return SYSTEM_ACTOR;
  return `p_${crypto.keyedHash('audit-actor', `${estateId}\u0000${openid}`).slice(0, 24)}`;
}

/**
 * Record one audited write inside the caller's transaction, so the event and the change it records commit
 * together or not at all. The event is a new document with a fresh id: nothing shared between writers is
 * read or written, so concurrent audited writes never conflict here. The sequencing job (sequence.ts) later
 * chains it. Returns what a use case may show (e.g. as a receipt).
 */
export async function appendAudit(
  tx: TxStore,
  deps: { clock: Clock; crypto: Crypto },
  record: AuditRecord,
): Promise<{ eventId: string; eventHash: string }> {
  const event = makeEvent(deps.crypto.sha256, {
    estateId: record.estateId,
    at: deps.clock.now().toISOString(),
    actor: auditActor(deps.crypto, record.estateId, record.actor),
    action: record.action,
    subject: record.subject,
    // a JSON round trip: what is hashed is exactly what both engines store (no undefined, no Dates)
    data: JSON.parse(JSON.stringify(record.data ?? {})) as Record<string, unknown>,
  });
  const eventId = deps.crypto.newId('ae');
  await tx.create(AUDIT_EVENTS, eventId, { ...event });
  return { eventId, eventHash: event.eventHash };
}

const byAtThenId = (a: StoredAuditEvent, b: StoredAuditEvent) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every event of an estate in (at, id) order (sequenced or not). For exports, tests and staff views. */
export async function readAuditEvents(storage: Storage, estateId: string): Promise<StoredAuditEvent[]> {
  const docs = await storage.find<AuditEvent & Record<string, unknown>>(AUDIT_EVENTS, { where: { estateId }, orderBy: { field: 'at', direction: 'asc' } });
  return docs.map((d) => ({ id: d.id, ...d.data })).sort(byAtThenId);
}

/** The estate's chain in seq order. */
export async function readChain(storage: Storage, estateId: string): Promise<AuditEntry[]> {
  const docs = await storage.find<AuditEntry & Record<string, unknown>>(AUDIT_ENTRIES, { where: { estateId }, orderBy: { field: 'seq', direction: 'asc' } });
  return docs.map((d) => d.data);
}

export async function readAnchors(storage: Storage, estateId: string): Promise<AuditAnchor[]> {
  const docs = await storage.find<AuditAnchor & Record<string, unknown>>(AUDIT_ANCHORS, { where: { estateId }, orderBy: { field: 'seq', direction: 'asc' } });
  return docs.map((d) => d.data);
}

export async function readHead(storage: Storage, estateId: string): Promise<AuditHead | null> {
  const head = await storage.get<HeadDoc>(AUDIT_HEADS, estateId);
  return head ? { seq: head.data.seq, hash: head.data.hash, cursorAt: head.data.cursorAt ?? null } : null;
}

/** Everything `verifyAudit` needs, read from storage. */
export async function readAuditRecord(storage: Storage, estateId: string): Promise<AuditRecordSet> {
  const [events, entries, anchors, head] = await Promise.all([
    readAuditEvents(storage, estateId),
    readChain(storage, estateId),
    readAnchors(storage, estateId),
    readHead(storage, estateId),
  ]);
  return { estateId, events, entries, anchors, head };
}

export async function verifyEstateAudit(storage: Storage, crypto: Pick<Crypto, 'sha256'>, estateId: string, options?: VerifyOptions): Promise<AuditVerdict> {
  return verifyAudit(crypto.sha256, await readAuditRecord(storage, estateId), options);
}
