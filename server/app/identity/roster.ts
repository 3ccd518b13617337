import {
  type ConfirmRosterInput,
  type ConfirmRosterOutput,
  type EstateOnlyInput,
  type PreviewRosterOutput,
  type RosterFileInput,
  type RosterSummaryOutput,
  type RosterTemplateOutput,
  type RosterTotalsView,
  type RosterUnitChange,
  type UploadTicketOutput,
} from '../../../types/identity';
import { AppError } from '../../core/errors';
import {
  diffRosters,
  HEADCOUNT_RULE_TEXT,
  parseRoster,
  rosterFigures,
  type ParsedOwner,
  type ParsedRoster,
  type SnapshotUnit,
} from '../../core/identity/roster-import';
import { DuplicateKeyError, type Clock, type Crypto, type Storage, type TxStore } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { isOwnUpload, isSafeOpenid, uploadPrefix } from '../uploads';
import { discardUploads } from '../upload-records';
import { ESTATES, OWNERS, ownerId, UNITS, unitId, type OwnerDoc, type UnitDoc } from './records';
import { runRosterConfirm, rosterJobEstate, startRosterConfirm } from './roster-confirm';
import { buildRosterTemplate, readRosterFile, ROSTER_TEMPLATE_FILE_NAME } from './roster-file';
import {
  packUnit,
  ROSTER_IMPORTS,
  ROSTER_SNAPSHOTS,
  ROSTER_VERSIONS,
  rosterUnitLabel,
  rosterVersionId,
  unpackUnit,
  type RosterChangeCounts,
  type RosterEstateDoc,
  type RosterImportDoc,
  type RosterSnapshotDoc,
  type RosterVersionDoc,
} from './roster-records';

/**
 * Roster (名册) import for staff: download the template, upload a file and preview it (validation, totals,
 * differences from the current version), confirm it as the next roster version, read the summary.
 *
 * Writes: a preview writes one pending import (hashed/masked data only) and only when every row is valid;
 * a confirm applies it in ONE transaction (version + snapshot + units + owners + estate totals + audit).
 * The preview works out which unit and owner documents are new or different; the confirm writes only those
 * (plus the version, its snapshot, the estate and the audit entry), so a re-import with a few changes is a
 * small transaction. A FIRST import still writes one document per unit and per owner-person in that single
 * transaction: measured on PGlite, 20 000 units confirm in about 10 s. CloudBase transactions have operation
 * limits, so a first import of a large estate there needs a chunked path (not built yet).
 */

export const PREVIEW_VALID_MS = 24 * 3600 * 1000;
const HISTORY_LIMIT = 100;

const unitIdOf = (estateId: string) => (u: SnapshotUnit) => unitId(estateId, u.building, u.entrance, u.room);

export interface PreparedRoster {
  units: SnapshotUnit[];
  owners: ParsedOwner[];
  rowCount: number;
  totals: RosterTotalsView;
  buildings: { building: string; totals: RosterTotalsView }[];
  fingerprint: string;
}

/** Totals, per-building totals and the fingerprint of a parsed roster. */
export function prepareRoster(estateId: string, roster: ParsedRoster, crypto: Pick<Crypto, 'sha256'>): PreparedRoster {
  const units: SnapshotUnit[] = roster.units.map((u) => ({ ...u }));
  const figures = rosterFigures(units, unitIdOf(estateId));
  return {
    units,
    owners: roster.owners,
    rowCount: roster.rowCount,
    totals: figures.totals,
    buildings: figures.buildings,
    fingerprint: crypto.sha256(figures.fingerprintText),
  };
}

/**
 * The estate's current roster: the snapshot of its current version, or, for an estate whose units were
 * written before roster versions existed, its unit documents. null when there is none.
 */
