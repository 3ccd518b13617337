import type { HandlerOrg, RequestStatus, RoutingTableVersion } from '../../../types/requests';
import { applyMove, checkMove, dueJob } from '../../core/requests/machine';
import type { Ports } from '../../ports';
import { appendAudit, SYSTEM_ACTOR } from '../audit/log';
import { enqueueRequestNotices, holderMembers } from './notify';
import { routingVersion } from './routing-store';
import { dropContactIfFinal, REQUEST_TIMELINE, REQUESTS, timelineId, type RequestDoc, type TimelineDoc } from './records';

/** statuses the job looks at: open work (limits) and handled requests (the confirmation window) */
const WATCHED: RequestStatus[] = ['dispatched', 'contacted', 'extended', 'reopened', 'handled'];
const BATCH = 200;
const SYSTEM = { accountId: null, roles: [] };

/**
 * The requests' deadline job (issue 12 item 3), on the platform scheduler: escalates a request whose response or
 * resolution limit has passed one step up the ladder, closes a handled request left unconfirmed after the window
 * (confirmed by timeout, never satisfied), and reminds the holder once per deadline before it. Each request is
 * re-read and re-checked inside its own transaction (a tick may run twice or overlap itself); every action lands on
 * the timeline and in the audit log. Reads at most BATCH watched requests per status and tick.
 */
export async function runRequestDeadlines(ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>): Promise<{ escalated: number; closed: number; reminded: number }> {
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
  for (const status of WATCHED) {
    const docs = await storage.find<RequestDoc>(REQUESTS, { where: { status }, limit: BATCH });
    for (const { id, data } of docs) {
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
        } else {
          if (checkMove(doc.data, job.kind, SYSTEM, now)) return;
          next = dropContactIfFinal({ ...doc.data, ...applyMove(doc.data, job.kind, { now, table }), steps: seq });
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
  }
  return counts;
}
