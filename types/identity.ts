import * as z from 'zod/mini';
import { IdSchema, PageCursorSchema, RoleSchema, textCheck, type Role } from './common';
import { action, defineCapability } from './contract';
import { renderError, type ErrorCode, type ParamsArg } from './errors';
import { MOBILE_PATTERN, normalizeCode, normalizeName, normalizePhone, normalizeUnitPart, type UnitPart } from './normalize';
import {
  PRIVACY_NOTICE_VERSION,
  RESIDENT_RELATIONS,
  STAFF_GRANTABLE_ROLES,
  SENSITIVE_ROLES,
  IDENTITY_LABELS,
  type VerificationMethod,
  type VerificationStatus,
} from './identity-labels';

export {
  ROSTER_COLUMNS,
  PRIVACY_NOTICE_VERSION,
  PRIVACY_NOTICE_TEXT,
  RESIDENT_RELATIONS,
  RESIDENT_RELATION_LABELS,
  VERIFICATION_METHODS,
  VERIFICATION_METHOD_LABELS,
  VERIFICATION_STATUS_LABELS,
  STAFF_GRANTABLE_ROLES,
  SENSITIVE_ROLES,
  isSensitiveRole,
  IDENTITY_LABELS,
  type RosterColumnKey,
  type ResidentRelation,
  type VerificationMethod,
  type VerificationStatus,
} from './identity-labels';

export const MeInputSchema = z.strictObject({
  /** which estate to show; defaults to the caller's first estate */
  estateId: z.optional(IdSchema),
});
export type MeInput = z.infer<typeof MeInputSchema>;

export interface EstateSummary {
  estateId: string;
  name: string;
  district: string;
  address: string;
  communityName: string;
  partyBranchName: string;
  buildingCount: number;
  /** roster totals per SPC interpretation Art. 8/9, from the current roster */
  totals: { unitCount: number; areaCenti: number; headcount: number };
}

export interface MyUnit {
  unitId: string;
  label: string; // e.g. "1号楼1单元101"
  areaCenti: number;
  /** true when this account casts the unit's ballot (sole owner or designated representative) */
  isRepresentative: boolean;
}

/** A resident's home as staff confirmed it: the unit, or only the building when the unit was not confirmed. */
export interface Residence {
  /** null when staff recorded only the building */
  unitId: string | null;
  /** "2号楼1单元502", or "2号楼" for a building only */
  label: string;
  building: string;
}
/** What staff record when confirming a resident's registration: the claimed unit, or only its building. */
export const RESIDENCE_KINDS = ['unit', 'building'] as const;
export type ResidenceKind = (typeof RESIDENCE_KINDS)[number];

/** A unit this account was linked to until recently (sale, transfer, unlinked by staff or a roster review). */
export interface FormerUnit {
  unitId: string;
  label: string;
  /** when the link ended (ISO) */
  endedAt: string;
}

export interface MeOutput {
  /** every estate where the caller holds a role, for the estate switcher */
  estates: { estateId: string; name: string }[];
  current: {
    estate: EstateSummary;
    displayName: string; // masked, e.g. 王*明
    roles: Role[];
    units: MyUnit[];
    /** units unlinked in the last FORMER_UNIT_DAYS days, so a seller reads why the unit is gone */
    formerUnits: FormerUnit[];
    /** where a registered resident lives, as staff recorded it when confirming the registration (absent for others) */
    residence?: Residence | null;
  } | null;
}

// ───────────────────────── Uploads (roster files, certificate photos) ─────────────────────────

export { UPLOAD_MAX_BYTES } from './uploads';

export const EmptyInputSchema = z.strictObject({});
export type EmptyInput = z.infer<typeof EmptyInputSchema>;

/** `uploadTicket`: the cloud-storage folder the caller may upload into (WeChat clients do not know their openid). */
export interface UploadTicketOutput {
  /** "uploads/<openid>/": the server only accepts fileIds under the caller's own folder */
  prefix: string;
}

/** `registerUpload`: a WeChat client reports each file it put under its prefix (quota; cleanup of unused files). */
export const RegisterUploadSchema = z.strictObject({
  fileId: z.string().check(textCheck(), z.minLength(1), z.maxLength(300)),
});
export type RegisterUploadInput = z.infer<typeof RegisterUploadSchema>;
export interface RegisterUploadOutput {
  fileId: string;
}