export async function currentRoster(storage: Storage, estateId: string, estate: RosterEstateDoc): Promise<SnapshotUnit[] | null> {
  const version = estate.rosterVersion ?? 0;
  if (version > 0) {
    const snap = await storage.get<RosterSnapshotDoc>(ROSTER_SNAPSHOTS, rosterVersionId(estateId, version));
    if (!snap) throw new Error(`roster snapshot ${estateId}:${version} is missing`);
    return snap.data.units.map(unpackUnit);
  }
  const docs = await storage.find<UnitDoc>(UNITS, { where: { estateId } });
  const live = docs.filter((d) => !d.data.removed);
  if (live.length === 0) return null;
  return live.map((d) => ({
    ref: `${d.data.building}-${d.data.entrance}-${d.data.room}`,
    building: d.data.building,
    entrance: d.data.entrance,
    room: d.data.room,
    areaCenti: d.data.areaCenti,
    ownerKeys: d.data.ownerKeys,
    developerHeld: d.data.developerHeld,
    certificateKeys: (d.data.certificateKeys as string[] | undefined) ?? [],
  }));
}

const sameList = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && a.every((v, i) => v === b[i]);

/** True when the stored unit document already says exactly what the roster says (nothing to write). */
function unitDocMatches(d: UnitDoc, u: SnapshotUnit): boolean {
  return (
    !d.removed &&
    d.label === rosterUnitLabel(u) &&
    d.areaCenti === u.areaCenti &&
    d.developerHeld === u.developerHeld &&
    sameList(d.ownerKeys, u.ownerKeys) &&
    sameList((d.certificateKeys as string[] | undefined) ?? [], u.certificateKeys ?? [])
  );
}

const ownerDocMatches = (d: OwnerDoc, o: ParsedOwner) => (Object.keys(o) as (keyof ParsedOwner)[]).every((k) => d[k] === o[k]);

/**
 * What a confirm will have to write, found with two queries at preview time: the units and owner records
 * whose documents are missing or different. Everything else is left alone by the confirm.
 */
async function pendingWrites(
  storage: Storage,
  estateId: string,
  roster: PreparedRoster,
): Promise<{ unitWrites: string[]; newUnitRefs: string[]; ownerWrites: ParsedOwner[]; newOwnerKeys: string[]; ownerChanges: Map<string, RosterUnitChange[]> }> {
  const [unitDocs, ownerDocs] = await Promise.all([
    storage.find<UnitDoc>(UNITS, { where: { estateId } }),
    storage.find<OwnerDoc>(OWNERS, { where: { estateId } }),
  ]);
  const units = new Map(unitDocs.map((d) => [d.id, d.data]));
  const owners = new Map(ownerDocs.map((d) => [d.id, d.data]));
  return {
    unitWrites: roster.units
      .filter((u) => {
        const d = units.get(unitId(estateId, u.building, u.entrance, u.room));
        return !d || !unitDocMatches(d, u);
      })
      .map((u) => u.ref),
    newUnitRefs: roster.units.filter((u) => !units.has(unitId(estateId, u.building, u.entrance, u.room))).map((u) => u.ref),
    ownerWrites: roster.owners.filter((o) => {
      const d = owners.get(ownerId(estateId, o.personKey));
      return !d || !ownerDocMatches(d, o);
    }),
    newOwnerKeys: roster.owners.filter((o) => !owners.has(ownerId(estateId, o.personKey))).map((o) => o.personKey),
    // a person whose phone changed: shown on each unit they own (masked name only, never the number)
    ownerChanges: new Map(
      roster.owners.flatMap((o) => {
        const d = owners.get(ownerId(estateId, o.personKey));
        return d && d.phoneHash !== o.phoneHash ? [[o.personKey, [{ kind: 'phone' as const, owner: o.nameMasked }]] as const] : [];
      }),
    ),
  };
}

