import { GENESIS_HASH, makeEvent, nextEntry, verifyChain, type AuditEntry } from '../../server/core/audit/chain';
import { AUDIT_LOOKBACK_MS, verifyAudit } from '../../server/core/audit/verify';
import { buildRecord, sha256, TAMPERS } from '../support/audit-tamper';

describe('audit hash chain (pure)', () => {
  it('links each entry to the previous one and starts from the genesis hash', () => {
    const { entries } = buildRecord(5);
    expect(entries[0].prevHash).toBe(GENESIS_HASH);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash);
    expect(verifyChain(sha256, 'e1', entries)).toEqual({ ok: true, length: 5, headHash: entries[4].hash });
  });

  it('hashes the same event the same way regardless of key order, and drops fields outside the body', () => {
    const a = makeEvent(sha256, { estateId: 'e', at: 'T', actor: 's', action: 'x', subject: 'y', data: { a: 1, b: 2 } });
    const b = makeEvent(sha256, { subject: 'y', action: 'x', actor: 's', at: 'T', estateId: 'e', data: { b: 2, a: 1 } });
    expect(a.eventHash).toBe(b.eventHash);
    const withExtra = makeEvent(sha256, { ...a, ...{ id: 'ignored', eventHash: 'ignored' } });
    expect(withExtra.eventHash).toBe(a.eventHash);
  });

  it('an empty log verifies with the genesis head', () => {
    expect(verifyChain(sha256, 'e1', [])).toEqual({ ok: true, length: 0, headHash: GENESIS_HASH });
    expect(verifyAudit(sha256, { estateId: 'e1', events: [], entries: [], anchors: [], head: null })).toMatchObject({ ok: true, length: 0 });
  });

  it('an intact record verifies, with its anchors and head', () => {
    const r = buildRecord(10, { anchorAt: [3, 8] });
    expect(verifyAudit(sha256, r)).toEqual({ ok: true, length: 10, headHash: r.entries[9].hash, events: 10, pending: 0, anchors: 2 });
  });

  it('an entry from another estate is reported as such', () => {
    const r = buildRecord(4);
    expect(verifyAudit(sha256, { ...r, estateId: 'other', head: null })).toMatchObject({ ok: false, reason: 'estate', seq: 1 });
  });

  it.each(TAMPERS.map((t) => [t.name, t] as const))('detects %s', (_name, t) => {
    const tampered = t.apply(buildRecord(10, { anchorAt: [3, 8] }));
    expect(verifyAudit(sha256, tampered)).toMatchObject({ ok: false, ...t.expect });
  });

  it('a cut tail whose stored anchors were cut too is caught by an anchor published elsewhere', () => {
    const r = buildRecord(10, { anchorAt: [3, 8] });
    const published = { seq: 8, hash: r.entries[7].hash };
    const cut = { ...r, entries: r.entries.slice(0, 6), events: r.events.slice(0, 6), anchors: r.anchors.slice(0, 1), head: null };
    expect(verifyAudit(sha256, cut)).toMatchObject({ ok: true, length: 6 }); // nothing left inside the copy shows it
    expect(verifyAudit(sha256, cut, { externalAnchors: [published] })).toMatchObject({ ok: false, reason: 'anchor_beyond_chain', seq: 8 });
    expect(verifyAudit(sha256, r, { externalAnchors: [{ seq: 8, hash: 'f'.repeat(64) }] })).toMatchObject({ ok: false, reason: 'anchor_mismatch', seq: 8 });
  });

  it('a cut tail with a stale head and no anchors is caught by the head', () => {
    const r = buildRecord(10);
    expect(verifyAudit(sha256, { ...r, entries: r.entries.slice(0, 7), events: r.events.slice(0, 7) })).toMatchObject({ ok: false, reason: 'head_mismatch', seq: 10 });
  });

  it('events newer than the cursor minus the look-back may wait for the sequencer; older ones may not', () => {
    const r = buildRecord(6);
    const cursor = Date.parse(r.entries[5].event.at);
    const late = (id: string, msBeforeCursor: number) => ({
      id,
      ...makeEvent(sha256, { estateId: 'e1', at: new Date(cursor - msBeforeCursor).toISOString(), actor: 'system', action: 'x', subject: 'y', data: {} }),
    });
    // committed late (its transaction started before the cursor), within the look-back: pending, fine
    expect(verifyAudit(sha256, { ...r, events: [...r.events, late('ae_late', AUDIT_LOOKBACK_MS - 1000)] })).toMatchObject({ ok: true, pending: 1 });
    // newer than the cursor: pending
    expect(verifyAudit(sha256, { ...r, events: [...r.events, late('ae_new', -5000)] })).toMatchObject({ ok: true, pending: 1 });
    // older than the look-back allows: its entry must have been removed
    expect(verifyAudit(sha256, { ...r, events: [...r.events, late('ae_old', AUDIT_LOOKBACK_MS + 1000)] })).toMatchObject({
      ok: false,
      reason: 'event_unsequenced',
      eventId: 'ae_old',
    });
  });

  it('any single-field change to any entry or event is detected (property)', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const entryFields: (keyof AuditEntry)[] = ['estateId', 'seq', 'eventId', 'eventHash', 'event', 'prevHash', 'sequencedAt', 'hash'];
    const eventFields = ['estateId', 'at', 'actor', 'action', 'subject', 'data', 'eventHash'] as const;
    for (let round = 0; round < 300; round++) {
      const r = buildRecord(1 + Math.floor(rand() * 12));
      const i = Math.floor(rand() * r.entries.length);
      if (rand() < 0.5) {
        const f = entryFields[Math.floor(rand() * entryFields.length)];
        const v = r.entries[i][f];
        const changed = typeof v === 'number' ? v + 1 : typeof v === 'object' ? { ...v, at: 'x' } : `${v}x`;
        r.entries[i] = { ...r.entries[i], [f]: changed } as AuditEntry;
      } else {
        const f = eventFields[Math.floor(rand() * eventFields.length)];
        r.events[i] = { ...r.events[i], [f]: f === 'data' ? { n: -1 } : `${String(r.events[i][f])}x` };
      }
      expect(verifyAudit(sha256, r).ok).toBe(false);
    }
  });

  it('nextEntry numbers from the head it is given', () => {
    const ev = makeEvent(sha256, { estateId: 'e1', at: 'T', actor: 'system', action: 'x', subject: 'y', data: {} });
    const e = nextEntry(sha256, { seq: 41, hash: 'a'.repeat(64) }, { eventId: 'ae_1', event: ev, sequencedAt: 'T2' });
    expect(e).toMatchObject({ seq: 42, prevHash: 'a'.repeat(64), eventId: 'ae_1', eventHash: ev.eventHash, estateId: 'e1' });
  });
});
