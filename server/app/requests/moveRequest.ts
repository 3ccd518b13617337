import type { HandlerOrg, RequestMove, RequestRating, RequestRow } from '../../../types/requests';
import { HANDLER_ORG_ROLES } from '../../../types/requests';
import type { Role } from '../../../types/roles';
import { AppError } from '../../core/errors';
import { VersionConflictError } from '../../ports';
import { actorsOf, applyMove, checkMove, REQUEST_TRANSITIONS, nextCheckAt } from '../../core/requests/machine';
import { ladderStep } from '../../core/requests/routing';
import { viewOf } from '../../core/requests/visibility';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { isOwnUpload } from '../uploads';
import { rowOf } from './myRequests';
import { enqueueRequestNotices, handsOver, holderMembers } from './notify';
import { routingVersion } from './routing-store';
import { dropContactIfFinal, REQUEST_TIMELINE, REQUESTS, timelineId, type RequestDoc, type TimelineDoc } from './records';

export interface MoveOptions {
  /** the reason, result, comment, referral the step carries (the requester reads it on the timeline) */
  text?: string;
  to?: HandlerOrg;
  extendHours?: number;
  rating?: RequestRating;
  photos?: string[];
  /** what the move records on the request beside the state (the request a duplicate repeats, the referral) */
  record?: Pick<RequestDoc, 'duplicateOf' | 'referredTo'>;
}

/**
 * One step on a request by a person, shared by the step actions (dispatch, contact, extend, handle, rate, withdraw):
 * re-read in the transaction; a request the caller may not see is answered as not found; the core machine decides
 * whether this caller, in this status, may make the move (nobody decides their own request); the new state, its
 * timeline step (with the role the caller acted in) and the audit event commit together.
 */
export async function moveRequest(ctx: ActionContext, estateId: string, requestId: string, move: RequestMove, options: MoveOptions = {}): Promise<RequestRow> {
  const { storage, clock } = ctx.ports;
  const photos = options.photos ?? [];
  if (!photos.every((id) => isOwnUpload(id, ctx.caller.openid))) throw new AppError('NOT_OWN_UPLOAD');
  // the organisation a hand-over gives the request to is told: its members are read before the transaction (which
  // cannot query); the transaction re-checks that the holder it computes is the one read for, else all is read again
  for (let attempt = 1; ; attempt++) {
    let expected: HandlerOrg | null = null;
    let holderStaff: string[] = [];
    if (handsOver(move)) {
      const pre = await storage.get<RequestDoc>(REQUESTS, requestId);
      if (pre && pre.data.estateId === estateId) {
        const table = await routingVersion(storage, estateId, pre.data.routingVersion);
        expected = options.to ?? applyMove(pre.data, move, { now: clock.now().getTime(), table, rating: 'unsatisfied' }).holder;
        if (expected) holderStaff = await holderMembers(storage, estateId, expected);
      }
    }
    const result = await moveOnce(ctx, estateId, requestId, move, options, photos, expected, holderStaff);
    if (result !== HOLDER_MOVED) return result;
    if (attempt >= 3) throw new VersionConflictError(REQUESTS, requestId);
  }
}

const HOLDER_MOVED = Symbol('holder moved');

async function moveOnce(
  { ports, caller, member }: ActionContext, estateId: string, requestId: string, move: RequestMove, options: MoveOptions, photos: string[],
  expected: HandlerOrg | null, holderStaff: string[],
): Promise<RequestRow | typeof HOLDER_MOVED> {
  const { storage, clock, crypto } = ports;
  const who = { accountId: caller.openid, roles: member?.roles ?? [] };
  return storage.transaction(async (tx) => {
    const doc = await tx.get<RequestDoc>(REQUESTS, requestId);
    if (!doc || doc.data.estateId !== estateId || !viewOf(doc.data, who)) throw new AppError('REQUEST_NOT_FOUND');
    const now = clock.now().getTime();
    // the version that routed this request decides its limits and ladder, whatever was saved since
    const table = await routingVersion(tx, estateId, doc.data.routingVersion);
    const problem = checkMove(doc.data, move, who, now, options.text);
    if (problem) throw new AppError(problem.code as never, problem.params as never);
    const actedAs = actorsOf(doc.data, who).find((a) => REQUEST_TRANSITIONS[move].who.includes(a))!;
    const actorRole: Role | 'requester' = actedAs === 'requester' ? 'requester' : actedAs === 'holder' ? HANDLER_ORG_ROLES[doc.data.holder!] : 'community_staff';
    const limits = options.to ? ladderStep(table, options.to) : undefined;
    const seq = doc.data.steps + 1;
    const next: RequestDoc = dropContactIfFinal({
      ...doc.data,
      ...applyMove(doc.data, move, { now, table, to: options.to, limits, extendHours: options.extendHours, rating: options.rating }),
      ...(move === 'handle' ? { resultPhotos: photos } : {}),
      ...options.record,
      steps: seq,
    });
    next.nextCheckAt = nextCheckAt(table, next);
    if (handsOver(move) && next.holder !== expected) return HOLDER_MOVED;
    await tx.update<RequestDoc>(REQUESTS, requestId, doc.version, next);
    const at = new Date(now).toISOString();
    await tx.create<TimelineDoc>(REQUEST_TIMELINE, timelineId(requestId, seq), {
      estateId, requestId, seq, kind: move, at, actorRole, holder: next.holder, text: options.text ?? null, rating: options.rating ?? null,
    });
    await appendAudit(tx, { clock, crypto }, {
      estateId,
      actor: caller.openid,
      action: `request.${move}`,
      subject: `requests/${requestId}`,
      data: { as: actorRole, from: doc.data.status, to: next.status, holder: next.holder, ...(options.rating ? { rating: options.rating } : {}), ...(photos.length ? { photos: photos.length } : {}) },
    });
    await enqueueRequestNotices(tx, { clock, crypto }, { requestId, after: next, event: move, seq, text: options.text ?? null, holderStaff, actor: caller.openid });
    return rowOf(requestId, next);
  });
}
