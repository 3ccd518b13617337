import { z } from 'zod';
import type { AuditEntry, StoredAuditEvent } from '../../core/audit/chain';
import type { AuditAnchor, AuditHead, AuditProblem, AuditRecordSet } from '../../core/audit/verify';
import type { Storage } from '../../ports';
import { readAuditRecord } from './log';

export const AUDIT_EXPORT_FORMAT = 'gongyi-audit-export/1';

/** What `npm run export:audit` writes: everything needed to re-verify one estate's log, nothing personal. */
export interface AuditExport {
  format: typeof AUDIT_EXPORT_FORMAT;
  estateId: string;
  exportedAt: string;
  head: AuditHead | null;
  events: StoredAuditEvent[];
  entries: AuditEntry[];
  anchors: AuditAnchor[];
}

export async function exportAudit(storage: Storage, estateId: string, now: Date): Promise<AuditExport> {
  const record = await readAuditRecord(storage, estateId);
  return {
    format: AUDIT_EXPORT_FORMAT,
    estateId,
    exportedAt: now.toISOString(),
    head: record.head ?? null,
    events: record.events,
    entries: record.entries,
    anchors: record.anchors,
  };
}

// The file's shape is checked loosely (fields the verifier reads, right types); the verifier judges content.
const eventBody = { estateId: z.string(), at: z.string(), actor: z.string(), action: z.string(), subject: z.string(), data: z.record(z.string(), z.unknown()) };
const exportSchema = z.object({
  format: z.literal(AUDIT_EXPORT_FORMAT),
  estateId: z.string().min(1),
  exportedAt: z.string(),
  head: z.object({ seq: z.number(), hash: z.string(), cursorAt: z.string().nullable() }).nullable(),
  events: z.array(z.object({ id: z.string(), ...eventBody, eventHash: z.string() })),
  entries: z.array(
    z.object({
      estateId: z.string(),
      seq: z.number(),
      eventId: z.string(),
      eventHash: z.string(),
      event: z.object(eventBody),
      prevHash: z.string(),
      sequencedAt: z.string(),
      hash: z.string(),
    }),
  ),
  anchors: z.array(z.object({ estateId: z.string(), seq: z.number(), hash: z.string(), at: z.string() })),
});

/** Parse an export file's JSON text; throws with a readable message when it is not one. */
export function parseAuditExport(text: string): AuditRecordSet & { exportedAt: string } {
  const parsed = exportSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`not an audit export (${AUDIT_EXPORT_FORMAT}): ${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  const x = parsed.data;
  return { estateId: x.estateId, exportedAt: x.exportedAt, head: x.head, events: x.events, entries: x.entries, anchors: x.anchors };
}

/** Verdict texts for the verify:audit report (Chinese first, then English). */
export const AUDIT_PROBLEM_TEXT: Record<AuditProblem, { zh: string; en: string }> = {
  estate: { zh: '出现了其他小区的记录', en: 'a record of another estate is in this chain' },
  seq: { zh: '序号不连续、重复或顺序被调换（有记录被删除、插入或重排）', en: 'sequence numbers skip, repeat or are out of order (an entry was removed, inserted or reordered)' },
  link: { zh: '前后记录的哈希链接断开（有记录被插入或改写）', en: 'the link to the previous entry is broken (an entry was inserted or rewritten)' },
  entry_hash: { zh: '链上记录的内容与其哈希不符（记录被改写）', en: "a chain entry does not match its own hash (the entry was edited)" },
  entry_event_hash: { zh: '链上记录所附的事件内容与事件哈希不符（记录被改写）', en: "a chain entry's copy of its event does not match the event hash (the entry was edited)" },
  event_estate: { zh: '出现了其他小区的事件', en: 'an event of another estate is in this log' },
  event_hash: { zh: '事件内容与其哈希不符（事件被改写）', en: 'an event does not match its own hash (the event was edited)' },
  event_missing: { zh: '链上记录对应的事件不存在（事件被删除，或链上记录是伪造的）', en: 'an entry names an event that does not exist (the event was deleted or the entry forged)' },
  event_mismatch: { zh: '事件与链上登记的哈希不一致（事件被改写）', en: 'an event differs from the hash the chain recorded (the event was edited)' },
  event_twice: { zh: '同一事件在链上登记了两次', en: 'one event is in the chain twice' },
  event_unsequenced: { zh: '早已应入链的事件不在链上（链上记录被删除）', en: 'an event old enough to be chained is not in the chain (its entry was removed)' },
  anchor_beyond_chain: { zh: '已公布的锚点超出了链的长度（链尾被截断）', en: 'an anchor lies beyond the end of the chain (the tail was cut)' },
  anchor_mismatch: { zh: '链在锚点处的哈希与公布的不一致（链被改写）', en: "the chain's hash at an anchor differs from the anchored hash (the chain was rewritten)" },
  head_mismatch: { zh: '链头记录与链的末尾不一致（链尾被截断或改写）', en: "the stored head does not match the chain's end (the tail was cut or rewritten)" },
};
