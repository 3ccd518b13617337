import { canonicalJson } from '../canonical-json';

/**
 * The audit log is one hash chain per estate: entry n stores the hash of entry n-1, and its own hash
 * covers everything it says. Changing, removing or reordering any entry breaks every later link,
 * which `verifyChain` (pure, re-runnable by a third party) reports with the first bad sequence number.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryBody {
  estateId: string;
  seq: number;
  at: string; // ISO instant
  /** openid of the person acting, or "system" */
  actor: string;
  /** what happened, e.g. "topic.opened", "identity.verified" */
  action: string;
  /** what it happened to, e.g. "topics/t_123" */
  subject: string;
  /** non-personal facts about the change; never ID numbers, phones or names */
  data: Record<string, unknown>;
  prevHash: string;
}

export interface AuditEntry extends AuditEntryBody {
  hash: string;
}

export type Hasher = (text: string) => string;

export function entryHash(sha256: Hasher, body: AuditEntryBody): string {
  return sha256(
    canonicalJson({
      estateId: body.estateId,
      seq: body.seq,
      at: body.at,
      actor: body.actor,
      action: body.action,
      subject: body.subject,
      data: body.data,
      prevHash: body.prevHash,
    }),
  );
}

export function nextEntry(
  sha256: Hasher,
  head: { seq: number; hash: string } | null,
  fields: Omit<AuditEntryBody, 'seq' | 'prevHash'>,
): AuditEntry {
  const body: AuditEntryBody = { ...fields, seq: head ? head.seq + 1 : 1, prevHash: head ? head.hash : GENESIS_HASH };
  return { ...body, hash: entryHash(sha256, body) };
}

export type ChainVerdict =
  | { ok: true; length: number; headHash: string }
  | { ok: false; length: number; brokenAtSeq: number; reason: 'gap' | 'link' | 'hash' | 'estate' };

/** Check a whole chain, entries in ascending seq order. */
export function verifyChain(sha256: Hasher, estateId: string, entries: AuditEntry[]): ChainVerdict {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const expectedSeq = i + 1;
    const fail = (reason: 'gap' | 'link' | 'hash' | 'estate') =>
      ({ ok: false, length: entries.length, brokenAtSeq: expectedSeq, reason }) as const;
    if (e.estateId !== estateId) return fail('estate');
    if (e.seq !== expectedSeq) return fail('gap');
    if (e.prevHash !== prev) return fail('link');
    if (entryHash(sha256, e) !== e.hash) return fail('hash');
    prev = e.hash;
  }
  return { ok: true, length: entries.length, headHash: prev };
}
