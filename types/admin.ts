import * as z from 'zod/mini';
import { IdSchema, textCheck, type Instant, type Role } from './common';
import { action, defineCapability } from './contract';
import { PersonNameSchema, type EstateSummary } from './identity';

/**
 * The deployment administrator's capability: create estates and invite the first staff with single-use,
 * expiring invitation codes; and, for anyone signed in, redeem such a code.
 *
 * Who the administrator is comes from configuration only (GONGYI_ADMIN_OPENIDS, comma-separated openids; on
 * CloudBase the `admin` function's envVariables in cloudbaserc.json), never from a request: the generic handler
 * refuses access 'admin' actions to every other caller with FORBIDDEN. The administrator is not a member of any
 * estate and holds no role in one; codes are stored only as keyed hashes, so the database never holds a usable code.
 *
 * Decision: only the administrator issues invitations. Community staff grant the non-staff roles of their estate
 * through identity.changeRole (with its checks), so there is one place per kind of grant.
 */

/** Roles an invitation can carry: the staff and office-holders who start an estate. */
export const INVITABLE_ROLES = ['community_staff', 'subdistrict_staff', 'party_secretary', 'grid_worker', 'property_manager', 'committee_member'] as const satisfies readonly Role[];
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

/** An invitation is valid for this long after it was issued (server clock). */
export const INVITATION_TTL_DAYS = 7;
/** Characters of a code: no 0/O, 1/I/L, so it can be read out and typed without mistakes. */
export const INVITATION_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const INVITATION_CODE_LENGTH = 12;
/** The mini-program page that redeems a code (a QR code encodes `${INVITE_PAGE}?code=...`). */
export const INVITE_PAGE = 'pages/invite/index';

/** A code as typed: upper-cased, spaces and dashes removed (shown grouped as ABCD-EFGH-JKMN). */
export const normalizeInvitationCode = (s: string) => s.normalize('NFKC').toUpperCase().replace(/[\s\-_]/g, '');
export const InvitationCodeSchema = z
  .string()
  .check(z.maxLength(40), z.overwrite(normalizeInvitationCode), z.length(INVITATION_CODE_LENGTH), z.regex(new RegExp(`^[${INVITATION_ALPHABET}]+$`)));

const text = (min: number, max: number) => z.string().check(textCheck(), z.trim(), z.minLength(min), z.maxLength(max));

export const CreateEstateSchema = z.strictObject({
  name: text(2, 40),
  /** 区、街道 */
  district: text(2, 60),
  address: text(2, 80),
  /** 社区居委会 */
  communityName: text(2, 40),
  /** 小区党支部 */
  partyBranchName: text(2, 40),
  /** roster matches also ask for the last 4 characters of the ID number */
  requireIdLast4: z.boolean(),
});
export type CreateEstateInput = z.infer<typeof CreateEstateSchema>;

/** What the administrator sees of an estate: the estate's own summary fields (types/identity.ts), plus setup state. */
export interface AdminEstateView extends Pick<EstateSummary, 'estateId' | 'name' | 'district' | 'address' | 'communityName' | 'partyBranchName'> {
  requireIdLast4: boolean;
  unitCount: number;
  rosterVersion: number;
  createdAt: Instant;
}
export interface CreateEstateOutput {
  estate: AdminEstateView;
}
export interface ListEstatesOutput {
  estates: AdminEstateView[];
}

export const IssueInvitationSchema = z.strictObject({
  estateId: IdSchema,
  role: z.enum(INVITABLE_ROLES),
  /** who the code is for, so the list says whom to chase; stored masked (吴*) */
  inviteeName: PersonNameSchema,
});
export type IssueInvitationInput = z.infer<typeof IssueInvitationSchema>;

export type InvitationStatus = 'open' | 'used' | 'revoked' | 'expired';
export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = { open: '待使用', used: '已使用', revoked: '已撤销', expired: '已过期' };

export interface InvitationView {
  invitationId: string;
  estateId: string;
  role: InvitableRole;
  inviteeMasked: string;
  status: InvitationStatus;
  createdAt: Instant;
  expiresAt: Instant;
  usedAt: Instant | null;
  revokedAt: Instant | null;
}
export interface IssueInvitationOutput {
  invitation: InvitationView;
  /** the code, shown ONCE: only its keyed hash is stored */
  code: string;
  /** what a QR code encodes: the mini-program page that redeems it */
  path: string;
}
export interface ListInvitationsOutput {
  invitations: InvitationView[];
}

export const EstateIdOnlySchema = z.strictObject({ estateId: IdSchema });
export const RevokeInvitationSchema = z.strictObject({ estateId: IdSchema, invitationId: IdSchema });
export const RedeemInvitationSchema = z.strictObject({ code: InvitationCodeSchema });
export type RedeemInvitationInput = z.infer<typeof RedeemInvitationSchema>;
export interface RedeemInvitationOutput {
  estateId: string;
  estateName: string;
  role: InvitableRole;
  /**
   * Set for a sensitive role (居委会, 街道, 党支部书记) when the estate already has someone who can confirm it:
   * the role takes effect only after another authorised person confirms it (the redeemer is told).
   */
  awaitingConfirmation?: true;
}
export const AdminStatusSchema = z.strictObject({});
export interface AdminStatusOutput {
  /** the caller is a deployment administrator (configuration) */
  isAdmin: boolean;
  /** the caller's own openid, from the platform: what to put into GONGYI_ADMIN_OPENIDS to make this account one */
  openid: string;
}

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

export const admin = defineCapability('admin', {
  labels: ADMIN_FIELD_LABELS,
  actions: {
    adminStatus: action<AdminStatusOutput>()({ input: AdminStatusSchema, access: 'signedIn', scope: 'none', summary: '当前账号是否为部署管理员' }),
    createEstate: action<CreateEstateOutput>()({ input: CreateEstateSchema, access: 'admin', scope: 'none', summary: '管理员创建小区' }),
    listEstates: action<ListEstatesOutput>()({ input: AdminStatusSchema, access: 'admin', scope: 'none', summary: '管理员查看全部小区' }),
    issueInvitation: action<IssueInvitationOutput>()({
      input: IssueInvitationSchema, access: 'admin', scope: 'estate', errors: ['ESTATE_NOT_FOUND'], summary: '为小区的一个角色签发一次性邀请码（7 天有效）',
    }),
    listInvitations: action<ListInvitationsOutput>()({ input: EstateIdOnlySchema, access: 'admin', scope: 'estate', errors: ['ESTATE_NOT_FOUND'], summary: '小区的邀请码及其状态' }),
    revokeInvitation: action<ListInvitationsOutput>()({
      input: RevokeInvitationSchema, access: 'admin', scope: 'estate', errors: ['NOT_FOUND', 'INVITATION_USED', 'INVITATION_REVOKED'], summary: '撤销未使用的邀请码',
    }),
    redeemInvitation: action<RedeemInvitationOutput>()({
      input: RedeemInvitationSchema, access: 'signedIn', scope: 'none',
      errors: ['INVITATION_NOT_FOUND', 'INVITATION_EXPIRED', 'INVITATION_REVOKED', 'INVITATION_USED', 'ROLE_ALREADY_HELD'], summary: '输入邀请码，加入小区并取得角色',
    }),
  },
});