export interface ApplyRosterArgs {
  estateId: string;
  baseVersion: number;
  actor: string;
  source: 'import' | 'demo';
  importId: string | null;
  fileName: string | null;
  roster: PreparedRoster;
  /** refs of current units the new roster no longer lists: they are marked removed, never deleted */
  removeRefs: string[];
  /**
   * refs of the units whose documents need writing (new or different), as found by the preview; null = all.
   * `roster.owners` likewise lists only the owner records to write. Keeps a re-import with few changes small.
   */
  unitWrites: string[] | null;
  /** units and owner records the preview found missing: created without a read (a clash means the data moved) */
  newUnitRefs?: string[];
  newOwnerKeys?: string[];
  changes: RosterChangeCounts | null;
  /** units (ids) whose owners the version changes or removes: their verified accounts are reviewed after (roster-review.ts) */
  reviewUnitIds?: string[];
}

const conflict = (version: number) => new AppError('ROSTER_VERSION_MOVED', { version });
const moved = () => new AppError('ROSTER_DATA_MOVED');

/** A document the preview found missing exists after all: the data moved since the preview. */
async function asMoved(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw moved();
    throw err;
  }
}

/**
 * Bring one unit's document in line with the roster. `fresh`: the preview found no document, so create it
 * without reading (DuplicateKeyError if it exists after all); otherwise read, then create, update or leave it.
 * Whatever else other capabilities store on the unit is kept. Idempotent when not `fresh`. One write at most.
 */
export async function writeRosterUnit(tx: TxStore, estateId: string, u: SnapshotUnit, fresh: boolean): Promise<void> {
  const id = unitId(estateId, u.building, u.entrance, u.room);
  const fields = {
    estateId,
    building: u.building,
    entrance: u.entrance,
    room: u.room,
    label: rosterUnitLabel(u),
    areaCenti: u.areaCenti,
    ownerKeys: u.ownerKeys,
    developerHeld: u.developerHeld,
  };
  const certificateKeys = u.certificateKeys ?? [];
  const created: UnitDoc = certificateKeys.length ? { ...fields, certificateKeys } : fields;
  if (fresh) {
    await tx.create<UnitDoc>(UNITS, id, created);
    return;
  }
  const existing = await tx.get<UnitDoc>(UNITS, id);
  if (!existing) {
    await tx.create<UnitDoc>(UNITS, id, created);
    return;
  }
  const d = existing.data;
  if (unitDocMatches(d, u)) return;
  const { removed: _removed, certificateKeys: _certs, ...rest } = d;
  void _removed;
  void _certs;
  await tx.update<UnitDoc>(UNITS, id, existing.version, { ...rest, ...fields, ...(certificateKeys.length ? { certificateKeys } : {}) });
}

/** Mark a unit the roster no longer lists as removed (never deleted). Idempotent; one write at most. */
export async function markRosterUnitRemoved(tx: TxStore, estateId: string, ref: string): Promise<void> {
  const [building, entrance, room] = ref.split('-');
  const id = unitId(estateId, building, entrance, room);
  const existing = await tx.get<UnitDoc>(UNITS, id);
  if (existing && !existing.data.removed) await tx.update<UnitDoc>(UNITS, id, existing.version, { ...existing.data, removed: true });
}

/** Bring one owner-person's record in line with the roster; `fresh` as for writeRosterUnit. One write at most. */
export async function writeRosterOwner(tx: TxStore, estateId: string, o: ParsedOwner, fresh: boolean): Promise<void> {
  const id = ownerId(estateId, o.personKey);
  const data: OwnerDoc = { estateId, ...o };
  if (fresh) {
    await tx.create<OwnerDoc>(OWNERS, id, data);
    return;
  }
  const existing = await tx.get<OwnerDoc>(OWNERS, id);
  if (!existing) await tx.create<OwnerDoc>(OWNERS, id, data);
  else if (!ownerDocMatches(existing.data, o)) await tx.update<OwnerDoc>(OWNERS, id, existing.version, { ...existing.data, ...data });
}

