import * as z from 'zod/mini';
import { IdSchema, textCheck, type Instant } from './common';
import { action, defineCapability } from './contract';
import { PersonNameSchema, type EstateSummary } from './identity';
import { ADMIN_FIELD_LABELS, INVITABLE_ROLES, normalizeInvitationCode, type InvitableRole, type InvitationStatus } from './admin-labels';

export {
  ADMIN_FIELD_LABELS,
  INVITABLE_ROLES,
  INVITATION_STATUS_LABELS,
  INVITE_PAGE,
  normalizeInvitationCode,
  type InvitableRole,
  type InvitationStatus,
} from './admin-labels';

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

/** An invitation is valid for this long after it was issued (server clock). */
export const INVITATION_TTL_DAYS = 7;
/** Characters of a code: no 0/O, 1/I/L, so it can be read out and typed without mistakes. */
export const INVITATION_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const INVITATION_CODE_LENGTH = 12;
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
