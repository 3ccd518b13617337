import { EventEnvelopeSchema } from '../../types/envelope';
import { apiError, zodIssueToFieldError, type ApiResult, type ZodIssueLike } from '../../types/errors';
import { AppError } from '../core/errors';
import { DuplicateKeyError, VersionConflictError, type Ports } from '../ports';
import type { ActionTable } from './action';

export type CloudFunctionMain = (event: unknown, context?: unknown) => Promise<ApiResult<unknown>>;

/**
 * The whole of a cloud function: parse the event, resolve the caller from the platform, validate the
 * action's input, run the use case, map errors. It never throws: the client always gets an ApiResult.
 * Nothing is written before validation passes, and a use case writes only inside one transaction.
 */
export function createCloudFunction(name: string, actions: ActionTable, getPorts: () => Promise<Ports>): CloudFunctionMain {
  return async function main(event, context) {
    const envelope = EventEnvelopeSchema.safeParse(event);
    if (!envelope.success) return { ok: false, error: apiError('VALIDATION_FAILED', '请求格式不正确') };
    const { action: actionName, input } = envelope.data;
    const action = Object.prototype.hasOwnProperty.call(actions, actionName) ? actions[actionName] : undefined;
    if (!action) return { ok: false, error: apiError('UNKNOWN_ACTION') };

    try {
      const ports = await getPorts();
      const caller = await ports.platform.caller(event, context);
      if (!caller) return { ok: false, error: apiError('NOT_AUTHENTICATED') };

      const raw = input ?? {};
      const parsed = action.input.safeParse(raw);
      if (!parsed.success) {
        const fields = (parsed.error.issues as ZodIssueLike[]).map((i) => zodIssueToFieldError(i, action.labels, raw));
        return { ok: false, error: apiError('VALIDATION_FAILED', undefined, fields) };
      }
      const data = await action.run({ ports, caller, event: envelope.data }, parsed.data);
      return { ok: true, data };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: apiError(err.code, err.message, err.fields) };
      if (err instanceof DuplicateKeyError) return { ok: false, error: apiError('DUPLICATE') };
      if (err instanceof VersionConflictError) return { ok: false, error: apiError('CONFLICT') };
      // Log the failure without the event: inputs may hold personal data.
      console.error(`[gongyi] ${name}.${actionName} failed:`, err instanceof Error ? err.stack ?? err.message : String(err));
      return { ok: false, error: apiError('INTERNAL') };
    }
  };
}
