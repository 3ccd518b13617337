import { ERROR_MESSAGES, type ErrorCode, type FieldError } from '../../types/errors';

/** A refusal the user should see. Use cases throw it; the handler turns it into { ok: false, error }. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fields?: FieldError[],
  ) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
  }
}
