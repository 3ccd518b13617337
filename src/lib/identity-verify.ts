/**
 * View logic and data flow of 身份认证 (pages/identity/verify), without Taro:
 * estate choice, the privacy consent gate (PIPL Art. 29: nothing is sent before the person ticks 同意),
 * the three ways of the verification ladder (roster match, certificate review, offline check), forms →
 * API inputs, error mapping (ROSTER_MISMATCH with tries left, VERIFICATION_LOCKED) and the request list.
 * Face recognition is not used at all.
 */
import { ROLE_LABELS } from '../../types/roles';
import type { ApiError, ApiResult, FieldError } from '../../types/errors';
import { normalizeCode, normalizeName, normalizePhone, normalizeUnitPart } from '../../types/normalize';
import { IDENTITY_LABELS, PRIVACY_NOTICE_TEXT, PRIVACY_NOTICE_VERSION, VERIFICATION_METHOD_LABELS, VERIFICATION_STATUS_LABELS } from '../../types/identity-labels';
import type {
  CertificateReviewInput,
  EstateDirectoryOutput,
  MeOutput,
  MyUnit,
  MyVerificationsOutput,
  OfflineCheckInput,
  ResidentClaimInput,
  ResidentRelation,
  VerificationRequestView,
  VerificationStatus,
  VerifyByRosterInput,
} from '../../types/identity';
import { formatShanghai } from '../../types/time';
import type { EmptyInput } from './api-core';

export const VERIFY_TEXT = {
  title: '身份认证',
  intro: '认证后，你名下的房屋会关联到你的账号，可以参加业主表决。认证方式任选其一，本小程序不使用人脸识别。',
  chooseEstate: '选择小区',
  noEstates: '暂时没有可以认证的小区，请联系社区居委会。',
  privacyTitle: '个人信息处理告知',
  consentLabel: '我已阅读上述告知，同意为身份认证处理我的个人信息',
  consentNeeded: '请先阅读上方告知并勾选“同意”，再填写信息',
  methodsTitle: '选择认证方式',
  // field names are the contract's labels (types/identity.ts IDENTITY_LABELS), not a copy
  building: IDENTITY_LABELS.building,
  entrance: IDENTITY_LABELS.entrance,
  room: IDENTITY_LABELS.room,
  name: IDENTITY_LABELS.name,
  phone: IDENTITY_LABELS.phone,
  idLast4: IDENTITY_LABELS.idLast4,
  buildingPlaceholder: '如 2',
  entrancePlaceholder: '如 1',
  roomPlaceholder: '如 102',
  namePlaceholder: '与房产证上的姓名一致',
  residentNamePlaceholder: '你本人的真实姓名',
  phonePlaceholder: '名册登记的手机号',
  useWechatPhone: '使用微信绑定的手机号',
  wechatPhoneReady: '已获取微信绑定的手机号，提交时由服务器核对（不显示号码）',
  idLast4Placeholder: '如 123X',
  idLast4Why: '本小区要求同时核对身份证后四位（只保存后四位）。',
  submitRoster: '提交比对',
  submitCertificate: '提交审核',
  submitOffline: '获取核验码',
  submitResident: '提交住户登记',
  submitting: '提交中…',
  photosLabel: '不动产权证照片（1–4 张）',
  photosHint: '请拍摄写有房屋坐落和权利人姓名的页面，照片仅社区审核人员可见。',
  addPhoto: '添加照片',
  uploading: '上传中…',
  removePhoto: '删除',
  successTitle: '认证成功',
  backHome: '返回首页',
  pendingTitle: '已提交，等待社区审核',
  pendingBody: '社区工作人员会把你上传的产权证和名册核对，结果会显示在下方“我的认证申请”中。',
  pendingResidentBody: '社区工作人员确认你住在这里后，你会成为本小区住户，结果会显示在下方“我的认证申请”中。',
  relationLabel: '你是',
  offlineTitle: '请到社区办公室线下核验',
  codeLabel: '核验码',
  myRequests: '我的认证申请',
  noRequests: '暂无认证申请',
  alternatives: '也可以改用其他方式：',
  useCertificate: '改为上传产权证',
  useOffline: '改为线下核验',
  retry: '重试',
} as const;

