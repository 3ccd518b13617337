import type { FileRequestInput, FileRequestOutput } from '../../../types/requests';
import { AppError } from '../../core/errors';
import { applyMove, checkMove, newRequestState, nextCheckAt } from '../../core/requests/machine';
import { route } from '../../core/requests/routing';
import { DuplicateKeyError } from '../../ports';
import { normalizePhone } from '../../../types/normalize';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { RESIDENT_HOMES, residentHomeId, UNIT_LINKS, UNITS, type ResidentHomeDoc, type UnitDoc, type UnitLinkDoc } from '../identity/records';
import { isOwnUpload } from '../uploads';
import { enqueueRequestNotices, holderMembers } from './notify';
import { currentRouting } from './routing-store';
import { CONTACT_SEAL, REQUEST_TIMELINE, REQUESTS, timelineId, type RequestDoc, type TimelineDoc } from './records';

/**
 * File a request: checked (own photos, own unit, the location the kind needs), routed by the estate's routing table
 * to a handler organisation with its limits, and written with its first two timeline steps (received, dispatched by
 * the system) and an audit event, in one transaction. The id comes from the requester and their idempotency key, so
 * a retried submission returns the first one instead of filing twice.
 */
export async function fileRequest({ ports, caller }: ActionContext, input: FileRequestInput): Promise<FileRequestOutput> {
  const { storage, clock, crypto } = ports;
  const photos = input.photos ?? [];
  if (!photos.every((id) => isOwnUpload(id, caller.openid))) throw new AppError('NOT_OWN_UPLOAD');
  const need = { unit: 'unitId', building: 'building', public: 'place' } as const;
  const field = need[input.locationKind];
  if (!input[field]) throw AppError.field(field, 'FIELD_REQUIRED', { label: field === 'unitId' ? '房屋' : field === 'building' ? '楼栋' : '公共区域位置' });
  // "my unit": a unit the caller owns (active link) or lives in as a registered resident (staff recorded it); the
  // unit's building goes on the request, so the holder and routing know where it is
  let unitBuilding: string | null = null;
  if (input.locationKind === 'unit') {
    const [links, home, unit] = await Promise.all([
      storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { estateId: input.estateId, openid: caller.openid, unitId: input.unitId!, active: true }, limit: 1 }),
      storage.get<ResidentHomeDoc>(RESIDENT_HOMES, residentHomeId(input.estateId, caller.openid)),
      storage.get<UnitDoc>(UNITS, input.unitId!),
    ]);
    if (links.length === 0 && home?.data.unitId !== input.unitId) throw new AppError('REQUEST_UNIT_NOT_OWN');
    unitBuilding = unit?.data.building ?? null;
  }
  const id = `req_${crypto.sha256(`${input.estateId}:${caller.openid}:${input.idempotencyKey}`).slice(0, 32)}`;
  if (input.contactPhone && input.contactPhoneCode) throw AppError.field('contactPhone', 'PHONE_TWO_SOURCES');
  let contactPhone = input.contactPhone ?? null;
  if (input.contactPhoneCode) {
    // a retried submission returns the first one: its code was spent already
    const filed = await storage.get<RequestDoc>(REQUESTS, id);
    if (filed && filed.data.requesterOpenid === caller.openid) return outputOf(id, filed.data);
    const number = await ports.platform.exchangePhoneCode(input.contactPhoneCode);
    if (!number) throw AppError.field('contactPhoneCode', 'PHONE_CODE_EXPIRED');
    contactPhone = normalizePhone(number);
  }
  const table = await currentRouting(storage, input.estateId);
  const rule = route(table, input.category, input.locationKind);
  const now = clock.now().getTime();
  const received = newRequestState(caller.openid, now);
  const system = { accountId: null, roles: [] };
  if (checkMove(received, 'dispatch', system, now)) throw new Error('a new request cannot be dispatched');
  const state = applyMove(received, 'dispatch', { now, table, to: rule.org, limits: rule });
  const doc: RequestDoc = {
    ...state,
    estateId: input.estateId,
    requesterOpenid: caller.openid,
    category: input.category,
    description: input.description,
    photos,
    locationKind: input.locationKind,
    unitId: input.locationKind === 'unit' ? input.unitId! : null,
    building: input.locationKind === 'building' ? input.building! : input.locationKind === 'unit' ? unitBuilding : null,
    place: input.locationKind === 'public' ? input.place! : null,
    visibility: input.visibility,
    routingVersion: table.versionNo,
    nextCheckAt: nextCheckAt(table, state),
    ...(contactPhone ? { contactPhoneSealed: crypto.seal(CONTACT_SEAL, contactPhone) } : {}),
    steps: 2,
  };
  const at = state.filedAt;
  const holderStaff = await holderMembers(storage, input.estateId, state.holder!);
  const step = (seq: number, entry: Pick<TimelineDoc, 'kind' | 'actorRole' | 'holder'>): TimelineDoc => ({ estateId: input.estateId, requestId: id, seq, at, text: null, rating: null, ...entry });
  try {
    await storage.transaction(async (tx) => {
      await tx.create<RequestDoc>(REQUESTS, id, doc);
      await tx.create<TimelineDoc>(REQUEST_TIMELINE, timelineId(id, 1), step(1, { kind: 'received', actorRole: 'requester', holder: null }));
      await tx.create<TimelineDoc>(REQUEST_TIMELINE, timelineId(id, 2), step(2, { kind: 'dispatch', actorRole: null, holder: state.holder }));
      await appendAudit(tx, { clock, crypto }, {
        estateId: input.estateId,
        actor: caller.openid,
        action: 'request.filed',
        subject: `requests/${id}`,
        data: { category: input.category, locationKind: input.locationKind, visibility: input.visibility, photos: photos.length, contactPhone: contactPhone ? (input.contactPhoneCode ? 'wechat' : 'typed') : false, holder: state.holder, routingVersion: table.versionNo },
      });
      await enqueueRequestNotices(tx, { clock, crypto }, { requestId: id, after: doc, event: 'filed', seq: 2, text: null, holderStaff, actor: caller.openid });
    });
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err;
    const existing = await storage.get<RequestDoc>(REQUESTS, id);
    if (!existing || existing.data.requesterOpenid !== caller.openid) throw err;
    return outputOf(id, existing.data);
  }
  return { requestId: id, holder: state.holder!, respondBy: state.respondBy!, resolveBy: state.resolveBy! };
}

const outputOf = (id: string, d: RequestDoc): FileRequestOutput => ({ requestId: id, holder: d.holder!, respondBy: d.respondBy!, resolveBy: d.resolveBy! });
