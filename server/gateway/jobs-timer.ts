import { dueJobs, JOBS, runJobs, tickMinutes, type JobDef, type JobRun } from '../app/jobs';
import type { Ports } from '../ports';

export interface JobTimer {
  /** run the jobs due now (what each tick does); resolves when they finished */
  tick(): Promise<JobRun[]>;
  /** stop ticking and wait for a run in progress */
  stop(): Promise<void>;
}

/**
 * The local scheduler: the same registry as the CloudBase timer trigger, on a Node timer. The timer is unref'd
 * (it never keeps the process alive) and ticks never overlap: a tick that comes while a run is still going is
 * skipped. Tests do not use it; they call the jobs directly with a ManualClock.
 */
export function startJobTimer(ports: Ports, options: { jobs?: readonly JobDef[]; intervalMs?: number } = {}): JobTimer {
  const jobs = options.jobs ?? JOBS;
  const intervalMs = options.intervalMs ?? tickMinutes(jobs) * 60_000;
  let running: Promise<JobRun[]> | null = null;
  let stopped = false;
  const tick = (): Promise<JobRun[]> => {
    if (stopped) return Promise.resolve([]);
    if (running) return running;
    running = runJobs(ports, dueJobs(ports.clock.now(), jobs)).finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
