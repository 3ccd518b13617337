/**
 * View logic of 成员与角色 (packages/staff/identity/members): the estate's members with their roles and units,
 * granting/revoking roles with a reason, revoking ownership of a unit (a transfer), and the staff decision on
 * a co-owned unit's voting representative when the co-owners cannot agree.
 */
import { ROLES, ROLE_LABELS, type Role } from '../../types/roles';
import type { ApiResult } from '../../types/errors';
import { allows } from '../../types/permissions';
import { formatShanghai } from '../../types/time';
import { isSensitiveRole, STAFF_GRANTABLE_ROLES, VERIFICATION_METHOD_LABELS } from '../../types/identity-labels';
import type {
  ChangeRoleOutput,
  DecideRoleGrantInput,
  RoleGrantView,
  ChangeRoleInput,
  ListMembersInput,
  ListMembersOutput,
  MemberView,
  RevokeOwnershipInput,
  StaffDecideRepresentativeInput,
} from '../../types/identity';

export const MEMBERS_TEXT = {
  title: '成员与角色',
  search: '搜索姓名、房号或角色',
  empty: '没有符合条件的成员',
  /** `more`: another page can be loaded, so the total is not known yet */
  count: (shown: number, loaded: number, more = false) =>
    more ? (shown === loaded ? `已加载 ${loaded} 人` : `显示 ${shown} / 已加载 ${loaded} 人`) : shown === loaded ? `共 ${loaded} 人` : `显示 ${shown} / ${loaded} 人`,
  searchHint: '搜索只查已加载的成员；按角色或楼栋筛选可查全部',
  more: '加载更多',
  loadingMore: '正在加载…',
  allRoles: '全部角色',
  allBuildings: '全部楼栋',
  roleFilterLabel: '按角色筛选',
  buildingLabel: '楼栋',
  building: (b: string) => `${b}号楼`,
  rolesTitle: '调整角色',
  grant: '授予',
  revoke: '撤销',
  reasonLabel: '理由（必填，记入审计日志）',
  reasonPlaceholder: '例如：经居委会会议决定',
  revokeOwnership: '登记产权变更（解除房屋关联）',
  revokeOwnershipHint: '房屋已过户时使用：解除此成员与该房屋的关联，原业主不再代表该房屋投票。',
  makeRepresentative: '指定为表决权代表',
  representativeHint: '共有人无法达成一致时，由社区居委会依据材料指定表决权代表。',
  representative: '表决权代表',
  confirm: '确认',
  cancel: '取消',
  submitting: '提交中…',
  done: '已保存',
  ownerNote: '“业主”角色只能通过身份认证获得，不能手工授予。',
  sensitiveNote: '居委会、街道和党支部书记角色需另一位工作人员或街道确认后才生效；不能调整自己的角色。',
  grantsTitle: '待确认的角色授予',
  pendingTag: '待确认',
  grantConfirm: '确认',
  grantReject: '拒绝',
  grantWithdraw: '撤回',
  grantRejectReason: '拒绝理由（必填）',
  grantSubmitted: '已提交，待另一人确认',
  grantDone: { confirm: '已确认，角色已生效', reject: '已拒绝', withdraw: '已撤回' },
} as const;

export interface MemberUnitRow {
  unitId: string;
  label: string;
  tags: string[];
  isRepresentative: boolean;
  /** other accounts are linked to the unit too (counted by the server, not only among loaded members) */
  coOwned: boolean;
}

export interface MemberRow {
  memberKey: string;
  name: string;
  roles: { role: Role; label: string }[];
  units: MemberUnitRow[];
  searchText: string;
}

const roleChips = (roles: readonly Role[]) => ROLES.filter((r) => roles.includes(r)).map((role) => ({ role, label: ROLE_LABELS[role] }));

export function memberRows(members: readonly MemberView[]): MemberRow[] {
  return members.map((m) => {
    const roles = roleChips(m.roles);
    const units = m.units.map((u) => ({
      unitId: u.unitId,
      label: u.label,
      isRepresentative: u.isRepresentative,
      coOwned: u.ownerCount > 1,
      tags: [...(u.isRepresentative ? ['表决权代表'] : []), ...(u.method ? [VERIFICATION_METHOD_LABELS[u.method] ?? u.method] : [])],
    }));
    return {
      memberKey: m.memberKey,
      name: m.displayName,
      roles,
      units,
      searchText: [m.displayName, ...roles.map((r) => r.label), ...m.units.map((u) => u.label)].join(' '),
    };
  });
}

/** Filter by a query that may name a person, a role or a unit ("2号楼", "居委会", "王*"). */
export function filterMembers(rows: readonly MemberRow[], query: string): MemberRow[] {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return [...rows];
  return rows.filter((r) => words.every((w) => r.searchText.includes(w)));
}

