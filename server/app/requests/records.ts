import type { Instant } from '../../../types/common';
import type { RequestCategory, LocationKind, RequestVisibility, TimelineEntry } from '../../../types/requests';
import { isFinal, type RequestState } from '../../core/requests/machine';

/** A request (诉求): the state the core machine moves, plus what the requester filed. */
export const REQUESTS = 'requests';
export interface RequestDoc extends RequestState, Record<string, unknown> {
  estateId: string;
  requesterOpenid: string;
  category: RequestCategory;
  description: string;
  photos: string[];
  locationKind: LocationKind;
  unitId: string | null;
  building: string | null;
  place: string | null;
  visibility: RequestVisibility;
  /** when the deadline job has work on it next (machine.ts nextCheckAt; null: never), the job's index */
  nextCheckAt: Instant | null;
  /** the routing table version that routed it (0 = the built-in default) */
  routingVersion: number;
  /** photos the holder attached when marking it handled (the latest handling) */
  resultPhotos?: string[];
  /** timeline steps written so far (the next step's seq is steps + 1) */
  steps: number;
  /** co-signatures (附议) not withdrawn; absent = 0 */
  coSignCount?: number;
  /** status duplicate: the request it repeats */
  duplicateOf?: string;
  /** status not_ours: the organisation it was referred to */
  referredTo?: string;
  /** the topic (议题) the committee or party branch took it to */
  topicId?: string;
  /** the contact phone the requester gave, sealed (crypto.seal, purpose CONTACT_SEAL): opened only for the holder */
  contactPhoneSealed?: string;
}

/** the seal purpose of a requester's contact phone */
export const CONTACT_SEAL = 'request-contact-phone';

/** A request that reaches a final status keeps no contact phone: nobody holds it any more (data minimisation, PIPL). */
export function dropContactIfFinal(d: RequestDoc): RequestDoc {
  if (!isFinal(d.status) || d.contactPhoneSealed === undefined) return d;
  const { contactPhoneSealed: _dropped, ...rest } = d;
  return rest as RequestDoc;
}

/** A co-signature (附议) of a public request, one per account (id request:accountKey, the engine admits one); withdrawn ones kept. */
export const REQUEST_COSIGNS = 'request_cosigns';
export interface CoSignDoc extends Record<string, unknown> {
  estateId: string;
  requestId: string;
  accountKey: string;
  active: boolean;
  at: string;
}
export const coSignId = (requestId: string, accountKey: string) => `${requestId}:${accountKey}`;

/** One step on a request's timeline (id request:nnn, in order); never changed. */
export const REQUEST_TIMELINE = 'request_timeline';
export interface TimelineDoc extends TimelineEntry, Record<string, unknown> {
  estateId: string;
  requestId: string;
  seq: number;
}
export const timelineId = (requestId: string, seq: number) => `${requestId}:${String(seq).padStart(4, '0')}`;
