import { ROLE_LABELS } from '../../../types/common';
import { IDENTITY_LABELS, isSensitiveRole, MEMBERS_PAGE_SIZE } from '../../../types/identity';
import type { ChangeRoleInput, ChangeRoleOutput, ListMembersInput, ListMembersOutput, MemberView, RevokeOwnershipInput } from '../../../types/identity';
import { AppError } from '../../core/errors';
import { decodeCursor, InvalidCursorError, type OrderBy, type Page, type Ports, type StoredDoc } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { enqueueNotification } from '../notifications/outbox';
import { proposeRoleGrant, type RoleGrantDoc } from './role-grants';
import {
  ESTATES,
  MEMBERS,
  memberId,
  PERSON_LINKS,
  personLinkId,
  REPRESENTATIVES,
  UNIT_LINKS,
  unitLinkId,
  UNITS,
  type EstateDoc,
  type MemberDoc,
  type PersonLinkDoc,
  type RepresentativeDoc,
  type UnitDoc,
  type UnitLinkDoc,
} from './records';

/**
 * Member views with their linked units, from the members' active links: a fixed number of reads whatever the
 * count (one batch get each for units and seats, one grouped count of each unit's active links).
 */
async function memberViews(ports: Ports, members: MemberDoc[], links: StoredDoc<UnitLinkDoc>[]): Promise<MemberView[]> {
  const unitIds = [...new Set(links.map((l) => l.data.unitId))];
  const [units, reps, owners] = await Promise.all([
    ports.storage.getMany<UnitDoc>(UNITS, unitIds),
    ports.storage.getMany<RepresentativeDoc>(REPRESENTATIVES, unitIds),
    unitIds.length ? ports.storage.aggregate(UNIT_LINKS, { where: { unitId: unitIds, active: true }, groupBy: ['unitId'], count: true }) : [],
  ]);
  const unitById = new Map(unitIds.map((id, i) => [id, units[i]]));
  const repById = new Map(unitIds.map((id, i) => [id, reps[i]]));
  const ownerCount = new Map(owners.map((r) => [r.group.unitId, r.count]));
  const linksOf = new Map<string, StoredDoc<UnitLinkDoc>[]>();
  for (const l of links) linksOf.set(l.data.openid, [...(linksOf.get(l.data.openid) ?? []), l]);
  return members.map((m) => ({
    memberKey: m.accountKey,
    displayName: m.displayName,
    roles: m.roles,
    units: (linksOf.get(m.openid) ?? []).map((l) => ({
      unitId: l.data.unitId,
      label: unitById.get(l.data.unitId)?.data.label ?? l.data.unitId,
      isRepresentative: repById.get(l.data.unitId)?.data.openid === m.openid,
      method: l.data.method,
      ownerCount: ownerCount.get(l.data.unitId) ?? 1,
    })),
  }));
}

async function memberView(ports: Ports, m: MemberDoc): Promise<MemberView> {
  const links = await ports.storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { estateId: m.estateId, openid: m.openid, active: true } });
  const [view] = await memberViews(ports, [m], links);
  return view;
}

async function memberByKey(ports: Ports, estateId: string, memberKey: string): Promise<StoredDoc<MemberDoc>> {
  const [member] = await ports.storage.find<MemberDoc>(MEMBERS, { where: { estateId, accountKey: memberKey }, limit: 1 });
  if (!member) throw new AppError('MEMBER_NOT_FOUND');
  return member;
}

/** Order of a building-filtered page: the links of one account are next to each other. */
const LINKS_BY_ACCOUNT: OrderBy = { field: 'openid' };

/** unitId is `${estateId}:${building}-${entrance}-${room}`: a building's units are one string range ('-' < '.'). */
const buildingRange = (estateId: string, building: string) => ({ gte: `${estateId}:${building}-`, lt: `${estateId}:${building}.` });

/**
 * Without a building: a page of members by join date (optionally holding `role`).
 * With a building: a page of the building's active unit links by account; an account whose links straddle
 * two pages was shown on the first, so the next page skips links of the account its cursor ends on. The
 * members come by id (getMany), the role filter then applies to them, so such a page can come out short.
 */
