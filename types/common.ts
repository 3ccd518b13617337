import * as z from 'zod/mini';
import { isPlainText } from './normalize';
import { ROLES } from './roles';

/** Roles and their names live in the zod-free types/roles.ts (pages import them on the first screen). */
export { ROLES, ROLE_LABELS, type Role } from './roles';
export const RoleSchema = z.enum(ROLES);

/** Ids are opaque strings chosen by the server; bound their size so junk cannot flood storage. */
export const IdSchema = z.string().check(z.minLength(1), z.maxLength(80), z.regex(/^[A-Za-z0-9:_.-]+$/));

/**
 * A page cursor: the previous page's `next`, passed back unchanged (opaque base64url from the storage port's
 * keyset paging, encoding one sort value and one id, ≈130 characters). Anything longer is not ours.
 */
export const PAGE_CURSOR_MAX = 256;
export const PageCursorSchema = z.string().check(z.minLength(1), z.maxLength(PAGE_CURSOR_MAX), z.regex(/^[A-Za-z0-9_-]+$/));

/** ISO-8601 instant as stored (UTC, e.g. 2026-11-23T03:15:00.000Z); shown in Beijing time. */
export type Instant = string;

/**
 * The one check every free-text field carries: no NUL / control characters / lone surrogates
 * (isPlainText in types/normalize.ts). Fails with the field error FIELD_BAD_CHARACTERS and stops the field's
 * other checks. `multiline` allows newlines (summaries, notes); tabs are always allowed.
 */
export const textCheck = (options: { multiline?: boolean } = {}) =>
  z.refine<string>((s) => isPlainText(s, !!options.multiline), { params: { code: 'FIELD_BAD_CHARACTERS' }, abort: true });
