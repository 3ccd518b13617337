/**
 * The platform-neutral half of the API client: the typed facade, client-side validation and the
 * normalisation of whatever comes back into an ApiResult. No Taro imports here, so jest can test it;
 * the platform transports are chosen in src/api/client.ts.
 */
import type { FunctionName } from '../../types/envelope';
import {
  apiError,
  zodIssueToFieldError,
  type ApiError,
  type ApiResult,
  type FieldError,
  type FieldLabels,
  type ZodIssueLike,
} from '../../types/errors';
import {
  CertificateReviewSchema,
  ChangeRoleSchema,
  ConfirmRosterSchema,
  DecideVerificationSchema,
  EstateOnlySchema,
  MeInputSchema,
  OfflineCheckSchema,
  ResidentClaimSchema,
  ProposeRepresentativeSchema,
  RevokeOwnershipSchema,
  RosterFileSchema,
  StaffDecideRepresentativeSchema,
  UnitOnlySchema,
  UnlockSchema,
  VERIFY_FIELD_LABELS,
  VerifyByRosterSchema,
  ViewCertificateSchema,
  type CertificateReviewInput,
  type ChangeRoleInput,
  type ConfirmRosterInput,
  type ConfirmRosterOutput,
  type DecideVerificationInput,
  type EstateDirectoryOutput,
  type EstateOnlyInput,
  type ListMembersOutput,
  type MeInput,
  type MeOutput,
  type MemberView,
  type MyVerificationsOutput,
  type OfflineCheckInput,
  type ResidentClaimInput,
  type PreviewRosterOutput,
  type ProposeRepresentativeInput,
  type ReviewQueueOutput,
  type RevokeOwnershipInput,
  type RosterFileInput,
  type RosterSummaryOutput,
  type RosterTemplateOutput,
  type StaffDecideRepresentativeInput,
  type UnitOnlyInput,
  type UnitOwnersOutput,
  type UnlockInput,
  type VerificationRequestOutput,
  type VerifyByRosterInput,
  type VerifyByRosterOutput,
  type ViewCertificateInput,
  type ViewCertificateOutput,
  EmptyInputSchema,
  UPLOAD_MAX_BYTES,
  type EmptyInput,
  type UploadTicketOutput,
} from '../../types/identity';
import {
  ListTopicsInputSchema,
  OpenTopicInputSchema,
  TOPIC_FIELD_LABELS,
  type ListTopicsInput,
  type ListTopicsOutput,
  type OpenTopicInput,
  type OpenTopicOutput,
} from '../../types/deliberation';

/** What the user sees when the server could not be reached or replied with something that is not an ApiResult. */
export const NETWORK_ERROR_MESSAGE = '网络异常，请稍后重试';

export function networkError(): ApiError {
  return apiError('INTERNAL', NETWORK_ERROR_MESSAGE);
}

/**
 * Sends `{ action, input }` to the cloud function `name` and resolves with its raw reply
 * (expected to be an ApiResult). May reject on network failure; the facade maps that to INTERNAL.
 */
export type Transport = (name: FunctionName, action: string, input: unknown) => Promise<unknown>;

/** The structural part of a zod (or zod/mini) schema the client needs. */
export interface SafeParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly ZodIssueLike[] } };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isFieldError(v: unknown): v is FieldError {
  return isRecord(v) && typeof v.field === 'string' && typeof v.message === 'string';
}

/** Accept a reply only when it really is an ApiResult; anything else counts as a network failure. */
export function toApiResult<T>(raw: unknown): ApiResult<T> {
  if (!isRecord(raw)) return { ok: false, error: networkError() };
  if (raw.ok === true && 'data' in raw) return { ok: true, data: raw.data as T };
  if (raw.ok === false && isRecord(raw.error)) {
    const { code, message, fields } = raw.error;
    if (typeof code === 'string' && typeof message === 'string') {
      const cleanFields = Array.isArray(fields) ? fields.filter(isFieldError) : [];
      return { ok: false, error: apiError(code as ApiError['code'], message, cleanFields) };
    }
  }
  return { ok: false, error: networkError() };
}

