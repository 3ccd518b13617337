/**
 * The identity capability's names, labels and fixed lists, without zod: pages (and src/lib modules shared with the
 * first screen) import these; types/identity.ts builds the schemas from them and re-exports them.
 */
import type { Role } from './roles';

/** Template columns, in order. One row per owner; co-owners repeat the unit on several rows. */
export const ROSTER_COLUMNS = [
  { key: 'building', header: '楼栋' },
  { key: 'entrance', header: '单元' },
  { key: 'room', header: '房号' },
  { key: 'area', header: '登记面积(㎡)' },
  { key: 'ownerName', header: '业主姓名' },
  { key: 'idNumber', header: '身份证号' },
  { key: 'phone', header: '手机号' },
  { key: 'certificateNo', header: '不动产权证号' },
  { key: 'developerHeld', header: '开发商持有' },
] as const;
export type RosterColumnKey = (typeof ROSTER_COLUMNS)[number]['key'];

/** Bumped whenever the privacy notice text changes; consent is recorded against a version. */
export const PRIVACY_NOTICE_VERSION = '2026-11-01';

/** Shown before any phone number, ID digits or certificate photo is collected (PIPL Art. 29 separate consent). */
export const PRIVACY_NOTICE_TEXT = [
  '为核验你是否为本小区业主，我们需要收集：房号、姓名、手机号，以及（小区要求时）身份证号后四位或不动产权证照片。',
  '用途：仅用于与小区业主名册比对或由社区工作人员审核，确认你的业主身份和表决权。',
  '保存方式：手机号和身份证信息只以加密摘要保存，界面中一律脱敏显示；产权证照片仅审核人员可见；不会提供给物业服务企业或其他业主。',
  '你可以随时联系社区居委会查询、更正或删除你的信息。也可以不在线上提供，改为到社区办公室线下核验。',
].join('\n');

/** Tenants and owners' family members ask for the resident role (诉求, comments; never a vote). */
export const RESIDENT_RELATIONS = ['tenant', 'family'] as const;
export type ResidentRelation = (typeof RESIDENT_RELATIONS)[number];
export const RESIDENT_RELATION_LABELS: Record<ResidentRelation, string> = { tenant: '租户', family: '业主家属' };

export const VERIFICATION_METHODS = ['roster_match', 'certificate_review', 'offline_check', 'staff_decision', 'resident_claim'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];
export const VERIFICATION_METHOD_LABELS: Record<VerificationMethod, string> = {
  roster_match: '名册比对',
  certificate_review: '产权证审核',
  offline_check: '线下核验',
  staff_decision: '工作人员决定',
  resident_claim: '住户登记',
};
export type VerificationStatus = 'pending' | 'approved' | 'rejected';
export const VERIFICATION_STATUS_LABELS: Record<VerificationStatus, string> = { pending: '待审核', approved: '已通过', rejected: '未通过' };

export const STAFF_GRANTABLE_ROLES = ['resident', 'party_secretary', 'party_member', 'committee_member', 'property_manager', 'community_staff', 'subdistrict_staff', 'grid_worker'] as const;

/**
 * Roles that take effect only when a second authorised person confirms the grant (issue 8): another community
 * staff member of the estate (neither the proposer nor the person receiving it) or sub-district staff. Other
 * roles apply at once. Revoking any role applies at once (so a misused account can be stopped by one person),
 * never on oneself, always with a reason, and the member is told. The one list: everything else derives from it.
 */
export const SENSITIVE_ROLES = ['community_staff', 'subdistrict_staff', 'party_secretary'] as const satisfies readonly Role[];
export const isSensitiveRole = (role: Role): boolean => (SENSITIVE_ROLES as readonly Role[]).includes(role);

/** Every field label of the identity capability (estateId, unitId, memberKey… come from SHARED_FIELD_LABELS). */
export const IDENTITY_LABELS = {
  unit: '房屋',
  building: '楼栋',
  entrance: '单元',
  room: '房号',
  name: '姓名',
  phone: '手机号',
  phoneCode: '微信手机号',
  idLast4: '身份证后四位',
  consentVersion: '隐私授权',
  certificateFileIds: '产权证照片',
  relation: '身份',
  accountKey: '账号',
  importId: '导入批次',
  fileId: '文件',
  fileName: '文件名',
  role: '角色',
  grant: '操作',
  decision: '审核结果',
  index: '照片序号',
  cursor: '翻页位置',
  transfer: '产权转移',
  residence: '居住位置',
  itemId: '复核记录',
  grantId: '角色授予',
};
