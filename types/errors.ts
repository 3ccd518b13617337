import { formatArea, formatShanghai } from './time';

/**
 * One error table for the whole product. A code is stable (clients branch on it, or on its `kind`);
 * `message` is the Chinese template the UI shows, with `{param}` placeholders filled from typed
 * parameters; `params` declares each parameter's kind (how it is typed and rendered).
 * Use cases throw `new AppError(code, params)` and never build sentences themselves.
 *
 * Adding a code = one line here, e.g.
 *   ALREADY_VOTED: { kind: 'conflict', message: '你已经投过票了，回执 {receipt}', params: { receipt: 'text' } },
 */
export type ErrorKind = 'invalid' | 'auth' | 'forbidden' | 'not_found' | 'conflict' | 'state' | 'internal';
/** text: as is; count: integer; instant: ISO instant shown in Beijing time; area: 0.01 m² integer shown as 89.52 */
export type ParamKind = 'text' | 'count' | 'instant' | 'area';
interface ErrorEntry {
  kind: ErrorKind;
  message: string;
  params?: Record<string, ParamKind>;
}

export const ERRORS = {
  // ── generic ──
  BAD_REQUEST: { kind: 'invalid', message: '请求格式不正确' },
  VALIDATION_FAILED: { kind: 'invalid', message: '提交的内容有误，请按提示修改' },
  UNKNOWN_ACTION: { kind: 'invalid', message: '不支持的操作' },
  NOT_AUTHENTICATED: { kind: 'auth', message: '请先登录' },
  NOT_A_MEMBER: { kind: 'forbidden', message: '你还不是该小区的成员' },
  FORBIDDEN: { kind: 'forbidden', message: '你没有权限执行此操作' },
  NOT_FOUND: { kind: 'not_found', message: '内容不存在或已被删除' },
  CONFLICT: { kind: 'conflict', message: '数据刚被他人修改，请刷新后重试' },
  DUPLICATE: { kind: 'conflict', message: '已经提交过，不能重复提交' },
  INVALID_STATE: { kind: 'state', message: '当前阶段不允许此操作' },
  INTERNAL: { kind: 'internal', message: '系统繁忙，请稍后再试' },
  NETWORK_ERROR: { kind: 'internal', message: '网络异常，请稍后重试' },
  // ── validation of one field (FieldError.code); {label} is the field's Chinese name ──
  FIELD_REQUIRED: { kind: 'invalid', message: '{label}不能为空', params: { label: 'text' } },
  FIELD_INVALID: { kind: 'invalid', message: '{label}格式不正确', params: { label: 'text' } },
  FIELD_TOO_SHORT: { kind: 'invalid', message: '{label}至少需要 {minimum} {unit}', params: { label: 'text', minimum: 'count', unit: 'text' } },
  FIELD_TOO_LONG: { kind: 'invalid', message: '{label}最多 {maximum} {unit}', params: { label: 'text', maximum: 'count', unit: 'text' } },
  FIELD_TOO_SMALL: { kind: 'invalid', message: '{label}不能小于 {minimum}', params: { label: 'text', minimum: 'count' } },
  FIELD_TOO_BIG: { kind: 'invalid', message: '{label}不能大于 {maximum}', params: { label: 'text', maximum: 'count' } },
  FIELD_NOT_ALLOWED: { kind: 'invalid', message: '{label}不是可选的值', params: { label: 'text' } },
  FIELD_UNKNOWN: { kind: 'invalid', message: '不允许的字段：{keys}', params: { keys: 'text' } },
  FIELD_REJECTED: { kind: 'invalid', message: '{label}不符合要求', params: { label: 'text' } },
  // ── files (client checks and server reads) ──
  FILE_NAME_MISSING: { kind: 'invalid', message: '文件名不能为空' },
  FILE_EMPTY: { kind: 'invalid', message: '文件是空的，请重新选择' },
  FILE_TOO_LARGE: { kind: 'invalid', message: '文件太大（超过 {maxMb} MB），请重新选择', params: { maxMb: 'count' } },
  FILE_RESELECT: { kind: 'invalid', message: '请重新选择文件' },
  UPLOAD_UNSUPPORTED: { kind: 'internal', message: '当前环境不支持上传文件' },
  UPLOAD_NOT_ALLOWED: { kind: 'forbidden', message: '当前账号不能上传文件' },
  NOT_OWN_UPLOAD: { kind: 'forbidden', message: '只能使用你自己上传的文件，请重新上传' },
  FILE_NOT_FOUND: { kind: 'not_found', message: '文件不存在或已被删除，请重新上传' },
  // ── identity: estates, roster, verification ──
  ESTATE_NOT_FOUND: { kind: 'not_found', message: '没有找到这个小区' },
  UNIT_NOT_IN_ROSTER: { kind: 'not_found', message: '名册中没有这个房号，请核对楼栋、单元和房号' },
  UNIT_NO_LONGER_IN_ROSTER: { kind: 'not_found', message: '名册中已没有这个房屋' },
  PHONE_TWO_SOURCES: { kind: 'invalid', message: '手机号只需一种方式：填写或使用微信手机号' },
  PHONE_REQUIRED: { kind: 'invalid', message: '请填写手机号或使用微信手机号' },
  PHONE_CODE_EXPIRED: { kind: 'invalid', message: '微信手机号获取失败或已过期，请重新获取或直接填写' },
  ID_LAST4_REQUIRED: { kind: 'invalid', message: '本小区要求填写身份证后四位' },
  DEVELOPER_HELD_UNIT: { kind: 'state', message: '该房屋在名册中登记为开发商持有，请上传不动产权证由居委会审核' },
  ROSTER_MISMATCH: { kind: 'invalid', message: '填写的信息与名册不一致，还可以尝试 {attemptsLeft} 次。', params: { attemptsLeft: 'count' } },
  VERIFICATION_LOCKED: { kind: 'state', message: '核验失败次数过多，已锁定至 {lockedUntil}，居委会已收到提醒。你也可以上传不动产权证或到社区线下核验。', params: { lockedUntil: 'instant' } },
  PERSON_ALREADY_LINKED: { kind: 'conflict', message: '该业主已由另一个微信账号完成认证。如需更换账号，请联系社区居委会。' },
  REQUEST_ALREADY_DECIDED: { kind: 'state', message: '这个申请已经处理过了' },
  REJECT_REASON_REQUIRED: { kind: 'invalid', message: '驳回时请填写理由' },
  OFFLINE_NOTE_REQUIRED: { kind: 'invalid', message: '线下核验通过时请记录核验了哪些材料' },
  MEMBER_NOT_FOUND: { kind: 'not_found', message: '没有找到这个成员' },
  CANNOT_REVOKE_OWN_STAFF_ROLE: { kind: 'state', message: '不能撤销自己的居委会工作人员角色，请由其他工作人员操作' },
  ROLE_ALREADY_HELD: { kind: 'state', message: '该成员已有这个角色' },
  ROLE_NOT_HELD: { kind: 'state', message: '该成员没有这个角色' },
  MEMBER_NOT_LINKED_TO_UNIT: { kind: 'not_found', message: '该成员没有关联这套房屋' },
  UNIT_OWNERS_ONLY: { kind: 'forbidden', message: '只有这套房屋的业主或社区工作人员可以查看' },
  CO_OWNERS_ONLY: { kind: 'forbidden', message: '只有这套房屋的共有人可以提议或确认表决权代表' },
  NOT_A_VERIFIED_CO_OWNER: { kind: 'not_found', message: '此人不是这套房屋已认证的共有人' },
  ALREADY_REPRESENTATIVE: { kind: 'state', message: '他/她已经是表决权代表' },
  NO_PENDING_PROPOSAL: { kind: 'state', message: '没有待确认的表决权代表变更' },
  ALREADY_CONFIRMED: { kind: 'state', message: '你已经确认过了' },
  CONFIRMATION_NOT_NEEDED: { kind: 'state', message: '这次变更不需要你确认' },
  ROSTER_VERSION_MOVED: { kind: 'conflict', message: '名册在你预览之后已被更新为第 {version} 版，请重新上传并预览', params: { version: 'count' } },
  ROSTER_DATA_MOVED: { kind: 'conflict', message: '名册数据在你预览之后有变化，请重新上传并预览' },
  IMPORT_NOT_FOUND: { kind: 'not_found', message: '找不到这次导入，请重新上传并预览' },
  IMPORT_ALREADY_CONFIRMED: { kind: 'state', message: '这次导入已经确认过了（第 {version} 版）', params: { version: 'count' } },
  PREVIEW_EXPIRED: { kind: 'state', message: '预览已超过 {hours} 小时，请重新上传并预览', params: { hours: 'count' } },
  IMPORT_IN_PROGRESS: { kind: 'state', message: '这次导入正在写入（已完成 {done} / {total} 项），请等待完成', params: { done: 'count', total: 'count' } },
  ROSTER_IMPORT_BUSY: { kind: 'conflict', message: '另一份名册正在写入，请等它完成后再确认' },
  BULK_JOB_FAILED: { kind: 'state', message: '这项批量操作已失败，请重新发起' },
  ROSTER_FILE_EMPTY: { kind: 'invalid', message: '文件是空的' },
  ROSTER_FILE_TOO_LARGE: { kind: 'invalid', message: '文件不能超过 {maxMb} MB', params: { maxMb: 'count' } },
  ROSTER_FILE_OLD_XLS: { kind: 'invalid', message: '这是旧版 Excel（.xls）文件：请在 Excel 或 WPS 中“另存为” .xlsx 后再上传' },
  ROSTER_FILE_NOT_XLSX: { kind: 'invalid', message: '文件不是有效的 .xlsx 表格：请用 Excel 或 WPS 打开后“另存为” .xlsx 再上传' },
  ROSTER_FILE_NOT_TEXT: { kind: 'invalid', message: '文件不是文本格式的 CSV，请上传 .xlsx 或 .csv 名册' },
  ROSTER_FILE_CORRUPT: { kind: 'invalid', message: '文件不是有效的 .xlsx 表格（可能已损坏）：请用 Excel 或 WPS 打开后重新保存' },
  ROSTER_FILE_UNPACKED_TOO_LARGE: { kind: 'invalid', message: '表格内容过大，请只保留名册这一张工作表后再上传' },
  ROSTER_FILE_UNREADABLE: { kind: 'invalid', message: '无法读取这个 .xlsx 文件（可能已损坏或加了密码）：请用 Excel 或 WPS 打开后重新保存' },
  ROSTER_FILE_NO_SHEET: { kind: 'invalid', message: '表格里没有工作表' },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERRORS;

type ParamValue<K extends ParamKind> = K extends 'count' | 'area' ? number : string;
type DeclaredParams<C extends ErrorCode> = (typeof ERRORS)[C] extends { params: infer P } ? P : Record<never, never>;
/** The typed parameters of one code, e.g. ErrorParams<'ROSTER_MISMATCH'> = { attemptsLeft: number }. */
export type ErrorParams<C extends ErrorCode> = { [K in keyof DeclaredParams<C>]: DeclaredParams<C>[K] extends ParamKind ? ParamValue<DeclaredParams<C>[K]> : never };
/** Codes that take parameters must be given them; codes without take none. */
export type ParamsArg<C extends ErrorCode> = keyof DeclaredParams<C> extends never ? [params?: undefined] : [params: ErrorParams<C>];

export const errorKind = (code: ErrorCode): ErrorKind => (ERRORS[code] as ErrorEntry | undefined)?.kind ?? 'internal';
export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, code);

