import { requestsLabels, type PublicRequestsInput, type PublicRequestsOutput } from '../../../types/requests';
import { AppError } from '../../core/errors';
import { InvalidCursorError, type Page } from '../../ports';
import { viewOf } from '../../core/requests/visibility';
import type { ActionContext } from '../action';
import { rowOf } from './myRequests';
import { coSignId, REQUEST_COSIGNS, REQUESTS, type CoSignDoc, type RequestDoc } from './records';

const PAGE = 20;
const SUMMARY = 60;

/**
 * 公开诉求: the estate's public requests, newest first, a page at a time, so residents find requests to co-sign. Each
 * row says whether the caller co-signed it (one batch read by id). A caller the request is not visible to (the
 * property company for a request never routed to it) does not get the row.
 */
export async function publicRequests({ ports, caller, member }: ActionContext, input: PublicRequestsInput): Promise<PublicRequestsOutput> {
  const { storage } = ports;
  let page: Page<RequestDoc>;
  try {
    page = await storage.page<RequestDoc>(REQUESTS, {
      where: { estateId: input.estateId, visibility: 'public' },
      orderBy: { field: 'filedAt', direction: 'desc' },
      limit: PAGE,
      after: input.cursor ?? null,
    });
  } catch (err) {
    if (err instanceof InvalidCursorError) throw AppError.field('cursor', 'FIELD_INVALID', { label: requestsLabels.cursor });
    throw err;
  }
  const who = { accountId: caller.openid, roles: member?.roles ?? [] };
  const docs = page.docs.filter((d) => viewOf(d.data, who));
  const accountKey = member?.accountKey;
  const signed = accountKey ? await storage.getMany<CoSignDoc>(REQUEST_COSIGNS, docs.map((d) => coSignId(d.id, accountKey))) : [];
  return {
    requests: docs.map((d, i) => ({
      ...rowOf(d.id, d.data),
      summary: d.data.description.length > SUMMARY ? `${d.data.description.slice(0, SUMMARY)}…` : d.data.description,
      coSignedByMe: !!signed[i]?.data.active,
      mine: d.data.requesterOpenid === caller.openid,
    })),
    next: page.next,
  };
}
