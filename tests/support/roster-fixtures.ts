/**
 * Roster fixtures shared by the handler tests: ID numbers with a valid check character, a second estate with its
 * own community staff member, and "what the staff page does" — preview a file, confirm it, poll until the
 * confirm job is done. Before, each roster test file carried its own copy of these.
 */
import type { ApiResult } from '../../types/errors';
import type { ConfirmRosterOutput, PreviewRosterOutput } from '../../types/identity';
import { idCheckChar } from '../../server/core/identity/roster-import';
import { MEMBERS, memberId } from '../../server/app/identity/records';
import type { Storage } from '../../server/ports';
import { ok } from './handler-client';

/** An 18-character ID number: the 17 given characters and their check character. */
export const idOf = (body17: string) => body17 + idCheckChar(body17);

/** A handler call whose reply type the test names: `call<RosterSummaryOutput>(openid, 'rosterSummary', input)`. */
export type TypedCall = <T>(openid: string, action: string, input: unknown) => Promise<ApiResult<T>>;

/** A new estate (no roster yet) with one community staff member `staff`. */
export async function createTestEstate(storage: Storage, estateId: string, staff: string, name = `${estateId}小区`): Promise<void> {
  await storage.transaction(async (tx) => {
    await tx.create('estates', estateId, { name, district: '', address: '', communityName: '', partyBranchName: '', buildings: [], totals: { unitCount: 0, areaCenti: 0, headcount: 0 }, createdAt: '' });
    await tx.create(MEMBERS, memberId(estateId, staff), { estateId, openid: staff, accountKey: `k-${estateId}`, roles: ['community_staff'], displayName: '某*', since: '', history: [] });
  });
}

/**
 * What the page does: confirm, then poll until the job is done; returns every progress it saw.
 * `started`: the job was started already (another request, a crash): only poll.
 */
export async function confirmAndPoll(call: TypedCall, staff: string, estateId: string, importId: string, { started = false } = {}) {
  const seen: { done: number; total: number }[] = [];
  let out = ok(await call<ConfirmRosterOutput>(staff, started ? 'rosterImportProgress' : 'confirmRosterImport', { estateId, importId }));
  while (out.status === 'running') {
    seen.push({ done: out.done, total: out.total });
    out = ok(await call<ConfirmRosterOutput>(staff, 'rosterImportProgress', { estateId, importId }));
  }
  return { out, seen };
}

/** Preview an uploaded roster file (it must be valid) and confirm it as the estate's next version. */
export async function importRosterFile(call: TypedCall, staff: string, estateId: string, fileId: string, fileName = '名册.xlsx') {
  const preview = ok(await call<PreviewRosterOutput>(staff, 'previewRosterImport', { estateId, fileId, fileName }));
  if (!preview.valid) throw new Error(`expected a valid preview, got ${JSON.stringify(preview.errors.slice(0, 3))}`);
  return (await confirmAndPoll(call, staff, estateId, preview.importId)).out;
}
