import type { RosterReviewItem, RosterReviewOutput, SettleRosterReviewInput, EstateOnlyInput } from '../../../types/identity';
import { AppError } from '../../core/errors';
import type { SnapshotUnit } from '../../core/identity/roster-import';
import type { Ports, StoredDoc } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { enqueueNotification, estateStaff } from '../notifications/outbox';
import {
  MEMBERS,
  memberId,
  PERSON_LINKS,
  personLinkId,
  REPRESENTATIVES,
  ROSTER_REVIEWS,
  rosterReviewId,
  UNIT_LINKS,
  unitId as unitIdOf,
  unitLinkId,
  UNITS,
  type MemberDoc,
  type PersonLinkDoc,
  type RepresentativeDoc,
  type RosterReviewDoc,
  type UnitDoc,
  type UnitLinkDoc,
} from './records';
import { ROSTER_VERSIONS, rosterVersionId, type RosterVersionDoc } from './roster-records';

/**
 * The roster review list (名册复核). When a roster version changes or removes a unit's owners, the accounts
 * verified for that unit may no longer own it; when a version still names the owners a certificate approval
 * retired (UnitDoc.superseded), the certificate holder's claim is not confirmed by the registry yet. Each such
 * unit becomes one review item of that version, listing the affected accounts (and who is representative);
 * staff keep or unlink each account with a reason, audited, in one place (rosterReview / settleRosterReview).
 *
 * Computed after the confirm job's finish (roster-confirm.ts), not inside it: the finish step only records
 * which units to look at (`review.unitIds` on the version document, from the base snapshot and the import);
 * this step then reads their active links in slices of REVIEW_SLICE units (queries outside transactions) and
 * writes the items of each slice in one small transaction. Idempotent (item id = estate:version:unit), so a
 * crash is finished by the next confirm poll (rosterImportProgress) or the timer job resumeRosterReviews (it
 * finds the versions still flagged `reviewPending`). Staff are told (roster_review_pending) once the list is done.
 */

export const REVIEW_SLICE = 50;
const SETTLED_SHOWN = 50;

/** Units (ids) whose owner-persons the new roster changes, or which it no longer lists. */
export function reviewCandidates(estateId: string, base: SnapshotUnit[], next: SnapshotUnit[]): string[] {
  const after = new Map(next.map((u) => [u.ref, u]));
  const sameOwners = (a: string[], b: string[]) => {
    const x = new Set(a);
    const y = new Set(b);
    return x.size === y.size && [...x].every((k) => y.has(k));
  };
  return base
    .filter((b) => {
      const a = after.get(b.ref);
      return !a || !sameOwners(b.ownerKeys, a.ownerKeys);
    })
    .map((b) => unitIdOf(estateId, b.building, b.entrance, b.room));
}

/** The unit without the certificate marker (UnitDoc.superseded): its roster owners may verify again. */
function withoutMarker(unit: UnitDoc): UnitDoc {
  const rest: UnitDoc = { ...unit };
  delete rest.superseded;
  delete rest.supersededOwnerKeys;
  delete rest.supersededBy;
  delete rest.supersededAt;
  return rest;
}

type VersionWithReview = RosterVersionDoc & { review?: { unitIds: string[]; done: boolean; items?: number }; reviewPending?: boolean };

/** Versions whose review list a job finishes per run at most (a crash leaves one per estate at most). */
const RESUME_BATCH = 20;

/**
 * The timer job: finish the review list of every roster version whose confirm finished but whose review was not
 * computed (the process died between the finish and the review, and nobody polled the import since).
 * The version document carries `reviewPending: true` from the finish until its review is done.
 */
