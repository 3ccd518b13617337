import type { RegisterUploadInput, RegisterUploadOutput } from '../../types/identity';
import { AppError } from '../core/errors';
import type { Ports, StoredDoc } from '../ports';
import type { ActionContext } from './action';
import { BULK_JOBS } from './bulk';
import { VERIFY_REQUESTS, type VerificationRequestDoc } from './identity/records';
import { ROSTER_IMPORTS, type RosterImportDoc } from './identity/roster-records';
import { isOwnUpload } from './uploads';

/**
 * What happens to uploads (roster files with ID numbers and phones, certificate photos) after they land:
 * - every accepted upload is RECORDED (collection `uploads`: owner, fileId, size, createdAt): the H5
 *   gateway records what it stores; WeChat clients register each cloud upload with `registerUpload`;
 * - a per-account QUOTA (UPLOAD_QUOTA, over a rolling 24 h) is checked before recording; past it the
 *   upload is refused with UPLOAD_QUOTA_EXCEEDED and, when it is already stored, deleted;
 * - a refused action that names uploads deletes them (the handler calls discardUploads for the fields the
 *   contract lists in `uploads`);
 * - an action that succeeds marks the uploads it named 'kept' (a certificate review holds its photos) unless
 *   it deleted them itself (a roster preview deletes its file once read);
 * - the cleanup job (cleanupUploads, in server/app/jobs) deletes uploads never used within UPLOAD_KEEP_MS and
 *   empties roster previews never confirmed within the same time (they hold hashed rows);
 * - certificate photos a decided request holds are deleted CERTIFICATE_PHOTO_RETENTION_DAYS after the decision
 *   (the request's `photosDeleteAfter`), approved or refused alike.
 * The storage port has no delete: a cleaned record keeps its place (it still counts toward the quota) with
 * state 'removed'; a cleaned preview keeps its header with `units`/`owners` emptied and `purgedAt` set.
 */
export const UPLOADS = 'uploads';
export const UPLOAD_QUOTA = { files: 20, bytes: 50 * 1024 * 1024, windowMs: 24 * 3_600_000 } as const;
export const UPLOAD_KEEP_MS = 24 * 3_600_000;
/**
 * Certificate photos (不动产权证) are kept this long after staff decide the request, approved or refused, so that an
 * objection to the decision can still be checked against them; then cleanupUploads deletes them.
 */
export const CERTIFICATE_PHOTO_RETENTION_DAYS = 30;
export const CERTIFICATE_PHOTO_RETENTION_MS = CERTIFICATE_PHOTO_RETENTION_DAYS * 24 * 3_600_000;
/** records (and previews) cleaned per run at most; the next run continues */
const CLEANUP_BATCH = 200;

export interface UploadRecordDoc extends Record<string, unknown> {
  owner: string;
  fileId: string;
  bytes: number;
  createdAt: string;
  /** 'new' until an action uses it: then 'kept' (a pending certificate review holds it) or 'removed' */
  state: 'new' | 'kept' | 'removed';
  removedAt?: string;
}

const recordId = (ports: Pick<Ports, 'crypto'>, fileId: string) => `up_${ports.crypto.sha256(fileId).slice(0, 40)}`;

/** Refuse when `openid` has used up its upload quota (files or bytes in the last 24 h, `adding` bytes included). */
export async function checkUploadQuota(ports: Pick<Ports, 'storage' | 'clock'>, openid: string, adding: number): Promise<void> {
  const since = new Date(ports.clock.now().getTime() - UPLOAD_QUOTA.windowMs).toISOString();
  const [row] = await ports.storage.aggregate(UPLOADS, { where: { owner: openid, createdAt: { gte: since } }, sum: ['bytes'] });
  const files = row?.count ?? 0;
  const bytes = row?.sums?.bytes ?? 0;
  if (files + 1 > UPLOAD_QUOTA.files || bytes + adding > UPLOAD_QUOTA.bytes) {
    throw new AppError('UPLOAD_QUOTA_EXCEEDED', { files: UPLOAD_QUOTA.files, maxMb: Math.round(UPLOAD_QUOTA.bytes / 1024 / 1024) });
  }
}