export interface RoleOption {
  role: (typeof STAFF_GRANTABLE_ROLES)[number];
  label: string;
  held: boolean;
  /** what tapping it does */
  action: 'grant' | 'revoke';
  /** a grant that only takes effect after a second person confirms it */
  needsConfirmation: boolean;
  /** already proposed and waiting for the second person: offering 授予 again would only repeat it */
  pending: boolean;
}

/** The roles staff may grant or revoke (never 'owner'), each with what a tap would do. */
export function roleOptions(member: Pick<MemberView, 'roles'>, pendingRoles: readonly Role[] = []): RoleOption[] {
  return STAFF_GRANTABLE_ROLES.map((role) => {
    const held = member.roles.includes(role);
    const needsConfirmation = !held && isSensitiveRole(role);
    return { role, label: ROLE_LABELS[role], held, action: held ? 'revoke' : 'grant', needsConfirmation, pending: needsConfirmation && pendingRoles.includes(role) };
  });
}

export type Checked<T> = { ok: true; input: T } | { ok: false; message: string };

const reasonProblem = (reason: string) => (Array.from(reason.trim()).length < 2 ? '请填写理由（至少 2 个字）' : null);

export function roleChangeInput(estateId: string, memberKey: string, option: Pick<RoleOption, 'role' | 'action'>, reason: string): Checked<ChangeRoleInput> {
  const p = reasonProblem(reason);
  if (p) return { ok: false, message: p };
  return { ok: true, input: { estateId, memberKey, role: option.role, grant: option.action === 'grant', reason: reason.trim() } };
}

export function revokeOwnershipInput(estateId: string, memberKey: string, unitId: string, reason: string): Checked<RevokeOwnershipInput> {
  const p = reasonProblem(reason);
  if (p) return { ok: false, message: p };
  return { ok: true, input: { estateId, memberKey, unitId, reason: reason.trim() } };
}

export function decideRepresentativeInput(
  estateId: string,
  unitId: string,
  memberKey: string,
  reason: string,
): Checked<StaffDecideRepresentativeInput> {
  const p = reasonProblem(reason);
  if (p) return { ok: false, message: p };
  return { ok: true, input: { estateId, unitId, memberKey, reason: reason.trim() } };
}

/** The toast after a role change: a sensitive grant is only submitted, not in effect yet. */
export const roleChangeDone = (out: Pick<ChangeRoleOutput, 'pendingGrant'>) => (out.pendingGrant ? MEMBERS_TEXT.grantSubmitted : MEMBERS_TEXT.done);

export type GrantDecision = DecideRoleGrantInput['decision'];
export interface RoleGrantRow {
  grantId: string;
  title: string;
  detail: string;
  expires: string;
  /** buttons the caller gets: 确认/拒绝 for a second person, 撤回 for the proposer, none for the member */
  actions: { decision: GrantDecision; label: string }[];
}

/** Pending grants of sensitive roles, as the 成员与角色 page lists them. */
export function roleGrantRows(grants: readonly RoleGrantView[]): RoleGrantRow[] {
  return grants.map((g) => ({
    grantId: g.grantId,
    title: `${g.memberName} · ${ROLE_LABELS[g.role]}`,
    detail: `理由：${g.reason} · 发起人：${g.mine ? '我' : g.proposedByName}`,
    expires: `${formatShanghai(g.expiresAt)} 前未确认则失效`,
    actions: g.canDecide
      ? [
          { decision: 'confirm', label: MEMBERS_TEXT.grantConfirm },
          { decision: 'reject', label: MEMBERS_TEXT.grantReject },
        ]
      : g.mine
        ? [{ decision: 'withdraw', label: MEMBERS_TEXT.grantWithdraw }]
        : [],
  }));
}

/** "党支部书记（待确认）" for each grant still waiting for a second person, shown on the member's own row. */
export function pendingRoleTags(grants: readonly RoleGrantView[], memberKey: string): string[] {
  return pendingRolesOf(grants, memberKey).map((role) => `${ROLE_LABELS[role]}（${MEMBERS_TEXT.pendingTag}）`);
}

/** The roles still waiting for a second person's confirmation for this member. */
export function pendingRolesOf(grants: readonly RoleGrantView[], memberKey: string): Role[] {
  return grants.filter((g) => g.memberKey === memberKey && g.status === 'pending').map((g) => g.role);
}

