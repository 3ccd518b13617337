import type {
  CertificateReviewInput,
  DecideVerificationInput,
  EstateDirectoryOutput,
  EstateOnlyInput,
  MyVerificationsOutput,
  OfflineCheckInput,
  ResidentClaimInput,
  ReviewQueueOutput,
  TransferWarning,
  UnlockInput,
  VerificationRequestOutput,
  VerificationRequestView,
  VerifyByRosterInput,
  VerifyByRosterOutput,
  ViewCertificateInput,
  ViewCertificateOutput,
} from '../../../types/identity';
import { PRIVACY_NOTICE_VERSION, RESIDENT_RELATION_LABELS } from '../../../types/identity';
import { AppError } from '../../core/errors';
import { maskName } from '../../core/identity/masking';
import {
  afterFailure,
  attemptsLeft,
  isLocked,
  matchRosterClaim,
  normalizeName,
  normalizePhone,
  offlineCode,
  type AttemptState,
} from '../../core/identity/verification';
import type { Ports, StoredDoc, TxStore } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { enqueueNotification, estateStaff } from '../notifications/outbox';
import { CERTIFICATE_PHOTO_RETENTION_MS } from '../upload-records';
import { isOwnUpload } from '../uploads';
import { accountKeyOf, activeLinksOfUnit, createOrRetry, grantRoles, linkUnit, loadEstate, policyOf } from './accounts';
import {
  CONSENTS,
  ESTATES,
  MEMBERS,
  OWNERS,
  ownerId,
  PERSON_LINKS,
  personLinkId,
  REPRESENTATIVES,
  RESIDENT_HOMES,
  residentHomeId,
  UNIT_LINKS,
  UNITS,
  buildingLabel,
  unitId as unitIdOf,
  unitLabel,
  VERIFY_ATTEMPTS,
  VERIFY_REQUESTS,
  type AttemptDoc,
  type ConsentDoc,
  type EstateDoc,
  type MemberDoc,
  type OwnerDoc,
  type PersonLinkDoc,
  type RepresentativeDoc,
  type ResidentHomeDoc,
  type UnitDoc,
  type UnitLinkDoc,
  type VerificationRequestDoc,
} from './records';

const CONSENT_PURPOSE = 'identity_verification';

/** The roster person was retired for this unit by an approved certificate (see UnitDoc.superseded). */
const isSuperseded = (unit: UnitDoc, personKey: string) => !!unit.superseded && (unit.supersededOwnerKeys ?? []).includes(personKey);
const attemptId = (estateId: string, openid: string) => `${estateId}:${openid}`;

type UnitRef = { building: string; entrance: string; room: string };

async function findUnit(ports: Ports, estateId: string, ref: UnitRef): Promise<StoredDoc<UnitDoc>> {
  const unit = await ports.storage.get<UnitDoc>(UNITS, unitIdOf(estateId, ref.building, ref.entrance, ref.room));
  if (!unit || unit.data.removed) throw new AppError('UNIT_NOT_IN_ROSTER');
  return unit;
}

/** Record the separate consent (PIPL Art. 29) in the same transaction as the data it covers. */
async function recordConsent(tx: TxStore, openid: string, at: string) {
  const id = `${openid}:${CONSENT_PURPOSE}:${PRIVACY_NOTICE_VERSION}`;
  if (!(await tx.get(CONSENTS, id))) {
    const doc: ConsentDoc = { openid, purpose: CONSENT_PURPOSE, noticeVersion: PRIVACY_NOTICE_VERSION, at };
    await createOrRetry(tx, CONSENTS, id, doc);
  }
}