/**
 * Make `roster` the estate's next roster version inside the caller's transaction: the version and its
 * snapshot, unit documents (created, updated, or marked removed), owner documents, the estate's cached
 * totals and buildings, and the audit entry. Refuses when the current version is not `baseVersion`.
 * Used by confirmRosterImport and by the demo seed.
 */
/** What applyRoster made current. */
export interface AppliedRoster {
  version: number;
  totals: RosterTotalsView;
  fingerprint: string;
}

export async function applyRoster(tx: TxStore, deps: { clock: Clock; crypto: Crypto }, args: ApplyRosterArgs): Promise<AppliedRoster> {
  const { estateId, roster } = args;
  const at = deps.clock.now().toISOString();
  const estate = await tx.get<RosterEstateDoc>(ESTATES, estateId);
  if (!estate) throw new AppError('ESTATE_NOT_FOUND');
  const current = estate.data.rosterVersion ?? 0;
  if (current !== args.baseVersion) throw conflict(current);
  const version = current + 1;

  const versionDoc: RosterVersionDoc = {
    estateId,
    versionNo: version,
    importedAt: at,
    importedBy: args.actor,
    source: args.source,
    importId: args.importId,
    fileName: args.fileName,
    rowCount: roster.rowCount,
    totals: roster.totals,
    buildings: roster.buildings,
    fingerprint: roster.fingerprint,
    changes: args.changes,
    // reviewPending: a top-level flag the resume job can query (nested paths are not in the storage port)
    ...(args.reviewUnitIds ? { review: { unitIds: args.reviewUnitIds, done: false }, reviewPending: true } : {}),
  };
  try {
    await tx.create(ROSTER_VERSIONS, rosterVersionId(estateId, version), versionDoc);
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw conflict(version);
    throw err;
  }
  await tx.create<RosterSnapshotDoc>(ROSTER_SNAPSHOTS, rosterVersionId(estateId, version), { estateId, versionNo: version, units: roster.units.map(packUnit) });

  const toWrite = args.unitWrites ? new Set(args.unitWrites) : null;
  const newUnits = new Set(args.newUnitRefs ?? []);
  for (const u of roster.units) {
    if (toWrite && !toWrite.has(u.ref)) continue;
    await asMoved(writeRosterUnit(tx, estateId, u, newUnits.has(u.ref)));
  }
  for (const ref of args.removeRefs) await markRosterUnitRemoved(tx, estateId, ref);
  const newOwners = new Set(args.newOwnerKeys ?? []);
  for (const o of roster.owners) await asMoved(writeRosterOwner(tx, estateId, o, newOwners.has(o.personKey)));

  await tx.update<RosterEstateDoc>(ESTATES, estateId, estate.version, {
    ...estate.data,
    totals: roster.totals,
    buildings: roster.buildings.map((b) => b.building),
    rosterVersion: version,
  });

  await appendAudit(tx, deps, {
    estateId,
    actor: args.actor,
    action: 'roster.imported',
    subject: `${ROSTER_VERSIONS}/${rosterVersionId(estateId, version)}`,
    data: {
      version,
      ...roster.totals,
      fingerprint: roster.fingerprint,
      source: args.source,
      importId: args.importId,
      rowCount: roster.rowCount,
      ...(args.changes ?? {}),
    },
  });
  return { version, totals: roster.totals, fingerprint: roster.fingerprint };
}

// ───────────────────────── actions ─────────────────────────

let templateBytes: Promise<Uint8Array> | null = null;

export async function rosterTemplate({ ports, caller }: ActionContext, input: EstateOnlyInput): Promise<RosterTemplateOutput> {
  if (!templateBytes) {
    templateBytes = buildRosterTemplate();
    templateBytes.catch(() => (templateBytes = null));
  }
  return { fileName: ROSTER_TEMPLATE_FILE_NAME, contentBase64: Buffer.from(await templateBytes).toString('base64') };
}

