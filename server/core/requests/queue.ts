import type { HandlerOrg, WorkQueueView } from '../../../types/requests';
import { dueToday } from './deadlines';
import { currentDeadline, overdueLimit, type RequestState } from './machine';

/**
 * The work queue of a handler organisation (issue 12 item 6): 我的待办 is every open request it holds; 已超时 those
 * whose current limit has passed (the deadline job escalates them on its next run); 今日到期 those whose current limit
 * falls on today's Shanghai date and has not passed yet. A request is in at most one of overdue / due today.
 */
export function inQueue(state: RequestState, org: HandlerOrg, view: WorkQueueView, now: number): boolean {
  if (state.holder !== org) return false;
  const deadline = currentDeadline(state);
  if (!deadline) return false;
  if (view === 'mine') return true;
  const overdue = overdueLimit(state, now) !== null;
  if (view === 'overdue') return overdue;
  return !overdue && dueToday(deadline, now);
}