function requestView(id: string, r: VerificationRequestDoc, withCode: boolean): VerificationRequestView {
  return {
    requestId: id,
    method: r.method,
    unitLabel: r.unitLabel,
    status: r.status,
    ...(withCode && r.code ? { code: r.code } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    createdAt: r.createdAt,
    ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
  };
}

/** Estates a newcomer can choose when they start verifying (any signed-in account). */
export async function estateDirectory({ ports }: ActionContext): Promise<EstateDirectoryOutput> {
  const estates = await ports.storage.find<EstateDoc>(ESTATES, { orderBy: { field: 'name' }, limit: 500 });
  return {
    estates: estates.map((e) => ({ estateId: e.id, name: e.data.name, district: e.data.district, communityName: e.data.communityName, requireIdLast4: policyOf(e.data).requireIdLast4 })),
  };
}

export async function myVerifications({ ports, caller }: ActionContext, input: EstateOnlyInput): Promise<MyVerificationsOutput> {
  const estate = await loadEstate(ports.storage, input.estateId);
  const policy = policyOf(estate);
  const [requests, attempt] = await Promise.all([
    ports.storage.find<VerificationRequestDoc>(VERIFY_REQUESTS, {
      where: { estateId: input.estateId, openid: caller.openid },
      orderBy: { field: 'createdAt', direction: 'desc' },
      limit: 50,
    }),
    ports.storage.get<AttemptDoc>(VERIFY_ATTEMPTS, attemptId(input.estateId, caller.openid)),
  ]);
  const consent = await ports.storage.get<ConsentDoc>(CONSENTS, `${caller.openid}:${CONSENT_PURPOSE}:${PRIVACY_NOTICE_VERSION}`);
  const now = ports.clock.now();
  return {
    requests: requests.map((r) => requestView(r.id, r.data, true)),
    consent: consent ? { noticeVersion: consent.data.noticeVersion, at: consent.data.at } : null,
    lockedUntil: attempt && isLocked(attempt.data, now) ? attempt.data.lockedUntil : null,
    attemptsLeft: attemptsLeft(attempt?.data ?? null, now, policy),
    requireIdLast4: policy.requireIdLast4,
  };
}

/** The phone to match: typed (H5), or WeChat's verified number behind a getPhoneNumber code. */
async function phoneOf(ports: Ports, input: VerifyByRosterInput): Promise<string> {
  if (input.phone && input.phoneCode) {
    throw AppError.field('phone', 'PHONE_TWO_SOURCES');
  }
  if (input.phone) return input.phone;
  if (!input.phoneCode) throw AppError.field('phone', 'PHONE_REQUIRED');
  const number = await ports.platform.exchangePhoneCode(input.phoneCode);
  if (!number) throw AppError.field('phoneCode', 'PHONE_CODE_EXPIRED');
  return number;
}

/**
 * Rung (a): roster match. Name and phone (and ID tail where required) are hashed with the deployment key
 * and compared with the roster's hashes; plaintext is never stored or logged. A miss counts toward the
 * lockout, which is committed before the refusal is returned.
 */
export async function verifyByRoster({ ports, caller }: ActionContext, input: VerifyByRosterInput): Promise<VerifyByRosterOutput> {
  const { storage, crypto, clock } = ports;
  const estate = await loadEstate(storage, input.estateId);
  const policy = policyOf(estate);
  if (policy.requireIdLast4 && !input.idLast4) {
    throw AppError.field('idLast4', 'ID_LAST4_REQUIRED');
  }
  const phone = await phoneOf(ports, input);
  // An unknown, removed or developer-held unit is a miss exactly like a wrong name: the same ROSTER_MISMATCH,
  // the same cost toward the lockout and the same reads (an owner lookup that finds nothing), so this action
  // cannot be used to list which units exist or which ones the developer still holds.
  const unitRef = unitIdOf(input.estateId, input.unit.building, input.unit.entrance, input.unit.room);
  const found = await storage.get<UnitDoc>(UNITS, unitRef);
  const unit: StoredDoc<UnitDoc> =
    found && !found.data.removed && !found.data.developerHeld
      ? found
      : ({ id: unitRef, version: 0, data: { label: unitLabel(input.unit.building, input.unit.entrance, input.unit.room), ownerKeys: ['-'] } } as unknown as StoredDoc<UnitDoc>);

  const owners = (await Promise.all(unit.data.ownerKeys.map((k) => storage.get<OwnerDoc>(OWNERS, ownerId(input.estateId, k))))).flatMap((o) =>
    o ? [o.data] : [],
  );
  const claim = {
    nameHash: crypto.keyedHash('name', normalizeName(input.name)),
    phoneHash: crypto.keyedHash('phone', normalizePhone(phone)),
    idLast4: input.idLast4,
  };
  const matched = matchRosterClaim(owners, claim, policy);
  const accountKey = accountKeyOf(crypto, input.estateId, caller.openid);
  // a miss may lock the account, and staff are told in the same transaction: read them before it
  const staff = matched ? [] : await estateStaff(storage, input.estateId);

  const outcome = await storage.transaction(async (tx) => {
    const now = clock.now();
    const at = now.toISOString();
    const aId = attemptId(input.estateId, caller.openid);
    const attempt = await tx.get<AttemptDoc>(VERIFY_ATTEMPTS, aId);
    if (isLocked(attempt?.data ?? null, now)) return { kind: 'locked' as const, until: attempt!.data.lockedUntil! };

    const saveAttempt = async (state: AttemptState) => {
      const doc: AttemptDoc = {
        estateId: input.estateId,
        openid: caller.openid,
        accountKey,
        failures: state.failures,
        lockedUntil: state.lockedUntil,
        locked: !!state.lockedUntil,
        lastUnitLabel: unit.data.label,
        updatedAt: at,
      };
      if (attempt) await tx.update(VERIFY_ATTEMPTS, aId, attempt.version, doc);
      else await createOrRetry(tx, VERIFY_ATTEMPTS, aId, doc);
    };

    if (!matched) {
      const next = afterFailure(attempt?.data ?? null, now, policy);
      await saveAttempt(next);
      if (next.justLocked) {
        await appendAudit(tx, ports, {
          estateId: input.estateId,
          actor: caller.openid,
          action: 'identity.locked',
          subject: `${VERIFY_ATTEMPTS}/${accountKey}`,
          data: { failures: next.failures, lockedUntil: next.lockedUntil },
        });
        await enqueueNotification(tx, ports, {
          kind: 'verification_locked',
          estateId: input.estateId,
          eventKey: `locked:${aId}:${next.lockedUntil}`,
          recipients: staff,
          params: { unit: unit.data.label, until: next.lockedUntil! },
        });
      }
      return { kind: 'miss' as const, left: next.attemptsLeft, lockedUntil: next.justLocked ? next.lockedUntil : null };
    }

    // a certificate approval (a sale the roster does not show yet) retired this roster person for this unit
    const freshUnit = await tx.get<UnitDoc>(UNITS, unit.id);
    if (isSuperseded(freshUnit?.data ?? unit.data, matched.personKey)) return { kind: 'superseded' as const };

    // one roster owner-person, one account: a second (borrowed) account cannot claim the same person
    const plId = personLinkId(input.estateId, matched.personKey);
    const personLink = await tx.get<PersonLinkDoc>(PERSON_LINKS, plId);
    if (personLink?.data.openid && personLink.data.openid !== caller.openid) return { kind: 'taken' as const };
    if (!personLink) await createOrRetry(tx, PERSON_LINKS, plId, { estateId: input.estateId, personKey: matched.personKey, openid: caller.openid });
    else if (!personLink.data.openid) await tx.update(PERSON_LINKS, plId, personLink.version, { ...personLink.data, openid: caller.openid });

    if (attempt && attempt.data.failures > 0) await saveAttempt({ failures: 0, lockedUntil: null });
    await recordConsent(tx, caller.openid, at);
    const owner = owners.find((o) => o.personKey === matched.personKey)!;
    await grantRoles(tx, crypto, at, {
      estateId: input.estateId,
      openid: caller.openid,
      displayName: owner.nameMasked,
      roles: ['owner'],
      by: caller.openid,
      change: `owner of ${unit.data.label} (roster match)`,
    });
    const { isRepresentative } = await linkUnit(tx, crypto, at, {
      estateId: input.estateId,
      unitId: unit.id,
      openid: caller.openid,
      method: 'roster_match',
      personKey: matched.personKey,
      coOwned: new Set(unit.data.ownerKeys).size > 1,
    });
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: 'identity.verified',
      subject: `units/${unit.id}`,
      data: { method: 'roster_match', accountKey, isRepresentative },
    });
    return { kind: 'verified' as const, isRepresentative };
  });

  switch (outcome.kind) {
    case 'locked':
      throw new AppError('VERIFICATION_LOCKED', { lockedUntil: outcome.until });
    case 'miss':
      if (outcome.lockedUntil) {
        throw new AppError('VERIFICATION_LOCKED', { lockedUntil: outcome.lockedUntil });
      }
      throw new AppError('ROSTER_MISMATCH', { attemptsLeft: outcome.left });
    case 'taken':
      throw new AppError('PERSON_ALREADY_LINKED');
    case 'superseded':
      throw new AppError('ROSTER_OWNER_SUPERSEDED');
    case 'verified':
      return { unit: { unitId: unit.id, label: unit.data.label, areaCenti: unit.data.areaCenti, isRepresentative: outcome.isRepresentative } };
  }
}