export const PRIVACY_NOTICE = { version: PRIVACY_NOTICE_VERSION, paragraphs: PRIVACY_NOTICE_TEXT.split('\n') } as const;

export const VERIFY_METHODS = ['roster', 'certificate', 'offline', 'resident'] as const;
export type VerifyMethod = (typeof VERIFY_METHODS)[number];

export const METHOD_INFO: Record<VerifyMethod, { title: string; description: string }> = {
  roster: { title: '名册比对', description: '填写房号、姓名和手机号，与小区业主名册比对，立即完成。' },
  certificate: { title: '上传产权证', description: '名册里没有你（例如刚买的房），上传不动产权证照片，由社区工作人员审核。' },
  offline: { title: '线下核验', description: '不方便在线提供信息？领取核验码，带不动产权证到社区办公室当面核验。' },
  resident: { title: '住户登记', description: '租户或业主家属：登记为住户后可以提交诉求、参与讨论，但不参加表决。由社区工作人员确认。' },
};

/** The fields a method asks for, in order (the page renders them; idLast4 only when the estate requires it). */
export function methodFields(method: VerifyMethod, requireIdLast4: boolean): VerifyField[] {
  switch (method) {
    case 'roster':
      return ['building', 'entrance', 'room', 'name', 'phone', ...(requireIdLast4 ? (['idLast4'] as const) : [])];
    case 'certificate':
      return ['building', 'entrance', 'room', 'name'];
    case 'offline':
      return ['building', 'entrance', 'room'];
    case 'resident':
      return ['building', 'entrance', 'room', 'name'];
  }
}

/* ------------------------------------------------------------------ estate choice */

export type DirectoryEstate = EstateDirectoryOutput['estates'][number];

/**
 * The estate to preselect: the one asked for in the URL, else the caller's current estate, else the only
 * estate in the directory. null = the person picks.
 */
export function preselectEstate(
  directory: readonly DirectoryEstate[],
  me: Pick<MeOutput, 'current'> | null,
  requested?: string,
): string | null {
  const has = (id?: string) => !!id && directory.some((e) => e.estateId === id);
  if (has(requested)) return requested!;
  const current = me?.current?.estate.estateId;
  if (has(current)) return current!;
  return directory.length === 1 ? directory[0].estateId : null;
}

/** Where to go for an offline check: the estate's community office. */
export function officeName(estate: DirectoryEstate | undefined, me: Pick<MeOutput, 'current'> | null): string {
  if (estate?.communityName) return estate.communityName;
  if (me?.current && me.current.estate.estateId === estate?.estateId) return me.current.estate.communityName;
  return ROLE_LABELS.community_staff;
}

export function offlineInstructions(office: string): string[] {
  return [
    `请携带不动产权证（房产证）原件和本人身份证，到${office}办公室。`,
    '向工作人员出示下面的 6 位核验码，核对无误后即完成认证。',
    '核验码只用于本次申请，请不要发给他人。',
  ];
}

/* ------------------------------------------------------------------ the form */

export const VERIFY_FIELDS = ['building', 'entrance', 'room', 'name', 'phone', 'idLast4'] as const;
export type VerifyField = (typeof VERIFY_FIELDS)[number];
export type VerifyForm = Record<VerifyField, string>;
export const EMPTY_VERIFY_FORM: VerifyForm = { building: '', entrance: '', room: '', name: '', phone: '', idLast4: '' };

/** Per-field messages, plus `photos`, `consent` and a form-level line. */
export type VerifyErrors = Partial<Record<VerifyField | 'photos' | 'consent', string>> & { form?: string };

/**
 * Accept what people actually type: "2号楼", "２栋", "1单元", "102室", "ｂ３０１" → "2", "2", "1", "102", "B301".
 * The normalisers are the contract's own (types/normalize.ts): the schemas apply them again before sending,
 * and the roster import applies the same ones, so what is shown here is what is matched.
 */
