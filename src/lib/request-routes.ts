/**
 * Where the request pages (subpackage packages/requests) live. Entries on the home page and on 我的 navigate by
 * these URLs only, so none of the requests pages' code reaches the main package.
 */
import { routeUrl } from './page-access';

export const REQUEST_ROUTES = {
  mine: '/packages/requests/index',
  file: '/packages/requests/new/index',
  detail: '/packages/requests/detail/index',
} as const;

export const myRequestsUrl = (estateId: string) => routeUrl(REQUEST_ROUTES.mine, { estateId });
export const fileRequestUrl = (estateId: string) => routeUrl(REQUEST_ROUTES.file, { estateId });
export const requestDetailUrl = (estateId: string, requestId: string) => routeUrl(REQUEST_ROUTES.detail, { estateId, requestId });

/** The entry texts (home page card and 我的). */
export const REQUEST_ENTRY_TEXT = {
  title: '诉求',
  hint: '报修、环境、安全隐患、邻里纠纷……提交后能看到谁在办、什么时候前答复。',
  file: '提交诉求',
  mine: '我的诉求',
  mineMeta: '看办理进度、确认和评价',
} as const;
