import type { RequestCategory, LocationKind, RequestVisibility, TimelineEntry } from '../../../types/requests';
import type { RequestState } from '../../core/requests/machine';

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
  /** the routing table version that routed it (0 = the built-in default) */
  routingVersion: number;
  /** photos the holder attached when marking it handled (the latest handling) */
  resultPhotos?: string[];
  /** timeline steps written so far (the next step's seq is steps + 1) */
  steps: number;
}

/** One step on a request's timeline (id request:nnn, in order); never changed. */
export const REQUEST_TIMELINE = 'request_timeline';
export interface TimelineDoc extends TimelineEntry, Record<string, unknown> {
  estateId: string;
  requestId: string;
  seq: number;
}
export const timelineId = (requestId: string, seq: number) => `${requestId}:${String(seq).padStart(4, '0')}`;