export { normalizePhone, normalizeUnitPart } from '../../types/normalize';
export const normalizeIdLast4 = normalizeCode;

export function unitRef(form: Pick<VerifyForm, 'building' | 'entrance' | 'room'>) {
  return {
    building: normalizeUnitPart('building', form.building),
    entrance: normalizeUnitPart('entrance', form.entrance),
    room: normalizeUnitPart('room', form.room),
  };
}

/** "2号楼1单元102" as the person will read it back (empty parts left out). */
export function unitLabelOf(form: Pick<VerifyForm, 'building' | 'entrance' | 'room'>): string {
  const u = unitRef(form);
  return `${u.building ? `${u.building}号楼` : ''}${u.entrance ? `${u.entrance}单元` : ''}${u.room}`;
}

/**
 * The roster-match input. In WeChat the person may tap "使用微信绑定的手机号": the one-use code from
 * getPhoneNumber is sent instead of a typed number, and the server exchanges it for the verified number.
 */
export function rosterInput(estateId: string, form: VerifyForm, requireIdLast4: boolean, phoneCode?: string): VerifyByRosterInput {
  const idLast4 = normalizeIdLast4(form.idLast4);
  return {
    estateId,
    unit: unitRef(form),
    name: normalizeName(form.name),
    ...(phoneCode ? { phoneCode } : { phone: normalizePhone(form.phone) }),
    ...(requireIdLast4 || idLast4 ? { idLast4 } : {}),
    consentVersion: PRIVACY_NOTICE_VERSION,
  };
}

export function certificateInput(estateId: string, form: VerifyForm, fileIds: string[]): CertificateReviewInput {
  return {
    estateId,
    unit: unitRef(form),
    name: normalizeName(form.name),
    certificateFileIds: fileIds,
    consentVersion: PRIVACY_NOTICE_VERSION,
  };
}

export function residentInput(estateId: string, form: VerifyForm, relation: ResidentRelation): ResidentClaimInput {
  return { estateId, unit: unitRef(form), name: normalizeName(form.name), relation, consentVersion: PRIVACY_NOTICE_VERSION };
}

export function offlineInput(estateId: string, form: VerifyForm): OfflineCheckInput {
  return { estateId, unit: unitRef(form) };
}

/** Personal fields (and the submit buttons) stay disabled until the separate consent is given. */
export function consentGate(consented: boolean): { fieldsEnabled: boolean; submitEnabled: boolean; hint: string | null } {
  return consented
    ? { fieldsEnabled: true, submitEnabled: true, hint: null }
    : { fieldsEnabled: false, submitEnabled: false, hint: VERIFY_TEXT.consentNeeded };
}

/* ------------------------------------------------------------------ photos (certificate review) */

export const MAX_PHOTOS = 4;

export interface PhotoSlot {
  localId: string;
  name: string;
  previewUrl?: string;
  status: 'uploading' | 'done' | 'error';
  fileId?: string;
  error?: string;
}

export const photoSlotsLeft = (photos: readonly PhotoSlot[]) => Math.max(0, MAX_PHOTOS - photos.length);
export const uploadedFileIds = (photos: readonly PhotoSlot[]) =>
  photos.filter((p) => p.status === 'done' && p.fileId).map((p) => p.fileId as string);
export const photosBusy = (photos: readonly PhotoSlot[]) => photos.some((p) => p.status === 'uploading');

/* ------------------------------------------------------------------ errors */

/** Server/validation field paths → the form's fields. */
const FIELD_OF: Record<string, VerifyField | 'photos' | 'consent'> = {
  'unit.building': 'building',
  'unit.entrance': 'entrance',
  'unit.room': 'room',
  building: 'building',
  entrance: 'entrance',
  room: 'room',
  name: 'name',
  phone: 'phone',
  phoneCode: 'phone',
  idLast4: 'idLast4',
  certificateFileIds: 'photos',
  consentVersion: 'consent',
};

export interface VerifyFailure {
  kind: 'consent' | 'fields' | 'mismatch' | 'locked' | 'duplicate' | 'other';
  /** the line shown above the submit button; the server's words for mismatch/lock (incl. tries left) */
  message: string;
  errors: VerifyErrors;
  /** offer the other two ways (certificate review, offline check) */
  offerAlternatives: boolean;
}