/** Files must have been uploaded by the caller (see server/app/uploads.ts). */
function assertOwnUploads(openid: string, fileIds: string[]) {
  if (!fileIds.every((id) => isOwnUpload(id, openid))) throw new AppError('NOT_OWN_UPLOAD');
}

const PENDING_KIND = {
  certificate_review: 'certificate_review_pending',
  offline_check: 'offline_check_pending',
  resident_claim: 'resident_claim_pending',
} as const satisfies Partial<Record<VerificationRequestDoc['method'], string>>;

async function createRequest(
  ctx: ActionContext,
  estateId: string,
  ref: UnitRef,
  fields: Pick<VerificationRequestDoc, 'method' | 'applicantName'> & Partial<VerificationRequestDoc>,
  withConsent: boolean,
): Promise<VerificationRequestOutput> {
  const { ports, caller } = ctx;
  await loadEstate(ports.storage, estateId);
  const unit = await findUnit(ports, estateId, ref);
  const requestId = ports.crypto.newId('vr');
  const at = ports.clock.now().toISOString();
  const staff = await estateStaff(ports.storage, estateId);
  const doc: VerificationRequestDoc = {
    estateId,
    openid: caller.openid,
    accountKey: accountKeyOf(ports.crypto, estateId, caller.openid),
    unitId: unit.id,
    unitLabel: unit.data.label,
    status: 'pending',
    createdAt: at,
    ...fields,
  };
  await ports.storage.transaction(async (tx) => {
    if (withConsent) await recordConsent(tx, caller.openid, at);
    await tx.create(VERIFY_REQUESTS, requestId, doc);
    await appendAudit(tx, ports, {
      estateId,
      actor: caller.openid,
      action: 'identity.review_requested',
      subject: `${VERIFY_REQUESTS}/${requestId}`,
      data: { method: doc.method, unitId: unit.id, photos: doc.certificateFileIds?.length ?? 0 },
    });
    await enqueueNotification(tx, ports, {
      kind: PENDING_KIND[doc.method as keyof typeof PENDING_KIND],
      estateId,
      eventKey: `vr:${requestId}`,
      recipients: staff,
      params: { unit: unit.data.label },
    });
  });
  return { request: requestView(requestId, doc, true) };
}