function renderParam(kind: ParamKind | undefined, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (kind === 'instant' && (typeof value === 'string' || typeof value === 'number')) return formatShanghai(value);
  if (kind === 'area' && typeof value === 'number') return formatArea(value);
  return String(value);
}

/** The Chinese sentence for a code and its parameters (instants in Beijing time, areas as 89.52). */
export function renderError<C extends ErrorCode>(code: C, ...[params]: ParamsArg<C> | [params?: Record<string, unknown>]): string {
  const entry = ERRORS[code] as ErrorEntry | undefined;
  if (!entry) return ERRORS.INTERNAL.message;
  const values = (params ?? {}) as Record<string, unknown>;
  return entry.message.replace(/\{(\w+)\}/g, (_, name: string) => renderParam(entry.params?.[name], values[name]));
}

export interface FieldError {
  /** dotted path of the offending field, e.g. "title" or "items.0.text" */
  field: string;
  code: ErrorCode;
  params?: Record<string, string | number>;
  /** rendered from code and params */
  message: string;
}

/** What every refusal looks like on the wire: a stable code, its typed parameters, the rendered message. */
export interface ApiError {
  code: ErrorCode;
  params?: Record<string, string | number>;
  message: string;
  fields?: FieldError[];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

const hasKeys = (o: object | undefined): o is object => !!o && Object.keys(o).length > 0;

export function apiError<C extends ErrorCode>(code: C, ...args: [...ParamsArg<C>, fields?: FieldError[]]): ApiError {
  const p = args[0] as Record<string, string | number> | undefined;
  const fields = args[1] as FieldError[] | undefined;
  return {
    code,
    ...(hasKeys(p) ? { params: p } : {}),
    message: renderError(code, p as never),
    ...(fields && fields.length ? { fields } : {}),
  };
}

export function fieldError<C extends ErrorCode>(field: string, code: C, ...[params]: ParamsArg<C>): FieldError {
  const p = params as Record<string, string | number> | undefined;
  return { field, code, ...(hasKeys(p) ? { params: p } : {}), message: renderError(code, p as never) };
}

/** The subset of a zod v4 issue that we translate; kept structural so both zod and zod/mini fit. */
export interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  format?: string;
  expected?: string;
  keys?: string[];
  message?: string;
}