/** Validate with the shared schema; on failure return VALIDATION_FAILED with per-field Chinese messages. */
export function validateInput<T>(
  schema: SafeParser<T>,
  input: unknown,
  labels: FieldLabels,
): { ok: true; data: T } | { ok: false; error: ApiError } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields = parsed.error.issues.map((issue) => zodIssueToFieldError(issue, labels, input));
  return { ok: false, error: apiError('VALIDATION_FAILED', undefined, fields) };
}

export const IDENTITY_FIELD_LABELS: FieldLabels = {
  ...VERIFY_FIELD_LABELS,
  estateId: '小区',
  unitId: '房屋',
  memberKey: '成员',
  requestId: '申请',
  accountKey: '账号',
  importId: '导入批次',
  fileId: '文件',
  fileName: '文件名',
  role: '角色',
  decision: '审核结果',
  index: '照片序号',
};

/** Actions without input still validate that nothing unexpected is sent. */
export { EmptyInputSchema, type EmptyInput, type UploadTicketOutput };

/* ------------------------------------------------------------------ files */

/** A file the person picked: a temp path in WeChat, a Blob (File) in the browser. */
export interface PickedFile {
  name: string;
  size: number;
  /** WeChat temp file path (chooseMessageFile / chooseMedia) */
  path?: string;
  /** H5: the File from <input type="file"> */
  blob?: Blob;
}

export interface UploadOutput {
  fileId: string;
}

/** Largest file the client will try to upload: the server's own limit, from the contract. */
export const MAX_UPLOAD_BYTES = UPLOAD_MAX_BYTES;

export type Uploader = (file: PickedFile) => Promise<ApiResult<UploadOutput>>;

/** Check a picked file before any bytes leave the device. */
export function checkUpload(file: PickedFile): ApiError | null {
  const name = (file.name ?? '').trim();
  if (!name) return apiError('VALIDATION_FAILED', '文件名不能为空');
  if (!(file.size > 0)) return apiError('VALIDATION_FAILED', '文件是空的，请重新选择');
  if (file.size > MAX_UPLOAD_BYTES) {
    return apiError('VALIDATION_FAILED', `文件太大（超过 ${Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} MB），请重新选择`);
  }
  return null;
}

/** Keep a file name safe for a storage path: no folders, no odd characters, bounded length, extension kept. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot).toLowerCase().replace(/[^.a-z0-9]/g, '') : '';
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/[^\u4e00-\u9fa5A-Za-z0-9_-]+/g, '_').slice(0, 60) || 'file';
  return `${stem}${ext}`;
}

/**
 * The name part of a cloud-storage path: ASCII only, extension kept, like the gateway's own uploads
 * (`uploads/<openid>/<random>-<name>`), so both platforms store files the same way.
 */
export function storageFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).replace(/[^A-Za-z0-9]/g, '').slice(0, 10).toLowerCase() : '';
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[_-]+|[_-]+$/g, '').slice(0, 60) || 'file';
  return ext ? `${stem}.${ext}` : stem;
}

/**
 * H5 (local mode): POST /api/_upload?name=<file name> with the raw bytes; the reply is an ApiResult
 * `{ ok: true, data: { fileId } }`. Never rejects.
 */