/** Rung (b): photos of the 不动产权证 for staff to review. */
export async function requestCertificateReview(ctx: ActionContext, input: CertificateReviewInput): Promise<VerificationRequestOutput> {
  assertOwnUploads(ctx.caller.openid, input.certificateFileIds);
  return createRequest(
    ctx,
    input.estateId,
    input.unit,
    { method: 'certificate_review', applicantName: maskName(input.name), certificateFileIds: input.certificateFileIds },
    true,
  );
}

/** Tenants and family members: staff confirm they live here, and they get the resident role (no unit, no vote). */
export async function requestResidentRole(ctx: ActionContext, input: ResidentClaimInput): Promise<VerificationRequestOutput> {
  return createRequest(
    ctx,
    input.estateId,
    input.unit,
    { method: 'resident_claim', applicantName: `${maskName(input.name)}（${RESIDENT_RELATION_LABELS[input.relation]}）` },
    true,
  );
}

/** Rung (c): an in-person check at the community office; the code ties the visit to this account. */
export async function requestOfflineCheck(ctx: ActionContext, input: OfflineCheckInput): Promise<VerificationRequestOutput> {
  const member = await ctx.ports.storage.get<MemberDoc>(MEMBERS, `${input.estateId}:${ctx.caller.openid}`);
  const code = offlineCode(ctx.ports.crypto.randomInt);
  return createRequest(ctx, input.estateId, input.unit, { method: 'offline_check', applicantName: member?.data.displayName ?? '（到场核验）', code }, false);
}

