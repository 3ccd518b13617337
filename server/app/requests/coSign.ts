import type { CoSignOutput, CoSignRequestInput } from '../../../types/requests';
import { AppError } from '../../core/errors';
import { isFinal } from '../../core/requests/machine';
import { viewOf } from '../../core/requests/visibility';
import type { TxStore } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { createOrRetry } from '../identity/accounts';
import { coSignId, REQUEST_COSIGNS, REQUESTS, type CoSignDoc, type RequestDoc } from './records';

/**
 * 附议 (issue 12 item 5): an owner or registered resident (the contract's requests.file) co-signs someone else's public
 * request while it is open. One co-signature per account and request: its id is request:accountKey, so the engine
 * admits one even when the same account co-signs twice at once (the loser's transaction reruns, sees it and answers
 * ok). The request keeps the running count, updated in the same transaction with the audit event.
 */
export async function coSignRequest(ctx: ActionContext, input: CoSignRequestInput): Promise<CoSignOutput> {
  return changeCoSign(ctx, input, true);
}

/** Withdraw one's co-signature while the request is open (nothing to withdraw answers ok too). */
export async function withdrawCoSign(ctx: ActionContext, input: CoSignRequestInput): Promise<CoSignOutput> {
  return changeCoSign(ctx, input, false);
}

async function changeCoSign({ ports, caller, member }: ActionContext, input: CoSignRequestInput, sign: boolean): Promise<CoSignOutput> {
  const { storage, clock, crypto } = ports;
  const accountKey = member?.accountKey ?? '';
  const id = coSignId(input.requestId, accountKey);
  return storage.transaction(async (tx: TxStore) => {
    const doc = await tx.get<RequestDoc>(REQUESTS, input.requestId);
    const who = { accountId: caller.openid, roles: member?.roles ?? [] };
    if (!doc || doc.data.estateId !== input.estateId || !viewOf(doc.data, who)) throw new AppError('REQUEST_NOT_FOUND');
    const d = doc.data;
    if (sign && d.requesterOpenid === caller.openid) throw new AppError('REQUEST_COSIGN_OWN');
    if (d.visibility !== 'public' || isFinal(d.status)) throw new AppError('REQUEST_COSIGN_CLOSED');
    const existing = await tx.get<CoSignDoc>(REQUEST_COSIGNS, id);
    const count = d.coSignCount ?? 0;
    if ((existing?.data.active ?? false) === sign) return { coSignCount: count, coSignedByMe: sign }; // already so: a retry
    const at = clock.now().toISOString();
    const row: CoSignDoc = { estateId: input.estateId, requestId: input.requestId, accountKey, active: sign, at };
    if (existing) await tx.update<CoSignDoc>(REQUEST_COSIGNS, id, existing.version, row);
    else await createOrRetry(tx, REQUEST_COSIGNS, id, row);
    const coSignCount = count + (sign ? 1 : -1);
    await tx.update<RequestDoc>(REQUESTS, input.requestId, doc.version, { ...d, coSignCount });
    await appendAudit(tx, { clock, crypto }, {
      estateId: input.estateId,
      actor: caller.openid,
      action: sign ? 'request.cosigned' : 'request.cosign_withdrawn',
      subject: `requests/${input.requestId}`,
      data: { coSignCount },
    });
    return { coSignCount, coSignedByMe: sign };
  });
}