/** A decision on a pending grant; rejecting needs a reason. */
export function decideRoleGrantInput(estateId: string, grantId: string, decision: GrantDecision, reason: string): Checked<DecideRoleGrantInput> {
  const trimmed = reason.trim();
  if (decision === 'reject') {
    const p = reasonProblem(reason);
    if (p) return { ok: false, message: p };
  }
  return { ok: true, input: { estateId, grantId, decision, ...(trimmed ? { reason: trimmed } : {}) } };
}

/** "授予 网格员" / "撤销 网格员" */
export const roleActionLabel = (o: Pick<RoleOption, 'label' | 'action'> & { pending?: boolean }) =>
  o.pending ? `${o.label}（${MEMBERS_TEXT.pendingTag}）` : `${o.action === 'grant' ? MEMBERS_TEXT.grant : MEMBERS_TEXT.revoke} ${o.label}`;

/** Replace one member in the list (after a change) keeping the order. */
export function replaceMember(members: readonly MemberView[], updated: MemberView): MemberView[] {
  return members.map((m) => (m.memberKey === updated.memberKey ? updated : m));
}

// ───────────────────────── Pages and filters ─────────────────────────

/** What the staff member narrowed the list to: a role, a building, both or neither. */
export interface MembersFilter {
  role?: Role;
  building?: string;
}

/** The request for the first page (no cursor) or the next one, always with the same filter. */
export function listMembersInput(estateId: string, filter: MembersFilter, cursor?: string | null): ListMembersInput {
  return {
    estateId,
    ...(filter.role ? { role: filter.role } : {}),
    ...(filter.building ? { building: filter.building } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** The next page appended to what is shown; a member already shown is not repeated (the newer view wins in place). */
export function appendMembers(shown: ListMembersOutput, page: ListMembersOutput): ListMembersOutput {
  const fresh = new Map(page.members.map((m) => [m.memberKey, m]));
  const kept = shown.members.map((m) => fresh.get(m.memberKey) ?? m);
  const seen = new Set(shown.members.map((m) => m.memberKey));
  return { members: [...kept, ...page.members.filter((m) => !seen.has(m.memberKey))], next: page.next, buildings: shown.buildings.length ? shown.buildings : page.buildings };
}

/** The role chips: 全部角色 then every role, in the contract's order; `selected` marks the current one. */
export function roleFilterChips(selected: Role | undefined): { role: Role | undefined; label: string; selected: boolean }[] {
  return [{ role: undefined, label: MEMBERS_TEXT.allRoles }, ...ROLES.map((role) => ({ role, label: ROLE_LABELS[role] }))].map((c) => ({
    ...c,
    selected: c.role === selected,
  }));
}

/** The building picker's choices: 全部楼栋 then each building of the estate ("1" → "1号楼"). */
export function buildingChoices(buildings: readonly string[]): { building: string | undefined; label: string }[] {
  return [{ building: undefined, label: MEMBERS_TEXT.allBuildings }, ...buildings.map((b) => ({ building: b, label: MEMBERS_TEXT.building(b) }))];
}

// ───────────────────────── Who sees what on the page ─────────────────────────

/**
 * 'manage': the member list with its role and ownership changes, and the pending grants (community staff);
 * 'confirm': only the pending grants of sensitive roles, to confirm or reject (sub-district staff, who may
 * confirm grants but not manage members); null: neither (the server would refuse both reads).
 */
export type MembersPageMode = 'manage' | 'confirm' | null;
export function membersPageMode(roles: readonly Role[]): MembersPageMode {
  if (allows(roles, 'identity.manageMembers')) return 'manage';
  if (allows(roles, 'identity.confirmRoleGrant')) return 'confirm';
  return null;
}

export const CONFIRM_ONLY_TEXT = {
  title: '角色授予确认',
  hint: '居委会、街道和党支部书记角色的授予需第二人确认后才生效。你可以确认或拒绝下面的授予（不能确认自己的）。',
  empty: '目前没有待确认的角色授予',
} as const;

const NO_MEMBERS: ListMembersOutput = { members: [], next: null, buildings: [] };

/**
 * The page's first read: the members (with the filter) when the caller manages members; for confirm-only roles
 * nothing (the page lists the pending grants itself), so sub-district staff open the page instead of 无权限.
 * Roles that may do neither still ask the server, whose FORBIDDEN becomes the page's 无权限 state.
 */
export function loadMembersList(
  api: { identity: { listMembers(input: ListMembersInput): Promise<ApiResult<ListMembersOutput>> } },
  estateId: string,
  roles: readonly Role[],
  filter: MembersFilter,
): Promise<ApiResult<ListMembersOutput>> {
  if (membersPageMode(roles) === 'confirm') return Promise.resolve({ ok: true, data: NO_MEMBERS });
  return api.identity.listMembers(listMembersInput(estateId, filter));
}