async function memberPage(ports: Ports, input: ListMembersInput): Promise<{ members: MemberDoc[]; next: string | null }> {
  const { estateId, role, building, cursor } = input;
  if (building === undefined) {
    const page = await ports.storage.page<MemberDoc>(MEMBERS, {
      where: { estateId, ...(role ? { roles: role } : {}) },
      orderBy: { field: 'since' },
      limit: MEMBERS_PAGE_SIZE,
      after: cursor ?? null,
    });
    return { members: page.docs.map((d) => d.data), next: page.next };
  }
  const shownAlready = cursor ? decodeCursor(cursor, LINKS_BY_ACCOUNT).value : null;
  const page: Page<UnitLinkDoc> = await ports.storage.page<UnitLinkDoc>(UNIT_LINKS, {
    where: { estateId, active: true, unitId: buildingRange(estateId, building) },
    orderBy: LINKS_BY_ACCOUNT,
    limit: MEMBERS_PAGE_SIZE,
    after: cursor ?? null,
  });
  const openids = [...new Set(page.docs.map((l) => l.data.openid))].filter((o) => o !== shownAlready);
  const docs = await ports.storage.getMany<MemberDoc>(MEMBERS, openids.map((o) => memberId(estateId, o)));
  const members = docs.flatMap((d) => (d && (!role || d.data.roles.includes(role)) ? [d.data] : []));
  return { members, next: page.next };
}

/**
 * One page of the estate's members for staff: at most MEMBERS_PAGE_SIZE members and a fixed number of reads
 * (the page, then one query for the page's active links, then batch gets and one grouped count), never the
 * whole estate. A cursor the port does not accept (forged, or made for other filters) is a field error.
 */
export async function listMembers({ ports }: ActionContext, input: ListMembersInput): Promise<ListMembersOutput> {
  let page: { members: MemberDoc[]; next: string | null };
  try {
    page = await memberPage(ports, input);
  } catch (err) {
    if (err instanceof InvalidCursorError) throw AppError.field('cursor', 'FIELD_INVALID', { label: IDENTITY_LABELS.cursor });
    throw err;
  }
  const openids = page.members.map((m) => m.openid);
  const [links, estate] = await Promise.all([
    openids.length ? ports.storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { estateId: input.estateId, openid: openids, active: true } }) : [],
    ports.storage.get<EstateDoc>(ESTATES, input.estateId),
  ]);
  return { members: await memberViews(ports, page.members, links), next: page.next, buildings: estate?.data.buildings ?? [] };
}

/**
 * Staff grant or revoke a role (never "owner": ownership only comes from verification), never their own.
 * A sensitive role (SENSITIVE_ROLES) is not granted here: it becomes a pending grant that a second authorised
 * person confirms (role-grants.ts). Revokes apply at once, with their reason, and the member is told.
 */
