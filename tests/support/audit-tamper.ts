import { createHash } from 'node:crypto';
import { eventHash, makeEvent, nextEntry, type AuditEntry, type StoredAuditEvent } from '../../server/core/audit/chain';
import type { AuditRecordSet } from '../../server/core/audit/verify';

/** Building and tampering with one estate's audit record, shared by the pure verifier and CLI tests. */
export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Rebuild entries 1..n over `events` (in order), the way an attacker with write access would. */
export function chainOver(estateId: string, events: StoredAuditEvent[], sequencedAt: (i: number) => string): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const [i, ev] of events.entries()) {
    const prev = out.length ? { seq: out[out.length - 1].seq, hash: out[out.length - 1].hash } : null;
    out.push(nextEntry(sha256, prev, { eventId: ev.id, event: ev, sequencedAt: sequencedAt(i) }));
  }
  return out;
}

/** n events one minute apart, all chained, anchored at `anchorAt` seqs, head at the end. */
export function buildRecord(n: number, options: { estateId?: string; anchorAt?: number[] } = {}): AuditRecordSet {
  const estateId = options.estateId ?? 'e1';
  const events: StoredAuditEvent[] = Array.from({ length: n }, (_, i) => ({
    id: `ae_${String(i).padStart(4, '0')}`,
    ...makeEvent(sha256, {
      estateId,
      at: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
      actor: i % 2 ? `p_${'a'.repeat(24)}` : 'system',
      action: 'topic.opened',
      subject: `topics/t${i}`,
      data: { n: i, nested: { b: [1, 2], a: 'x' } },
    }),
  }));
  const entries = chainOver(estateId, events, (i) => new Date(Date.UTC(2026, 10, 1, 0, i, 30)).toISOString());
  const anchors = (options.anchorAt ?? []).map((seq) => ({ estateId, seq, hash: entries[seq - 1].hash, at: entries[seq - 1].sequencedAt }));
  const last = entries[entries.length - 1];
  return { estateId, events, entries, anchors, head: last ? { seq: last.seq, hash: last.hash, cursorAt: last.event.at } : null };
}

type R = AuditRecordSet;
const entryAt = (r: R, seq: number) => r.entries.find((e) => e.seq === seq)!;

