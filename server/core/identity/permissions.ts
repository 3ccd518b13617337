import { ROLES, type Role } from '../../../types/common';

/**
 * Who may do what, as data. Every action names one permission; the handler's use case checks it
 * against the caller's roles in the estate the action touches. Adding an action = adding a line here.
 */
export const PERMISSIONS = {
  /** read the estate home: any role in the estate */
  'estate.view': ROLES,
  'deliberation.viewTopics': ROLES,
  /** the estate party branch opens deliberation topics (DOMAIN §1) */
  'deliberation.openTopic': ['party_secretary'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allows(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}