export async function resumeRosterReviews(ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>): Promise<{ estateId: string; version: number }[]> {
  const pending = await ports.storage.find<VersionWithReview>(ROSTER_VERSIONS, { where: { reviewPending: true }, limit: RESUME_BATCH });
  const done: { estateId: string; version: number }[] = [];
  for (const v of pending) {
    await reviewRosterVersion(ports, v.data.estateId, v.data.versionNo);
    done.push({ estateId: v.data.estateId, version: v.data.versionNo });
  }
  return done;
}

/** Write the review list of roster version `versionNo` (if not done yet) and settle certificate markers. */
export async function reviewRosterVersion(ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>, estateId: string, versionNo: number): Promise<void> {
  const { storage, clock } = ports;
  const vId = rosterVersionId(estateId, versionNo);
  const v = await storage.get<VersionWithReview>(ROSTER_VERSIONS, vId);
  if (!v || !v.data.review || v.data.review.done) {
    if (v?.data.reviewPending) await clearPending(ports, vId); // done before the flag existed or was cleared
    return;
  }
  const changed = new Set(v.data.review.unitIds);
  // units a certificate approval retired the roster owners of: few (pending sales), all of them looked at
  const superseded = await storage.find<UnitDoc>(UNITS, { where: { estateId, superseded: true } });
  const supersededIds = superseded.map((u) => u.id);
  const all = [...new Set([...changed, ...supersededIds])];
  let items = 0;
  for (let i = 0; i < all.length; i += REVIEW_SLICE) {
    const slice = all.slice(i, i + REVIEW_SLICE);
    const [units, links] = await Promise.all([
      storage.getMany<UnitDoc>(UNITS, slice),
      storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { unitId: slice, active: true } }),
    ]);
    const linksOf = new Map<string, StoredDoc<UnitLinkDoc>[]>();
    for (const l of links) linksOf.set(l.data.unitId, [...(linksOf.get(l.data.unitId) ?? []), l]);
    const linkedUnits = [...linksOf.keys()];
    const [reps, members] = await Promise.all([
      storage.getMany<RepresentativeDoc>(REPRESENTATIVES, linkedUnits),
      storage.getMany<MemberDoc>(MEMBERS, links.map((l) => memberId(estateId, l.data.openid))),
    ]);
    const repOf = new Map(linkedUnits.map((id, k) => [id, reps[k]?.data.openid ?? null]));
    const nameOf = new Map(links.map((l, k) => [l.data.openid, members[k]?.data.displayName ?? '']));
    await storage.transaction(async (tx) => {
      const at = clock.now().toISOString();
      for (const [k, id] of slice.entries()) {
        const unit = units[k];
        if (!unit) continue;
        const u = unit.data;
        let reason: RosterReviewDoc['reason'] | null = null;
        let affected: StoredDoc<UnitLinkDoc>[] = [];
        const unitLinks = linksOf.get(id) ?? [];
        const marker = u.superseded ? u.supersededOwnerKeys ?? [] : [];
        const stillNamed = marker.some((key) => !u.removed && u.ownerKeys.includes(key));
        if (u.superseded && !stillNamed) {
          // the roster no longer names the retired owners: the sale is in the roster now
          const fresh = await tx.get<UnitDoc>(UNITS, id);
          if (fresh) {
            await tx.update<UnitDoc>(UNITS, id, fresh.version, withoutMarker(fresh.data));
          }
        }
        if (u.superseded && stillNamed) {
          reason = 'certificate_not_in_roster';
          affected = unitLinks.filter((l) => l.data.personKey === null);
        } else if (changed.has(id)) {
          reason = u.removed ? 'unit_removed' : 'owners_changed';
          affected = u.removed
            ? unitLinks
            : unitLinks.filter((l) => (l.data.personKey === null ? !u.superseded : !u.ownerKeys.includes(l.data.personKey)));
        }
        if (!reason || affected.length === 0) continue;
        const rid = rosterReviewId(estateId, versionNo, id);
        if (await tx.get(ROSTER_REVIEWS, rid)) continue;
        const doc: RosterReviewDoc = {
          estateId,
          versionNo,
          unitId: id,
          unitLabel: u.label,
          reason,
          status: 'open',
          accounts: affected.map((l) => ({
            openid: l.data.openid,
            accountKey: l.data.accountKey,
            displayName: nameOf.get(l.data.openid) ?? '',
            method: l.data.method,
            isRepresentative: repOf.get(id) === l.data.openid,
            settled: null,
          })),
          createdAt: at,
        };
        await tx.create(ROSTER_REVIEWS, rid, doc);
        items++;
      }
    });
  }
  // staff are told when the version left items (read before the transaction: transactions cannot query)
  const staff = await estateStaff(storage, estateId);
  await storage.transaction(async (tx) => {
    const fresh = await tx.get<VersionWithReview>(ROSTER_VERSIONS, vId);
    if (!fresh?.data.review || fresh.data.review.done) return;
    const total = (fresh.data.review.items ?? 0) + items;
    await tx.update<VersionWithReview>(ROSTER_VERSIONS, vId, fresh.version, { ...fresh.data, review: { unitIds: [], done: true, items: total }, reviewPending: false });
    if (total === 0) return;
    await appendAudit(tx, ports, {
      estateId,
      actor: fresh.data.importedBy,
      action: 'roster.review_listed',
      subject: `${ROSTER_VERSIONS}/${vId}`,
      data: { version: versionNo, units: all.length, items: total },
    });
    await enqueueNotification(tx, ports, {
      kind: 'roster_review_pending',
      estateId,
      eventKey: `rosterreview:${vId}`,
      recipients: staff,
      params: { version: versionNo, items: total },
    });
  });
}