/** The tampering cases and the finding each must produce. */
export const TAMPERS: { name: string; expect: { reason: string; seq?: number | null; eventId?: string | null }; apply(r: R): R }[] = [
  {
    name: 'an event edited',
    expect: { reason: 'event_hash', seq: 3, eventId: 'ae_0002' },
    apply(r) {
      const x = clone(r);
      x.events[2].data = { n: 999 };
      return x;
    },
  },
  {
    name: 'an event edited with its hash recomputed',
    expect: { reason: 'event_mismatch', seq: 3, eventId: 'ae_0002' },
    apply(r) {
      const x = clone(r);
      x.events[2].actor = 'system';
      x.events[2].subject = 'topics/forged';
      x.events[2].eventHash = eventHash(sha256, x.events[2]);
      return x;
    },
  },
  {
    name: "an entry's event copy edited",
    expect: { reason: 'entry_event_hash', seq: 4, eventId: 'ae_0003' },
    apply(r) {
      const x = clone(r);
      entryAt(x, 4).event.data = { n: -1 };
      return x;
    },
  },
  {
    name: "an entry's own field edited",
    expect: { reason: 'entry_hash', seq: 5 },
    apply(r) {
      const x = clone(r);
      entryAt(x, 5).sequencedAt = '2030-01-01T00:00:00.000Z';
      return x;
    },
  },
  {
    name: 'an entry removed from the middle',
    expect: { reason: 'seq', seq: 4 },
    apply(r) {
      const x = clone(r);
      x.entries = x.entries.filter((e) => e.seq !== 4);
      return x;
    },
  },
  {
    name: 'the tail cut (entries, their events and the head made consistent): caught by the anchor',
    expect: { reason: 'anchor_beyond_chain', seq: 8 },
    apply(r) {
      const x = clone(r);
      const cut = x.entries.filter((e) => e.seq > 6);
      x.entries = x.entries.filter((e) => e.seq <= 6);
      x.events = x.events.filter((ev) => !cut.some((e) => e.eventId === ev.id));
      const last = x.entries[x.entries.length - 1];
      x.head = { seq: last.seq, hash: last.hash, cursorAt: last.event.at };
      return x;
    },
  },
  {
    name: 'two entries reordered',
    expect: { reason: 'seq', seq: 3 },
    apply(r) {
      const x = clone(r);
      [x.entries[2], x.entries[3]] = [x.entries[3], x.entries[2]];
      return x;
    },
  },
  {
    name: 'two entries swapped with their seq numbers exchanged',
    expect: { reason: 'entry_hash', seq: 3 },
    apply(r) {
      const x = clone(r);
      const [a, b] = [x.entries[2], x.entries[3]];
      [a.seq, b.seq] = [b.seq, a.seq];
      [a.prevHash, b.prevHash] = [b.prevHash, a.prevHash];
      x.entries[2] = b;
      x.entries[3] = a;
      return x;
    },
  },
  {
    name: 'a forged entry inserted (own hash valid, later entries renumbered)',
    expect: { reason: 'link', seq: 5 },
    apply(r) {
      const x = clone(r);
      const prev = entryAt(x, 3);
      const forgedEvent = { id: 'ae_forged', ...makeEvent(sha256, { ...prev.event, action: 'identity.verified', subject: 'units/forged' }) };
      const forged = nextEntry(sha256, { seq: 3, hash: prev.hash }, { eventId: forgedEvent.id, event: forgedEvent, sequencedAt: prev.sequencedAt });
      x.events.push(forgedEvent);
      for (const e of x.entries) if (e.seq >= 4) e.seq++;
      x.entries.splice(3, 0, forged);
      return x;
    },
  },
  {
    name: 'a forged entry inserted with a forged event and the whole chain rebuilt: caught by the anchor',
    expect: { reason: 'anchor_mismatch', seq: 8 },
    apply(r) {
      const x = clone(r);
      const forgedEvent = { id: 'ae_forged', ...makeEvent(sha256, { ...x.events[3], subject: 'units/forged' }) };
      x.events.splice(4, 0, forgedEvent);
      x.entries = chainOver(x.estateId, x.events, (i) => new Date(Date.UTC(2026, 10, 1, 0, i, 30)).toISOString());
      const last = x.entries[x.entries.length - 1];
      x.head = { seq: last.seq, hash: last.hash, cursorAt: last.event.at };
      return x;
    },
  },
  {
    name: 'one event chained twice (chain rebuilt, anchors dropped)',
    expect: { reason: 'event_twice', seq: 3, eventId: 'ae_0001' },
    apply(r) {
      const x = clone(r);
      const twice = [...x.events.slice(0, 2), x.events[1], ...x.events.slice(2)];
      x.entries = chainOver(x.estateId, twice, (i) => new Date(Date.UTC(2026, 10, 1, 0, i, 30)).toISOString());
      x.anchors = [];
      const last = x.entries[x.entries.length - 1];
      x.head = { seq: last.seq, hash: last.hash, cursorAt: last.event.at };
      return x;
    },
  },
  {
    name: 'an event without an entry (the chain rebuilt without it, anchors dropped)',
    expect: { reason: 'event_unsequenced', seq: null, eventId: 'ae_0004' },
    apply(r) {
      const x = clone(r);
      const kept = x.events.filter((ev) => ev.id !== 'ae_0004');
      x.entries = chainOver(x.estateId, kept, (i) => new Date(Date.UTC(2026, 10, 1, 0, i, 30)).toISOString());
      x.anchors = [];
      const last = x.entries[x.entries.length - 1];
      x.head = { seq: last.seq, hash: last.hash, cursorAt: last.event.at };
      return x;
    },
  },
];