/** Record a stored upload (idempotent per fileId). Checks the quota first; deletes the file when over it. */
export async function recordUpload(ports: Pick<Ports, 'storage' | 'clock' | 'crypto' | 'files'>, openid: string, fileId: string, bytes: number): Promise<void> {
  const id = recordId(ports, fileId);
  if (await ports.storage.get(UPLOADS, id)) return;
  try {
    await checkUploadQuota(ports, openid, bytes);
  } catch (err) {
    await ports.files.remove?.(fileId).catch(() => undefined);
    throw err;
  }
  const doc: UploadRecordDoc = { owner: openid, fileId, bytes, createdAt: ports.clock.now().toISOString(), state: 'new' };
  await ports.storage.transaction(async (tx) => {
    if (!(await tx.get(UPLOADS, id))) await tx.create(UPLOADS, id, doc);
  });
}

/**
 * Delete the caller's own uploads among `fileIds` (anything else is ignored: never someone else's file). An upload
 * that an earlier action already keeps (an active rules version's original, a published plan's attachment) is left
 * alone: a refused request that names it again must not delete a record that still refers to it.
 */
export async function discardUploads(ports: Pick<Ports, 'storage' | 'clock' | 'crypto' | 'files'>, openid: string, fileIds: readonly unknown[]): Promise<void> {
  for (const fileId of fileIds) {
    if (typeof fileId !== 'string' || !isOwnUpload(fileId, openid)) continue;
    if ((await ports.storage.get<UploadRecordDoc>(UPLOADS, recordId(ports, fileId)))?.data.state === 'kept') continue;
    await ports.files.remove?.(fileId).catch(() => undefined);
    await mark(ports, recordId(ports, fileId), 'removed').catch(() => undefined);
  }
}

/** After an action succeeded with `fileIds`: those still there are kept by what it created (not cleaned after 24 h). */
export async function keepUploads(ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>, openid: string, fileIds: readonly unknown[]): Promise<void> {
  for (const fileId of fileIds) {
    if (typeof fileId !== 'string' || !isOwnUpload(fileId, openid)) continue;
    await mark(ports, recordId(ports, fileId), 'kept');
  }
}

async function mark(ports: Pick<Ports, 'storage' | 'clock'>, id: string, state: 'kept' | 'removed'): Promise<void> {
  await ports.storage.transaction(async (tx) => {
    const rec = await tx.get<UploadRecordDoc>(UPLOADS, id);
    // removed is final; kept only replaces new
    if (!rec || rec.data.state === 'removed' || (state === 'kept' && rec.data.state !== 'new')) return;
    await tx.update(UPLOADS, id, rec.version, { ...rec.data, state, ...(state === 'removed' ? { removedAt: ports.clock.now().toISOString() } : {}) });
  });
}

/** The field values of `input` that name uploads (strings, or arrays of strings), for discardUploads. */
export function uploadsIn(input: unknown, fields: readonly string[]): unknown[] {
  if (!input || typeof input !== 'object') return [];
  return fields.flatMap((f) => {
    const v = Object.prototype.hasOwnProperty.call(input, f) ? (input as Record<string, unknown>)[f] : undefined;
    return Array.isArray(v) ? v.slice(0, 10) : [v];
  });
}

export interface CleanupResult {
  uploads: number;
  rosterImports: number;
  /** decided certificate requests whose photos were deleted */
  certificatePhotos: number;
}

/**
 * The job: delete uploads older than UPLOAD_KEEP_MS that are still there (used ones were deleted when read),
 * and empty roster previews older than that which were never confirmed and have no confirm job.
 */
