import { canonicalJson } from '../canonical-json';

/**
 * The audit log in two layers (see docs/audit.md):
 *
 * 1. Events. Every audited write adds ONE append-only event inside its own transaction, with a fresh id
 *    and `eventHash` = sha256 of its canonical body. No document shared by writers is touched, so audited
 *    writes in one estate never conflict with each other.
 * 2. The chain. A sequencing job, the only writer of an estate's chain, appends one entry per event:
 *    entry n stores the event's hash and the hash of entry n-1, and its own hash covers all of that.
 *    Changing, removing or reordering any entry breaks every later link; anchors published from time to
 *    time pin (seq, hash) so that cutting the tail is visible too.
 *
 * Everything here is pure and re-runnable by a third party on an export.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type Hasher = (text: string) => string;

/** What happened, as recorded at write time. Publishable: the actor is a keyed pseudonym, never an openid. */
export interface AuditEventBody {
  estateId: string;
  at: string; // ISO instant of the write
  /** a per-estate keyed pseudonym ("p_…") of the person acting, or "system" */
  actor: string;
  /** what happened, e.g. "topic.opened", "identity.verified" */
  action: string;
  /** what it happened to, e.g. "topics/t_123"; never an openid */
  subject: string;
  /** non-personal facts about the change; never ID numbers, phones, names or openids */
  data: Record<string, unknown>;
}

export interface AuditEvent extends AuditEventBody {
  eventHash: string;
}

/** an event as stored, with its id */
export interface StoredAuditEvent extends AuditEvent {
  id: string;
}

export const eventBodyOf = (e: AuditEventBody): AuditEventBody => ({
  estateId: e.estateId,
  at: e.at,
  actor: e.actor,
  action: e.action,
  subject: e.subject,
  data: e.data,
});

export function eventHash(sha256: Hasher, body: AuditEventBody): string {
  return sha256(canonicalJson(eventBodyOf(body)));
}

export function makeEvent(sha256: Hasher, body: AuditEventBody): AuditEvent {
  const clean = eventBodyOf(body);
  return { ...clean, eventHash: eventHash(sha256, clean) };
}

export interface AuditEntryBody {
  estateId: string;
  seq: number;
  eventId: string;
  eventHash: string;
  /** a copy of the event, so the chain alone is a complete publishable log */
  event: AuditEventBody;
  prevHash: string;
  sequencedAt: string;
}

export interface AuditEntry extends AuditEntryBody {
  hash: string;
}

/** The entry hash covers the event through its hash; the verifier checks that the copied body matches it. */
export function entryHash(sha256: Hasher, body: AuditEntryBody): string {
  return sha256(
    canonicalJson({
      estateId: body.estateId,
      seq: body.seq,
      eventId: body.eventId,
      eventHash: body.eventHash,
      prevHash: body.prevHash,
      sequencedAt: body.sequencedAt,
    }),
  );
}

export function nextEntry(
  sha256: Hasher,
  head: { seq: number; hash: string } | null,
  fields: { eventId: string; event: AuditEvent; sequencedAt: string },
): AuditEntry {
  const body: AuditEntryBody = {
    estateId: fields.event.estateId,
    seq: head ? head.seq + 1 : 1,
    eventId: fields.eventId,
    eventHash: fields.event.eventHash,
    event: eventBodyOf(fields.event),
    prevHash: head ? head.hash : GENESIS_HASH,
    sequencedAt: fields.sequencedAt,
  };
  return { ...body, hash: entryHash(sha256, body) };
}

export type ChainProblem = 'estate' | 'seq' | 'link' | 'entry_hash' | 'entry_event_hash';

export type ChainVerdict =
  | { ok: true; length: number; headHash: string }
  | { ok: false; length: number; brokenAtSeq: number; eventId: string | null; reason: ChainProblem };

/**
 * Check a whole chain in the order given (ascending seq expected): seq numbers 1..n without gaps or
 * repeats, each prevHash equal to the previous hash, each hash recomputed, each copied event body
 * hashing to the entry's eventHash. Reports the first broken position.
 */
export function verifyChain(sha256: Hasher, estateId: string, entries: AuditEntry[]): ChainVerdict {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const expectedSeq = i + 1;
    const fail = (reason: ChainProblem): ChainVerdict => ({
      ok: false,
      length: entries.length,
      brokenAtSeq: expectedSeq,
      eventId: typeof e.eventId === 'string' ? e.eventId : null,
      reason,
    });
    if (e.estateId !== estateId || e.event?.estateId !== estateId) return fail('estate');
    if (e.seq !== expectedSeq) return fail('seq');
    if (e.prevHash !== prev) return fail('link');
    if (entryHash(sha256, e) !== e.hash) return fail('entry_hash');
    if (eventHash(sha256, e.event) !== e.eventHash) return fail('entry_event_hash');
    prev = e.hash;
  }
  return { ok: true, length: entries.length, headHash: prev };
}