// ───────────────────────── Roster (名册) import: staff ─────────────────────────


/** The codes of row problems: the `ROW_` section of the one error table (types/errors.ts). */
export type RosterRowCode = Extract<ErrorCode, `ROW_${string}`>;

export interface RosterRowError {
  /** 1-based row number as the spreadsheet shows it (the header is row 1) */
  row: number;
  /** column header from ROSTER_COLUMNS (or the unknown header found in the file), '' for a whole-row problem */
  column: string;
  code: RosterRowCode;
  params?: Record<string, string | number>;
  /** rendered from code and params by the error table */
  reason: string;
}

/** A row problem with its reason rendered from the error table (like fieldError for fields). */
export function rosterRowError<C extends RosterRowCode>(row: number, column: string, code: C, ...[params]: ParamsArg<C>): RosterRowError {
  const p = params as Record<string, string | number> | undefined;
  return { row, column, code, ...(p && Object.keys(p).length ? { params: p } : {}), reason: renderError(code, p as never) };
}

/**
 * One thing that changed for a unit between two roster versions; the page words it (src/lib/staff-roster.ts).
 * Areas in 0.01 m²; owners as the number of owner-persons before and after (equal counts: other people).
 */
export type RosterUnitChange =
  | { kind: 'area'; from: number; to: number }
  | { kind: 'developerHeld'; from: boolean; to: boolean }
  | { kind: 'owners'; from: number; to: number }
  | { kind: 'certificate' }
  /** an owner's phone changed (one entry per owner-person; the number is never shown): masked name */
  | { kind: 'phone'; owner: string };

export interface RosterDiff {
  added: string[]; // unit labels
  removed: string[];
  changed: { label: string; what: RosterUnitChange[] }[];
  unchangedCount: number;
}

export interface RosterTotalsView {
  unitCount: number;
  areaCenti: number;
  headcount: number;
}

export const RosterFileSchema = z.strictObject({
  estateId: IdSchema,
  /** file id from cloud storage (WeChat) or the local gateway's upload endpoint (H5) */
  fileId: z.string().check(textCheck(), z.minLength(1), z.maxLength(300)),
  fileName: z.string().check(textCheck(), z.minLength(1), z.maxLength(120), z.regex(/\.(xlsx|csv)$/i)),
});
export type RosterFileInput = z.infer<typeof RosterFileSchema>;

export type PreviewRosterOutput =
  | { valid: false; errors: RosterRowError[]; rowCount: number }
  | {
      valid: true;
      importId: string;
      rowCount: number;
      totals: RosterTotalsView;
      buildings: { building: string; totals: RosterTotalsView }[];
      /** null on the first import */
      diff: RosterDiff | null;
      baseVersion: number; // the version this preview was compared with (0 = none)
    };

export const ConfirmRosterSchema = z.strictObject({ estateId: IdSchema, importId: IdSchema });
export type ConfirmRosterInput = z.infer<typeof ConfirmRosterSchema>;
/** A confirm (or a poll of it): done with the new version, or still writing `done` of `total` documents. */
export type ConfirmRosterOutput =
  | { status: 'done'; version: number; totals: RosterTotalsView; fingerprint: string }
  | { status: 'running'; done: number; total: number };

export const EstateOnlySchema = z.strictObject({ estateId: IdSchema });
export type EstateOnlyInput = z.infer<typeof EstateOnlySchema>;

export interface RosterSummaryOutput {
  version: number; // 0 = no roster yet
  importedAt: string | null;
  fingerprint: string | null;
  totals: RosterTotalsView;
  buildings: { building: string; totals: RosterTotalsView }[];
  history: { version: number; importedAt: string; unitCount: number; fingerprint: string }[];
  /** plain-words explanation of how headcount is counted */
  headcountRule: string;
}

export interface RosterTemplateOutput {
  fileName: string;
  /** base64 of the .xlsx template */
  contentBase64: string;
}

// ───────────────────────── Verification ladder (业主身份核验): residents ─────────────────────────


