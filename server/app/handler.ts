import { EventEnvelopeSchema } from '../../types/event';
import { apiError, zodIssueToFieldError, type ApiResult, type ZodIssueLike } from '../../types/errors';
import { AppError } from '../core/errors';
import { DuplicateKeyError, VersionConflictError, type Ports } from '../ports';
import type { Implementation } from './action';
import { isAdmin } from './admin/config';
import { authorize } from './identity/access';
import { discardUploads, keepUploads, uploadsIn } from './upload-records';

export type CloudFunctionMain = (event: unknown, context?: unknown) => Promise<ApiResult<unknown>>;

/**
 * The whole of a cloud function: parse the event, resolve the caller from the platform, validate (and
 * normalise) the action's input with its contract schema, enforce the contract's access in the estate the
 * input names, run the use case, map errors. It never throws: the client always gets an ApiResult.
 * Nothing is written before validation and the access check pass; a use case writes only inside one transaction.
 */
export function createCloudFunction(implementation: Implementation, getPorts: () => Promise<Ports>): CloudFunctionMain {
  const { name, actions, labels } = implementation;
  const main: CloudFunctionMain = async function main(event, context) {
    const envelope = EventEnvelopeSchema.safeParse(event);
    if (!envelope.success) return { ok: false, error: apiError('BAD_REQUEST') };
    const { action: actionName, input } = envelope.data;
    const action = Object.prototype.hasOwnProperty.call(actions, actionName) ? actions[actionName] : undefined;
    if (!action) return { ok: false, error: apiError('UNKNOWN_ACTION') };

    try {
      const ports = await getPorts();
      const caller = await ports.platform.caller(event, context);
      if (!caller) return { ok: false, error: apiError('NOT_AUTHENTICATED') };

      const raw = input ?? {};
      const parsed = action.contract.input.safeParse(raw);
      if (!parsed.success) {
        const fields = (parsed.error.issues as ZodIssueLike[]).map((i) => zodIssueToFieldError(i, labels, raw));
        return { ok: false, error: apiError('VALIDATION_FAILED', undefined, fields) };
      }
      const { access } = action.contract;
      let member = null;
      if (access === 'admin') {
        // the deployment administrator is named by configuration only, never by anything in the request
        if (!isAdmin(caller.openid)) return { ok: false, error: apiError('FORBIDDEN') };
      } else if (access !== 'signedIn') {
        const estateId = (parsed.data as { estateId?: unknown }).estateId;
        // the contract's types guarantee an estateId for these scopes; refuse loudly if a schema drifts
        if (typeof estateId !== 'string') throw new Error(`${name}.${actionName}: access '${access}' needs input.estateId`);
        member = await authorize(ports.storage, caller, estateId, access);
      }
      const data = await action.run({ ports, caller, member, event: envelope.data }, parsed.data);
      return { ok: true, data };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: apiError(err.code, err.params as never, err.fields) };
      if (err instanceof DuplicateKeyError) return { ok: false, error: apiError('DUPLICATE') };
      if (err instanceof VersionConflictError) return { ok: false, error: apiError('CONFLICT') };
      // Log the failure without the event: inputs may hold personal data.
      console.error(`[gongyi] ${name}.${actionName} failed:`, err instanceof Error ? err.stack ?? err.message : String(err));
      return { ok: false, error: apiError('INTERNAL') };
    }
  };
  /**
   * The uploads an action names (contract `uploads`): deleted when it is refused (nothing with ID numbers lingers),
   * marked kept when it succeeded (server/app/upload-records.ts).
   */
  return async function mainDeletingRefusedUploads(event, context) {
    const result = await main(event, context);
    const envelope = EventEnvelopeSchema.safeParse(event);
    const action = envelope.success && Object.prototype.hasOwnProperty.call(actions, envelope.data.action) ? actions[envelope.data.action] : undefined;
    const fields = action?.contract.uploads;
    if (!envelope.success || !fields?.length) return result;
    try {
      const ports = await getPorts();
      const caller = await ports.platform.caller(event, context);
      const files = uploadsIn(envelope.data.input, fields);
      if (caller) await (result.ok ? keepUploads(ports, caller.openid, files) : discardUploads(ports, caller.openid, files));
    } catch (err) {
      console.error(`[gongyi] ${name}.${envelope.data.action}: settling uploads failed:`, err instanceof Error ? err.message : String(err));
    }
    return result;
  };
}