async function clearPending(ports: Pick<Ports, 'storage'>, vId: string): Promise<void> {
  await ports.storage.transaction(async (tx) => {
    const fresh = await tx.get<VersionWithReview>(ROSTER_VERSIONS, vId);
    if (fresh?.data.reviewPending) await tx.update<VersionWithReview>(ROSTER_VERSIONS, vId, fresh.version, { ...fresh.data, reviewPending: false });
  });
}

const itemView = (id: string, d: RosterReviewDoc): RosterReviewItem => ({
  itemId: id,
  version: d.versionNo,
  unitId: d.unitId,
  unitLabel: d.unitLabel,
  reason: d.reason,
  status: d.status,
  accounts: d.accounts.map((a) => ({ memberKey: a.accountKey, displayName: a.displayName, method: a.method, isRepresentative: a.isRepresentative, settled: a.settled })),
  createdAt: d.createdAt,
});

/** Staff: the open review items (oldest first), then the latest settled ones. */
export async function rosterReview({ ports }: ActionContext, input: EstateOnlyInput): Promise<RosterReviewOutput> {
  const [open, settled] = await Promise.all([
    ports.storage.find<RosterReviewDoc>(ROSTER_REVIEWS, { where: { estateId: input.estateId, status: 'open' }, orderBy: { field: 'createdAt' }, limit: 500 }),
    ports.storage.find<RosterReviewDoc>(ROSTER_REVIEWS, { where: { estateId: input.estateId, status: 'settled' }, orderBy: { field: 'createdAt', direction: 'desc' }, limit: SETTLED_SHOWN }),
  ]);
  return { items: [...open, ...settled].map((d) => itemView(d.id, d.data)) };
}

/**
 * Staff settle one account of a review item: keep it linked, or unlink it from the unit (the representative
 * seat is vacated, the roster person released, the owner role dropped when no unit is left). Unlinking the
 * certificate holder of a `certificate_not_in_roster` item also lifts the marker: the roster owners may verify
 * again. Every decision is audited with its reason.
 */