export function fieldErrorsFrom(fields: readonly FieldError[] | undefined): { errors: VerifyErrors; other: string[] } {
  const errors: VerifyErrors = {};
  const other: string[] = [];
  for (const f of fields ?? []) {
    const key = FIELD_OF[f.field] ?? (/^certificateFileIds\./.test(f.field) ? 'photos' : undefined);
    if (key) errors[key] ??= f.message;
    else if (!other.includes(f.message)) other.push(f.message);
  }
  return { errors, other };
}

export function verifyFailure(error: ApiError): VerifyFailure {
  switch (error.code) {
    case 'ROSTER_MISMATCH':
    case 'DEVELOPER_HELD_UNIT':
      return {
        kind: 'mismatch',
        message: error.message,
        errors: {},
        offerAlternatives: true,
      };
    case 'VERIFICATION_LOCKED':
      return { kind: 'locked', message: error.message, errors: {}, offerAlternatives: true };
    case 'PERSON_ALREADY_LINKED':
      return { kind: 'duplicate', message: error.message, errors: {}, offerAlternatives: false };
    case 'VALIDATION_FAILED': {
      const { errors, other } = fieldErrorsFrom(error.fields);
      if (other.length) errors.form = other.join('；');
      else if (Object.keys(errors).length === 0) errors.form = error.message;
      return { kind: 'fields', message: errors.form ?? '', errors, offerAlternatives: false };
    }
    default:
      return { kind: 'other', message: error.message, errors: {}, offerAlternatives: false };
  }
}

const consentFailure = (): VerifyFailure => ({
  kind: 'consent',
  message: VERIFY_TEXT.consentNeeded,
  errors: { consent: VERIFY_TEXT.consentNeeded },
  offerAlternatives: false,
});

/* ------------------------------------------------------------------ submitting */

export type VerifyResult =
  | { kind: 'verified'; unit: MyUnit }
  | { kind: 'pending'; request: VerificationRequestView }
  | { kind: 'offline'; request: VerificationRequestView };

export type VerifyOutcome = { ok: true; result: VerifyResult } | { ok: false; failure: VerifyFailure };

/** The slice of the API facade the verify page uses (src/api/client.ts satisfies it). */
export interface VerifyApi {
  identity: {
    me(input: { estateId?: string }): Promise<ApiResult<MeOutput>>;
    estateDirectory(input: EmptyInput): Promise<ApiResult<EstateDirectoryOutput>>;
    myVerifications(input: { estateId: string }): Promise<ApiResult<MyVerificationsOutput>>;
    verifyByRoster(input: VerifyByRosterInput): Promise<ApiResult<{ unit: MyUnit }>>;
    requestCertificateReview(input: CertificateReviewInput): Promise<ApiResult<{ request: VerificationRequestView }>>;
    requestOfflineCheck(input: OfflineCheckInput): Promise<ApiResult<{ request: VerificationRequestView }>>;
    requestResidentRole(input: ResidentClaimInput): Promise<ApiResult<{ request: VerificationRequestView }>>;
  };
}

export interface SubmitContext {
  estateId: string;
  consented: boolean;
  requireIdLast4: boolean;
  /** certificate review only */
  photos?: readonly PhotoSlot[];
  /** roster match in WeChat: a getPhoneNumber code instead of a typed phone */
  phoneCode?: string;
  /** resident registration: tenant or family member */
  relation?: ResidentRelation;
}

/**
 * Submit one way of the ladder. Without consent nothing is sent at all; the shared zod schemas check the
 * rest on the device before anything leaves it (api-core), and their messages land under the fields.
 */
