/**
 * View logic of 我的 (pages/me): my estates with my roles and units, where my verification stands, the
 * 大字模式 switch (the store is src/platform/text-size.ts; only the words live here), the privacy notice with
 * my consent, and signing out on H5. Plain TypeScript without Taro, tested in tests/unit/ui-me.test.ts.
 */
import type { Role } from '../../types/common';
import type { ApiError, ApiResult } from '../../types/errors';
import type { MeOutput, MyUnit, MyVerificationsOutput } from '../../types/identity';
import { formatShanghai } from '../../types/time';
import { PRIVACY_NOTICE, requestRows, type RequestRow } from './identity-verify';
import { roleChips, type RoleChip } from './home-view';
import { routeUrl } from './page-access';
import { ROUTES, unitUrl, verifyUrl } from './workbench';
import { allows } from '../../types/permissions';
import { myRequestsUrl } from './request-routes';

export { ME_ROUTE, ME_TEXT } from './me-route';

/** Where the local gateway signs the browser out (revokes the session, clears the cookie). H5 only. */
export const LOGOUT_URL = '/dev/logout';

/** WeChat signs people in with their WeChat account: there is nothing to sign out of inside the mini-program. */
export function canSignOut(platform: string | undefined): boolean {
  return platform === 'h5';
}

export interface EstateRequests {
  status: 'ready' | 'error';
  data?: MyVerificationsOutput;
  error?: ApiError;
}

export interface MyEstateView {
  estateId: string;
  name: string;
  displayName: string | null;
  roles: RoleChip[];
  units: { unitId: string; label: string; isRepresentative: boolean; url: string }[];
  /** one plain line: 已认证业主 · 2 套房屋 / 住户 / 有 1 项申请等待审核 / 还没有认证 */
  status: string;
  /** the newest requests that are still open or were turned down (decided ones that passed show as units) */
  openRequests: RequestRow[];
  verifyUrl: string;
  /** 我的诉求 (packages/requests), for owners and registered residents; null for anyone else */
  requestsUrl: string | null;
}

/** The verification standing of one estate, in words an elderly owner reads at a glance. */
export function verificationStatus(roles: readonly Role[], units: readonly MyUnit[], requests: readonly RequestRow[]): string {
  const pending = requests.filter((r) => r.status === 'pending').length;
  const parts: string[] = [];
  if (units.length > 0) parts.push(`已认证业主 · ${units.length} 套房屋`);
  else if (roles.includes('resident')) parts.push('已登记为住户（不参加表决）');
  if (pending > 0) parts.push(`有 ${pending} 项申请等待审核`);
  if (parts.length === 0) {
    const rejected = requests.find((r) => r.status === 'rejected');
    return rejected ? '上次申请未通过，可以重新认证' : '还没有认证业主身份';
  }
  return parts.join('；');
}

export function myEstateView(
  estate: { estateId: string; name: string },
  me: MeOutput['current'] | null,
  requests: EstateRequests | undefined,
): MyEstateView {
  const rows = requests?.status === 'ready' && requests.data ? requestRows(requests.data.requests) : [];
  const roles = me?.roles ?? [];
  const units = me?.units ?? [];
  return {
    estateId: estate.estateId,
    name: estate.name,
    displayName: me?.displayName ?? null,
    roles: roleChips(roles),
    units: units.map((u) => ({ unitId: u.unitId, label: u.label, isRepresentative: u.isRepresentative, url: unitUrl(estate.estateId, u.unitId) })),
    status: verificationStatus(roles, units, rows),
    openRequests: rows.filter((r) => r.status !== 'approved').slice(0, 3),
    verifyUrl: verifyUrl(estate.estateId),
    requestsUrl: allows(roles, 'requests.file') ? myRequestsUrl(estate.estateId) : null,
  };
}

/** The privacy notice (the one shown before verification) and my consent to its current version. */
export function privacyView(consents: readonly (MyVerificationsOutput['consent'] | undefined)[]): {
  paragraphs: readonly string[];
  version: string;
  consentLine: string;
} {
  const given = consents.find((c) => c && c.noticeVersion === PRIVACY_NOTICE.version) ?? null;
  return {
    paragraphs: PRIVACY_NOTICE.paragraphs,
    version: PRIVACY_NOTICE.version,
    consentLine: given
      ? `你已于 ${formatShanghai(given.at, 'YYYY-MM-DD HH:mm')} 同意本告知（版本 ${given.noticeVersion}）。`
      : '你还没有同意过本告知。进行身份认证时，会先请你阅读并单独同意。',
  };
}

/** The slice of the API facade the 我的 page uses (src/api/client.ts satisfies it). */
export interface MeApi {
  identity: {
    me(input: { estateId?: string }): Promise<ApiResult<MeOutput>>;
    myVerifications(input: { estateId: string }): Promise<ApiResult<MyVerificationsOutput>>;
  };
}

export type MeState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; estates: MyEstateView[]; consents: (MyVerificationsOutput['consent'] | undefined)[]; partial: boolean };

/** Most estates a person belongs to that the page loads in full (a staff member of a few estates, rarely more). */
export const ME_ESTATES_MAX = 5;

/** Load 我的: the estate list, then for each estate my roles/units and my verification requests, in parallel. */
export async function loadMe(api: MeApi): Promise<MeState> {
  const first = await api.identity.me({});
  if (!first.ok) return { status: 'error', error: first.error };
  const estates = first.data.estates.slice(0, ME_ESTATES_MAX);
  const loaded = await Promise.all(
    estates.map(async (e) => {
      const [me, reqs] = await Promise.all([
        first.data.current?.estate.estateId === e.estateId ? Promise.resolve({ ok: true as const, data: first.data }) : api.identity.me({ estateId: e.estateId }),
        api.identity.myVerifications({ estateId: e.estateId }),
      ]);
      const requests: EstateRequests = reqs.ok ? { status: 'ready', data: reqs.data } : { status: 'error', error: reqs.error };
      return { view: myEstateView(e, me.ok ? me.data.current : null, requests), consent: reqs.ok ? reqs.data.consent : undefined, partial: !me.ok || !reqs.ok };
    }),
  );
  return { status: 'ready', estates: loaded.map((l) => l.view), consents: loaded.map((l) => l.consent), partial: loaded.some((l) => l.partial) };
}

/** The verification page for someone with no estate yet. */
export const firstVerifyUrl = () => routeUrl(ROUTES.verify);
