import { apiError, type ApiResult } from '../../../types/errors';
import type { Ports } from '../../ports';
import { dueJobs, runJobs, type JobDef, type JobRun } from './index';

/** The event a CloudBase timer trigger delivers: `{ Type: 'Timer', TriggerName, Time }` (Type's case varies by docs). */
export interface TimerEvent {
  Type: string;
  TriggerName: string;
  Time: string;
}

export function isTimerEvent(event: unknown): event is TimerEvent {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  return typeof e.Type === 'string' && e.Type.toLowerCase() === 'timer' && typeof e.TriggerName === 'string' && typeof e.Time === 'string';
}

/**
 * The `jobs` cloud function: runs the registry's due jobs on a timer tick, and nothing else.
 * It refuses every user call: a caller the platform knows (an OPENID: a mini-program user, whatever the payload
 * says) or an event that is not a timer event. A timer trigger has no user context.
 */
export function createJobsFunction(trigger: string, jobs: readonly JobDef[], getPorts: () => Promise<Ports>) {
  return async function main(event: unknown, context?: unknown): Promise<ApiResult<{ at: string; runs: JobRun[] }>> {
    if (!isTimerEvent(event) || event.TriggerName !== trigger) return { ok: false, error: apiError('FORBIDDEN') };
    try {
      const ports = await getPorts();
      if (await ports.platform.caller(event, context)) return { ok: false, error: apiError('FORBIDDEN') };
      const fired = new Date(event.Time);
      const at = Number.isNaN(fired.getTime()) ? ports.clock.now() : fired;
      return { ok: true, data: { at: at.toISOString(), runs: await runJobs(ports, dueJobs(at, jobs)) } };
    } catch (err) {
      console.error('[gongyi] jobs failed:', err instanceof Error ? err.message : 'error');
      return { ok: false, error: apiError('INTERNAL') };
    }
  };
}
