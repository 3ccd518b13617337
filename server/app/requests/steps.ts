import type {
  ContactRequestInput, DispatchRequestInput, ExtendRequestInput, HandleRequestInput, MarkDuplicateInput, RateRequestInput, ReferOutInput, RequestStepOutput, WithdrawRequestInput,
} from '../../../types/requests';
import { AppError } from '../../core/errors';
import type { ActionContext } from '../action';
import { moveRequest } from './moveRequest';
import { REQUESTS, type RequestDoc } from './records';

/** Staff dispatch a received request, or reassign an open one, always with a reason. */
export async function dispatchRequest(ctx: ActionContext, input: DispatchRequestInput): Promise<RequestStepOutput> {
  const doc = await ctx.ports.storage.get<RequestDoc>(REQUESTS, input.requestId);
  const move = doc?.data.status === 'received' ? 'dispatch' : 'reassign';
  return { request: await moveRequest(ctx, input.estateId, input.requestId, move, { to: input.to, text: input.reason }) };
}

/** The holder has contacted the requester (the response that stops the response clock). */
export const contactRequest = async (ctx: ActionContext, input: ContactRequestInput): Promise<RequestStepOutput> =>
  ({ request: await moveRequest(ctx, input.estateId, input.requestId, 'contact', { text: input.note }) });

/** The holder extends the resolution limit once, with a reason the requester reads. */
export const extendRequest = async (ctx: ActionContext, input: ExtendRequestInput): Promise<RequestStepOutput> =>
  ({ request: await moveRequest(ctx, input.estateId, input.requestId, 'extend', { text: input.reason, extendHours: input.hours }) });

/** The holder marks it handled with a result and photos; the requester then confirms and rates. */
export const handleRequest = async (ctx: ActionContext, input: HandleRequestInput): Promise<RequestStepOutput> =>
  ({ request: await moveRequest(ctx, input.estateId, input.requestId, 'handle', { text: input.result, photos: input.photos }) });

/** The requester rates a handled request: 满意 / 基本满意 confirm it; 不满意 reopens it one level up. */
export const rateRequest = async (ctx: ActionContext, input: RateRequestInput): Promise<RequestStepOutput> =>
  ({ request: await moveRequest(ctx, input.estateId, input.requestId, input.rating === 'unsatisfied' ? 'reopen' : 'confirm', { rating: input.rating, text: input.comment }) });

/** The requester withdraws an open request. */
export const withdrawRequest = async (ctx: ActionContext, input: WithdrawRequestInput): Promise<RequestStepOutput> =>
  ({ request: await moveRequest(ctx, input.estateId, input.requestId, 'withdraw', { text: input.reason }) });

/** Community staff close a request as a duplicate of another request of the same estate (never counted as resolved). */
export async function markDuplicate(ctx: ActionContext, input: MarkDuplicateInput): Promise<RequestStepOutput> {
  const original = input.duplicateOf === input.requestId ? null : await ctx.ports.storage.get<RequestDoc>(REQUESTS, input.duplicateOf);
  if (!original || original.data.estateId !== input.estateId) throw new AppError('REQUEST_DUPLICATE_OF_INVALID');
  return { request: await moveRequest(ctx, input.estateId, input.requestId, 'markDuplicate', { text: input.duplicateOf, record: { duplicateOf: input.duplicateOf } }) };
}

/** The holder or community staff close a request that is not theirs, naming the organisation it was referred to. */
export const referOut = async (ctx: ActionContext, input: ReferOutInput): Promise<RequestStepOutput> =>
  ({ request: await moveRequest(ctx, input.estateId, input.requestId, 'referOut', { text: input.referredTo, record: { referredTo: input.referredTo } }) });
