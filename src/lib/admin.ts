/**
 * View logic of the 管理员 page (deployment administrator: create estates, issue and revoke invitation codes) and of
 * the 输入邀请码 page (anyone: redeem a code). Plain TypeScript without Taro so jest can test it; the pages only
 * render what these return. Who is an administrator is decided by the server (configuration), never here.
 */
import { ADMIN_FIELD_LABELS, INVITABLE_ROLES, INVITATION_STATUS_LABELS, normalizeInvitationCode } from '../../types/admin-labels';
import type {
  AdminEstateView,
  AdminStatusOutput,
  CreateEstateInput,
  CreateEstateOutput,
  InvitableRole,
  InvitationView,
  IssueInvitationInput,
  IssueInvitationOutput,
  ListEstatesOutput,
  ListInvitationsOutput,
  RedeemInvitationInput,
  RedeemInvitationOutput,
} from '../../types/admin';
import { ROLE_LABELS } from '../../types/roles';
import type { ApiError, ApiResult } from '../../types/errors';
import { formatShanghai } from '../../types/time';

/** The slice of the API facade these pages use (src/api/client.ts satisfies it). */
export interface AdminApi {
  admin: {
    adminStatus(input: Record<string, never>): Promise<ApiResult<AdminStatusOutput>>;
    createEstate(input: CreateEstateInput): Promise<ApiResult<CreateEstateOutput>>;
    listEstates(input: Record<string, never>): Promise<ApiResult<ListEstatesOutput>>;
    issueInvitation(input: IssueInvitationInput): Promise<ApiResult<IssueInvitationOutput>>;
    listInvitations(input: { estateId: string }): Promise<ApiResult<ListInvitationsOutput>>;
    revokeInvitation(input: { estateId: string; invitationId: string }): Promise<ApiResult<ListInvitationsOutput>>;
    redeemInvitation(input: RedeemInvitationInput): Promise<ApiResult<RedeemInvitationOutput>>;
  };
}

export { ADMIN_TEXT, ADMIN_URL, adminEntryVisible, INVITE_URL } from './admin-entry';

/** Fields of the 创建小区 form, in order, with their labels and placeholders. */
export const ESTATE_FIELDS = [
  { key: 'name', label: ADMIN_FIELD_LABELS.name, placeholder: '例如 兰亭苑' },
  { key: 'district', label: ADMIN_FIELD_LABELS.district, placeholder: '例如 和平区幸福街道' },
  { key: 'address', label: ADMIN_FIELD_LABELS.address, placeholder: '例如 和平区兰亭路 1 号' },
  { key: 'communityName', label: ADMIN_FIELD_LABELS.communityName, placeholder: '例如 兰亭社区居委会' },
  { key: 'partyBranchName', label: ADMIN_FIELD_LABELS.partyBranchName, placeholder: '例如 兰亭苑小区党支部' },
] as const;
export type EstateTextField = (typeof ESTATE_FIELDS)[number]['key'];
export type EstateForm = Record<EstateTextField, string> & { requireIdLast4: boolean };
export const EMPTY_ESTATE_FORM: EstateForm = { name: '', district: '', address: '', communityName: '', partyBranchName: '', requireIdLast4: false };

export type FormErrors = Partial<Record<string, string>> & { form?: string };

/** API field errors under their fields; the rest (and errors without fields) as one form-level line. */
export function formErrorsFrom(error: ApiError, fields: readonly string[]): FormErrors {
  const out: FormErrors = {};
  const other: string[] = [];
  for (const f of error.fields ?? []) {
    if (fields.includes(f.field)) out[f.field] ??= f.message;
    else if (!other.includes(f.message)) other.push(f.message);
  }
  if (other.length) out.form = other.join('；');
  else if (!Object.keys(out).length) out.form = error.message;
  return out;
}

/** The roles an invitation can carry, as picker options (Chinese labels). */
export const ROLE_OPTIONS: { role: InvitableRole; label: string }[] = INVITABLE_ROLES.map((role) => ({ role, label: ROLE_LABELS[role] }));

export interface EstateRow {
  estateId: string;
  name: string;
  detail: string;
  rosterText: string;
}
export function estateRows(estates: readonly AdminEstateView[]): EstateRow[] {
  return estates.map((e) => ({
    estateId: e.estateId,
    name: e.name,
    detail: [e.district, e.communityName, e.partyBranchName].filter(Boolean).join(' · '),
    rosterText: e.rosterVersion > 0 ? `名册第 ${e.rosterVersion} 版 · ${e.unitCount} 套房屋` : '尚未导入名册',
  }));
}

export interface InvitationRow {
  invitationId: string;
  title: string;
  statusLabel: string;
  status: InvitationView['status'];
  timeText: string;
  /** only open invitations can be revoked */
  revocable: boolean;
}
export function invitationRows(invitations: readonly InvitationView[]): InvitationRow[] {
  return invitations.map((i) => ({
    invitationId: i.invitationId,
    title: `${ROLE_LABELS[i.role]} · ${i.inviteeMasked}`,
    status: i.status,
    statusLabel: INVITATION_STATUS_LABELS[i.status],
    timeText:
      i.status === 'used' && i.usedAt
        ? `${formatShanghai(i.usedAt)} 已使用`
        : i.status === 'revoked' && i.revokedAt
          ? `${formatShanghai(i.revokedAt)} 已撤销`
          : `有效期至 ${formatShanghai(i.expiresAt)}`,
    revocable: i.status === 'open',
  }));
}

export type AdminState =
  | { status: 'loading' }
  | { status: 'not-admin'; openid: string }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; estates: AdminEstateView[] };

/** Load the page: am I an administrator (server's answer), then the estates. */
export async function loadAdmin(api: AdminApi): Promise<AdminState> {
  const who = await api.admin.adminStatus({});
  if (!who.ok) return { status: 'error', error: who.error };
  if (!who.data.isAdmin) return { status: 'not-admin', openid: who.data.openid };
  const list = await api.admin.listEstates({});
  return list.ok ? { status: 'ready', estates: list.data.estates } : { status: 'error', error: list.error };
}

/* ------------------------------------------------------------------ 输入邀请码 */

/** The code a QR link carries (`pages/invite/index?code=...`), normalised; '' when absent or not a string. */
export function codeFromQuery(params: Record<string, unknown> | undefined): string {
  const raw = params?.code;
  if (typeof raw !== 'string') return '';
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    /* keep as is */
  }
  return normalizeInvitationCode(decoded).slice(0, 40);
}

/** ABCDEFGHJKMN → ABCD-EFGH-JKMN, for showing what was typed or scanned. */
export const displayCode = (code: string) => normalizeInvitationCode(code).replace(/(.{4})(?=.)/g, '$1-');

export type RedeemOutcome = { ok: true; message: string; estateId: string } | { ok: false; message: string };

export async function redeem(api: Pick<AdminApi, 'admin'>, code: string): Promise<RedeemOutcome> {
  const r = await api.admin.redeemInvitation({ code });
  if (!r.ok) return { ok: false, message: r.error.fields?.[0]?.message ?? r.error.message };
  if (r.data.awaitingConfirmation) {
    return { ok: true, estateId: r.data.estateId, message: `邀请码已使用。“${r.data.estateName}”的${ROLE_LABELS[r.data.role]}角色需另一位工作人员或街道确认后生效，确认后你会收到消息` };
  }
  return { ok: true, estateId: r.data.estateId, message: `你已加入“${r.data.estateName}”，角色：${ROLE_LABELS[r.data.role]}` };
}
