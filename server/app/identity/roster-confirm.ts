import type { ConfirmRosterOutput } from '../../../types/identity';
import { AppError } from '../../core/errors';
import type { SnapshotUnit } from '../../core/identity/roster-import';
import { DuplicateKeyError, type Ports, type Storage, type TxStore } from '../../ports';
import { BULK_JOBS, createBulkJob, runBulkJob, type BulkJobDoc, type BulkProgress, type BulkRunOptions } from '../bulk';
import { ESTATES } from './records';
import { applyRoster, markRosterUnitRemoved, writeRosterOwner, writeRosterUnit } from './roster';
import { ROSTER_IMPORTS, ROSTER_SNAPSHOTS, rosterVersionId, unpackUnit, type RosterEstateDoc, type RosterImportDoc, type RosterSnapshotDoc } from './roster-records';
import { reviewCandidates, reviewRosterVersion } from './roster-review';

/**
 * Confirming a roster import as a resumable bulk job (server/app/bulk.ts), so that an estate of 20 000 units
 * confirms on CloudBase, whose transactions carry at most TRANSACTION_WRITE_LIMIT writes:
 *
 * 1. start (one small transaction): checks the import and the base version, LOCKS the estate for this import
 *    (`rosterJob` on the estate document: a second import cannot start until this one is finished) and
 *    creates the job `roster:<importId>` (a second confirm of the same import collides on that id);
 * 2. chunks: the unit and owner documents the preview found new or different, and the units to mark
 *    removed, a chunk per transaction with the job's progress;
 * 3. finish (one small transaction): the version document, its snapshot, the estate's pointer, totals and
 *    buildings (and the lock released), the import marked confirmed, the audit entry — the same
 *    applyRoster the one-transaction path uses, with the documents already written.
 *
 * Until step 3 commits the OLD version stays current: the summary, the history, the snapshot, the totals
 * and the fingerprint all still say version N. Unit and owner documents are the working index and may
 * already hold the new data between chunks (verification reads them by id); a crash leaves them so until the
 * job is resumed (confirm again, poll `rosterImportProgress`, or the scheduled `resumeBulkJobs`).
 */

export const ROSTER_CONFIRM_JOB = 'roster.confirm';
export const rosterJobId = (importId: string) => `roster:${importId}`;

/** The estate document while an import is being written. */
type LockedEstateDoc = RosterEstateDoc & { rosterJob?: string | null };

/** Items of the job, in order: units to write, units to mark removed, owner records to write. */
interface RosterPlan {
  units: SnapshotUnit[];
  newUnits: Set<string>;
  removeRefs: string[];
  owners: RosterImportDoc['owners'];
  newOwners: Set<string>;
  total: number;
}

function planOf(d: RosterImportDoc): RosterPlan {
  const write = new Set(d.unitWrites);
  const units = d.units.map(unpackUnit).filter((u) => write.has(u.ref));
  return {
    units,
    newUnits: new Set(d.newUnitRefs),
    removeRefs: d.removeRefs,
    owners: d.owners,
    newOwners: new Set(d.newOwnerKeys),
    total: units.length + d.removeRefs.length + d.owners.length,
  };
}

async function writeItems(tx: TxStore, estateId: string, plan: RosterPlan, from: number, to: number, careful: boolean): Promise<void> {
  const U = plan.units.length;
  const R = plan.removeRefs.length;
  for (let i = from; i < to; i++) {
    if (i < U) {
      const u = plan.units[i];
      await writeRosterUnit(tx, estateId, u, !careful && plan.newUnits.has(u.ref));
    } else if (i < U + R) {
      await markRosterUnitRemoved(tx, estateId, plan.removeRefs[i - U]);
    } else {
      const o = plan.owners[i - U - R];
      await writeRosterOwner(tx, estateId, o, !careful && plan.newOwners.has(o.personKey));
    }
  }
}

