import { GENESIS_HASH, nextEntry, type AuditEvent, type StoredAuditEvent } from '../../core/audit/chain';
import { AUDIT_LOOKBACK_MS, type AuditAnchor } from '../../core/audit/verify';
import { DuplicateKeyError, VersionConflictError, type Page, type Ports, type Storage } from '../../ports';
import {
  AUDIT_ANCHORS,
  AUDIT_ENTRIES,
  AUDIT_EVENTS,
  AUDIT_HEADS,
  AUDIT_LINKS,
  auditEntryId,
  type HeadDoc,
  type LinkDoc,
} from './log';

/**
 * Most writes one sequencing transaction carries: each event costs two (its chain entry and its link
 * marker), plus one for the head. Kept far below the storage port's TRANSACTION_WRITE_LIMIT (1,000) so a
 * chunk also stays small in bytes (an entry copies its event) and quick to retry.
 */
export const SEQUENCE_TX_WRITES = 100;
export const SEQUENCE_EVENTS_PER_TX = Math.floor((SEQUENCE_TX_WRITES - 1) / 2);
/** events handled by one run; the rest wait for the next run (the job runs every minute) */
export const SEQUENCE_EVENTS_PER_RUN = 5_000;
/** events read per cursor page while looking for unsequenced ones (their markers: one getMany per page) */
export const SEQUENCE_READ_PAGE = 500;
/** lost races before a run leaves the work to the sequencer that is winning them */
const MAX_RACES = 6;
/** first back-off after a lost race, doubled each time (with jitter) */
const RACE_BACKOFF_MS = 25;

export interface SequenceResult {
  estateId: string;
  /** entries appended by this run */
  sequenced: number;
  /** chain length after the run */
  seq: number;
  /** transactions committed */
  transactions: number;
  /** true when the run stopped with events left (SEQUENCE_EVENTS_PER_RUN reached, or contended) */
  more: boolean;
  /** true when the run kept losing races to another sequencer and left the rest to it */
  contended: boolean;
}

type SeqPorts = Pick<Ports, 'storage' | 'clock' | 'crypto'>;

/** Another sequencer already chained an event of our chunk: re-read and plan again. */
class StalePlan extends Error {}

/**
 * The estate's events not yet in the chain, with `at >= sinceIso` (every event when null), in (at, id) order,
 * at most `want` of them; `more` when further unsequenced events exist. Reads cursor pages of the range
 * (index audit_events [estateId, at]) and looks up each page's link markers by id (a marker's id is its
 * event's id), all outside transactions. Stops reading as soon as it knows there is more than `want`.
 */
async function pendingEvents(
  storage: Storage,
  estateId: string,
  sinceIso: string | null,
  want: number,
): Promise<{ events: StoredAuditEvent[]; more: boolean }> {
  const events: StoredAuditEvent[] = [];
  let after: string | null = null;
  do {
    const page: Page<AuditEvent & Record<string, unknown>> = await storage.page<AuditEvent & Record<string, unknown>>(AUDIT_EVENTS, {
      where: sinceIso === null ? { estateId } : { estateId, at: { gte: sinceIso } },
      orderBy: { field: 'at', direction: 'asc' },
      limit: SEQUENCE_READ_PAGE,
      after,
    });
    const links = await storage.getMany<LinkDoc>(AUDIT_LINKS, page.docs.map((d) => d.id));
    for (const [i, d] of page.docs.entries()) {
      if (links[i]) continue;
      if (events.length >= want) return { events, more: true };
      events.push({ id: d.id, ...d.data });
    }
    after = page.next;
  } while (after !== null);
  return { events, more: false };
}

const isoMinus = (iso: string, ms: number) => new Date(Date.parse(iso) - ms).toISOString();

/**
 * Append one chunk of events to the chain in one transaction, on top of whatever the head is now. The head
 * is written FIRST, so a racing sequencer conflicts on its first write and retries cheaply.
 */
