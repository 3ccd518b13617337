/**
 * 诉求工作台 (packages/staff/requests/queue): which organisations' queues the caller may open, the page state (org,
 * tab, loaded rows) as a reducer, and each row as the page shows it. The server decides (workQueue answers
 * REQUEST_QUEUE_NOT_YOURS otherwise); this only offers what will work.
 */
import {
  HANDLER_ORG_LABELS,
  HANDLER_ORG_ROLES,
  HANDLER_ORGS,
  REQUEST_CATEGORY_LABELS,
  REQUEST_STATUS_LABELS,
  WORK_QUEUE_VIEW_LABELS,
  WORK_QUEUE_VIEWS,
  type HandlerOrg,
  type RequestRow,
  type WorkQueueView,
} from '../../types/requests';
import { allows } from '../../types/permissions';
import type { Role } from '../../types/roles';
import { formatShanghai } from '../../types/time';
import { routeUrl } from './page-access';
import { REQUEST_ROUTES } from './request-routes';
import { requestTone } from './request-view';
import type { Tone } from './status-tone';

export const QUEUE_TEXT = {
  title: '诉求工作台',
  orgPicker: '查看哪个单位的队列',
  empty: { mine: '没有待办的诉求', overdue: '没有超时的诉求', dueToday: '今天没有到期的诉求' } as Record<WorkQueueView, string>,
  emptyHint: '新的诉求派到本单位后会出现在这里。',
  overdue: '已超时',
  respondBy: '答复期限',
  resolveBy: '办结期限',
  open: '查看并办理',
} as const;

/**
 * The organisations whose queue these roles may open: their own, or every one for community and sub-district staff
 * (those who oversee every organisation: the same roles that read every organisation's figures).
 */
export function queueOrgs(roles: readonly Role[]): HandlerOrg[] {
  if (allows(roles, 'requests.viewMetrics')) return [...HANDLER_ORGS];
  return HANDLER_ORGS.filter((o) => roles.includes(HANDLER_ORG_ROLES[o]));
}

/** The queue a page opens first: the caller's own organisation (community staff: 居委会; sub-district staff: 街道). */
export function defaultOrg(roles: readonly Role[]): HandlerOrg | null {
  const own = HANDLER_ORGS.filter((o) => roles.includes(HANDLER_ORG_ROLES[o]));
  return own[0] ?? queueOrgs(roles)[0] ?? null;
}

export const queueTabs = WORK_QUEUE_VIEWS.map((view) => ({ view, label: WORK_QUEUE_VIEW_LABELS[view] }));
export const orgChoices = (roles: readonly Role[]) => queueOrgs(roles).map((org) => ({ org, label: HANDLER_ORG_LABELS[org] }));

export interface QueueState {
  org: HandlerOrg | null;
  view: WorkQueueView;
  rows: { status: 'idle' } | { status: 'loading' } | { status: 'ready'; requests: RequestRow[] } | { status: 'error'; message: string };
  /** which (org, view) the last load was for: a late answer for another choice is dropped */
  asked: string | null;
}

export type QueueEvent =
  | { type: 'start'; roles: readonly Role[] }
  | { type: 'pickOrg'; org: HandlerOrg }
  | { type: 'pickView'; view: WorkQueueView }
  | { type: 'loading'; key: string }
  | { type: 'loaded'; key: string; requests: RequestRow[] }
  | { type: 'failed'; key: string; message: string };

export const queueKey = (s: Pick<QueueState, 'org' | 'view'>) => `${s.org}:${s.view}`;
export const initialQueueState: QueueState = { org: null, view: 'mine', rows: { status: 'idle' }, asked: null };

export function queueReducer(s: QueueState, e: QueueEvent): QueueState {
  switch (e.type) {
    case 'start':
      return { ...s, org: s.org ?? defaultOrg(e.roles) };
    case 'pickOrg':
      return e.org === s.org ? s : { ...s, org: e.org, rows: { status: 'idle' } };
    case 'pickView':
      return e.view === s.view ? s : { ...s, view: e.view, rows: { status: 'idle' } };
    case 'loading':
      return { ...s, rows: { status: 'loading' }, asked: e.key };
    case 'loaded':
      return e.key === s.asked && e.key === queueKey(s) ? { ...s, rows: { status: 'ready', requests: e.requests } } : s;
    case 'failed':
      return e.key === s.asked && e.key === queueKey(s) ? { ...s, rows: { status: 'error', message: e.message } } : s;
  }
}

export interface QueueRowView {
  requestId: string;
  title: string;
  statusLabel: string;
  tone: Tone;
  /** "答复期限 12月4日 10:00" or "办结期限 …" (Asia/Shanghai); null when no limit runs (handled) */
  deadline: string | null;
  overdue: boolean;
  filed: string;
  url: string;
}

/** The limit the holder owes now: a response while dispatched or reopened, a resolution while contacted or extended. */
function owed(r: RequestRow): { label: string; at: string } | null {
  if ((r.status === 'dispatched' || r.status === 'reopened') && r.respondBy) return { label: QUEUE_TEXT.respondBy, at: r.respondBy };
  if ((r.status === 'contacted' || r.status === 'extended') && r.resolveBy) return { label: QUEUE_TEXT.resolveBy, at: r.resolveBy };
  return null;
}

export function queueRowView(estateId: string, r: RequestRow, now: number): QueueRowView {
  const due = owed(r);
  return {
    requestId: r.requestId,
    title: REQUEST_CATEGORY_LABELS[r.category],
    statusLabel: REQUEST_STATUS_LABELS[r.status],
    tone: requestTone(r.status),
    deadline: due ? `${due.label} ${formatShanghai(due.at, 'M月D日 HH:mm')}` : null,
    overdue: !!due && Date.parse(due.at) <= now,
    filed: `提交于 ${formatShanghai(r.filedAt, 'M月D日 HH:mm')}`,
    url: routeUrl(REQUEST_ROUTES.detail, { estateId, requestId: r.requestId }),
  };
}
