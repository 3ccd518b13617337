import type { Ports } from '../../ports';
import { anchorAudit, sequenceAudit } from '../audit/sequence';
import { resumeBulkJobs } from '../bulk';
import { resumeAnnouncementNotices } from '../deliberation/topic-announce';
import { ROSTER_CONFIRM_JOB, rosterConfirmResumer } from '../identity/roster-confirm';
import { resumeRosterReviews } from '../identity/roster-review';
import { deliverOutbox } from '../notifications/deliver';
import { runRequestDeadlines } from '../requests/deadline-job';
import { cleanupUploads } from '../upload-records';
import { sequenceVoteLedgers } from '../voting/ledger';
import { closeDueVotes } from '../voting/result-close';

/**
 * Scheduled jobs as data: one registry that both schedulers read.
 * - CloudBase: the `jobs` cloud function has ONE timer trigger (CloudBase allows one trigger per function),
 *   declared in cloudbaserc.json as JOBS_TRIGGER; every tick runs the jobs that are due at that minute.
 *   A test checks cloudbaserc.json against this file.
 * - Local: the gateway runs the same registry on a timer (server/gateway/jobs-timer.ts).
 * A job must be idempotent and safe to overlap with itself: a tick can be late, repeated, or run twice.
 */
export interface JobDef {
  name: string;
  /** runs when the minute (UTC, since the epoch) is a multiple of this */
  everyMinutes: number;
  summary: string;
  run(ports: Ports): Promise<unknown>;
}

export const JOBS: readonly JobDef[] = [
  { name: 'deliverOutbox', everyMinutes: 1, summary: '投递通知：站内消息与微信订阅消息', run: (ports) => deliverOutbox(ports) },
  { name: 'sequenceAudit', everyMinutes: 1, summary: '把新的审计事件按顺序串入每个小区的哈希链', run: (ports) => sequenceAudit(ports) },
  { name: 'sequenceVoteLedgers', everyMinutes: 1, summary: '把新的选票事件按顺序串入每次表决自己的哈希链', run: (ports) => sequenceVoteLedgers(ports) },
  { name: 'closeDueVotes', everyMinutes: 10, summary: '表决期满而组织者未计票的表决，在结果公布期限前 12 小时自动计票并公示', run: (ports) => closeDueVotes(ports) },
  { name: 'requestDeadlines', everyMinutes: 5, summary: '诉求超过响应或解决时限的自动升级到上一级，临期提醒办理单位，办理后超时未确认的自动办结', run: (ports) => runRequestDeadlines(ports) },
  { name: 'anchorAudit', everyMinutes: 60, summary: '为每个小区的审计链记录一个公开锚点', run: (ports) => anchorAudit(ports) },
  {
    name: 'resumeBulkJobs',
    everyMinutes: 1,
    summary: '继续未完成的分块批量任务（如名册确认）',
    run: (ports) => resumeBulkJobs(ports.storage, { [ROSTER_CONFIRM_JOB]: rosterConfirmResumer(ports) }),
  },
  { name: 'resumeRosterReviews', everyMinutes: 1, summary: '补算确认完成后未生成的名册复核清单（进程中断时）', run: (ports) => resumeRosterReviews(ports) },
  { name: 'resumeAnnouncementNotices', everyMinutes: 1, summary: '补发议题公告后未写完的业主通知（进程中断时）', run: (ports) => resumeAnnouncementNotices(ports) },
  { name: 'cleanupUploads', everyMinutes: 60, summary: '删除 24 小时内未使用的上传文件，清空未确认的名册预览，删除审核决定 30 天后的产权证照片', run: (ports) => cleanupUploads(ports) },
];

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The tick: the largest interval that hits every job's schedule. */
export function tickMinutes(jobs: readonly JobDef[] = JOBS): number {
  return jobs.map((j) => j.everyMinutes).reduce(gcd);
}

/** A CloudBase (7-field: s m h d M w y) cron expression for a tick of n minutes. */
export const cronEvery = (minutes: number) => (minutes === 1 ? '0 * * * * * *' : `0 */${minutes} * * * * *`);

/** The `jobs` function's timer trigger, as cloudbaserc.json must declare it. */
export const JOBS_TRIGGER = { name: 'jobs_tick', type: 'timer', config: cronEvery(tickMinutes()) } as const;

/** Jobs due at `at`: the instant is rounded to its minute (a trigger fires a few seconds late or early). */
export function dueJobs(at: Date, jobs: readonly JobDef[] = JOBS): JobDef[] {
  const minute = Math.round(at.getTime() / 60_000);
  return jobs.filter((j) => minute % j.everyMinutes === 0);
}

export interface JobRun {
  name: string;
  ok: boolean;
  result?: unknown;
  /** the error's name and message, never the data it was handling */
  error?: string;
}

/** Run the given jobs one after another; a failing job does not stop the others. */
export async function runJobs(ports: Ports, jobs: readonly JobDef[]): Promise<JobRun[]> {
  const runs: JobRun[] = [];
  for (const job of jobs) {
    try {
      runs.push({ name: job.name, ok: true, result: await job.run(ports) });
    } catch (err) {
      const error = err instanceof Error ? `${err.name}: ${err.message}` : 'error';
      console.error(`[gongyi] job ${job.name} failed: ${error}`);
      runs.push({ name: job.name, ok: false, error });
    }
  }
  return runs;
}
