import type { MeInput, MeOutput } from '../../../types/identity';
import { AppError } from '../../core/errors';
import type { ActionContext } from '../action';
import { ESTATES, MEMBERS, REPRESENTATIVES, RESIDENT_HOMES, residentHomeId, UNIT_LINKS, UNITS, type EstateDoc, type MemberDoc, type RepresentativeDoc, type ResidentHomeDoc, type UnitDoc, type UnitLinkDoc } from './records';

/** How long home keeps telling someone a unit was unlinked from their account (a sale, a transfer, a roster review). */
export const FORMER_UNIT_DAYS = 90;

/** The caller's estates, roles and units: what the home page needs to greet them. */
export async function me({ ports, caller }: ActionContext, input: MeInput): Promise<MeOutput> {
  const { storage } = ports;
  const memberships = await storage.find<MemberDoc>(MEMBERS, { where: { openid: caller.openid }, orderBy: { field: 'since' } });
  const estates = await storage.getMany<EstateDoc>(ESTATES, memberships.map((m) => m.data.estateId));
  const list = memberships.flatMap((m, i) => {
    const estate = estates[i];
    return estate ? [{ member: m.data, estateId: estate.id, estate: estate.data }] : [];
  });

  if (list.length === 0) {
    if (input.estateId) throw new AppError('NOT_A_MEMBER');
    return { estates: [], current: null };
  }
  const chosen = input.estateId ? list.find((e) => e.estateId === input.estateId) : list[0];
  if (!chosen) throw new AppError('NOT_A_MEMBER');

  // one read for the account's links in this estate: the active ones are its units, recently ended ones its former units
  const allLinks = await storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { estateId: chosen.estateId, openid: caller.openid }, orderBy: { field: 'since' } });
  const links = allLinks.filter((l) => l.data.active);
  const unitIds = links.map((l) => l.data.unitId);
  const [unitDocs, reps, home] = await Promise.all([
    storage.getMany<UnitDoc>(UNITS, unitIds),
    storage.getMany<RepresentativeDoc>(REPRESENTATIVES, unitIds),
    chosen.member.roles.includes('resident') ? storage.get<ResidentHomeDoc>(RESIDENT_HOMES, residentHomeId(chosen.estateId, caller.openid)) : Promise.resolve(null),
  ]);
  const units = links.flatMap((l, i) => {
    const doc = unitDocs[i];
    if (!doc || doc.data.removed) return [];
    const isRepresentative = reps[i]?.data.openid === caller.openid;
    return [{ unitId: l.data.unitId, label: doc.data.label, areaCenti: doc.data.areaCenti, isRepresentative }];
  });

  // recently ended links of units the account no longer holds: the seller reads why the unit is gone
  const since = ports.clock.now().getTime() - FORMER_UNIT_DAYS * 86_400_000;
  const ended = allLinks.filter((l) => !l.data.active && l.data.revokedAt && Date.parse(l.data.revokedAt) >= since && !unitIds.includes(l.data.unitId));
  const endedUnits = ended.length ? await storage.getMany<UnitDoc>(UNITS, ended.map((l) => l.data.unitId)) : [];
  const formerUnits = ended.flatMap((l, i) => {
    const doc = endedUnits[i];
    return doc ? [{ unitId: l.data.unitId, label: doc.data.label, endedAt: l.data.revokedAt as string }] : [];
  });

  const e = chosen.estate;
  return {
    estates: list.map((x) => ({ estateId: x.estateId, name: x.estate.name })),
    current: {
      estate: {
        estateId: chosen.estateId,
        name: e.name,
        district: e.district,
        address: e.address,
        communityName: e.communityName,
        partyBranchName: e.partyBranchName,
        buildingCount: e.buildings.length,
        totals: e.totals,
      },
      displayName: chosen.member.displayName,
      roles: chosen.member.roles,
      units,
      formerUnits,
      ...(home ? { residence: { unitId: home.data.unitId, label: home.data.label, building: home.data.building } } : {}),
    },
  };
}