/** Estates an account can ask to join (verification starts by choosing one). */
export interface EstateDirectoryOutput {
  /** communityName: the 居委会 an applicant visits for an offline check */
  estates: { estateId: string; name: string; district: string; communityName: string; requireIdLast4: boolean }[];
}

/** A unit part as the roster stores it: "2号楼" → "2", "ｂ３０１" → "B301" (types/normalize.ts); letters and digits only. */
const unitPart = (kind: UnitPart, minLength: number) =>
  z.string().check(z.overwrite((s) => normalizeUnitPart(kind, s)), z.minLength(minLength), z.maxLength(10), z.regex(/^[A-Z0-9]*$/));
export const UnitRefSchema = z.strictObject({
  building: unitPart('building', 1),
  entrance: unitPart('entrance', 0),
  room: unitPart('room', 1),
});
/** A person's name as typed: NFKC, trimmed, inner spaces collapsed (types/normalize.ts normalizeName). */
export const PersonNameSchema = z.string().check(textCheck(), z.overwrite(normalizeName), z.minLength(2), z.maxLength(30));

export const VerifyByRosterSchema = z.strictObject({
  estateId: IdSchema,
  unit: UnitRefSchema,
  name: PersonNameSchema,
  /** typed mainland mobile (H5 / local); spaces, dashes and a +86 prefix are stripped by the schema */
  phone: z.optional(z.string().check(z.overwrite(normalizePhone), z.regex(MOBILE_PATTERN))),
  /** in WeChat: the code from <button open-type="getPhoneNumber">, exchanged for the number on the server */
  phoneCode: z.optional(z.string().check(z.minLength(8), z.maxLength(200), z.regex(/^[A-Za-z0-9_-]+$/))),
  /** last 4 of the ID number; required only when the estate says so */
  idLast4: z.optional(z.string().check(z.overwrite(normalizeCode), z.regex(/^\d{3}[\dX]$/))),
  /** the privacy notice version the person agreed to (PIPL Art. 29: separate consent) */
  consentVersion: z.literal(PRIVACY_NOTICE_VERSION),
});
export type VerifyByRosterInput = z.infer<typeof VerifyByRosterSchema>;

export interface VerifyByRosterOutput {
  unit: MyUnit;
}

export const CertificateReviewSchema = z.strictObject({
  estateId: IdSchema,
  unit: UnitRefSchema,
  name: PersonNameSchema,
  certificateFileIds: z.array(z.string().check(textCheck(), z.minLength(1), z.maxLength(300))).check(z.minLength(1), z.maxLength(4)),
  consentVersion: z.literal(PRIVACY_NOTICE_VERSION),
});
export type CertificateReviewInput = z.infer<typeof CertificateReviewSchema>;

export const OfflineCheckSchema = z.strictObject({ estateId: IdSchema, unit: UnitRefSchema });
export type OfflineCheckInput = z.infer<typeof OfflineCheckSchema>;

export const ResidentClaimSchema = z.strictObject({
  estateId: IdSchema,
  unit: UnitRefSchema,
  name: PersonNameSchema,
  relation: z.enum(RESIDENT_RELATIONS),
  consentVersion: z.literal(PRIVACY_NOTICE_VERSION),
});
export type ResidentClaimInput = z.infer<typeof ResidentClaimSchema>;


export interface VerificationRequestView {
  requestId: string;
  method: VerificationMethod;
  unitLabel: string;
  status: VerificationStatus;
  /** shown to staff at the office for offline checks */
  code?: string;
  reason?: string;
  createdAt: string;
  decidedAt?: string;
}

export interface MyVerificationsOutput {
  requests: VerificationRequestView[];
  /** roster-match lockout, if any */
  lockedUntil: string | null;
  attemptsLeft: number;
  requireIdLast4: boolean;
  /** the caller's consent to the current privacy notice (recorded with their first verification), if given */
  consent?: { noticeVersion: string; at: string } | null;
}

// ───────────────────────── Staff: review queue, roles, representatives ─────────────────────────

