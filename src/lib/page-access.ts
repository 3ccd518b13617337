/**
 * What a page shows when it cannot show its content: not logged in, no permission (the server's
 * FORBIDDEN or NOT_A_MEMBER), or a failure worth retrying. Shared by the identity and staff pages.
 * Plain TypeScript, no Taro.
 */
import type { Role } from '../../types/common';
import { apiError, errorKind, type ApiError, type ApiResult } from '../../types/errors';
import type { MeInput, MeOutput } from '../../types/identity';
import type { Platform } from './home-view';

export const ACCESS_TEXT = {
  loading: '加载中…',
  forbiddenTitle: '无权限',
  forbiddenStaff: '此页面仅供社区居委会等工作人员使用。如果你是工作人员，请联系居委会为你开通角色。',
  notMember: '你还不是该小区的成员。',
  login: '去登录',
  retry: '重试',
  backHome: '返回首页',
} as const;

export type BlockedView =
  | { kind: 'login'; message: string; showLoginButton: boolean }
  | { kind: 'forbidden'; title: string; message: string }
  | { kind: 'retry'; message: string };

/**
 * Map a failed load onto a page state by the code's kind (types/errors.ts): every 'forbidden' code
 * (FORBIDDEN, NOT_A_MEMBER, UNIT_OWNERS_ONLY, …) is a clear 无权限, never a broken page.
 */
export function blockedView(error: ApiError, platform: Platform, forbiddenHint: string = ACCESS_TEXT.forbiddenStaff): BlockedView {
  switch (errorKind(error.code)) {
    case 'auth':
      return { kind: 'login', message: error.message, showLoginButton: platform === 'h5' };
    case 'forbidden':
      return { kind: 'forbidden', title: ACCESS_TEXT.forbiddenTitle, message: `${error.message}。${forbiddenHint}` };
    default:
      return { kind: 'retry', message: error.message };
  }
}

/** The estate and roles a page works with, from `me`. */
export interface PageContext {
  estateId: string;
  estateName: string;
  communityName: string;
  roles: Role[];
}

export type ContextResult = { ok: true; context: PageContext } | { ok: false; error: ApiError };

/**
 * Resolve the estate a page works in: the one in the URL if given (the server checks membership),
 * otherwise the caller's current one. No estate at all is NOT_A_MEMBER.
 */
export async function loadPageContext(
  api: { identity: { me(input: MeInput): Promise<ApiResult<MeOutput>> } },
  requestedEstateId?: string,
): Promise<ContextResult> {
  const res = await api.identity.me(requestedEstateId ? { estateId: requestedEstateId } : {});
  if (!res.ok) return res;
  const current = res.data.current;
  if (!current) return { ok: false, error: apiError('NOT_A_MEMBER') };
  return {
    ok: true,
    context: {
      estateId: current.estate.estateId,
      estateName: current.estate.name,
      communityName: current.estate.communityName,
      roles: current.roles,
    },
  };
}

/** Route parameters arrive URL-encoded in some builds and decoded in others; decode once, safely. */
export function routeParam(params: Record<string, string | undefined> | undefined, key: string): string | undefined {
  const raw = params?.[key];
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Build "path?key=value&…" with encoded values, skipping empty ones. */
export function routeUrl(path: string, params: Record<string, string | undefined> = {}): string {
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
    .join('&');
  return query ? `${path}?${query}` : path;
}

export type StaffPageState<T> =
  | { status: 'loading' }
  | { status: 'blocked'; view: BlockedView }
  | { status: 'ready'; context: PageContext; data: T };

/**
 * Load a staff page: who am I and in which estate, then the page's own read action. The server decides
 * who may read it; its FORBIDDEN (a resident opening the URL) becomes the 无权限 state.
 */
export async function loadStaffPage<T>(
  api: { identity: { me(input: MeInput): Promise<ApiResult<MeOutput>> } },
  requestedEstateId: string | undefined,
  /** the page's read; it gets the context too, so a page can read what the caller's roles allow (成员与角色) */
  fetch: (estateId: string, context: PageContext) => Promise<ApiResult<T>>,
  platform: Platform,
): Promise<StaffPageState<T>> {
  const ctx = await loadPageContext(api, requestedEstateId);
  if (!ctx.ok) return { status: 'blocked', view: blockedView(ctx.error, platform) };
  const res = await fetch(ctx.context.estateId, ctx.context);
  if (!res.ok) return { status: 'blocked', view: blockedView(res.error, platform) };
  return { status: 'ready', context: ctx.context, data: res.data };
}
