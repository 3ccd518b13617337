import { CAPABILITIES } from './capabilities';
import { ROLES, ROLE_LABELS, type Role } from './common';
import type { AnyAction } from './contract';
import type { ErrorCode } from './errors';
import { PERMISSIONS, type Permission } from './permissions';

/**
 * The authorization matrix: for every contract action, every role and every target, may the caller act?
 *
 * It is DERIVED, not written by hand: each action already declares its `access` (signedIn, member or a
 * permission from types/permissions.ts) and its `scope` (none, estate, unit) in types/<capability>.ts, and
 * a second hand-written table would drift from them. The derivation rule:
 *
 * - access 'admin' (types/admin.ts): refused to every role on every target; only the deployment administrators
 *   named by configuration (GONGYI_ADMIN_OPENIDS) pass, and they are walked separately by the matrix test.
 * - scope 'none' (the caller's own account): every signed-in caller, whatever their roles.
 * - scope 'estate': `signedIn` actions are open in any estate (an applicant verifies into an estate they
 *   are not yet a member of); `member` needs a role in the estate named by input.estateId; a permission
 *   needs a role there that PERMISSIONS admits. Another estate (no membership there) is refused.
 * - scope 'unit': the same role rule, and the unit must be one of the caller's own; somebody else's unit in
 *   the same estate, or a unit in another estate, is refused. The one place where a use case is wider than
 *   "own unit" is listed in UNIT_SCOPE_STAFF_ACCESS (data, next to this rule).
 *
 * Targets: 'ownUnit' (a unit the caller owns, so only the owner role has one), 'ownEstate' (the estate
 * where the caller holds the role; for unit-scoped actions a unit there that is NOT theirs), 'otherEstate'
 * (an estate where the caller holds no role). A target that does not apply is 'n/a'.
 *
 * tests/functions/authorization-matrix.test.ts walks every cell through the local gateway with one persona
 * per role; docs/authorization.md is rendered from this file (`npx tsx scripts/authorization-doc.ts`).
 */
export const TARGETS = ['ownUnit', 'ownEstate', 'otherEstate'] as const;
export type Target = (typeof TARGETS)[number];
export const TARGET_LABELS: Record<Target, string> = { ownUnit: '本人房屋', ownEstate: '本小区', otherEstate: '其他小区' };
export type Cell = 'allowed' | 'refused' | 'n/a';

/**
 * Unit-scoped actions that a permission opens on ANY unit of the estate, not only the caller's own:
 * community staff see every unit's co-owners to settle representative disputes (server/app/identity/
 * representatives.ts unitContext). Proposing and confirming stay with the co-owners themselves.
 */
export const UNIT_SCOPE_STAFF_ACCESS: Record<string, Permission> = {
  'identity.unitOwners': 'identity.manageMembers',
};

/** The codes that mean "not you / not here": the matrix's refused cells answer one of these, allowed cells never do. */
export const AUTHORIZATION_REFUSALS = ['NOT_AUTHENTICATED', 'NOT_A_MEMBER', 'FORBIDDEN', 'UNIT_OWNERS_ONLY', 'CO_OWNERS_ONLY'] as const satisfies readonly ErrorCode[];

const roleAdmitted = (access: AnyAction['access'], role: Role) =>
  access === 'signedIn' || access === 'member' || (access !== 'admin' && (PERMISSIONS[access as Permission] as readonly Role[]).includes(role));

/** Whether a caller holding exactly `role` (in their own estate) may call `action` on `target`. */
export function authorizationCell(actionKey: string, contract: Pick<AnyAction, 'access' | 'scope'>, role: Role, target: Target): Cell {
  const { access, scope } = contract;
  // 'admin': only the configured deployment administrators, who hold no role; every role is refused everywhere
  if (access === 'admin') return target === 'ownEstate' || (scope === 'estate' && target === 'otherEstate') ? 'refused' : 'n/a';
  if (scope === 'none') return target === 'ownEstate' ? 'allowed' : 'n/a';
  if (scope === 'estate') {
    if (target === 'ownUnit') return 'n/a';
    if (access === 'signedIn') return 'allowed';
    return target === 'ownEstate' && roleAdmitted(access, role) ? 'allowed' : 'refused';
  }
  // scope 'unit'
  if (target === 'ownUnit') return role === 'owner' ? (roleAdmitted(access, role) ? 'allowed' : 'refused') : 'n/a';
  if (target === 'otherEstate') return 'refused';
  const staff = UNIT_SCOPE_STAFF_ACCESS[actionKey];
  return staff && roleAdmitted(access, role) && (PERMISSIONS[staff] as readonly Role[]).includes(role) ? 'allowed' : 'refused';
}

export interface MatrixRow {
  capability: string;
  action: string;
  access: AnyAction['access'];
  scope: AnyAction['scope'];
  cells: Record<Role, Record<Target, Cell>>;
}

/** The whole matrix, from the contracts (CAPABILITIES); a new action appears here without a new line. */
export function authorizationMatrix(capabilities: readonly { name: string; actions: Record<string, AnyAction> }[] = CAPABILITIES): MatrixRow[] {
  return capabilities.flatMap((c) =>
    Object.entries(c.actions).map(([action, contract]) => {
      const key = `${c.name}.${action}`;
      const cells = Object.fromEntries(ROLES.map((role) => [role, Object.fromEntries(TARGETS.map((t) => [t, authorizationCell(key, contract, role, t)]))])) as MatrixRow['cells'];
      return { capability: c.name, action, access: contract.access, scope: contract.scope, cells };
    }),
  );
}

const MARK: Record<Cell, string> = { allowed: '✓', refused: '✗', 'n/a': '·' };

/** docs/authorization.md: one row per action, one column per role; each cell shows own unit / own estate / other estate. */
export function renderAuthorizationMarkdown(rows: MatrixRow[] = authorizationMatrix()): string {
  const head = ['操作', '权限', '范围', ...ROLES.map((r) => ROLE_LABELS[r])];
  const lines = [
    '# 权限矩阵 (authorization matrix)',
    '',
    '由 `types/authorization.ts` 从各能力契约（`types/<capability>.ts` 的 access 与 scope）推导生成，请勿手改：',
    '`npx tsx scripts/authorization-doc.ts`。`tests/functions/authorization-matrix.test.ts` 通过本地网关逐格验证。',
    '',
    `每格三个符号依次为：${TARGETS.map((t) => TARGET_LABELS[t]).join(' / ')}。✓ 允许，✗ 拒绝（${AUTHORIZATION_REFUSALS.join('、')}），· 不适用。`,
    '未登录时所有操作均返回 NOT_AUTHENTICATED。',
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => {
      const cells = ROLES.map((role) => TARGETS.map((t) => MARK[r.cells[role][t]]).join(''));
      return `| ${r.capability}.${r.action} | ${r.access} | ${r.scope} | ${cells.join(' | ')} |`;
    }),
    '',
    '例外（数据，见 `UNIT_SCOPE_STAFF_ACCESS`）：',
    ...Object.entries(UNIT_SCOPE_STAFF_ACCESS).map(([a, p]) => `- ${a}: 持有 ${p} 权限的角色（${PERMISSIONS[p].map((r) => ROLE_LABELS[r]).join('、')}）可查看本小区任意房屋。`),
    '',
  ];
  return lines.join('\n');
}