export async function reviewQueue({ ports, caller }: ActionContext, input: EstateOnlyInput): Promise<ReviewQueueOutput> {
  const { storage, clock } = ports;
  const [pending, locked] = await Promise.all([
    storage.find<VerificationRequestDoc>(VERIFY_REQUESTS, { where: { estateId: input.estateId, status: 'pending' }, orderBy: { field: 'createdAt' }, limit: 500 }),
    storage.find<AttemptDoc>(VERIFY_ATTEMPTS, { where: { estateId: input.estateId, locked: true }, limit: 500 }),
  ]);
  const now = clock.now();
  // two batch gets (the units, then their roster owners), not a read per request
  const units = await storage.getMany<UnitDoc>(UNITS, pending.map((r) => r.data.unitId));
  const ownerIds = [...new Set(units.flatMap((u) => (u?.data.ownerKeys ?? []).map((k) => ownerId(input.estateId, k))))];
  const ownerById = new Map((await storage.getMany<OwnerDoc>(OWNERS, ownerIds)).map((o, i) => [ownerIds[i], o]));
  // accounts verified per unit of an owner request: approving over them is a transfer (one query per unit)
  const ownerRequestUnits = [...new Set(pending.filter((r) => r.data.method !== 'resident_claim').map((r) => r.data.unitId))];
  const linkedByUnit = new Map(await Promise.all(ownerRequestUnits.map(async (id) => [id, (await activeLinksOfUnit(storage, id)).map((l) => l.data.openid)] as const)));
  const transferWarningOf = (r: VerificationRequestDoc, unit: UnitDoc | undefined): TransferWarning | null => {
    if (r.method === 'resident_claim' || !unit) return null;
    if (unit.developerHeld) return 'developer_held';
    return (linkedByUnit.get(r.unitId) ?? []).some((o) => o !== r.openid) ? 'verified_owner' : null;
  };
  const items = await Promise.all(
    pending.map(async (r, i) => {
      const unit = units[i];
      const owners = (unit?.data.ownerKeys ?? []).map((k) => ownerById.get(ownerId(input.estateId, k)) ?? null);
      return {
        ...requestView(r.id, r.data, true),
        applicantName: r.data.applicantName,
        ...(r.data.certificateFileIds ? { certificateFileIds: r.data.certificateFileIds } : {}),
        rosterOwners: unit?.data.developerHeld ? ['开发商持有'] : owners.flatMap((o) => (o ? [o.data.nameMasked] : [])),
        transferWarning: transferWarningOf(r.data, unit?.data),
      };
    }),
  );
  return {
    items,
    lockedAccounts: locked
      .filter((a) => isLocked(a.data, now))
      .map((a) => ({ accountKey: a.data.accountKey, lockedUntil: a.data.lockedUntil!, failures: a.data.failures, lastUnitLabel: a.data.lastUnitLabel })),
  };
}

interface Handover {
  /** other accounts actively linked to the unit (re-read in the transaction) */
  others: StoredDoc<UnitLinkDoc>[];
  /** the representative before the approval */
  rep: StoredDoc<RepresentativeDoc> | null;
  /** retire the unit's roster owners and the other accounts: a certificate approval, or an explicit transfer */
  retire: boolean;
  /** accounts among `others` that hold another unit of the estate, so keep the owner role */
  keepOwner: Set<string>;
}

/**
 * An owner approval on a developer-held unit, or on a unit another account is verified for, transfers
 * ownership: it needs `transfer: true` and a reason (TRANSFER_DECISION_REQUIRED / TRANSFER_REASON_REQUIRED).
 * A certificate approval always retires the roster's owners of the unit (the roster has not caught up with the
 * sale yet); an offline check does so only as an explicit transfer.
 */