export async function previewRosterImport({ ports, caller }: ActionContext, input: RosterFileInput): Promise<PreviewRosterOutput> {
  const { storage, files, crypto, clock } = ports;
  if (!isOwnUpload(input.fileId, caller.openid)) throw new AppError('NOT_OWN_UPLOAD');
  const estate = await storage.get<RosterEstateDoc>(ESTATES, input.estateId);
  if (!estate) throw new AppError('ESTATE_NOT_FOUND');
  const bytes = await files.get(input.fileId);
  if (!bytes) throw new AppError('FILE_NOT_FOUND');

  try {
    const sheet = await readRosterFile(bytes, input.fileName);
    if (!sheet.ok) throw new AppError('VALIDATION_FAILED', undefined, [sheet.problem]);
    const parsed = parseRoster(sheet.rows, (purpose, value) => crypto.keyedHash(purpose, value), { cellProblems: sheet.problems });
    if (!parsed.ok) return { valid: false, errors: parsed.errors, rowCount: parsed.rowCount };

    const baseVersion = estate.data.rosterVersion ?? 0;
    const current = await currentRoster(storage, input.estateId, estate.data);
    const prepared = prepareRoster(input.estateId, parsed.roster, crypto);
    const listed = new Set(prepared.units.map((u) => u.ref));
    const removeRefs = (current ?? []).filter((u) => !listed.has(u.ref)).map((u) => u.ref);
    const { unitWrites, newUnitRefs, ownerWrites, newOwnerKeys, ownerChanges } = await pendingWrites(storage, input.estateId, prepared);
    const diff = current ? diffRosters(current, prepared.units, rosterUnitLabel, ownerChanges) : null;
    // nothing to write and nothing to show: a new version would be the same roster again
    if (diff && !diff.added.length && !diff.removed.length && !diff.changed.length && !unitWrites.length && !ownerWrites.length && !removeRefs.length) {
      throw new AppError('ROSTER_UNCHANGED', { version: baseVersion });
    }

    const now = clock.now();
    const importId = crypto.newId('ri');
    const doc: RosterImportDoc = {
      estateId: input.estateId,
      status: 'pending',
      createdBy: caller.openid,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + PREVIEW_VALID_MS).toISOString(),
      baseVersion,
      fileName: input.fileName,
      rowCount: prepared.rowCount,
      totals: prepared.totals,
      buildings: prepared.buildings,
      fingerprint: prepared.fingerprint,
      diff,
      units: prepared.units.map(packUnit),
      owners: ownerWrites,
      removeRefs,
      unitWrites,
      newUnitRefs,
      newOwnerKeys,
    };
    await storage.transaction((tx) => tx.create(ROSTER_IMPORTS, importId, doc));
    return { valid: true, importId, rowCount: prepared.rowCount, totals: prepared.totals, buildings: prepared.buildings, diff, baseVersion };
  } finally {
    // the upload holds ID numbers and phones in clear: it is not kept once read, whatever the outcome
    await discardUploads(ports, caller.openid, [input.fileId]);
  }
}

/**
 * Confirm a previewed import as the estate's next roster version: a resumable bulk job (roster-confirm.ts)
 * that writes the unit and owner documents in chunks under CloudBase's per-transaction cap and makes the
 * version current in one last small transaction. Returns `{ status: 'done', version, ... }`, or
 * `{ status: 'running', done, total }` when the request's time budget ran out: poll rosterImportProgress.
 */
