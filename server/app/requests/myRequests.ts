import type { MyRequestsInput, MyRequestsOutput, RequestRow } from '../../../types/requests';
import type { ActionContext } from '../action';
import { REQUESTS, type RequestDoc } from './records';

const LIMIT = 50;

export const rowOf = (id: string, d: RequestDoc): RequestRow => ({
  requestId: id, category: d.category, status: d.status, holder: d.holder, filedAt: d.filedAt, respondBy: d.respondBy, resolveBy: d.resolveBy,
  coSignCount: d.coSignCount ?? 0,
});

/** 我的诉求: the caller's own requests in the estate, newest first, with who holds each and until when. */
export async function myRequests({ ports, caller }: ActionContext, input: MyRequestsInput): Promise<MyRequestsOutput> {
  const docs = await ports.storage.find<RequestDoc>(REQUESTS, {
    where: { estateId: input.estateId, requesterOpenid: caller.openid },
    orderBy: { field: 'filedAt', direction: 'desc' },
    limit: LIMIT,
  });
  return { requests: docs.map((d) => rowOf(d.id, d.data)) };
}