export async function submitVerification(
  api: Pick<VerifyApi, 'identity'>,
  method: VerifyMethod,
  form: VerifyForm,
  ctx: SubmitContext,
): Promise<VerifyOutcome> {
  if (!ctx.consented) return { ok: false, failure: consentFailure() };
  if (method === 'roster') {
    if (ctx.requireIdLast4 && !normalizeIdLast4(form.idLast4)) {
      const message = '请填写身份证后四位';
      return { ok: false, failure: { kind: 'fields', message: '', errors: { idLast4: message }, offerAlternatives: false } };
    }
    const res = await api.identity.verifyByRoster(rosterInput(ctx.estateId, form, ctx.requireIdLast4, ctx.phoneCode));
    return res.ok ? { ok: true, result: { kind: 'verified', unit: res.data.unit } } : { ok: false, failure: verifyFailure(res.error) };
  }
  if (method === 'certificate') {
    const photos = ctx.photos ?? [];
    if (photosBusy(photos)) {
      return { ok: false, failure: { kind: 'fields', message: '', errors: { photos: '照片还在上传，请稍候' }, offerAlternatives: false } };
    }
    if (uploadedFileIds(photos).length === 0) {
      return { ok: false, failure: { kind: 'fields', message: '', errors: { photos: '请至少上传 1 张产权证照片' }, offerAlternatives: false } };
    }
    const res = await api.identity.requestCertificateReview(certificateInput(ctx.estateId, form, uploadedFileIds(photos)));
    return res.ok ? { ok: true, result: { kind: 'pending', request: res.data.request } } : { ok: false, failure: verifyFailure(res.error) };
  }
  if (method === 'resident') {
    const res = await api.identity.requestResidentRole(residentInput(ctx.estateId, form, ctx.relation ?? 'tenant'));
    return res.ok ? { ok: true, result: { kind: 'pending', request: res.data.request } } : { ok: false, failure: verifyFailure(res.error) };
  }
  const res = await api.identity.requestOfflineCheck(offlineInput(ctx.estateId, form));
  return res.ok ? { ok: true, result: { kind: 'offline', request: res.data.request } } : { ok: false, failure: verifyFailure(res.error) };
}

/* ------------------------------------------------------------------ lock and requests */

/** Roster matching is locked until this instant (still in the future), or null. */
export function activeLock(lockedUntil: string | null | undefined, now: Date = new Date()): string | null {
  if (!lockedUntil) return null;
  return new Date(lockedUntil).getTime() > now.getTime() ? lockedUntil : null;
}

export function lockNotice(lockedUntil: string): string {
  return `名册比对失败次数过多，已暂时锁定，${formatShanghai(lockedUntil)} 后可以再试。你现在就可以改用上传产权证或线下核验，也可以联系社区居委会解锁。`;
}

export function attemptsHint(attemptsLeft: number | undefined): string | null {
  return typeof attemptsLeft === 'number' && attemptsLeft >= 0 ? `名册比对还可尝试 ${attemptsLeft} 次` : null;
}

export interface RequestRow {
  requestId: string;
  title: string; // "名册比对 · 2号楼1单元102"
  status: VerificationStatus;
  statusLabel: string;
  dateText: string;
  /** rejection reason (or a decision note), shown under the row */
  reasonText: string | null;
  /** the 6-digit code of a pending offline check */
  code: string | null;
}

export function requestRows(requests: readonly VerificationRequestView[]): RequestRow[] {
  return [...requests]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((r) => ({
      requestId: r.requestId,
      title: `${VERIFICATION_METHOD_LABELS[r.method] ?? r.method} · ${r.unitLabel}`,
      status: r.status,
      statusLabel: VERIFICATION_STATUS_LABELS[r.status] ?? r.status,
      dateText: formatShanghai(r.decidedAt ?? r.createdAt, 'YYYY-MM-DD HH:mm'),
      reasonText: r.reason ? (r.status === 'rejected' ? `未通过原因：${r.reason}` : `说明：${r.reason}`) : null,
      code: r.method === 'offline_check' && r.status === 'pending' && r.code ? r.code : null,
    }));
}

export function successLines(unit: MyUnit): string[] {
  return [
    `你已认证为 ${unit.label} 的业主。`,
    unit.isRepresentative ? '你是这套房屋的表决权代表，可以代表本房屋投票。' : '这套房屋有多位共有人，投票由表决权代表进行，可在“我的房屋”中查看。',
  ];
}
