import type { AdminEstateView, CreateEstateInput, CreateEstateOutput, ListEstatesOutput } from '../../../types/admin';
import type { Clock, Crypto, TxStore } from '../../ports';
import { appendAudit } from '../audit/log';
import type { Handler } from '../action';
import type { admin } from '../../../types/admin';
import { ESTATES, type EstateDoc } from '../identity/records';
import { policyOf } from '../identity/accounts';

type Actions = (typeof admin)['actions'];

/** The estate fields an administrator types in (the demo seed passes the same). */
export type NewEstate = CreateEstateInput;

/**
 * Create an estate inside the caller's transaction: no units, no roster (version 0), no members. The first roster
 * import (community staff, invited by the administrator) fills units, totals and buildings. Audited as
 * `estate.created` in the new estate's chain. Used by admin.createEstate and by the demo seed.
 */
export async function createEstateRecord(
  tx: TxStore,
  deps: { clock: Clock; crypto: Crypto },
  args: { estateId: string; estate: NewEstate; actor: string },
): Promise<EstateDoc> {
  const { requireIdLast4, ...fields } = args.estate;
  const doc: EstateDoc = {
    ...fields,
    buildings: [],
    totals: { unitCount: 0, areaCenti: 0, headcount: 0 },
    createdAt: deps.clock.now().toISOString(),
    verificationPolicy: { ...policyOf({} as EstateDoc), requireIdLast4 },
  };
  await tx.create(ESTATES, args.estateId, doc);
  await appendAudit(tx, deps, {
    estateId: args.estateId,
    actor: args.actor,
    action: 'estate.created',
    subject: `${ESTATES}/${args.estateId}`,
    data: { name: doc.name, district: doc.district, communityName: doc.communityName, partyBranchName: doc.partyBranchName, requireIdLast4 },
  });
  return doc;
}

export function estateView(estateId: string, e: EstateDoc): AdminEstateView {
  return {
    estateId,
    name: e.name,
    district: e.district,
    address: e.address,
    communityName: e.communityName,
    partyBranchName: e.partyBranchName,
    requireIdLast4: policyOf(e).requireIdLast4,
    unitCount: e.totals.unitCount,
    rosterVersion: Number((e as { rosterVersion?: number }).rosterVersion ?? 0),
    createdAt: e.createdAt,
  };
}

export const createEstate: Handler<Actions['createEstate']> = async ({ ports, caller }, input): Promise<CreateEstateOutput> => {
  const estateId = ports.crypto.newId('e').replace(/[^A-Za-z0-9_]/g, 'x');
  const doc = await ports.storage.transaction((tx) => createEstateRecord(tx, ports, { estateId, estate: input, actor: caller.openid }));
  return { estate: estateView(estateId, doc) };
};

/** Estates a deployment has are few (one per 小区 the administrator starts): one bounded read, newest first. */
export const ESTATES_LIST_MAX = 500;

export const listEstates: Handler<Actions['listEstates']> = async ({ ports }): Promise<ListEstatesOutput> => {
  const docs = await ports.storage.find<EstateDoc>(ESTATES, { orderBy: { field: 'createdAt', direction: 'desc' }, limit: ESTATES_LIST_MAX });
  return { estates: docs.map((d) => estateView(d.id, d.data)) };
};
