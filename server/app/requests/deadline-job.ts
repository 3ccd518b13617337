import type { RequestStatus } from '../../../types/requests';
import { applyMove, checkMove, dueJob } from '../../core/requests/machine';
import { DEFAULT_ROUTING_VERSION } from '../../core/requests/routing';
import type { Ports } from '../../ports';
import { appendAudit, SYSTEM_ACTOR } from '../audit/log';
import { REQUEST_TIMELINE, REQUESTS, timelineId, type RequestDoc, type TimelineDoc } from './records';

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
  const table = DEFAULT_ROUTING_VERSION;
  const counts = { escalated: 0, closed: 0, reminded: 0 };
  for (const status of WATCHED) {
    const docs = await storage.find<RequestDoc>(REQUESTS, { where: { status }, limit: BATCH });
    for (const { id } of docs) {
      await storage.transaction(async (tx) => {
        const doc = await tx.get<RequestDoc>(REQUESTS, id);
        if (!doc) return;
        const now = clock.now().getTime();
        const job = dueJob(table, doc.data, now);
        if (!job) return;
        const at = new Date(now).toISOString();
        const seq = doc.data.steps + 1;
        let next: RequestDoc;
        if (job.kind === 'remind') {
          next = { ...doc.data, remindedFor: job.deadline, steps: seq };
        } else {
          if (checkMove(doc.data, job.kind, SYSTEM, now)) return;
          next = { ...doc.data, ...applyMove(doc.data, job.kind, { now, table }), steps: seq };
        }
        const kind = job.kind === 'remind' ? 'reminded' : job.kind;
        await tx.update<RequestDoc>(REQUESTS, id, doc.version, next);
        await tx.create<TimelineDoc>(REQUEST_TIMELINE, timelineId(id, seq), { estateId: doc.data.estateId, requestId: id, seq, kind, at, actorRole: null, holder: next.holder, text: null, rating: null });
        await appendAudit(tx, { clock, crypto }, {
          estateId: doc.data.estateId,
          actor: SYSTEM_ACTOR,
          action: `request.${kind}`,
          subject: `requests/${id}`,
          data: { from: doc.data.holder, to: next.holder, status: next.status, ...(job.kind === 'remind' ? { deadline: job.deadline } : {}) },
        });
        if (job.kind === 'escalate') counts.escalated++;
        else if (job.kind === 'closeByTimeout') counts.closed++;
        else counts.reminded++;
      });
    }
  }
  return counts;
}
