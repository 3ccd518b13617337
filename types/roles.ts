/**
 * Roles and their Chinese names, without zod: pages import these on the first screen (types/common.ts builds
 * RoleSchema from them and re-exports them for everyone else).
 */
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
