import type { Role } from '../../../types/common';
import type { VerificationMethod } from '../../../types/identity';
import { AppError } from '../../core/errors';
import { DEFAULT_VERIFICATION_POLICY, type VerificationPolicy } from '../../core/identity/verification';
import { DuplicateKeyError, VersionConflictError, type Crypto, type Storage, type TxStore } from '../../ports';
import {
  ESTATES,
  MEMBERS,
  memberId,
  REPRESENTATIVES,
  UNIT_LINKS,
  unitLinkId,
  type EstateDoc,
  type MemberDoc,
  type RepresentativeDoc,
  type UnitLinkDoc,
} from './records';

/** Opaque, stable handle for an account in one estate: staff screens never show openids. */
export const accountKeyOf = (crypto: Crypto, estateId: string, openid: string) =>
  `a${crypto.keyedHash('account', `${estateId}\u0000${openid}`).slice(0, 23)}`;

/**
 * Create a document whose id encodes a uniqueness rule; if another transaction created it first, rerun the
 * whole transaction (which will then see it) instead of failing the user's request.
 */
export async function createOrRetry<T extends Record<string, unknown>>(tx: TxStore, collection: string, id: string, data: T) {
  try {
    return await tx.create(collection, id, data);
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw new VersionConflictError(collection, id);
    throw err;
  }
}

export async function loadEstate(storage: Storage, estateId: string): Promise<EstateDoc> {
  const estate = await storage.get<EstateDoc>(ESTATES, estateId);
  if (!estate) throw new AppError('ESTATE_NOT_FOUND');
  return estate.data;
}

export const policyOf = (estate: EstateDoc): VerificationPolicy => ({ ...DEFAULT_VERIFICATION_POLICY, ...estate.verificationPolicy });

/** Add roles to an account in an estate, creating its membership if needed. */
export async function grantRoles(
  tx: TxStore,
  crypto: Crypto,
  at: string,
  m: { estateId: string; openid: string; displayName: string; roles: Role[]; by: string; change: string; reason?: string },
): Promise<MemberDoc> {
  const id = memberId(m.estateId, m.openid);
  const existing = await tx.get<MemberDoc>(MEMBERS, id);
  const entry = { at, by: m.by, change: m.change, ...(m.reason ? { reason: m.reason } : {}) };
  if (!existing) {
    const doc: MemberDoc = {
      estateId: m.estateId,
      openid: m.openid,
      accountKey: accountKeyOf(crypto, m.estateId, m.openid),
      roles: m.roles,
      displayName: m.displayName,
      since: at,
      history: [entry],
    };
    await createOrRetry(tx, MEMBERS, id, doc);
    return doc;
  }
  const roles = [...new Set([...existing.data.roles, ...m.roles])];
  const doc: MemberDoc = { ...existing.data, roles, history: [...existing.data.history, entry] };
  await tx.update(MEMBERS, id, existing.version, doc);
  return doc;
}

/**
 * Link an account to a unit as a verified owner. If the unit has no representative yet, this owner becomes it:
 * `sole_owner` when the roster lists one owner-person, `first_verified` for co-owned units (co-owners can then
 * agree on another one, or staff decide).
 */
export async function linkUnit(
  tx: TxStore,
  crypto: Crypto,
  at: string,
  l: { estateId: string; unitId: string; openid: string; method: VerificationMethod; personKey: string | null; coOwned: boolean },
): Promise<{ isRepresentative: boolean }> {
  const linkId = unitLinkId(l.unitId, l.openid);
  const link: UnitLinkDoc = {
    estateId: l.estateId,
    unitId: l.unitId,
    openid: l.openid,
    accountKey: accountKeyOf(crypto, l.estateId, l.openid),
    active: true,
    method: l.method,
    personKey: l.personKey,
    since: at,
  };
  const existing = await tx.get<UnitLinkDoc>(UNIT_LINKS, linkId);
  if (!existing) await createOrRetry(tx, UNIT_LINKS, linkId, link);
  else if (!existing.data.active) await tx.update(UNIT_LINKS, linkId, existing.version, link);

  const rep = await tx.get<RepresentativeDoc>(REPRESENTATIVES, l.unitId);
  if (rep?.data.openid) return { isRepresentative: rep.data.openid === l.openid };
  const repDoc: RepresentativeDoc = { estateId: l.estateId, unitId: l.unitId, openid: l.openid, method: l.coOwned ? 'first_verified' : 'sole_owner', since: at };
  if (rep) await tx.update(REPRESENTATIVES, l.unitId, rep.version, repDoc);
  else await createOrRetry(tx, REPRESENTATIVES, l.unitId, repDoc);
  return { isRepresentative: true };
}

export async function activeLinksOfAccount(storage: Storage, estateId: string, openid: string) {
  return storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { estateId, openid, active: true }, orderBy: { field: 'since' } });
}

export async function activeLinksOfUnit(storage: Storage, unitId: string) {
  return storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { unitId, active: true }, orderBy: { field: 'since' } });
}
