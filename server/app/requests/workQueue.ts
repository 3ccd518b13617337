import { HANDLER_ORG_ROLES, type RequestStatus, type WorkQueueInput, type WorkQueueOutput } from '../../../types/requests';
import type { Role } from '../../../types/roles';
import { AppError } from '../../core/errors';
import { inQueue } from '../../core/requests/queue';
import type { ActionContext } from '../action';
import { rowOf } from './myRequests';
import { REQUESTS, type RequestDoc } from './records';

const OPEN: RequestStatus[] = ['dispatched', 'contacted', 'extended', 'reopened'];
const OVERSIGHT: readonly Role[] = ['community_staff', 'subdistrict_staff'];
const LIMIT = 200;

/**
 * The work queue of one handler organisation (我的待办 / 已超时 / 今日到期, server/core/requests/queue.ts): for the
 * organisation's own role holders, and for community and sub-district staff who oversee every queue. Reads the
 * organisation's open requests (indexed by estate, holder and status), earliest deadline first.
 */
export async function workQueue({ ports, member }: ActionContext, input: WorkQueueInput): Promise<WorkQueueOutput> {
  const roles = member?.roles ?? [];
  if (!roles.includes(HANDLER_ORG_ROLES[input.org]) && !roles.some((r) => OVERSIGHT.includes(r))) throw new AppError('REQUEST_QUEUE_NOT_YOURS');
  const docs = await ports.storage.find<RequestDoc>(REQUESTS, { where: { estateId: input.estateId, holder: input.org, status: OPEN }, limit: LIMIT });
  const now = ports.clock.now().getTime();
  const due = (d: RequestDoc) => Date.parse((d.status === 'contacted' || d.status === 'extended' ? d.resolveBy : d.respondBy) ?? '');
  const rows = docs.filter((d) => inQueue(d.data, input.org, input.view, now)).sort((a, b) => due(a.data) - due(b.data) || a.id.localeCompare(b.id));
  return { requests: rows.map((d) => rowOf(d.id, d.data)) };
}
