import type { HandlerOrg, RoutingTableVersion } from '../../../types/requests';
import { applyMove, checkMove, dueJob, nextCheckAt } from '../../core/requests/machine';
import type { Page, Ports } from '../../ports';
import { appendAudit, SYSTEM_ACTOR } from '../audit/log';
import { enqueueRequestNotices, holderMembers } from './notify';
import { routingVersion } from './routing-store';
import { dropContactIfFinal, REQUEST_TIMELINE, REQUESTS, timelineId, type RequestDoc, type TimelineDoc } from './records';

/** requests read per page; a tick reads pages of due requests, earliest first, up to MAX_PAGES */
const BATCH = 200;
const MAX_PAGES = 25;
const SYSTEM = { accountId: null, roles: [] };

/**
 * The requests' deadline job (issue 12 item 3), on the platform scheduler: escalates a request whose response or
 * resolution limit has passed one step up the ladder, closes a handled request left unconfirmed after the window
 * (confirmed by timeout, never satisfied), and reminds the holder once per deadline before it. Each request is
 * re-read and re-checked inside its own transaction (a tick may run twice or overlap itself); every action lands on
 * the timeline and in the audit log. Reads only requests whose nextCheckAt has come (indexed), earliest first, in
 * pages: however many requests wait for a later limit, none hides one that is due.
 */
export async function runRequestDeadlines(
  ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>,
  { batch = BATCH, maxPages = MAX_PAGES }: { batch?: number; maxPages?: number } = {},
): Promise<{ escalated: number; closed: number; reminded: number }> {
  const { storage, clock, crypto } = ports;
  // versions never change, so one read per (estate, version) serves the whole tick
  const tables = new Map<string, Promise<RoutingTableVersion>>();
  const tableOf = (estateId: string, versionNo: number) => {
    const key = `${estateId}:${versionNo}`;
    if (!tables.has(key)) tables.set(key, routingVersion(storage, estateId, versionNo));
    return tables.get(key)!;
  };
  const staff = new Map<string, Promise<string[]>>();
  const staffOf = (estateId: string, org: HandlerOrg) => {
    const key = `${estateId}:${org}`;
    if (!staff.has(key)) staff.set(key, holderMembers(storage, estateId, org));
    return staff.get(key)!;
  };
  const counts = { escalated: 0, closed: 0, reminded: 0 };
  const dueBy = clock.now().toISOString();
  let after: string | null = null;
  for (let pageNo = 0; pageNo < maxPages; pageNo++) {
    const page: Page<RequestDoc> = await storage.page<RequestDoc>(REQUESTS, { where: { nextCheckAt: { lte: dueBy } }, orderBy: { field: 'nextCheckAt', direction: 'asc' }, limit: batch, after });
    for (const { id, data } of page.docs) {
      // who would be told (the holder after an escalation, the holder reminded), read before the transaction; the
      // transaction leaves a request whose holder changed in between to the next tick
      const pre = dueJob(await tableOf(data.estateId, data.routingVersion), data, clock.now().getTime());
      const expected = !pre || pre.kind === 'closeByTimeout' ? null
        : pre.kind === 'remind' ? data.holder : applyMove(data, 'escalate', { now: clock.now().getTime(), table: await tableOf(data.estateId, data.routingVersion) }).holder;
      const holderStaff = expected ? await staffOf(data.estateId, expected) : [];
      await storage.transaction(async (tx) => {
        const doc = await tx.get<RequestDoc>(REQUESTS, id);
        if (!doc) return;
        const now = clock.now().getTime();
        const table = await tableOf(doc.data.estateId, doc.data.routingVersion);
        const job = dueJob(table, doc.data, now);
        if (!job) return;
        const at = new Date(now).toISOString();
        const seq = doc.data.steps + 1;
        let next: RequestDoc;
        if (job.kind === 'remind') {
          next = { ...doc.data, remindedFor: job.deadline, steps: seq };
          next.nextCheckAt = nextCheckAt(table, next);
        } else {
          if (checkMove(doc.data, job.kind, SYSTEM, now)) return;
          next = dropContactIfFinal({ ...doc.data, ...applyMove(doc.data, job.kind, { now, table }), steps: seq });
          next.nextCheckAt = nextCheckAt(table, next);
        }
        const kind = job.kind === 'remind' ? 'reminded' : job.kind;
        if (job.kind !== 'closeByTimeout' && next.holder !== expected) return;
        await tx.update<RequestDoc>(REQUESTS, id, doc.version, next);
        await tx.create<TimelineDoc>(REQUEST_TIMELINE, timelineId(id, seq), { estateId: doc.data.estateId, requestId: id, seq, kind, at, actorRole: null, holder: next.holder, text: null, rating: null });
        await appendAudit(tx, { clock, crypto }, {
          estateId: doc.data.estateId,
          actor: SYSTEM_ACTOR,
          action: `request.${kind}`,
          subject: `requests/${id}`,
          data: { from: doc.data.holder, to: next.holder, status: next.status, ...(job.kind === 'remind' ? { deadline: job.deadline } : {}) },
        });
        await enqueueRequestNotices(tx, { clock, crypto }, { requestId: id, after: next, event: kind, seq, text: null, holderStaff, actor: null });
        if (job.kind === 'escalate') counts.escalated++;
        else if (job.kind === 'closeByTimeout') counts.closed++;
        else counts.reminded++;
      });
    }
    if (!page.next) break;
    after = page.next;
  }
  return counts;
}