async function prepareHandover(
  tx: TxStore,
  unit: StoredDoc<UnitDoc>,
  applicant: string,
  method: VerificationRequestDoc['method'],
  linksBefore: StoredDoc<UnitLinkDoc>[],
  input: DecideVerificationInput,
  keepOwner: Set<string>,
): Promise<Handover> {
  const fresh = await Promise.all(linksBefore.filter((l) => l.data.openid !== applicant).map((l) => tx.get<UnitLinkDoc>(UNIT_LINKS, l.id)));
  const others = fresh.flatMap((l) => (l && l.data.active ? [l] : []));
  const rep = await tx.get<RepresentativeDoc>(REPRESENTATIVES, unit.id);
  const verifiedOwner = others.length > 0 || (!!rep?.data.openid && rep.data.openid !== applicant);
  if ((unit.data.developerHeld || verifiedOwner) && !input.transfer) throw new AppError('TRANSFER_DECISION_REQUIRED');
  if (input.transfer && !input.reason) throw AppError.field('reason', 'TRANSFER_REASON_REQUIRED');
  return { others, rep, retire: method === 'certificate_review' || !!input.transfer, keepOwner };
}

/**
 * The applicant holds the unit now: the other accounts' links are deactivated, the representative is the
 * applicant, and the roster's owners of the unit are marked superseded (no roster match for them on this
 * unit) until a roster version no longer names them or staff settle it on the roster review list.
 */
async function retireForCertificate(
  tx: TxStore,
  at: string,
  unit: StoredDoc<UnitDoc>,
  applicant: string,
  requestId: string,
  h: Handover,
  reason: string,
  by: string,
) {
  for (const l of h.others) {
    await tx.update<UnitLinkDoc>(UNIT_LINKS, l.id, l.version, { ...l.data, active: false, revokedAt: at, revokeReason: reason || `transfer ${requestId}` });
    // no unit left: no owner role either (as revokeOwnership and the roster review do)
    if (h.keepOwner.has(l.data.openid)) continue;
    const member = await tx.get<MemberDoc>(MEMBERS, `${unit.data.estateId}:${l.data.openid}`);
    if (member?.data.roles.includes('owner')) {
      await tx.update<MemberDoc>(MEMBERS, member.id, member.version, {
        ...member.data,
        roles: member.data.roles.filter((r) => r !== 'owner'),
        history: [...member.data.history, { at, by, change: `ownership of ${unit.id} transferred (${requestId})`, reason: reason || `transfer ${requestId}` }],
      });
    }
  }
  if (h.rep?.data.openid && h.rep.data.openid !== applicant) {
    await tx.update<RepresentativeDoc>(REPRESENTATIVES, unit.id, h.rep.version, { ...h.rep.data, openid: applicant, method: 'staff_decision', since: at, reason: reason || `transfer ${requestId}` });
  }
  const keys = [...new Set([...(unit.data.supersededOwnerKeys ?? []), ...unit.data.ownerKeys])];
  if (keys.length) {
    await tx.update<UnitDoc>(UNITS, unit.id, unit.version, { ...unit.data, superseded: true, supersededOwnerKeys: keys, supersededBy: requestId, supersededAt: at });
  }
}