export function createHttpUploader(fetchImpl?: RawFetchLike, url = '/api/_upload'): Uploader {
  return async (file) => {
    const bad = checkUpload(file);
    if (bad) return { ok: false, error: bad };
    if (!file.blob) return { ok: false, error: apiError('VALIDATION_FAILED', '请重新选择文件') };
    const doFetch = fetchImpl ?? (globalThis.fetch as unknown as RawFetchLike);
    try {
      const res = await doFetch(`${url}?name=${encodeURIComponent(safeFileName(file.name))}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/octet-stream' },
        body: file.blob,
      });
      return toApiResult<UploadOutput>(await res.json());
    } catch {
      return { ok: false, error: networkError() };
    }
  };
}

type RawFetchLike = (
  url: string,
  init: { method: string; credentials: 'same-origin'; headers: Record<string, string>; body: Blob },
) => Promise<{ json(): Promise<unknown> }>;

/**
 * WeChat: ask the server for the caller's upload folder (uploadTicket), then upload into it as
 * `<prefix><random>-<name>` with Taro.cloud.uploadFile (passed in as `cloudUpload`, so this stays testable
 * without Taro). The fileId is then `cloud://<env>.<bucket>/uploads/<openid>/…`, which the server accepts
 * only from that openid.
 */
export function createCloudUploader(
  getTicket: () => Promise<ApiResult<UploadTicketOutput>>,
  cloudUpload: (cloudPath: string, filePath: string) => Promise<{ fileID?: string }>,
  uniqueId: () => string = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
): Uploader {
  let prefix: string | null = null;
  return async (file) => {
    const bad = checkUpload(file);
    if (bad) return { ok: false, error: bad };
    if (!file.path) return { ok: false, error: apiError('VALIDATION_FAILED', '请重新选择文件') };
    if (!prefix) {
      const ticket = await getTicket();
      if (!ticket.ok) return ticket;
      prefix = ticket.data.prefix.replace(/\/?$/, '/');
    }
    try {
      const res = await cloudUpload(`${prefix}${uniqueId()}-${storageFileName(file.name)}`, file.path);
      if (!res.fileID) return { ok: false, error: networkError() };
      return { ok: true, data: { fileId: res.fileID } };
    } catch {
      return { ok: false, error: networkError() };
    }
  };
}

const noUploader: Uploader = async () => ({ ok: false, error: apiError('INTERNAL', '当前环境不支持上传文件') });

/**
 * The typed facade. Every call validates its input first (nothing is sent when it is invalid), sends the
 * parsed value (e.g. trimmed strings), and always resolves: errors come back as `{ ok: false, error }`.
 */
export function createApi(transport: Transport, uploader: Uploader = noUploader) {
  async function call<O>(name: FunctionName, action: string, input: unknown): Promise<ApiResult<O>> {
    let raw: unknown;
    try {
      raw = await transport(name, action, input);
    } catch {
      return { ok: false, error: networkError() };
    }
    return toApiResult<O>(raw);
  }

  function endpoint<I, O>(name: FunctionName, action: string, schema: SafeParser<I>, labels: FieldLabels) {
    return async (input: I): Promise<ApiResult<O>> => {
      const checked = validateInput(schema, input, labels);
      if (!checked.ok) return checked;
      return call<O>(name, action, checked.data);
    };
  }

  const identity = <I, O>(action: string, schema: SafeParser<I>) =>
    endpoint<I, O>('identity', action, schema, IDENTITY_FIELD_LABELS);

  return {
    identity: {
      me: identity<MeInput, MeOutput>('me', MeInputSchema),
      // residents
      estateDirectory: identity<EmptyInput, EstateDirectoryOutput>('estateDirectory', EmptyInputSchema),
      myVerifications: identity<EstateOnlyInput, MyVerificationsOutput>('myVerifications', EstateOnlySchema),
      verifyByRoster: identity<VerifyByRosterInput, VerifyByRosterOutput>('verifyByRoster', VerifyByRosterSchema),
      requestCertificateReview: identity<CertificateReviewInput, VerificationRequestOutput>(
        'requestCertificateReview',
        CertificateReviewSchema,
      ),
      requestOfflineCheck: identity<OfflineCheckInput, VerificationRequestOutput>('requestOfflineCheck', OfflineCheckSchema),
      requestResidentRole: identity<ResidentClaimInput, VerificationRequestOutput>('requestResidentRole', ResidentClaimSchema),
      unitOwners: identity<UnitOnlyInput, UnitOwnersOutput>('unitOwners', UnitOnlySchema),
      proposeRepresentative: identity<ProposeRepresentativeInput, UnitOwnersOutput>(
        'proposeRepresentative',
        ProposeRepresentativeSchema,
      ),
      confirmRepresentative: identity<UnitOnlyInput, UnitOwnersOutput>('confirmRepresentative', UnitOnlySchema),
      /** only the WeChat uploader calls it */
      uploadTicket: identity<EmptyInput, UploadTicketOutput>('uploadTicket', EmptyInputSchema),
      // staff
      rosterTemplate: identity<EstateOnlyInput, RosterTemplateOutput>('rosterTemplate', EstateOnlySchema),
      previewRosterImport: identity<RosterFileInput, PreviewRosterOutput>('previewRosterImport', RosterFileSchema),
      confirmRosterImport: identity<ConfirmRosterInput, ConfirmRosterOutput>('confirmRosterImport', ConfirmRosterSchema),
      rosterSummary: identity<EstateOnlyInput, RosterSummaryOutput>('rosterSummary', EstateOnlySchema),
      reviewQueue: identity<EstateOnlyInput, ReviewQueueOutput>('reviewQueue', EstateOnlySchema),
      decideVerification: identity<DecideVerificationInput, VerificationRequestOutput>(
        'decideVerification',
        DecideVerificationSchema,
      ),
      unlockVerification: identity<UnlockInput, Record<string, never>>('unlockVerification', UnlockSchema),
      viewCertificate: identity<ViewCertificateInput, ViewCertificateOutput>('viewCertificate', ViewCertificateSchema),
      listMembers: identity<EstateOnlyInput, ListMembersOutput>('listMembers', EstateOnlySchema),
      changeRole: identity<ChangeRoleInput, { member: MemberView }>('changeRole', ChangeRoleSchema),
      revokeOwnership: identity<RevokeOwnershipInput, { member: MemberView }>('revokeOwnership', RevokeOwnershipSchema),
      decideRepresentative: identity<StaffDecideRepresentativeInput, UnitOwnersOutput>(
        'decideRepresentative',
        StaffDecideRepresentativeSchema,
      ),
    },
    files: {
      /** Upload a picked file (roster spreadsheet, certificate photo); resolves with its fileId. Never rejects. */
      upload: async (file: PickedFile): Promise<ApiResult<UploadOutput>> => {
        try {
          return await uploader(file);
        } catch {
          return { ok: false, error: networkError() };
        }
      },
    },
    deliberation: {
      listTopics: endpoint<ListTopicsInput, ListTopicsOutput>(
        'deliberation',
        'listTopics',
        ListTopicsInputSchema,
        TOPIC_FIELD_LABELS,
      ),
      openTopic: endpoint<OpenTopicInput, OpenTopicOutput>(
        'deliberation',
        'openTopic',
        OpenTopicInputSchema,
        TOPIC_FIELD_LABELS,
      ),
    },
  };
}

export type Api = ReturnType<typeof createApi>;

type FetchLike = (
  url: string,
  init: { method: string; credentials: 'same-origin'; headers: Record<string, string>; body: string },
) => Promise<{ json(): Promise<unknown> }>;

/**
 * H5 (local mode): POST /api/<name> with the same `{ action, input }` event. The JSON body is the
 * ApiResult whatever the HTTP status; a body that is not JSON makes `json()` reject (→ network error).
 */
export function createHttpTransport(fetchImpl?: FetchLike, base = '/api/'): Transport {
  return async (name, action, input) => {
    const doFetch = fetchImpl ?? (globalThis.fetch as unknown as FetchLike);
    const res = await doFetch(base + name, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action, input }),
    });
    return res.json();
  };
}