export interface RosterJobOptions {
  budgetMs?: number;
  maxChunks?: number;
  chunkSize?: number;
  afterChunk?: BulkRunOptions<unknown>['afterChunk'];
}

type Confirmed = Extract<ConfirmRosterOutput, { status: 'done' }>;

const outputOf = (p: BulkProgress<Omit<Confirmed, 'status'>>): ConfirmRosterOutput =>
  p.status === 'done' ? { status: 'done', ...p.result } : { status: 'running', done: p.done, total: p.total };

/** Run the confirm job of import `importId` forward (chunks, then the finish), within a time budget. */
export async function runRosterConfirm(ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>, importId: string, options: RosterJobOptions = {}): Promise<ConfirmRosterOutput> {
  const { storage, clock } = ports;
  const jobId = rosterJobId(importId);
  const job = await storage.get<BulkJobDoc>(BULK_JOBS, jobId);
  if (!job) throw new AppError('IMPORT_NOT_FOUND');
  if (job.data.status === 'done') {
    const result = job.data.result as Omit<Confirmed, 'status'>;
    await reviewRosterVersion(ports, job.data.estateId, result.version); // finishes a review list a crash left
    return { status: 'done', ...result };
  }
  // the import is not changed while its job runs: read it (it holds the whole roster) once per request
  const imp = await storage.get<RosterImportDoc>(ROSTER_IMPORTS, importId);
  if (!imp) throw new AppError('IMPORT_NOT_FOUND');
  const d = imp.data;
  const estateId = d.estateId;
  const plan = planOf(d);

  const progress = await runBulkJob<Omit<Confirmed, 'status'>>(storage, clock, jobId, {
    ...options,
    step: (tx, from, to, careful) => writeItems(tx, estateId, plan, from, to, careful),
    async finish(tx, j) {
      const estate = await tx.get<LockedEstateDoc>(ESTATES, estateId);
      if (!estate) throw new AppError('ESTATE_NOT_FOUND');
      if (estate.data.rosterJob !== importId) throw new AppError('ROSTER_DATA_MOVED');
      const current = await tx.get<RosterImportDoc>(ROSTER_IMPORTS, importId);
      if (!current) throw new AppError('IMPORT_NOT_FOUND');
      if (current.data.status !== 'pending') throw new AppError('IMPORT_ALREADY_CONFIRMED', { version: current.data.confirmedVersion ?? 0 });
      const diff = d.diff;
      // the units whose owners change or go: their verified accounts go on the review list (after the finish)
      const base = d.baseVersion > 0 ? await tx.get<RosterSnapshotDoc>(ROSTER_SNAPSHOTS, rosterVersionId(estateId, d.baseVersion)) : null;
      const reviewUnitIds = reviewCandidates(estateId, (base?.data.units ?? []).map(unpackUnit), d.units.map(unpackUnit));
      // everything per item is written; applyRoster writes the version, snapshot, estate and audit entry
      const result = await applyRoster(tx, ports, {
        estateId,
        baseVersion: d.baseVersion,
        actor: j.startedBy,
        source: 'import',
        importId,
        fileName: d.fileName,
        roster: { units: d.units.map(unpackUnit), owners: [], rowCount: d.rowCount, totals: d.totals, buildings: d.buildings, fingerprint: d.fingerprint },
        removeRefs: [],
        unitWrites: [],
        changes: diff ? { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, unchanged: diff.unchangedCount } : null,
        reviewUnitIds,
      });
      const after = await tx.get<LockedEstateDoc>(ESTATES, estateId);
      const { rosterJob: _lock, ...unlocked } = after!.data;
      void _lock;
      await tx.update<RosterEstateDoc>(ESTATES, estateId, after!.version, unlocked);
      const at = clock.now().toISOString();
      await tx.update<RosterImportDoc>(ROSTER_IMPORTS, importId, current.version, {
        ...current.data,
        status: 'confirmed',
        confirmedAt: at,
        confirmedBy: j.startedBy,
        confirmedVersion: result.version,
        units: [],
        owners: [],
        removeRefs: [],
        unitWrites: [],
        newUnitRefs: [],
        newOwnerKeys: [],
      });
      return { version: result.version, totals: result.totals, fingerprint: result.fingerprint };
    },
    async fail(tx) {
      // release the estate so that a new import can be previewed and confirmed
      const estate = await tx.get<LockedEstateDoc>(ESTATES, estateId);
      if (estate && estate.data.rosterJob === importId) {
        const { rosterJob: _lock, ...unlocked } = estate.data;
        void _lock;
        await tx.update<RosterEstateDoc>(ESTATES, estateId, estate.version, unlocked);
      }
    },
  });
  if (progress.status === 'done') await reviewRosterVersion(ports, estateId, progress.result.version);
  return outputOf(progress);
}