export async function confirmRosterImport({ ports, caller }: ActionContext, input: ConfirmRosterInput): Promise<ConfirmRosterOutput> {
  const { storage, clock } = ports;
  const imp = await storage.get<RosterImportDoc>(ROSTER_IMPORTS, input.importId);
  if (!imp || imp.data.estateId !== input.estateId) throw new AppError('IMPORT_NOT_FOUND');
  const d = imp.data;
  if (d.status !== 'pending') throw new AppError('IMPORT_ALREADY_CONFIRMED', { version: d.confirmedVersion ?? 0 });
  if (clock.now().toISOString() > d.expiresAt) throw new AppError('PREVIEW_EXPIRED', { hours: PREVIEW_VALID_MS / 3_600_000 });
  try {
    return await startRosterConfirm(ports, { estateId: input.estateId, importId: imp.id, actor: caller.openid, imp: d, conflict });
  } catch (err) {
    // two people confirming the same import at once: when the other one has already finished, the base moved
    // because of THIS import, so say that it is confirmed (the race seen on the CloudBase stand-in)
    if (err instanceof AppError && err.code === 'ROSTER_VERSION_MOVED') {
      const now = await storage.get<RosterImportDoc>(ROSTER_IMPORTS, input.importId);
      if (now && now.data.status !== 'pending') throw new AppError('IMPORT_ALREADY_CONFIRMED', { version: now.data.confirmedVersion ?? 0 });
    }
    throw err;
  }
}

/** Progress of a confirm that is still being written; each poll also writes the next chunks (resume). */
export async function rosterImportProgress({ ports, caller }: ActionContext, input: ConfirmRosterInput): Promise<ConfirmRosterOutput> {
  if ((await rosterJobEstate(ports.storage, input.importId)) !== input.estateId) throw new AppError('IMPORT_NOT_FOUND');
  return runRosterConfirm(ports, input.importId);
}

export async function rosterSummary({ ports, caller }: ActionContext, input: EstateOnlyInput): Promise<RosterSummaryOutput> {
  const { storage, crypto } = ports;
  const estate = await storage.get<RosterEstateDoc>(ESTATES, input.estateId);
  if (!estate) throw new AppError('ESTATE_NOT_FOUND');
  const versions = await storage.find<RosterVersionDoc>(ROSTER_VERSIONS, {
    where: { estateId: input.estateId },
    orderBy: { field: 'versionNo', direction: 'desc' },
    limit: HISTORY_LIMIT,
  });
  const history = versions.map((v) => ({ version: v.data.versionNo, importedAt: v.data.importedAt, unitCount: v.data.totals.unitCount, fingerprint: v.data.fingerprint }));
  const version = estate.data.rosterVersion ?? 0;
  if (version > 0) {
    const cur = versions.find((v) => v.data.versionNo === version)?.data ?? (await storage.get<RosterVersionDoc>(ROSTER_VERSIONS, rosterVersionId(input.estateId, version)))?.data;
    if (!cur) throw new Error(`roster version ${input.estateId}:${version} is missing`);
    return { version, importedAt: cur.importedAt, fingerprint: cur.fingerprint, totals: cur.totals, buildings: cur.buildings, history, headcountRule: HEADCOUNT_RULE_TEXT };
  }
  // no confirmed version: show what the unit documents say, if anything
  const units = await currentRoster(storage, input.estateId, estate.data);
  const figures = units ? rosterFigures(units, unitIdOf(input.estateId)) : null;
  return {
    version: 0,
    importedAt: null,
    fingerprint: figures ? crypto.sha256(figures.fingerprintText) : null,
    totals: figures?.totals ?? { unitCount: 0, areaCenti: 0, headcount: 0 },
    buildings: figures?.buildings ?? [],
    history,
    headcountRule: HEADCOUNT_RULE_TEXT,
  };
}

/**
 * The caller's upload folder, for `Taro.cloud.uploadFile` in WeChat (the mini-program does not know its own
 * openid): `{ prefix: 'uploads/<openid>/' }`. Use cases accept only fileIds under it (see server/app/uploads.ts).
 * In WeChat the client does not know its openid; this tells it which folder the server will accept.
 */
export async function uploadTicket({ caller }: ActionContext): Promise<UploadTicketOutput> {
  if (!isSafeOpenid(caller.openid)) throw new AppError('UPLOAD_NOT_ALLOWED');
  return { prefix: uploadPrefix(caller.openid) };
}

