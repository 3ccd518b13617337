import type { RequestDetailInput, RequestDetailOutput, TimelineEntry } from '../../../types/requests';
import { AppError } from '../../core/errors';
import { mayShowPhone, viewOf } from '../../core/requests/visibility';
import { MEMBERS, memberId, type MemberDoc } from '../identity/records';
import type { ActionContext } from '../action';
import { topicLinkOf } from './linkRequestToTopic';
import { rowOf } from './myRequests';
import { allows } from '../../core/identity/permissions';
import { isFinal } from '../../core/requests/machine';
import { coSignId, CONTACT_SEAL, REQUEST_COSIGNS, REQUEST_TIMELINE, REQUESTS, type CoSignDoc, type RequestDoc, type TimelineDoc } from './records';

const TIMELINE_LIMIT = 500;

/**
 * A request and its whole timeline. Who sees it is server/core/requests/visibility.ts: a request the caller may not
 * see is answered exactly like one that does not exist (the property company learns nothing of requests not routed
 * to it). Other residents see a public request without its photos. The requester's masked name and contact phone go
 * only to the members of the organisation holding it while it is open (not a previous holder, not oversight staff).
 */
export async function requestDetail({ ports, caller, member }: ActionContext, input: RequestDetailInput): Promise<RequestDetailOutput> {
  const doc = await ports.storage.get<RequestDoc>(REQUESTS, input.requestId);
  if (!doc || doc.data.estateId !== input.estateId) throw new AppError('REQUEST_NOT_FOUND');
  const d = doc.data;
  const view = viewOf(d, { accountId: caller.openid, roles: member?.roles ?? [] });
  if (!view) throw new AppError('REQUEST_NOT_FOUND');
  const [steps, coSign, topic] = await Promise.all([
    ports.storage.find<TimelineDoc>(REQUEST_TIMELINE, { where: { requestId: doc.id }, orderBy: { field: 'at', direction: 'asc' }, limit: TIMELINE_LIMIT }),
    member ? ports.storage.get<CoSignDoc>(REQUEST_COSIGNS, coSignId(doc.id, member.accountKey)) : Promise.resolve(null),
    topicLinkOf(ports.storage, d),
  ]);
  const mine = d.requesterOpenid === caller.openid;
  // the requester's name and phone: only for the organisation holding the open request (never logged)
  const contact = !mine && !isFinal(d.status) && mayShowPhone(d, { accountId: caller.openid, roles: member?.roles ?? [] });
  const requester = contact ? await ports.storage.get<MemberDoc>(MEMBERS, memberId(d.estateId, d.requesterOpenid)) : null;
  const timeline: TimelineEntry[] = steps
    .sort((a, b) => a.data.seq - b.data.seq)
    .map(({ data: s }) => ({ kind: s.kind, at: s.at, actorRole: s.actorRole, holder: s.holder, text: s.text, rating: s.rating }));
  return {
    ...rowOf(doc.id, d),
    view,
    description: d.description,
    locationKind: d.locationKind,
    building: d.building,
    place: d.place,
    visibility: d.visibility,
    photos: view === 'full' ? d.photos : [],
    mine,
    timeline,
    resultPhotos: view === 'full' ? d.resultPhotos ?? [] : [],
    requesterName: contact ? requester?.data.displayName ?? null : null,
    requesterPhone: contact && d.contactPhoneSealed ? ports.crypto.unseal(CONTACT_SEAL, d.contactPhoneSealed) : null,
    coSignedByMe: !!coSign?.data.active,
    canCoSign: !mine && d.visibility === 'public' && !isFinal(d.status) && !!member && allows(member.roles, 'requests.file'),
    duplicateOf: d.duplicateOf ?? null,
    referredTo: d.referredTo ?? null,
    topic,
  };
}
