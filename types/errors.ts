/**
 * One error table for the whole product. Codes are stable (the client branches on them);
 * messages are the Chinese text the UI shows as-is.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: '提交的内容有误，请按提示修改',
  UNKNOWN_ACTION: '不支持的操作',
  NOT_AUTHENTICATED: '请先登录',
  NOT_A_MEMBER: '你还不是该小区的成员',
  FORBIDDEN: '你没有权限执行此操作',
  NOT_FOUND: '内容不存在或已被删除',
  CONFLICT: '数据刚被他人修改，请刷新后重试',
  DUPLICATE: '已经提交过，不能重复提交',
  INVALID_STATE: '当前阶段不允许此操作',
  ROSTER_MISMATCH: '填写的信息与名册不一致',
  VERIFICATION_LOCKED: '核验失败次数过多，已暂时锁定，请联系居委会或改用其他核验方式',
  INTERNAL: '系统繁忙，请稍后再试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface FieldError {
  /** dotted path of the offending field, e.g. "title" or "items.0.text" */
  field: string;
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export function apiError(code: ErrorCode, message?: string, fields?: FieldError[]): ApiError {
  return fields && fields.length
    ? { code, message: message ?? ERROR_MESSAGES[code], fields }
    : { code, message: message ?? ERROR_MESSAGES[code] };
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

/**
 * Translate one zod issue into a Chinese message for the field it names.
 * `input` is the value that was parsed: zod does not report inputs by default, and
 * "missing" and "wrong type" deserve different words.
 */
export function zodIssueToFieldError(issue: ZodIssueLike, labels: FieldLabels = {}, input?: unknown): FieldError {
  const field = issue.path.map(String).join('.');
  const label = labels[field] ?? labels[String(issue.path[issue.path.length - 1] ?? '')] ?? (field || '内容');
  let message: string;
  switch (issue.code) {
    case 'invalid_type':
      message = valueAt(input, issue.path) === undefined ? `${label}不能为空` : `${label}格式不正确`;
      break;
    case 'too_small':
      message =
        issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint'
          ? `${label}不能小于 ${issue.minimum}`
          : `${label}至少需要 ${issue.minimum} ${describeLength(issue.origin)}`;
      break;
    case 'too_big':
      message =
        issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint'
          ? `${label}不能大于 ${issue.maximum}`
          : `${label}最多 ${issue.maximum} ${describeLength(issue.origin)}`;
      break;
    case 'invalid_format':
      message = `${label}格式不正确`;
      break;
    case 'invalid_value':
      message = `${label}不是可选的值`;
      break;
    case 'unrecognized_keys':
      message = `不允许的字段：${(issue.keys ?? []).join('、')}`;
      break;
    default:
      message = `${label}不符合要求`;
  }
  return { field, message };
}
