import { AppError } from '../core/errors';
import { DuplicateKeyError, TRANSACTION_WRITE_LIMIT, VersionConflictError, type Clock, type Storage, type TxStore } from '../ports';

/**
 * Bulk work in resumable chunks: anything that writes thousands of documents (a roster confirm, a reminder
 * to every member, a re-key) runs as a JOB of N numbered items, written in chunks.
 *
 * - One progress document per job in `bulk_jobs` (`done` of `total` items), created by the caller inside the
 *   small transaction that starts the work (so "started" and whatever it locks commit together).
 * - Each chunk is ONE transaction: it reads the job, writes items [done, done + chunk) through `step`, and
 *   moves `done` forward, all together. A crash (kill -9, timeout, network) loses at most the chunk in flight,
 *   which never committed; running again continues from the last committed chunk, never repeats one.
 *   Two runners at once are safe too: the one that commits second conflicts on the job's version, is retried,
 *   sees `done` already moved and goes on with the next chunk.
 * - `chunkSize` items of at most `writesPerItem` writes each, plus the job update, stay under
 *   TRANSACTION_WRITE_LIMIT (CloudBase; see server/ports/storage.ts for the figure and its source).
 * - Steps should still be idempotent (deterministic ids; create-or-update): when a fast path that creates
 *   without reading hits an existing document, the chunk is rolled back and re-run with `careful = true`,
 *   which must read before writing.
 * - When all items are done, `finish` runs once, in one transaction that also marks the job done and stores
 *   its (small) result, so whatever the job makes visible at the end appears all at once.
 * - A request runs chunks until the job is done or its time budget is spent, then returns
 *   `{ status: 'running', done, total }`; the client polls (each poll runs more chunks), a scheduled
 *   `resumeBulkJobs` picks up jobs nobody is polling.
 */

export const BULK_JOBS = 'bulk_jobs';

/** Documents written per chunk: half the per-transaction cap leaves room for reads' bookkeeping writes. */
export const BULK_CHUNK_WRITES = Math.floor(TRANSACTION_WRITE_LIMIT / 2);
/** Work time per request: CloudBase functions time out at 20 s by default; leave room to answer. */
export const BULK_REQUEST_BUDGET_MS = 15_000;

export type BulkStatus = 'running' | 'done' | 'failed';

export interface BulkJobDoc extends Record<string, unknown> {
  kind: string;
  estateId: string;
  /** what the job works on, e.g. `roster_imports/<id>` */
  subject: string;
  status: BulkStatus;
  total: number;
  done: number;
  chunks: number;
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** the finish step's result (small), for polls after the job is done */
  result?: Record<string, unknown> | null;
  /** error code when status is 'failed' */
  error?: string;
}

export type BulkProgress<R> = { status: 'running'; done: number; total: number } | { status: 'done'; done: number; total: number; result: R };

export interface NewBulkJob {
  kind: string;
  estateId: string;
  subject: string;
  total: number;
  startedBy: string;
}

/** Create the job's progress document inside the caller's transaction. Throws DuplicateKeyError if `id` exists. */
export async function createBulkJob(tx: TxStore, clock: Clock, id: string, job: NewBulkJob): Promise<void> {
  const at = clock.now().toISOString();
  await tx.create<BulkJobDoc>(BULK_JOBS, id, { ...job, status: 'running', done: 0, chunks: 0, startedAt: at, updatedAt: at, result: null });
}

export interface BulkRunOptions<R> {
  /** items per chunk; default BULK_CHUNK_WRITES / writesPerItem */
  chunkSize?: number;
  /** most writes one item makes (default 1) */
  writesPerItem?: number;
  /** write items [from, to) inside `tx`; `careful`: an earlier try met a document it expected to be missing */
  step(tx: TxStore, from: number, to: number, careful: boolean): Promise<void>;
  /** once every item is written, in one transaction with the job's "done" mark; returns the job's result */
  finish(tx: TxStore, job: BulkJobDoc): Promise<R>;
  /** when step or finish refuses (AppError): undo locks etc., inside the transaction that marks the job failed */
  fail?(tx: TxStore, job: BulkJobDoc, error: AppError): Promise<void>;
  /** stop starting new chunks after this many ms (elapsed wall time, not the product clock) */
  budgetMs?: number;
  /** stop after this many chunks (tests, and callers that want small steps) */
  maxChunks?: number;
  /** called after each committed chunk (progress logs; tests inject crashes here) */
  afterChunk?(done: number, total: number): void | Promise<void>;
}

const progressOf = <R>(job: BulkJobDoc): BulkProgress<R> =>
  job.status === 'done' ? { status: 'done', done: job.done, total: job.total, result: (job.result ?? null) as R } : { status: 'running', done: job.done, total: job.total };

/** Read a job's progress (no work). null when there is no such job. */
export async function bulkProgress<R>(storage: Storage, id: string): Promise<(BulkProgress<R> & { job: BulkJobDoc }) | null> {
  const job = await storage.get<BulkJobDoc>(BULK_JOBS, id);
  return job ? { ...progressOf<R>(job.data), job: job.data } : null;
}