export interface ReviewQueueItem extends VerificationRequestView {
  applicantName: string; // masked
  /** file ids of certificate photos, for staff only */
  certificateFileIds?: string[];
  /** masked roster owners of the unit, so staff can compare */
  rosterOwners: string[];
  /**
   * approving this owner request is a transfer of ownership that needs an explicit decision (`transfer: true`
   * with a reason): the unit is developer-held, or another account is already verified for it
   */
  transferWarning: TransferWarning | null;
}
export type TransferWarning = 'developer_held' | 'verified_owner';
export interface ReviewQueueOutput {
  items: ReviewQueueItem[];
  /** accounts locked out of roster matching; staff are told and can unlock */
  lockedAccounts: { accountKey: string; lockedUntil: string; failures: number; lastUnitLabel: string }[];
}

export const UnlockSchema = z.strictObject({
  estateId: IdSchema,
  accountKey: IdSchema,
  /** why staff lift the lock early (e.g. they phoned the person): kept in the audit log */
  reason: z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(2), z.maxLength(200)),
});
export type UnlockInput = z.infer<typeof UnlockSchema>;

export const ViewCertificateSchema = z.strictObject({
  estateId: IdSchema,
  requestId: IdSchema,
  index: z.number().check(z.int(), z.gte(0), z.lte(3)),
});
export type ViewCertificateInput = z.infer<typeof ViewCertificateSchema>;
export interface ViewCertificateOutput {
  /** data: URL of the photo, for staff review only */
  dataUrl: string;
}

export interface VerificationRequestOutput {
  request: VerificationRequestView;
}

export const DecideVerificationSchema = z.strictObject({
  estateId: IdSchema,
  requestId: IdSchema,
  decision: z.enum(['approve', 'reject']),
  reason: z.optional(z.string().check(textCheck({ multiline: true }), z.trim(), z.maxLength(200))),
  note: z.optional(z.string().check(textCheck({ multiline: true }), z.trim(), z.maxLength(200))),
  /**
   * an explicit, audited transfer of ownership (with a reason): required to approve an owner request for a
   * developer-held unit or a unit another account is verified for; that account's link and the representative
   * move to the applicant
   */
  transfer: z.optional(z.boolean()),
  /**
   * approving a resident registration (住户登记): where the resident lives, as staff checked it — the claimed unit
   * ('unit', the default) or only its building ('building'); requests then know the resident's unit or building
   */
  residence: z.optional(z.enum(RESIDENCE_KINDS)),
});
export type DecideVerificationInput = z.infer<typeof DecideVerificationSchema>;

export interface MemberView {
  memberKey: string; // opaque handle for staff actions, not the openid
  displayName: string;
  roles: Role[];
  units: {
    unitId: string;
    label: string;
    isRepresentative: boolean;
    method: VerificationMethod | null;
    /** accounts actively linked to the unit (this one included): co-owned when more than 1 */
    ownerCount: number;
  }[];
}

/** Members per listMembers page. */
export const MEMBERS_PAGE_SIZE = 50;
export const ListMembersSchema = z.strictObject({
  estateId: IdSchema,
  /** the previous page's `next`, passed back unchanged with the same filters */
  cursor: z.optional(PageCursorSchema),
  /** only members holding this role */
  role: z.optional(RoleSchema),
  /** only members with an active link to a unit in this building ("2号楼" → "2") */
  building: z.optional(unitPart('building', 1)),
});
export type ListMembersInput = z.infer<typeof ListMembersSchema>;
export interface ListMembersOutput {
  /** one page: by join date without a building filter, else by account within the building */
  members: MemberView[];
  /** pass back as `cursor` for the next page; null when no member follows */
  next: string | null;
  /** the estate's buildings, for the building filter */
  buildings: string[];
}

export const ChangeRoleSchema = z.strictObject({
  estateId: IdSchema,
  memberKey: IdSchema,
  role: z.enum(STAFF_GRANTABLE_ROLES),
  grant: z.boolean(),
  reason: z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(2), z.maxLength(200)),
});
export type ChangeRoleInput = z.infer<typeof ChangeRoleSchema>;

/** A pending grant of a sensitive role lapses after this many days without a second person's decision. */
export const ROLE_GRANT_TTL_DAYS = 7;
export type RoleGrantStatus = 'pending' | 'confirmed' | 'rejected' | 'withdrawn' | 'expired';
export const ROLE_GRANT_STATUS_LABELS: Record<RoleGrantStatus, string> = {
  pending: '待确认',
  confirmed: '已生效',
  rejected: '已拒绝',
  withdrawn: '已撤回',
  expired: '已过期',
};

