import { fieldError, renderError, type ErrorCode, type ErrorParams, type FieldError, type ParamsArg } from '../../types/errors';

/**
 * A refusal the user should see: a stable code plus typed parameters (never a sentence; the Chinese
 * text comes from the template table in types/errors.ts). Use cases throw it; the handler turns it
 * into { ok: false, error: { code, params, message, fields } }.
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly params?: ErrorParams<C>;
  readonly fields?: FieldError[];
  constructor(
    readonly code: C,
    ...args: [...ParamsArg<C>, fields?: FieldError[]]
  ) {
    const params = args[0] as Record<string, unknown> | undefined;
    const fields = args[1] as FieldError[] | undefined;
    super(renderError(code, params as never));
    this.name = 'AppError';
    if (params && Object.keys(params).length) this.params = params as ErrorParams<C>;
    if (fields && fields.length) this.fields = fields;
  }

  /** VALIDATION_FAILED with one coded field error, e.g. AppError.field('phone', 'PHONE_REQUIRED'). */
  static field<F extends ErrorCode>(field: string, code: F, ...params: ParamsArg<F>): AppError<'VALIDATION_FAILED'> {
    return new AppError('VALIDATION_FAILED', undefined, [fieldError(field, code, ...params)]);
  }
}
