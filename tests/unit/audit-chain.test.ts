import { createHash } from 'node:crypto';
import { GENESIS_HASH, nextEntry, verifyChain, type AuditEntry } from '../../server/core/audit/chain';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function buildChain(n: number, estateId = 'e1'): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const head = out.length ? { seq: out[out.length - 1].seq, hash: out[out.length - 1].hash } : null;
    out.push(
      nextEntry(sha256, head, {
        estateId,
        at: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
        actor: i % 2 ? 'openid-a' : 'system',
        action: 'topic.opened',
        subject: `topics/t${i}`,
        data: { n: i, nested: { b: [1, 2], a: 'x' } },
      }),
    );
  }
  return out;
}

describe('audit hash chain', () => {
  it('links each entry to the previous one and starts from the genesis hash', () => {
    const chain = buildChain(5);
    expect(chain[0].prevHash).toBe(GENESIS_HASH);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < chain.length; i++) expect(chain[i].prevHash).toBe(chain[i - 1].hash);
    expect(verifyChain(sha256, 'e1', chain)).toEqual({ ok: true, length: 5, headHash: chain[4].hash });
  });

  it('hashes the same content the same way regardless of key order', () => {
    const a = nextEntry(sha256, null, { estateId: 'e', at: 'T', actor: 's', action: 'x', subject: 'y', data: { a: 1, b: 2 } });
    const b = nextEntry(sha256, null, { estateId: 'e', at: 'T', actor: 's', action: 'x', subject: 'y', data: { b: 2, a: 1 } });
    expect(a.hash).toBe(b.hash);
  });

  it('an empty chain verifies with the genesis head', () => {
    expect(verifyChain(sha256, 'e1', [])).toEqual({ ok: true, length: 0, headHash: GENESIS_HASH });
  });

  it('detects an edited entry at the entry that was edited', () => {
    const chain = buildChain(6);
    chain[3] = { ...chain[3], data: { n: 999 } };
    expect(verifyChain(sha256, 'e1', chain)).toMatchObject({ ok: false, brokenAtSeq: 4, reason: 'hash' });
  });

  it('detects an edited entry whose own hash was recomputed, at the next link', () => {
    const chain = buildChain(6);
    const forged = { ...chain[2], actor: 'someone-else' };
    forged.hash = nextEntry(sha256, { seq: 2, hash: chain[1].hash }, forged).hash;
    chain[2] = forged;
    expect(verifyChain(sha256, 'e1', chain)).toMatchObject({ ok: false, brokenAtSeq: 4, reason: 'link' });
  });

  it('detects a removed entry and a foreign estate entry', () => {
    const chain = buildChain(5);
    expect(verifyChain(sha256, 'e1', [...chain.slice(0, 2), ...chain.slice(3)])).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'gap' });
    expect(verifyChain(sha256, 'other', chain)).toMatchObject({ ok: false, brokenAtSeq: 1, reason: 'estate' });
  });

  it('any single-field change anywhere in random chains is detected (property)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const chain = buildChain(1 + Math.floor(rand() * 12));
      const i = Math.floor(rand() * chain.length);
      const fields: (keyof AuditEntry)[] = ['at', 'actor', 'action', 'subject', 'data', 'prevHash', 'hash'];
      const f = fields[Math.floor(rand() * fields.length)];
      const tampered = { ...chain[i], [f]: f === 'data' ? { n: -1 } : `${String(chain[i][f])}x` } as AuditEntry;
      const copy = [...chain];
      copy[i] = tampered;
      const verdict = verifyChain(sha256, 'e1', copy);
      expect(verdict.ok).toBe(false);
    }
  });
});