/**
 * Start confirming a previewed import (the small first transaction), then run it within the budget.
 * Refuses an import that is being confirmed (IMPORT_IN_PROGRESS: poll rosterImportProgress), made against another
 * base version (`conflict`) or started while another import of the estate is being written (ROSTER_IMPORT_BUSY).
 */
export async function startRosterConfirm(
  ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>,
  args: { estateId: string; importId: string; actor: string; imp: RosterImportDoc; conflict: (version: number) => AppError },
  options: RosterJobOptions = {},
): Promise<ConfirmRosterOutput> {
  const { storage, clock } = ports;
  const d = args.imp; // checked by the caller: this estate's, pending, not expired
  const inProgress = async () => {
    const job = await storage.get<BulkJobDoc>(BULK_JOBS, rosterJobId(args.importId));
    return job ? new AppError('IMPORT_IN_PROGRESS', { done: job.data.done, total: job.data.total }) : null;
  };
  const already = await inProgress();
  if (already) throw already;

  await storage.transaction(async (tx) => {
    const estate = await tx.get<LockedEstateDoc>(ESTATES, args.estateId);
    if (!estate) throw new AppError('ESTATE_NOT_FOUND');
    const current = estate.data.rosterVersion ?? 0;
    if (current !== d.baseVersion) throw args.conflict(current);
    if (estate.data.rosterJob === args.importId) throw new AppError('IMPORT_IN_PROGRESS', { done: 0, total: planOf(d).total });
    if (estate.data.rosterJob) throw new AppError('ROSTER_IMPORT_BUSY');
    await tx.update<LockedEstateDoc>(ESTATES, args.estateId, estate.version, { ...estate.data, rosterJob: args.importId });
    try {
      await createBulkJob(tx, clock, rosterJobId(args.importId), {
        kind: ROSTER_CONFIRM_JOB,
        estateId: args.estateId,
        subject: `${ROSTER_IMPORTS}/${args.importId}`,
        total: planOf(d).total,
        startedBy: args.actor,
      });
    } catch (err) {
      if (err instanceof DuplicateKeyError) throw new AppError('IMPORT_IN_PROGRESS', { done: 0, total: planOf(d).total });
      throw err;
    }
  });
  return runRosterConfirm(ports, args.importId, options);
}

/** For resumeBulkJobs: the roster confirm jobs' resumer. */
export const rosterConfirmResumer =
  (ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>) =>
  async (_id: string, job: BulkJobDoc, budgetMs: number): Promise<BulkProgress<unknown>> => {
    const importId = job.subject.slice(`${ROSTER_IMPORTS}/`.length);
    const out = await runRosterConfirm(ports, importId, { budgetMs });
    return out.status === 'done' ? { status: 'done', done: job.total, total: job.total, result: out } : out;
  };

/** Estate id of an import's job, for authorization before polling; null when there is none. */
export async function rosterJobEstate(storage: Storage, importId: string): Promise<string | null> {
  const job = await storage.get<BulkJobDoc>(BULK_JOBS, rosterJobId(importId));
  return job ? job.data.estateId : null;
}