/** Staff approve or reject a certificate review or an offline check; each outcome is audited with the reviewer. */
export async function decideVerification({ ports, caller }: ActionContext, input: DecideVerificationInput): Promise<VerificationRequestOutput> {
  if (input.decision === 'reject' && !input.reason) {
    throw AppError.field('reason', 'REJECT_REASON_REQUIRED');
  }
  const { storage, crypto, clock } = ports;
  // accounts verified for the unit (a transaction reads by id only): re-read by id inside it
  const pendingReq = await storage.get<VerificationRequestDoc>(VERIFY_REQUESTS, input.requestId);
  const unitLinksBefore = pendingReq && input.decision === 'approve' ? await activeLinksOfUnit(storage, pendingReq.data.unitId) : [];
  // which of those accounts hold another unit too (a transaction reads by id only, so asked here)
  const keepOwner = new Set<string>();
  await Promise.all(
    unitLinksBefore.map(async (l) => {
      const theirs = await storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { estateId: input.estateId, openid: l.data.openid, active: true } });
      if (theirs.some((o) => o.data.unitId !== l.data.unitId)) keepOwner.add(l.data.openid);
    }),
  );
  const result = await storage.transaction(async (tx) => {
    const req = await tx.get<VerificationRequestDoc>(VERIFY_REQUESTS, input.requestId);
    if (!req || req.data.estateId !== input.estateId) throw new AppError('NOT_FOUND');
    if (req.data.status !== 'pending') throw new AppError('REQUEST_ALREADY_DECIDED');
    // nobody decides their own request: a reviewer's own claim goes to another reviewer
    if (req.data.openid === caller.openid) throw new AppError('OWN_REQUEST_DECISION');
    // only an approved resident registration records where the resident lives
    if (input.residence && (req.data.method !== 'resident_claim' || input.decision !== 'approve')) throw AppError.field('residence', 'RESIDENCE_NOT_APPLICABLE');
    if (req.data.method === 'offline_check' && input.decision === 'approve' && !input.note) {
      throw AppError.field('note', 'OFFLINE_NOTE_REQUIRED');
    }
    const at = clock.now().toISOString();
    const decided: VerificationRequestDoc = {
      ...req.data,
      status: input.decision === 'approve' ? 'approved' : 'rejected',
      decidedBy: caller.openid,
      decidedAt: at,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.note ? { note: input.note } : {}),
      // certificate photos stay for objections, then the cleanup job deletes them (upload-records.ts)
      ...(req.data.certificateFileIds?.length ? { photosDeleteAfter: new Date(Date.parse(at) + CERTIFICATE_PHOTO_RETENTION_MS).toISOString() } : {}),
    };
    await tx.update(VERIFY_REQUESTS, input.requestId, req.version, decided);
    let isRepresentative = false;
    let retiredAccounts = 0;
    const residentOnly = req.data.method === 'resident_claim';
    if (input.decision === 'approve' && residentOnly) {
      await grantRoles(tx, crypto, at, {
        estateId: input.estateId,
        openid: req.data.openid,
        displayName: req.data.applicantName.replace(/（.*）$/, ''),
        roles: ['resident'],
        by: caller.openid,
        change: `resident of ${req.data.unitLabel}`,
      });
      const unit = await tx.get<UnitDoc>(UNITS, req.data.unitId);
      if (!unit) throw new AppError('UNIT_NO_LONGER_IN_ROSTER');
      const wholeUnit = (input.residence ?? 'unit') === 'unit';
      const home: ResidentHomeDoc = {
        estateId: input.estateId,
        openid: req.data.openid,
        unitId: wholeUnit ? unit.id : null,
        label: wholeUnit ? unit.data.label : buildingLabel(unit.data.building),
        building: unit.data.building,
        requestId: input.requestId,
        confirmedBy: caller.openid,
        since: at,
      };
      const homeId = residentHomeId(input.estateId, req.data.openid);
      const before = await tx.get<ResidentHomeDoc>(RESIDENT_HOMES, homeId);
      if (before) await tx.update<ResidentHomeDoc>(RESIDENT_HOMES, homeId, before.version, home);
      else await tx.create<ResidentHomeDoc>(RESIDENT_HOMES, homeId, home);
    } else if (input.decision === 'approve') {
      const unit = await tx.get<UnitDoc>(UNITS, req.data.unitId);
      if (!unit) throw new AppError('UNIT_NO_LONGER_IN_ROSTER');
      const handover = await prepareHandover(tx, unit, req.data.openid, req.data.method, unitLinksBefore, input, keepOwner);
      retiredAccounts = handover.others.length;
      await grantRoles(tx, crypto, at, {
        estateId: input.estateId,
        openid: req.data.openid,
        displayName: req.data.applicantName,
        roles: ['owner'],
        by: caller.openid,
        change: `owner of ${unit.data.label} (${req.data.method})`,
      });
      ({ isRepresentative } = await linkUnit(tx, crypto, at, {
        estateId: input.estateId,
        unitId: unit.id,
        openid: req.data.openid,
        method: req.data.method,
        personKey: null,
        coOwned: new Set(unit.data.ownerKeys).size > 1,
      }));
      if (handover.retire) {
        await retireForCertificate(tx, at, unit, req.data.openid, input.requestId, handover, input.reason ?? '', caller.openid);
        isRepresentative = true;
        // the previous verified owners (and a representative among them) learn that they no longer act for the unit
        const rep = handover.rep?.data.openid;
        await enqueueNotification(tx, ports, {
          kind: 'ownership_superseded',
          estateId: input.estateId,
          eventKey: `vr:${input.requestId}:superseded`,
          recipients: [...handover.others.map((l) => l.data.openid), ...(rep && rep !== req.data.openid ? [rep] : [])],
          params: { unit: req.data.unitLabel },
        });
      }
    }
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: input.decision === 'reject' ? 'identity.review_rejected' : residentOnly ? 'member.resident_approved' : 'identity.verified',
      subject: `${VERIFY_REQUESTS}/${input.requestId}`,
      data: {
        method: req.data.method,
        unitId: req.data.unitId,
        accountKey: req.data.accountKey,
        isRepresentative,
        reason: input.reason ?? null,
        ...(input.decision === 'approve' && !residentOnly ? { transfer: !!input.transfer, retiredAccounts } : {}),
        ...(input.decision === 'approve' && residentOnly ? { residence: input.residence ?? 'unit' } : {}),
      },
    });
    const eventKey = `vr:${input.requestId}:decided`;
    if (input.decision === 'approve') {
      await enqueueNotification(tx, ports, { kind: 'verification_approved', estateId: input.estateId, eventKey, recipients: [req.data.openid], params: { unit: req.data.unitLabel } });
    } else {
      await enqueueNotification(tx, ports, {
        kind: 'verification_rejected',
        estateId: input.estateId,
        eventKey,
        recipients: [req.data.openid],
        params: { unit: req.data.unitLabel, reason: input.reason ?? '' },
      });
    }
    return decided;
  });
  return { request: requestView(input.requestId, result, false) };
}

