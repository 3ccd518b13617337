import { eventHash, verifyChain, type AuditEntry, type ChainProblem, type Hasher, type StoredAuditEvent } from './chain';

/**
 * How far back the sequencer looks behind its cursor, and how old an event must be before its absence
 * from the chain counts as tampering. It must exceed the longest possible transaction: an event's `at` is
 * taken inside the writing transaction, which may commit up to a function timeout (60 s on CloudBase) later.
 */
export const AUDIT_LOOKBACK_MS = 120_000;

export interface AuditAnchor {
  estateId: string;
  seq: number;
  hash: string;
  at: string;
}

export interface AuditHead {
  seq: number;
  hash: string;
  cursorAt: string | null;
}

/** Everything one estate's log consists of: what `export:audit` writes and `verify:audit` reads. */
export interface AuditRecordSet {
  estateId: string;
  events: StoredAuditEvent[];
  /** in ascending seq order as stored; a reordered array is itself a finding */
  entries: AuditEntry[];
  anchors: AuditAnchor[];
  head?: AuditHead | null;
}

export type AuditProblem =
  | ChainProblem
  | 'event_estate' // an event of another estate in this estate's record
  | 'event_hash' // an event's body no longer hashes to its eventHash (edited event)
  | 'event_missing' // an entry points to an event that does not exist
  | 'event_mismatch' // the event exists but its hash differs from the one the chain recorded
  | 'event_twice' // one event sequenced by two entries
  | 'event_unsequenced' // an event old enough to be in the chain is not (its entry was removed)
  | 'anchor_beyond_chain' // an anchor names a seq the chain no longer reaches (tail cut)
  | 'anchor_mismatch' // the chain's hash at an anchored seq differs from the anchored hash
  | 'head_mismatch'; // the stored head names a seq/hash the chain does not end with

export type AuditVerdict =
  | {
      ok: true;
      length: number;
      headHash: string;
      events: number;
      /** events newer than the sequencing cursor's look-back: not yet in the chain, legitimately */
      pending: number;
      anchors: number;
    }
  | { ok: false; reason: AuditProblem; seq: number | null; eventId: string | null; length: number; detail: string };

export interface VerifyOptions {
  lookbackMs?: number;
  /** anchors obtained elsewhere (published copies): checked like the stored ones */
  externalAnchors?: { seq: number; hash: string }[];
}

/**
 * Verify one estate's audit log:
 * 1. the chain (seq 1..n, links, entry hashes, copied event bodies);
 * 2. every anchor (stored or published) is reached by the chain with the anchored hash;
 * 3. the stored head, if given, matches the chain's end;
 * 4. every event is intact and, if the chain recorded it, is the event the chain recorded;
 *    no event is sequenced twice; every event older than the cursor's look-back is in the chain.
 * Reports the first problem found, in that order.
 */
export function verifyAudit(sha256: Hasher, record: AuditRecordSet, options: VerifyOptions = {}): AuditVerdict {
  const lookbackMs = options.lookbackMs ?? AUDIT_LOOKBACK_MS;
  const { estateId, entries } = record;
  const length = entries.length;
  const fail = (reason: AuditProblem, seq: number | null, eventId: string | null, detail: string): AuditVerdict => ({
    ok: false,
    reason,
    seq,
    eventId,
    length,
    detail,
  });

  // 1. the chain
  const chain = verifyChain(sha256, estateId, entries);
  if (!chain.ok) return fail(chain.reason, chain.brokenAtSeq, chain.eventId, `chain broken at seq ${chain.brokenAtSeq}`);

  // 2. anchors
  const anchors = [...record.anchors.map((a) => ({ ...a, source: 'stored' })), ...(options.externalAnchors ?? []).map((a) => ({ ...a, source: 'published' }))];
  for (const a of [...anchors].sort((x, y) => x.seq - y.seq)) {
    if ('estateId' in a && a.estateId !== estateId) return fail('estate', a.seq, null, `${a.source} anchor of another estate`);
    if (!Number.isInteger(a.seq) || a.seq < 1) return fail('anchor_beyond_chain', a.seq, null, `${a.source} anchor with an invalid seq`);
    if (a.seq > length) return fail('anchor_beyond_chain', a.seq, null, `${a.source} anchor at seq ${a.seq}, chain ends at ${length}`);
    if (entries[a.seq - 1].hash !== a.hash) return fail('anchor_mismatch', a.seq, entries[a.seq - 1].eventId, `${a.source} anchor hash differs at seq ${a.seq}`);
  }

  // 3. the head document (mutable, so only a cross-check)
  if (record.head) {
    const h = record.head;
    const headHash = length ? entries[length - 1].hash : chain.headHash;
    if (h.seq !== length || h.hash !== headHash) return fail('head_mismatch', h.seq, null, `head says seq ${h.seq}, chain ends at ${length}`);
  }

  // 4. events against entries
  const entryByEvent = new Map<string, AuditEntry>();
  for (const e of entries) {
    if (entryByEvent.has(e.eventId)) return fail('event_twice', e.seq, e.eventId, `event sequenced at seq ${entryByEvent.get(e.eventId)!.seq} and ${e.seq}`);
    entryByEvent.set(e.eventId, e);
  }
  const eventById = new Map<string, StoredAuditEvent>();
  for (const ev of record.events) {
    const entry = entryByEvent.get(ev.id) ?? null;
    if (ev.estateId !== estateId) return fail('event_estate', entry?.seq ?? null, ev.id, 'event of another estate');
    if (eventHash(sha256, ev) !== ev.eventHash) return fail('event_hash', entry?.seq ?? null, ev.id, 'event body does not match its hash');
    eventById.set(ev.id, ev);
  }
  for (const e of entries) {
    const ev = eventById.get(e.eventId);
    if (!ev) return fail('event_missing', e.seq, e.eventId, 'the chain records an event that no longer exists');
    if (ev.eventHash !== e.eventHash) return fail('event_mismatch', e.seq, e.eventId, 'the event differs from what the chain recorded');
  }
  // The cursor: the newest event time the chain has reached. The sequencer, having reached it, had already
  // sequenced every event older than cursor - lookback (those committed before it ran; see docs/audit.md).
  let cursor = -Infinity;
  for (const e of entries) cursor = Math.max(cursor, Date.parse(e.event.at));
  if (record.head?.cursorAt) cursor = Math.max(cursor, Date.parse(record.head.cursorAt));
  let pending = 0;
  const unsequenced = record.events
    .filter((ev) => !entryByEvent.has(ev.id))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const ev of unsequenced) {
    if (Date.parse(ev.at) < cursor - lookbackMs) return fail('event_unsequenced', null, ev.id, `event at ${ev.at} is older than the chain's cursor allows and is not in the chain`);
    pending++;
  }
  return { ok: true, length, headHash: chain.headHash, events: record.events.length, pending, anchors: anchors.length };
}
