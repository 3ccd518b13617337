import type { NotificationKind, NotificationParams } from '../../../types/notifications';
import { HANDLER_ORG_LABELS, HANDLER_ORG_ROLES, REQUEST_CATEGORY_LABELS, type HandlerOrg, type RequestMove } from '../../../types/requests';
import { currentDeadline } from '../../core/requests/machine';
import type { Clock, Crypto, Storage, TxStore } from '../../ports';
import { enqueueNotification, membersWithRole } from '../notifications/outbox';
import type { RequestDoc } from './records';

/**
 * The notifications of a request's steps (issue 12 items 3 and 8), written into the outbox INSIDE the step's
 * transaction (server/app/notifications/outbox.ts): the requester hears of every step someone else takes; the members
 * acting for the organisation a request reaches hear that it reached them (filed, dispatched, reassigned, escalated,
 * reopened) and, from the deadline job, that its limit is near. The texts are types/notifications.ts kinds; the
 * params carry only what the recipient may see of the request (category, holder, limits, the step's own text), never
 * the requester's name or phone.
 */

/** What happened: a move, the routing at filing time, or the deadline job's reminder. */
export type RequestEvent = RequestMove | 'filed' | 'reminded';

/** Events that hand the request to an organisation, whose members are told (read before the transaction). */
const HANDS_OVER: readonly RequestEvent[] = ['filed', 'dispatch', 'reassign', 'escalate', 'reopen'];
export const handsOver = (event: RequestEvent): boolean => HANDS_OVER.includes(event);

/** The members acting for an organisation in the estate, read before the step's transaction (transactions cannot query). */
export const holderMembers = (storage: Storage, estateId: string, org: HandlerOrg): Promise<string[]> => membersWithRole(storage, estateId, HANDLER_ORG_ROLES[org]);

type Notice = { [K in NotificationKind]: { kind: K; params: NotificationParams<K> } }[NotificationKind];

/** The requester's notice of a step (null when the requester took it or nothing needs telling). */
function requesterNotice(event: RequestEvent, ref: { estateId: string; requestId: string; category: string }, after: RequestDoc, text: string | null): Notice | null {
  const holder = after.holder ? HANDLER_ORG_LABELS[after.holder] : '';
  switch (event) {
    case 'dispatch':
    case 'reassign':
      return { kind: 'request_dispatched', params: { ...ref, holder, reason: text ?? '' } };
    case 'contact':
      return { kind: 'request_contacted', params: { ...ref, holder } };
    case 'extend':
      return { kind: 'request_extended', params: { ...ref, holder, resolveBy: after.resolveBy ?? '', reason: text ?? '' } };
    case 'handle':
      return { kind: 'request_handled', params: { ...ref, holder, result: text ?? '', confirmBy: after.confirmBy ?? '' } };
    case 'escalate':
      return { kind: 'request_escalated', params: { ...ref, holder, respondBy: after.respondBy ?? '' } };
    case 'reopen':
      return { kind: 'request_reopened', params: { ...ref, holder, respondBy: after.respondBy ?? '' } };
    case 'closeByTimeout':
      return { kind: 'request_closed_by_timeout', params: { ...ref } };
    case 'referOut':
      return { kind: 'request_referred_out', params: { ...ref, referredTo: text ?? '' } };
    case 'markDuplicate':
      return { kind: 'request_marked_duplicate', params: { ...ref } };
    default:
      return null; // filed, confirm, withdraw: the requester's own steps; reminded: for the holder only
  }
}

/** The holder's notice: the request reached them, or its current limit is near. */
function holderNotice(event: RequestEvent, ref: { estateId: string; requestId: string; category: string }, after: RequestDoc): Notice | null {
  if (!after.holder) return null;
  const holder = HANDLER_ORG_LABELS[after.holder];
  const limits = { respondBy: after.respondBy ?? '', resolveBy: after.resolveBy ?? '' };
  switch (event) {
    case 'filed':
    case 'dispatch':
    case 'reassign':
      return { kind: 'request_assigned', params: { ...ref, holder, ...limits } };
    case 'escalate':
      return { kind: 'request_escalated_to', params: { ...ref, holder, ...limits } };
    case 'reopen':
      return { kind: 'request_reopened_to', params: { ...ref, holder, ...limits } };
    case 'reminded': {
      const deadline = currentDeadline(after) ?? '';
      const awaitingResponse = after.status === 'dispatched' || after.status === 'reopened';
      return awaitingResponse
        ? { kind: 'request_response_due', params: { ...ref, holder, deadline } }
        : { kind: 'request_resolution_due', params: { ...ref, holder, deadline } };
    }
    default:
      return null;
  }
}

export interface RequestNotices {
  requestId: string;
  /** the request after the step */
  after: RequestDoc;
  event: RequestEvent;
  /** the timeline step's seq: with the request id it makes the event key (a rerun writes nothing twice) */
  seq: number;
  /** the reason, result or referral the step carried */
  text: string | null;
  /** the members of the holder organisation after the step (read before the transaction); [] when nobody is told */
  holderStaff: readonly string[];
  /** the person who took the step (not told of their own step); null for the system */
  actor: string | null;
}

/** Write the step's notices into the outbox, inside the step's transaction. */
export async function enqueueRequestNotices(tx: TxStore, deps: { clock: Clock; crypto: Crypto }, n: RequestNotices): Promise<void> {
  const { after } = n;
  const ref = { estateId: after.estateId, requestId: n.requestId, category: REQUEST_CATEGORY_LABELS[after.category] };
  const eventKey = `req:${n.requestId}:${n.seq}`;
  const toRequester = requesterNotice(n.event, ref, after, n.text);
  // the requester is not told of their own step, except 不满意: it says who took it over and until when
  if (toRequester && (after.requesterOpenid !== n.actor || n.event === 'reopen')) {
    await enqueueNotification(tx, deps, { ...toRequester, estateId: after.estateId, eventKey: `${eventKey}:requester`, recipients: [after.requesterOpenid] } as never);
  }
  const toHolder = holderNotice(n.event, ref, after);
  // nobody is told as a handler of their own request, and the actor knows what they just did
  const staff = n.holderStaff.filter((o) => o !== after.requesterOpenid && o !== n.actor);
  if (toHolder && staff.length) {
    await enqueueNotification(tx, deps, { ...toHolder, estateId: after.estateId, eventKey: `${eventKey}:holder`, recipients: staff } as never);
  }
}