/** A grant of a sensitive role waiting for (or given) a second person's decision. */
export interface RoleGrantView {
  grantId: string;
  memberKey: string;
  memberName: string; // masked
  role: (typeof SENSITIVE_ROLES)[number];
  reason: string;
  proposedByName: string; // masked
  status: RoleGrantStatus;
  createdAt: string;
  expiresAt: string;
  /** the caller proposed it (may withdraw it) */
  mine: boolean;
  /** the caller may confirm or reject it (not the proposer, not the member) */
  canDecide: boolean;
}

export interface ChangeRoleOutput {
  member: MemberView;
  /** set when the role needs a second person: the member's roles are unchanged until it is confirmed */
  pendingGrant?: RoleGrantView;
}

export interface ListRoleGrantsOutput {
  /** pending, unexpired grants of sensitive roles in the estate, oldest first */
  grants: RoleGrantView[];
}

export const DecideRoleGrantSchema = z.strictObject({
  estateId: IdSchema,
  grantId: IdSchema,
  /** confirm / reject: a second authorised person; withdraw: the proposer */
  decision: z.enum(['confirm', 'reject', 'withdraw']),
  reason: z.optional(z.string().check(textCheck({ multiline: true }), z.trim(), z.maxLength(200))),
});
export type DecideRoleGrantInput = z.infer<typeof DecideRoleGrantSchema>;

export const RevokeOwnershipSchema = z.strictObject({
  estateId: IdSchema,
  memberKey: IdSchema,
  unitId: IdSchema,
  reason: z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(2), z.maxLength(200)),
});
export type RevokeOwnershipInput = z.infer<typeof RevokeOwnershipSchema>;

export const ProposeRepresentativeSchema = z.strictObject({
  estateId: IdSchema,
  unitId: IdSchema,
  /** the co-owner to become representative, by member key from unitOwners */
  memberKey: IdSchema,
});
export type ProposeRepresentativeInput = z.infer<typeof ProposeRepresentativeSchema>;

export const UnitOnlySchema = z.strictObject({ estateId: IdSchema, unitId: IdSchema });
export type UnitOnlyInput = z.infer<typeof UnitOnlySchema>;

export interface UnitOwnersOutput {
  unitLabel: string;
  owners: { memberKey: string; displayName: string; isRepresentative: boolean; isMe: boolean }[];
  /** a pending change of representative, if any */
  /** mine: the caller's confirmation is needed and not yet given (they may confirm or decline) */
  /** byMe: the caller proposed it (they may withdraw it) */
  proposal: { proposedName: string; confirmationsNeeded: string[]; confirmedBy: string[]; mine: boolean; byMe: boolean } | null;
}

export const StaffDecideRepresentativeSchema = z.strictObject({
  estateId: IdSchema,
  unitId: IdSchema,
  memberKey: IdSchema,
  reason: z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(2), z.maxLength(200)),
});
export type StaffDecideRepresentativeInput = z.infer<typeof StaffDecideRepresentativeSchema>;

// ───────────────────────── Roster review (名册复核): after a version changes owners ─────────────────────────

/**
 * Why a unit is on a roster version's review list: its roster owners changed or it left the roster while
 * accounts are verified for it, or the roster still names the owners a certificate approval retired.
 */
export type RosterReviewReason = 'owners_changed' | 'unit_removed' | 'certificate_not_in_roster';
export type RosterReviewDecision = 'keep' | 'unlink';
export interface RosterReviewItem {
  itemId: string;
  /** the roster version whose confirmation put the unit on the list */
  version: number;
  unitId: string;
  unitLabel: string;
  reason: RosterReviewReason;
  status: 'open' | 'settled';
  /** the accounts verified for the unit when the version was confirmed */
  accounts: {
    memberKey: string;
    displayName: string; // masked
    method: VerificationMethod;
    isRepresentative: boolean;
    settled: RosterReviewDecision | null;
  }[];
  createdAt: string;
}
export interface RosterReviewOutput {
  /** open items first (oldest first), then the latest settled ones */
  items: RosterReviewItem[];
}
export const SettleRosterReviewSchema = z.strictObject({
  estateId: IdSchema,
  itemId: IdSchema,
  memberKey: IdSchema,
  /** keep the account linked, or unlink it from the unit */
  decision: z.enum(['keep', 'unlink']),
  reason: z.string().check(textCheck({ multiline: true }), z.trim(), z.minLength(2), z.maxLength(200)),
});
export type SettleRosterReviewInput = z.infer<typeof SettleRosterReviewSchema>;