/** Human labels for field names, so messages read "标题至少需要 4 个字" instead of "title". */
export type FieldLabels = Record<string, string>;

const describeLength = (origin: string | undefined) => (origin === 'array' || origin === 'set' ? '项' : '个字');

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

const isNumeric = (origin: string | undefined) => origin === 'number' || origin === 'int' || origin === 'bigint';

/**
 * Translate one zod issue into a coded field error. `input` is the value that was parsed: zod does not
 * report inputs by default, and "missing" and "wrong type" deserve different words.
 */
export function zodIssueToFieldError(issue: ZodIssueLike, labels: FieldLabels = {}, input?: unknown): FieldError {
  const field = issue.path.map(String).join('.');
  const label = labels[field] ?? labels[String(issue.path[issue.path.length - 1] ?? '')] ?? (field || '内容');
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined ? fieldError(field, 'FIELD_REQUIRED', { label }) : fieldError(field, 'FIELD_INVALID', { label });
    case 'too_small':
      return isNumeric(issue.origin)
        ? fieldError(field, 'FIELD_TOO_SMALL', { label, minimum: Number(issue.minimum) })
        : fieldError(field, 'FIELD_TOO_SHORT', { label, minimum: Number(issue.minimum), unit: describeLength(issue.origin) });
    case 'too_big':
      return isNumeric(issue.origin)
        ? fieldError(field, 'FIELD_TOO_BIG', { label, maximum: Number(issue.maximum) })
        : fieldError(field, 'FIELD_TOO_LONG', { label, maximum: Number(issue.maximum), unit: describeLength(issue.origin) });
    case 'invalid_format':
      return fieldError(field, 'FIELD_INVALID', { label });
    case 'invalid_value':
      return fieldError(field, 'FIELD_NOT_ALLOWED', { label });
    case 'unrecognized_keys':
      return fieldError(field, 'FIELD_UNKNOWN', { keys: (issue.keys ?? []).join('、') });
    default:
      return fieldError(field, 'FIELD_REJECTED', { label });
  }
}
