/**
 * The admin capability's names and labels, without zod: the first screen (home's 管理员 and invitation entries)
 * imports these; types/admin.ts builds the schemas from them and re-exports them.
 */
import type { Role } from './roles';

/** Roles an invitation can carry: the staff and office-holders who start an estate. */
export const INVITABLE_ROLES = ['community_staff', 'subdistrict_staff', 'party_secretary', 'grid_worker', 'property_manager', 'committee_member'] as const satisfies readonly Role[];
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

/** The mini-program page that redeems a code (a QR code encodes `${INVITE_PAGE}?code=...`). */
export const INVITE_PAGE = 'pages/invite/index';

/** A code as typed: upper-cased, spaces and dashes removed (shown grouped as ABCD-EFGH-JKMN). */
export const normalizeInvitationCode = (s: string) => s.normalize('NFKC').toUpperCase().replace(/[\s\-_]/g, '');

export type InvitationStatus = 'open' | 'used' | 'revoked' | 'expired';
export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = { open: '待使用', used: '已使用', revoked: '已撤销', expired: '已过期' };

export const ADMIN_FIELD_LABELS = {
  name: '小区名称',
  district: '所在区和街道',
  address: '地址',
  communityName: '社区居委会',
  partyBranchName: '小区党支部',
  requireIdLast4: '认证时核对身份证后四位',
  role: '角色',
  inviteeName: '被邀请人姓名',
  invitationId: '邀请',
  code: '邀请码',
};