export async function cleanupUploads(ports: Ports): Promise<CleanupResult> {
  const cutoff = new Date(ports.clock.now().getTime() - UPLOAD_KEEP_MS).toISOString();
  const stale = await ports.storage.find<UploadRecordDoc>(UPLOADS, {
    where: { state: 'new', createdAt: { lt: cutoff } },
    orderBy: { field: 'createdAt' },
    limit: CLEANUP_BATCH,
  });
  for (const rec of stale) {
    await ports.files.remove?.(rec.data.fileId);
    await mark(ports, rec.id, 'removed');
  }

  const previews = await ports.storage.find<RosterImportDoc>(ROSTER_IMPORTS, {
    where: { status: 'pending', createdAt: { lt: cutoff } },
    orderBy: { field: 'createdAt' },
    limit: CLEANUP_BATCH,
  });
  let rosterImports = 0;
  for (const imp of previews) {
    if (imp.data.purgedAt) continue;
    // a confirm that started before the preview expired finishes from the preview's rows: leave it alone
    if (await ports.storage.get(BULK_JOBS, `roster:${imp.id}`)) continue; // rosterJobId in identity/roster-confirm.ts
    if (await purgePreview(ports, imp)) rosterImports++;
  }
  return { uploads: stale.length, rosterImports, certificatePhotos: await cleanupCertificatePhotos(ports) };
}

/** Delete the photos of certificate requests decided more than CERTIFICATE_PHOTO_RETENTION_DAYS ago. */
async function cleanupCertificatePhotos(ports: Ports): Promise<number> {
  const now = ports.clock.now().toISOString();
  const due = await ports.storage.find<VerificationRequestDoc>(VERIFY_REQUESTS, {
    where: { photosDeleteAfter: { lte: now } },
    orderBy: { field: 'photosDeleteAfter' },
    limit: CLEANUP_BATCH,
  });
  for (const req of due) {
    const fileIds = req.data.certificateFileIds ?? [];
    for (const fileId of fileIds) {
      await ports.files.remove?.(fileId);
      await mark(ports, recordId(ports, fileId), 'removed');
    }
    await ports.storage.transaction(async (tx) => {
      const cur = await tx.get<VerificationRequestDoc>(VERIFY_REQUESTS, req.id);
      if (!cur?.data.photosDeleteAfter) return;
      const rest: VerificationRequestDoc = { ...cur.data, certificateFileIds: [], photosRemovedAt: now };
      delete rest.photosDeleteAfter;
      await tx.update<VerificationRequestDoc>(VERIFY_REQUESTS, req.id, cur.version, rest);
    });
  }
  return due.length;
}

async function purgePreview(ports: Ports, imp: StoredDoc<RosterImportDoc>): Promise<boolean> {
  return ports.storage.transaction(async (tx) => {
    const cur = await tx.get<RosterImportDoc>(ROSTER_IMPORTS, imp.id);
    if (!cur || cur.data.status !== 'pending' || cur.data.purgedAt) return false;
    await tx.update<RosterImportDoc>(ROSTER_IMPORTS, imp.id, cur.version, {
      ...cur.data,
      units: [],
      owners: [],
      diff: null,
      removeRefs: [],
      unitWrites: [],
      newUnitRefs: [],
      newOwnerKeys: [],
      purgedAt: ports.clock.now().toISOString(),
    });
    return true;
  });
}

/**
 * `registerUpload`: a WeChat client reports each file it put under its `uploadTicket` prefix right after
 * Taro.cloud.uploadFile. Only the caller's own files; over the quota the file is deleted and refused.
 * (The H5 gateway records its uploads itself; see server/gateway/server.ts.)
 */
export async function registerUpload({ ports, caller }: ActionContext, input: RegisterUploadInput): Promise<RegisterUploadOutput> {
  if (!isOwnUpload(input.fileId, caller.openid)) throw new AppError('NOT_OWN_UPLOAD');
  const bytes = await ports.files.get(input.fileId);
  if (!bytes) throw new AppError('FILE_NOT_FOUND');
  await recordUpload(ports, caller.openid, input.fileId, bytes.length);
  return { fileId: input.fileId };
}