export async function unlockVerification({ ports, caller }: ActionContext, input: UnlockInput): Promise<Record<string, never>> {
  const [attempt] = await ports.storage.find<AttemptDoc>(VERIFY_ATTEMPTS, { where: { accountKey: input.accountKey, estateId: input.estateId }, limit: 1 });
  if (!attempt) throw new AppError('NOT_FOUND');
  await ports.storage.transaction(async (tx) => {
    const fresh = await tx.get<AttemptDoc>(VERIFY_ATTEMPTS, attempt.id);
    const at = ports.clock.now().toISOString();
    await tx.update(VERIFY_ATTEMPTS, attempt.id, fresh!.version, { ...fresh!.data, failures: 0, lockedUntil: null, locked: false, updatedAt: at });
    await appendAudit(tx, ports, { estateId: input.estateId, actor: caller.openid, action: 'identity.unlocked', subject: `${VERIFY_ATTEMPTS}/${input.accountKey}`, data: { reason: input.reason } });
    await enqueueNotification(tx, ports, {
      kind: 'verification_unlocked',
      estateId: input.estateId,
      eventKey: `unlock:${attempt.id}:${at}`,
      recipients: [fresh!.data.openid],
      params: { unit: fresh!.data.lastUnitLabel },
    });
  });
  return {};
}

const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };

/** Certificate photos are shown to reviewing staff only. */
export async function viewCertificate({ ports, caller }: ActionContext, input: ViewCertificateInput): Promise<ViewCertificateOutput> {
  const req = await ports.storage.get<VerificationRequestDoc>(VERIFY_REQUESTS, input.requestId);
  const fileId = req?.data.estateId === input.estateId ? req.data.certificateFileIds?.[input.index] : undefined;
  if (!fileId) throw new AppError('NOT_FOUND');
  const bytes = await ports.files.get(fileId);
  if (!bytes) throw new AppError('FILE_NOT_FOUND');
  const type = IMAGE_TYPES[fileId.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
  return { dataUrl: `data:${type};base64,${Buffer.from(bytes).toString('base64')}` };
}