/**
 * Run job `id` forward: chunks until done (then `finish`) or until the budget is spent.
 * A failed job throws AppError('BULK_JOB_FAILED'); an unknown one AppError('NOT_FOUND').
 */
export async function runBulkJob<R>(storage: Storage, clock: Clock, id: string, options: BulkRunOptions<R>): Promise<BulkProgress<R>> {
  const started = Date.now();
  const budget = options.budgetMs ?? BULK_REQUEST_BUDGET_MS;
  const perItem = Math.max(1, options.writesPerItem ?? 1);
  const chunkSize = Math.max(1, Math.min(options.chunkSize ?? Infinity, Math.floor((BULK_CHUNK_WRITES - 1) / perItem)));
  let chunks = 0;

  const load = async (tx: TxStore) => {
    const job = await tx.get<BulkJobDoc>(BULK_JOBS, id);
    if (!job) throw new AppError('NOT_FOUND');
    return job;
  };

  const failJob = async (error: AppError) => {
    await storage.transaction(async (tx) => {
      const job = await load(tx);
      if (job.data.status !== 'running') return;
      await options.fail?.(tx, job.data, error);
      const at = clock.now().toISOString();
      await tx.update<BulkJobDoc>(BULK_JOBS, id, job.version, { ...job.data, status: 'failed', error: error.code, updatedAt: at, finishedAt: at });
    });
  };

  for (;;) {
    let careful = false;
    let state: BulkProgress<R> | 'chunk';
    for (;;) {
      try {
        state = await storage.transaction(async (tx): Promise<BulkProgress<R> | 'chunk'> => {
          const job = await load(tx);
          const d = job.data;
          if (d.status === 'failed') throw new AppError('BULK_JOB_FAILED');
          if (d.status === 'done') return progressOf<R>(d);
          const at = clock.now().toISOString();
          if (d.done >= d.total) {
            const result = await options.finish(tx, d);
            const next: BulkJobDoc = { ...d, status: 'done', result: (result ?? null) as Record<string, unknown> | null, updatedAt: at, finishedAt: at };
            await tx.update<BulkJobDoc>(BULK_JOBS, id, job.version, next);
            return progressOf<R>(next);
          }
          const to = Math.min(d.total, d.done + chunkSize);
          await options.step(tx, d.done, to, careful);
          await tx.update<BulkJobDoc>(BULK_JOBS, id, job.version, { ...d, done: to, chunks: d.chunks + 1, updatedAt: at });
          return 'chunk';
        });
        break;
      } catch (err) {
        if (err instanceof DuplicateKeyError && !careful) {
          careful = true; // a document the fast path meant to create exists: redo this chunk reading first
          continue;
        }
        if (err instanceof VersionConflictError && Date.now() - started < budget) {
          // another runner of this job holds the same chunk: let it commit, then go on from its progress
          await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(Math.random() * 100)));
          continue;
        }
        if (err instanceof AppError && err.code !== 'BULK_JOB_FAILED' && err.code !== 'NOT_FOUND') await failJob(err);
        throw err;
      }
    }
    if (state !== 'chunk') return state;
    chunks++;
    const now = await bulkProgress<R>(storage, id);
    if (!now) throw new AppError('NOT_FOUND');
    await options.afterChunk?.(now.done, now.total);
    if (now.status === 'done' || (options.maxChunks !== undefined && chunks >= options.maxChunks) || Date.now() - started >= budget) {
      return progressOf<R>(now.job);
    }
  }
}

/** Jobs still running (crashed, or nobody polled), oldest first: for a scheduled resume. */
export async function runningBulkJobs(storage: Storage, kind?: string): Promise<{ id: string; job: BulkJobDoc }[]> {
  const docs = await storage.find<BulkJobDoc>(BULK_JOBS, { where: kind ? { status: 'running', kind } : { status: 'running' }, orderBy: { field: 'startedAt' } });
  return docs.map((d) => ({ id: d.id, job: d.data }));
}

/** What a job kind provides to be resumed by the scheduler: run its job `id` forward within a budget. */
export type BulkResumer = (id: string, job: BulkJobDoc, budgetMs: number) => Promise<BulkProgress<unknown>>;

/**
 * Resume every running job whose kind has a resumer, one after another, within one overall budget
 * (for a timer trigger). Returns what happened to each job it touched.
 */
export async function resumeBulkJobs(
  storage: Storage,
  resumers: Record<string, BulkResumer>,
  budgetMs = BULK_REQUEST_BUDGET_MS,
): Promise<{ id: string; kind: string; outcome: BulkProgress<unknown> | { status: 'error'; error: string } }[]> {
  const started = Date.now();
  const out: { id: string; kind: string; outcome: BulkProgress<unknown> | { status: 'error'; error: string } }[] = [];
  for (const { id, job } of await runningBulkJobs(storage)) {
    const left = budgetMs - (Date.now() - started);
    if (left <= 0) break;
    const resume = resumers[job.kind];
    if (!resume) continue;
    try {
      out.push({ id, kind: job.kind, outcome: await resume(id, job, left) });
    } catch (err) {
      out.push({ id, kind: job.kind, outcome: { status: 'error', error: err instanceof AppError ? err.code : String(err) } });
    }
  }
  return out;
}