async function appendChunk(ports: SeqPorts, estateId: string, chunk: StoredAuditEvent[]): Promise<number> {
  return ports.storage.transaction(async (tx) => {
    const head = await tx.get<HeadDoc>(AUDIT_HEADS, estateId);
    const sequencedAt = ports.clock.now().toISOString();
    let prev = head ? { seq: head.data.seq, hash: head.data.hash } : null;
    let cursorAt = head?.data.cursorAt ?? null;
    const entries = chunk.map((event) => {
      const entry = nextEntry(ports.crypto.sha256, prev, { eventId: event.id, event, sequencedAt });
      prev = { seq: entry.seq, hash: entry.hash };
      if (cursorAt === null || event.at > cursorAt) cursorAt = event.at;
      return entry;
    });
    const next: HeadDoc = { estateId, seq: prev!.seq, hash: prev!.hash, cursorAt, updatedAt: sequencedAt };
    try {
      if (head) await tx.update(AUDIT_HEADS, estateId, head.version, next);
      else await tx.create(AUDIT_HEADS, estateId, next);
      for (const entry of entries) {
        try {
          await tx.create(AUDIT_LINKS, entry.eventId, { estateId, eventId: entry.eventId, seq: entry.seq } satisfies LinkDoc);
        } catch (err) {
          if (err instanceof DuplicateKeyError) throw new StalePlan(`event ${entry.eventId} is already sequenced`);
          throw err;
        }
        await tx.create(AUDIT_ENTRIES, auditEntryId(estateId, entry.seq), { ...entry });
      }
    } catch (err) {
      // another sequencer created the head or took this seq: rerun the transaction on the new head
      if (err instanceof DuplicateKeyError) throw new VersionConflictError(err.collection, err.id);
      throw err;
    }
    return next.seq;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The only writer of an estate's chain. Reads the head, finds the estate's events from the cursor minus
 * the look-back (so an event whose transaction committed late is still found), skips those already
 * chained (link markers), and appends the rest in (at, id) order, SEQUENCE_EVENTS_PER_TX per transaction,
 * each transaction also moving the head. Idempotent. Two concurrent runs conflict on the head (or on a
 * link marker); the loser backs off and plans again, so the chain stays one consistent sequence. A run
 * that keeps losing stops with `contended` (the winner is doing the work; the next scheduled run resumes).
 */
export async function sequenceEstateAudit(ports: SeqPorts, estateId: string): Promise<SequenceResult> {
  let sequenced = 0;
  let transactions = 0;
  let seq = 0;
  for (let races = 0; ; races++) {
    const head = await ports.storage.get<HeadDoc>(AUDIT_HEADS, estateId);
    seq = head?.data.seq ?? 0;
    const since = head?.data.cursorAt ? isoMinus(head.data.cursorAt, AUDIT_LOOKBACK_MS) : null;
    const { events: batch, more } = await pendingEvents(ports.storage, estateId, since, SEQUENCE_EVENTS_PER_RUN - sequenced);
    try {
      for (let i = 0; i < batch.length; i += SEQUENCE_EVENTS_PER_TX) {
        const chunk = batch.slice(i, i + SEQUENCE_EVENTS_PER_TX);
        seq = await appendChunk(ports, estateId, chunk);
        sequenced += chunk.length;
        transactions++;
      }
      return { estateId, sequenced, seq, transactions, more, contended: false };
    } catch (err) {
      // a link already taken, or a head that kept moving through every retry: another sequencer is at work
      if (!(err instanceof StalePlan || err instanceof VersionConflictError)) throw err;
      if (races >= MAX_RACES) return { estateId, sequenced, seq, transactions, more: true, contended: true };
      await sleep(RACE_BACKOFF_MS * 2 ** races * (0.5 + Math.random()));
    }
  }
}

async function estateIds(storage: Storage): Promise<string[]> {
  return (await storage.find('estates')).map((d) => d.id);
}

/** The sequencing job: one estate, or every estate. Scheduled every minute (see docs/audit.md). */
export async function sequenceAudit(ports: SeqPorts, estateId?: string): Promise<SequenceResult[]> {
  const ids = estateId ? [estateId] : await estateIds(ports.storage);
  const out: SequenceResult[] = [];
  for (const id of ids) out.push(await sequenceEstateAudit(ports, id));
  return out;
}

export const auditAnchorId = (estateId: string, seq: number) => `${estateId}:${String(seq).padStart(10, '0')}`;

/**
 * Pin the chain's current end as an append-only anchor {estateId, seq, hash, at}. Published copies of
 * anchors make cutting the chain's tail detectable. Idempotent: the id is the estate and seq.
 * Returns the anchor (new or existing), or null for an empty chain.
 */
export async function anchorEstateAudit(ports: Pick<Ports, 'storage' | 'clock'>, estateId: string): Promise<AuditAnchor | null> {
  const head = await ports.storage.get<HeadDoc>(AUDIT_HEADS, estateId);
  if (!head || head.data.seq === 0 || head.data.hash === GENESIS_HASH) return null;
  const anchor: AuditAnchor = { estateId, seq: head.data.seq, hash: head.data.hash, at: ports.clock.now().toISOString() };
  const id = auditAnchorId(estateId, anchor.seq);
  try {
    await ports.storage.transaction((tx) => tx.create(AUDIT_ANCHORS, id, { ...anchor }));
    return anchor;
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err;
    return (await ports.storage.get<AuditAnchor & Record<string, unknown>>(AUDIT_ANCHORS, id))!.data;
  }
}

/** The anchoring job: one estate, or every estate. Scheduled hourly (see docs/audit.md). */
export async function anchorAudit(ports: Pick<Ports, 'storage' | 'clock'>, estateId?: string): Promise<(AuditAnchor | null)[]> {
  const ids = estateId ? [estateId] : await estateIds(ports.storage);
  const out: (AuditAnchor | null)[] = [];
  for (const id of ids) out.push(await anchorEstateAudit(ports, id));
  return out;
}
