import type { Role } from '../../../types/roles';
import { HANDLER_ORG_ROLES, HANDLER_ORGS, type HandlerOrg } from '../../../types/requests';
import type { RequestCaller, RequestState } from './machine';

/**
 * Who sees what of a request (issue 12 item 7):
 * - 'full': the requester; the organisations it was routed to (their role holders); community and sub-district
 *   staff, who oversee every request of the estate;
 * - 'public': any other member of the estate, for a public request only (no requester identity, no phone, no photos
 *   beyond what the request shows publicly);
 * - null: everyone else. The property company sees only requests routed to it: its role gives it nothing more.
 * The requester's phone goes only to the organisation holding it now (and to the requester).
 */
export type RequestView = 'full' | 'public' | null;

const OVERSIGHT: readonly Role[] = ['community_staff', 'subdistrict_staff'];

export interface VisibleRequest extends Pick<RequestState, 'requesterId' | 'holder' | 'orgsInvolved'> {
  visibility: 'public' | 'private';
}

/** The organisations a caller acts for, from their roles in the estate. */
export const orgsOf = (roles: readonly Role[]): HandlerOrg[] => HANDLER_ORGS.filter((o) => roles.includes(HANDLER_ORG_ROLES[o]));

export function viewOf(request: VisibleRequest, caller: RequestCaller): RequestView {
  if (caller.accountId === null) return 'full';
  if (caller.accountId === request.requesterId) return 'full';
  if (caller.roles.some((r) => OVERSIGHT.includes(r))) return 'full';
  if (orgsOf(caller.roles).some((o) => request.orgsInvolved.includes(o))) return 'full';
  // a public request is public to residents and organisers, never to the property company as such
  if (request.visibility === 'public' && caller.roles.some((r) => r !== 'property_manager')) return 'public';
  return null;
}

export function mayShowPhone(request: VisibleRequest, caller: RequestCaller): boolean {
  if (caller.accountId !== null && caller.accountId === request.requesterId) return true;
  return !!request.holder && caller.roles.includes(HANDLER_ORG_ROLES[request.holder]);
}