export async function changeRole(ctx: ActionContext, input: ChangeRoleInput): Promise<ChangeRoleOutput> {
  const { ports, caller } = ctx;
  const target = await memberByKey(ports, input.estateId, input.memberKey);
  if (target.data.openid === caller.openid) throw new AppError('OWN_ROLES_UNCHANGEABLE');
  const { role } = input;
  if (input.grant && isSensitiveRole(role)) {
    if (target.data.roles.includes(role)) throw new AppError('ROLE_ALREADY_HELD');
    const pendingGrant = await proposeRoleGrant(ctx, target, { ...input, role: role as RoleGrantDoc['role'] });
    return { member: await memberView(ports, target.data), pendingGrant };
  }
  const updated = await ports.storage.transaction(async (tx) => {
    const fresh = await tx.get<MemberDoc>(MEMBERS, target.id);
    if (!fresh) throw new AppError('NOT_FOUND');
    const has = fresh.data.roles.includes(input.role);
    if (has === input.grant) throw new AppError(input.grant ? 'ROLE_ALREADY_HELD' : 'ROLE_NOT_HELD');
    const at = ports.clock.now().toISOString();
    const roles = input.grant ? [...fresh.data.roles, input.role] : fresh.data.roles.filter((r) => r !== input.role);
    const doc: MemberDoc = {
      ...fresh.data,
      roles,
      history: [...fresh.data.history, { at, by: caller.openid, change: `${input.grant ? 'grant' : 'revoke'} ${input.role}`, reason: input.reason }],
    };
    await tx.update(MEMBERS, target.id, fresh.version, doc);
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: input.grant ? 'member.role_granted' : 'member.role_revoked',
      subject: `${MEMBERS}/${input.memberKey}`,
      data: { role: input.role, reason: input.reason },
    });
    if (!input.grant) {
      await enqueueNotification(tx, ports, {
        kind: 'role_revoked',
        estateId: input.estateId,
        eventKey: `rolerevoke:${target.id}:${input.role}:${at}`,
        recipients: [fresh.data.openid],
        params: { role: ROLE_LABELS[input.role], reason: input.reason },
      });
    }
    return doc;
  });
  return { member: await memberView(ports, updated) };
}

/**
 * Ownership transfer: staff end an account's link to a unit with a reason. The link is kept (inactive) as
 * history; the roster person is released so the new owner's account can verify; a representative seat held
 * by this account is vacated.
 */
export async function revokeOwnership({ ports, caller }: ActionContext, input: RevokeOwnershipInput): Promise<{ member: MemberView }> {
  const target = await memberByKey(ports, input.estateId, input.memberKey);
  if (target.data.openid === caller.openid) throw new AppError('OWN_ROLES_UNCHANGEABLE');
  const linkId = unitLinkId(input.unitId, target.data.openid);
  // The owner role stays while another unit is still linked. Transactions cannot run queries (CloudBase), so
  // this is read before; a unit linked in between keeps its own link and the role can be re-granted by staff.
  const otherUnits = (await ports.storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { estateId: input.estateId, openid: target.data.openid, active: true } })).filter(
    (l) => l.id !== linkId,
  );
  const updated = await ports.storage.transaction(async (tx) => {
    const link = await tx.get<UnitLinkDoc>(UNIT_LINKS, linkId);
    if (!link || !link.data.active || link.data.estateId !== input.estateId) throw new AppError('MEMBER_NOT_LINKED_TO_UNIT');
    const at = ports.clock.now().toISOString();
    await tx.update(UNIT_LINKS, linkId, link.version, { ...link.data, active: false, revokedAt: at, revokeReason: input.reason });
    const rep = await tx.get<RepresentativeDoc>(REPRESENTATIVES, input.unitId);
    if (rep?.data.openid === target.data.openid) {
      await tx.update(REPRESENTATIVES, input.unitId, rep.version, { ...rep.data, openid: null, since: at, reason: input.reason });
    }
    if (link.data.personKey) {
      const plId = personLinkId(input.estateId, link.data.personKey);
      const pl = await tx.get<PersonLinkDoc>(PERSON_LINKS, plId);
      if (pl?.data.openid === target.data.openid) await tx.update(PERSON_LINKS, plId, pl.version, { ...pl.data, openid: null });
    }
    const fresh = (await tx.get<MemberDoc>(MEMBERS, target.id))!;
    const roles = otherUnits.length ? fresh.data.roles : fresh.data.roles.filter((r) => r !== 'owner');
    const doc: MemberDoc = {
      ...fresh.data,
      roles,
      history: [...fresh.data.history, { at, by: caller.openid, change: `ownership of ${input.unitId} revoked`, reason: input.reason }],
    };
    await tx.update(MEMBERS, target.id, fresh.version, doc);
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: 'identity.ownership_revoked',
      subject: `${UNIT_LINKS}/${input.unitId}`,
      data: { memberKey: input.memberKey, reason: input.reason, wasRepresentative: rep?.data.openid === target.data.openid },
    });
    return doc;
  });
  return { member: await memberView(ports, updated) };
}
