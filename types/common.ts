import * as z from 'zod/mini';
import { isPlainText } from './normalize';

/** Roles are per estate; one account can hold several (an owner who is also on the committee). */
export const ROLES = [
  'owner',
  'resident',
  'party_secretary',
  'party_member',
  'committee_member',
  'property_manager',
  'community_staff',
  'subdistrict_staff',
  'grid_worker',
] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

export const ROLE_LABELS: Record<Role, string> = {
  owner: '业主',
  resident: '住户',
  party_secretary: '党支部书记',
  party_member: '党员',
  committee_member: '业委会委员',
  property_manager: '物业服务企业',
  community_staff: '社区居委会',
  subdistrict_staff: '街道办事处',
  grid_worker: '网格员',
};

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