export async function settleRosterReview(ctx: ActionContext, input: SettleRosterReviewInput): Promise<RosterReviewOutput> {
  const { ports, caller } = ctx;
  const item = await ports.storage.get<RosterReviewDoc>(ROSTER_REVIEWS, input.itemId);
  if (!item || item.data.estateId !== input.estateId) throw new AppError('REVIEW_ITEM_NOT_FOUND');
  const account = item.data.accounts.find((a) => a.accountKey === input.memberKey);
  if (!account) throw new AppError('MEMBER_NOT_FOUND');
  const unitId = item.data.unitId;
  // transactions read by id only: the account's other units are read before (as revokeOwnership does)
  const otherUnits =
    input.decision === 'unlink'
      ? (await ports.storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { estateId: input.estateId, openid: account.openid, active: true } })).filter((l) => l.data.unitId !== unitId)
      : [];
  await ports.storage.transaction(async (tx) => {
    const fresh = await tx.get<RosterReviewDoc>(ROSTER_REVIEWS, input.itemId);
    const acct = fresh?.data.accounts.find((a) => a.accountKey === input.memberKey);
    if (!fresh || !acct) throw new AppError('REVIEW_ITEM_NOT_FOUND');
    if (acct.settled) throw new AppError('REVIEW_ALREADY_SETTLED');
    const at = ports.clock.now().toISOString();
    let wasRepresentative = false;
    if (input.decision === 'unlink') {
      const linkId = unitLinkId(unitId, acct.openid);
      const link = await tx.get<UnitLinkDoc>(UNIT_LINKS, linkId);
      if (link?.data.active) {
        await tx.update<UnitLinkDoc>(UNIT_LINKS, linkId, link.version, { ...link.data, active: false, revokedAt: at, revokeReason: input.reason });
        const rep = await tx.get<RepresentativeDoc>(REPRESENTATIVES, unitId);
        if (rep?.data.openid === acct.openid) {
          wasRepresentative = true;
          await tx.update<RepresentativeDoc>(REPRESENTATIVES, unitId, rep.version, { ...rep.data, openid: null, since: at, reason: input.reason });
        }
        if (link.data.personKey) {
          const plId = personLinkId(input.estateId, link.data.personKey);
          const pl = await tx.get<PersonLinkDoc>(PERSON_LINKS, plId);
          if (pl?.data.openid === acct.openid) await tx.update<PersonLinkDoc>(PERSON_LINKS, plId, pl.version, { ...pl.data, openid: null });
        }
        const member = await tx.get<MemberDoc>(MEMBERS, memberId(input.estateId, acct.openid));
        if (member) {
          await tx.update<MemberDoc>(MEMBERS, member.id, member.version, {
            ...member.data,
            roles: otherUnits.length ? member.data.roles : member.data.roles.filter((r) => r !== 'owner'),
            history: [...member.data.history, { at, by: caller.openid, change: `ownership of ${unitId} revoked (roster review)`, reason: input.reason }],
          });
        }
      }
      if (fresh.data.reason === 'certificate_not_in_roster') {
        const unit = await tx.get<UnitDoc>(UNITS, unitId);
        if (unit?.data.superseded) {
          await tx.update<UnitDoc>(UNITS, unitId, unit.version, withoutMarker(unit.data));
        }
      }
    }
    const accounts = fresh.data.accounts.map((a) =>
      a.accountKey === input.memberKey ? { ...a, settled: input.decision, settledBy: caller.openid, settledAt: at, reason: input.reason } : a,
    );
    await tx.update<RosterReviewDoc>(ROSTER_REVIEWS, input.itemId, fresh.version, {
      ...fresh.data,
      accounts,
      status: accounts.every((a) => a.settled) ? 'settled' : 'open',
    });
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: 'roster.review_settled',
      subject: `${ROSTER_REVIEWS}/${input.itemId}`,
      data: { version: fresh.data.versionNo, unitId, reviewReason: fresh.data.reason, memberKey: input.memberKey, decision: input.decision, reason: input.reason, wasRepresentative },
    });
  });
  return rosterReview(ctx, { estateId: input.estateId });
}