// ───────────────────────── The identity contract: one definition per action ─────────────────────────


const UNIT_CLAIM_ERRORS = ['ESTATE_NOT_FOUND', 'UNIT_NOT_IN_ROSTER'] as const;

/** identity: who owns which unit, who may act for it. */
export const identity = defineCapability('identity', {
  labels: IDENTITY_LABELS,
  actions: {
    me: action<MeOutput>()({ input: MeInputSchema, access: 'signedIn', scope: 'none', errors: ['NOT_A_MEMBER'], summary: '当前账号的小区、角色和房屋' }),
    estateDirectory: action<EstateDirectoryOutput>()({ input: EmptyInputSchema, access: 'signedIn', scope: 'none', summary: '可申请加入的小区列表' }),
    // residents: the verification ladder (no membership needed yet)
    myVerifications: action<MyVerificationsOutput>()({
      input: EstateOnlySchema, access: 'signedIn', scope: 'estate', errors: ['ESTATE_NOT_FOUND'], summary: '我的核验申请、锁定状态和剩余次数',
    }),
    verifyByRoster: action<VerifyByRosterOutput>()({
      input: VerifyByRosterSchema,
      access: 'signedIn',
      scope: 'estate',
      errors: ['ESTATE_NOT_FOUND', 'ROSTER_OWNER_SUPERSEDED', 'ROSTER_MISMATCH', 'VERIFICATION_LOCKED', 'PERSON_ALREADY_LINKED', 'PHONE_TWO_SOURCES', 'PHONE_REQUIRED', 'PHONE_CODE_EXPIRED', 'ID_LAST4_REQUIRED'],
      summary: '名册比对认证业主身份',
    }),
    requestCertificateReview: action<VerificationRequestOutput>()({
      input: CertificateReviewSchema, access: 'signedIn', scope: 'estate', errors: [...UNIT_CLAIM_ERRORS, 'NOT_OWN_UPLOAD'], summary: '上传不动产权证，申请人工审核',
      uploads: ['certificateFileIds'],
    }),
    requestOfflineCheck: action<VerificationRequestOutput>()({
      input: OfflineCheckSchema, access: 'signedIn', scope: 'estate', errors: UNIT_CLAIM_ERRORS, summary: '申请到社区线下核验，取得核验码',
    }),
    requestResidentRole: action<VerificationRequestOutput>()({
      input: ResidentClaimSchema, access: 'signedIn', scope: 'estate', errors: UNIT_CLAIM_ERRORS, summary: '租户或业主家属登记为住户',
    }),
    // co-owners and their representative
    unitOwners: action<UnitOwnersOutput>()({
      input: UnitOnlySchema, access: 'member', scope: 'unit', errors: ['NOT_FOUND', 'UNIT_OWNERS_ONLY'], summary: '一套房屋的共有人和表决权代表',
    }),
    proposeRepresentative: action<UnitOwnersOutput>()({
      input: ProposeRepresentativeSchema, access: 'member', scope: 'unit', errors: ['NOT_FOUND', 'CO_OWNERS_ONLY', 'NOT_A_VERIFIED_CO_OWNER', 'ALREADY_REPRESENTATIVE'], summary: '提议更换表决权代表',
    }),
    confirmRepresentative: action<UnitOwnersOutput>()({
      input: UnitOnlySchema, access: 'member', scope: 'unit', errors: ['NOT_FOUND', 'CO_OWNERS_ONLY', 'NO_PENDING_PROPOSAL', 'ALREADY_CONFIRMED', 'CONFIRMATION_NOT_NEEDED'], summary: '共有人确认表决权代表变更',
    }),
    declineRepresentative: action<UnitOwnersOutput>()({
      input: UnitOnlySchema, access: 'member', scope: 'unit', errors: ['NOT_FOUND', 'UNIT_OWNERS_ONLY', 'CO_OWNERS_ONLY', 'NO_PENDING_PROPOSAL', 'ALREADY_CONFIRMED', 'CONFIRMATION_NOT_NEEDED'], summary: '共有人不同意表决权代表变更（提议作废）',
    }),
    withdrawRepresentative: action<UnitOwnersOutput>()({
      input: UnitOnlySchema, access: 'member', scope: 'unit', errors: ['NOT_FOUND', 'UNIT_OWNERS_ONLY', 'CO_OWNERS_ONLY', 'NO_PENDING_PROPOSAL', 'NOT_PROPOSER'], summary: '提议人撤回表决权代表变更',
    }),
    /** only the WeChat uploader calls it */
    uploadTicket: action<UploadTicketOutput>()({ input: EmptyInputSchema, access: 'signedIn', scope: 'none', errors: ['UPLOAD_NOT_ALLOWED'], summary: '取得本账号的上传目录' }),
    registerUpload: action<RegisterUploadOutput>()({
      input: RegisterUploadSchema, access: 'signedIn', scope: 'none', errors: ['NOT_OWN_UPLOAD', 'FILE_NOT_FOUND', 'UPLOAD_QUOTA_EXCEEDED'], summary: '登记刚上传的文件（每个账号 24 小时内有数量和大小上限）',
    }),
    // community staff and committee: the roster (名册)
    rosterTemplate: action<RosterTemplateOutput>()({ input: EstateOnlySchema, access: 'identity.importRoster', scope: 'estate', summary: '下载名册模板' }),
    previewRosterImport: action<PreviewRosterOutput>()({
      input: RosterFileSchema,
      access: 'identity.importRoster',
      scope: 'estate',
      errors: ['NOT_OWN_UPLOAD', 'ESTATE_NOT_FOUND', 'FILE_NOT_FOUND', 'ROSTER_FILE_EMPTY', 'ROSTER_FILE_TOO_LARGE', 'ROSTER_FILE_OLD_XLS', 'ROSTER_FILE_NOT_XLSX', 'ROSTER_FILE_NOT_TEXT', 'ROSTER_FILE_CORRUPT', 'ROSTER_FILE_UNPACKED_TOO_LARGE', 'ROSTER_FILE_UNREADABLE', 'ROSTER_FILE_NO_SHEET', 'ROSTER_UNCHANGED'],
      summary: '上传名册并预览校验结果、合计和变化',
      uploads: ['fileId'],
    }),
    confirmRosterImport: action<ConfirmRosterOutput>()({
      input: ConfirmRosterSchema,
      access: 'identity.importRoster',
      scope: 'estate',
      errors: ['ESTATE_NOT_FOUND', 'IMPORT_NOT_FOUND', 'IMPORT_ALREADY_CONFIRMED', 'PREVIEW_EXPIRED', 'ROSTER_UNCHANGED', 'ROSTER_VERSION_MOVED', 'ROSTER_DATA_MOVED', 'IMPORT_IN_PROGRESS', 'ROSTER_IMPORT_BUSY', 'BULK_JOB_FAILED'],
      summary: '确认预览过的名册，生成新版本',
    }),
    rosterImportProgress: action<ConfirmRosterOutput>()({
      input: ConfirmRosterSchema, access: 'identity.importRoster', scope: 'estate', errors: ['IMPORT_NOT_FOUND', 'BULK_JOB_FAILED'], summary: '查询（并继续写入）正在确认的名册导入',
    }),
    rosterSummary: action<RosterSummaryOutput>()({ input: EstateOnlySchema, access: 'identity.viewRoster', scope: 'estate', errors: ['ESTATE_NOT_FOUND'], summary: '名册版本、合计和历史' }),
    // community staff: review, members and roles
    reviewQueue: action<ReviewQueueOutput>()({ input: EstateOnlySchema, access: 'identity.reviewVerification', scope: 'estate', summary: '待审核的申请和被锁定的账号' }),
    decideVerification: action<VerificationRequestOutput>()({
      input: DecideVerificationSchema,
      access: 'identity.reviewVerification',
      scope: 'estate',
      errors: ['NOT_FOUND', 'REQUEST_ALREADY_DECIDED', 'REJECT_REASON_REQUIRED', 'OFFLINE_NOTE_REQUIRED', 'UNIT_NO_LONGER_IN_ROSTER', 'TRANSFER_DECISION_REQUIRED', 'TRANSFER_REASON_REQUIRED', 'OWN_REQUEST_DECISION', 'RESIDENCE_NOT_APPLICABLE'],
      summary: '通过或驳回一个核验申请（批准住户登记时记录其居住的房屋或楼栋）',
    }),
    unlockVerification: action<Record<string, never>>()({ input: UnlockSchema, access: 'identity.reviewVerification', scope: 'estate', errors: ['NOT_FOUND'], summary: '解除名册比对锁定' }),
    viewCertificate: action<ViewCertificateOutput>()({
      input: ViewCertificateSchema, access: 'identity.reviewVerification', scope: 'estate', errors: ['NOT_FOUND', 'FILE_NOT_FOUND'], summary: '查看申请附带的产权证照片',
    }),
    listMembers: action<ListMembersOutput>()({ input: ListMembersSchema, access: 'identity.manageMembers', scope: 'estate', summary: '小区成员、角色和房屋，分页，可按角色或楼栋筛选' }),
    changeRole: action<ChangeRoleOutput>()({
      input: ChangeRoleSchema,
      access: 'identity.manageMembers',
      scope: 'estate',
      errors: ['MEMBER_NOT_FOUND', 'OWN_ROLES_UNCHANGEABLE', 'ROLE_ALREADY_HELD', 'ROLE_NOT_HELD'],
      summary: '授予或撤销成员角色（居委会、街道、党支部书记需另一人确认）',
    }),
    listRoleGrants: action<ListRoleGrantsOutput>()({ input: EstateOnlySchema, access: 'identity.confirmRoleGrant', scope: 'estate', summary: '待确认的敏感角色授予' }),
    decideRoleGrant: action<{ grant: RoleGrantView }>()({
      input: DecideRoleGrantSchema,
      access: 'identity.confirmRoleGrant',
      scope: 'estate',
      errors: ['ROLE_GRANT_NOT_FOUND', 'ROLE_GRANT_NOT_PENDING', 'ROLE_GRANT_EXPIRED', 'ROLE_GRANT_SECOND_PERSON', 'ROLE_GRANT_PROPOSER_ONLY', 'REJECT_REASON_REQUIRED', 'ROLE_ALREADY_HELD', 'MEMBER_NOT_FOUND'],
      summary: '确认、拒绝或撤回一项待确认的角色授予',
    }),
    rosterReview: action<RosterReviewOutput>()({
      input: EstateOnlySchema, access: 'identity.manageMembers', scope: 'estate', summary: '名册新版本改变业主后需复核的已认证账号和表决权代表',
    }),
    settleRosterReview: action<RosterReviewOutput>()({
      input: SettleRosterReviewSchema,
      access: 'identity.manageMembers',
      scope: 'estate',
      errors: ['REVIEW_ITEM_NOT_FOUND', 'REVIEW_ALREADY_SETTLED', 'MEMBER_NOT_FOUND'],
      summary: '复核名册变化：保留或解除账号与房屋的关联（须填写理由）',
    }),
    revokeOwnership: action<{ member: MemberView }>()({
      input: RevokeOwnershipSchema, access: 'identity.manageMembers', scope: 'estate', errors: ['MEMBER_NOT_FOUND', 'MEMBER_NOT_LINKED_TO_UNIT', 'OWN_ROLES_UNCHANGEABLE'], summary: '记录产权转移，解除成员与房屋的关联',
    }),
    decideRepresentative: action<UnitOwnersOutput>()({
      input: StaffDecideRepresentativeSchema, access: 'identity.manageMembers', scope: 'estate', errors: ['NOT_FOUND', 'NOT_A_VERIFIED_CO_OWNER', 'OWN_UNIT_DECISION'], summary: '工作人员指定表决权代表',
    }),
  },
});
