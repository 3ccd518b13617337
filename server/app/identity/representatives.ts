import type {
  ProposeRepresentativeInput,
  StaffDecideRepresentativeInput,
  UnitOnlyInput,
  UnitOwnersOutput,
} from '../../../types/identity';
import { AppError } from '../../core/errors';
import { allows } from '../../core/identity/permissions';
import { confirmProposal, newProposal } from '../../core/identity/representatives';
import type { Caller, Ports, StoredDoc, TxStore } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { enqueueNotification } from '../notifications/outbox';
import { activeLinksOfUnit, createOrRetry } from './accounts';
import {
  MEMBERS,
  memberId,
  REP_PROPOSALS,
  REPRESENTATIVES,
  UNITS,
  type MemberDoc,
  type ProposalDoc,
  type RepresentativeDoc,
  type UnitDoc,
} from './records';

/** Co-owners of the unit (active links) and the caller's standing: an owner of the unit, or staff. */
async function unitContext(ports: Ports, caller: Caller, estateId: string, unitId: string) {
  const member = await ports.storage.get<MemberDoc>(MEMBERS, memberId(estateId, caller.openid));
  if (!member) throw new AppError('NOT_A_MEMBER');
  const unit = await ports.storage.get<UnitDoc>(UNITS, unitId);
  if (!unit || unit.data.estateId !== estateId) throw new AppError('NOT_FOUND');
  const links = await activeLinksOfUnit(ports.storage, unitId);
  const isOwner = links.some((l) => l.data.openid === caller.openid);
  const isStaff = allows(member.data.roles, 'identity.manageMembers');
  if (!isOwner && !isStaff) throw new AppError('UNIT_OWNERS_ONLY');
  return { unit: unit.data, links, isOwner };
}

async function ownersView(ports: Ports, caller: Caller, estateId: string, unitId: string): Promise<UnitOwnersOutput> {
  const { storage } = ports;
  const { unit, links } = await unitContext(ports, caller, estateId, unitId);
  const [rep, proposal] = await Promise.all([
    storage.get<RepresentativeDoc>(REPRESENTATIVES, unitId),
    storage.get<ProposalDoc>(REP_PROPOSALS, unitId),
  ]);
  const members = await storage.getMany<MemberDoc>(MEMBERS, links.map((l) => memberId(estateId, l.data.openid)));
  const nameOf = new Map(links.map((l, i) => [l.data.openid, members[i]?.data.displayName ?? '业主']));
  const pending = proposal?.data.status === 'pending' ? proposal.data : null;
  // the representative first, then in the order they verified
  const ordered = [...links].sort((a, b) => Number(rep?.data.openid === b.data.openid) - Number(rep?.data.openid === a.data.openid));
  return {
    unitLabel: unit.label,
    owners: ordered.map((l) => ({
      memberKey: l.data.accountKey,
      displayName: nameOf.get(l.data.openid)!,
      isRepresentative: rep?.data.openid === l.data.openid,
      isMe: l.data.openid === caller.openid,
    })),
    proposal: pending
      ? {
          proposedName: nameOf.get(pending.proposedOpenid) ?? '业主',
          confirmationsNeeded: pending.needed.map((o) => nameOf.get(o) ?? '业主'),
          confirmedBy: pending.confirmed.map((o) => nameOf.get(o) ?? '业主'),
          mine: pending.needed.includes(caller.openid) && !pending.confirmed.includes(caller.openid),
          byMe: pending.proposedBy === caller.openid,
        }
      : null,
  };
}

export const unitOwners = ({ ports, caller }: ActionContext, input: UnitOnlyInput) => ownersView(ports, caller, input.estateId, input.unitId);

/** Masked display names of co-owners, for notification params (read before the transaction). */
async function displayNames(ports: Ports, estateId: string, openids: string[]): Promise<Map<string, string>> {
  const members = await ports.storage.getMany<MemberDoc>(MEMBERS, openids.map((o) => memberId(estateId, o)));
  return new Map(openids.map((o, i) => [o, members[i]?.data.displayName ?? '业主']));
}

/** The unit's one representative document is replaced under its version: concurrent changes conflict and retry. */
async function setRepresentative(tx: TxStore, doc: RepresentativeDoc) {
  const current = await tx.get<RepresentativeDoc>(REPRESENTATIVES, doc.unitId);
  if (current) await tx.update(REPRESENTATIVES, doc.unitId, current.version, doc);
  else await createOrRetry(tx, REPRESENTATIVES, doc.unitId, doc);
}

/** A co-owner proposes who should cast the unit's ballot; every other verified co-owner must confirm. */
export async function proposeRepresentative({ ports, caller }: ActionContext, input: ProposeRepresentativeInput): Promise<UnitOwnersOutput> {
  const { unit, links, isOwner } = await unitContext(ports, caller, input.estateId, input.unitId);
  if (!isOwner) throw new AppError('CO_OWNERS_ONLY');
  const target = links.find((l) => l.data.accountKey === input.memberKey);
  if (!target) throw new AppError('NOT_A_VERIFIED_CO_OWNER');
  const names = await displayNames(ports, input.estateId, [target.data.openid]);
  await ports.storage.transaction(async (tx) => {
    const rep = await tx.get<RepresentativeDoc>(REPRESENTATIVES, input.unitId);
    if (rep?.data.openid === target.data.openid) throw new AppError('ALREADY_REPRESENTATIVE');
    const at = ports.clock.now().toISOString();
    const p = newProposal(caller.openid, target.data.openid, links.map((l) => l.data.openid));
    const complete = p.needed.length === 0;
    const doc: ProposalDoc = { estateId: input.estateId, unitId: input.unitId, status: complete ? 'applied' : 'pending', ...p, createdAt: at };
    const existing = await tx.get<ProposalDoc>(REP_PROPOSALS, input.unitId);
    if (existing) await tx.update(REP_PROPOSALS, input.unitId, existing.version, doc);
    else await createOrRetry(tx, REP_PROPOSALS, input.unitId, doc);
    if (complete) {
      await setRepresentative(tx, { estateId: input.estateId, unitId: input.unitId, openid: target.data.openid, method: 'co_owner_agreement', since: at });
    }
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: complete ? 'representative.changed' : 'representative.proposed',
      subject: `${REPRESENTATIVES}/${input.unitId}`,
      data: { proposed: target.data.accountKey, needed: p.needed.length },
    });
    if (!complete) {
      await enqueueNotification(tx, ports, {
        kind: 'representative_proposed',
        estateId: input.estateId,
        eventKey: `proposal:${input.unitId}:${at}`,
        recipients: p.needed,
        params: { unit: unit.label, proposed: names.get(target.data.openid)! },
      });
    }
  });
  return ownersView(ports, caller, input.estateId, input.unitId);
}

export async function confirmRepresentative({ ports, caller }: ActionContext, input: UnitOnlyInput): Promise<UnitOwnersOutput> {
  const { unit, links, isOwner } = await unitContext(ports, caller, input.estateId, input.unitId);
  if (!isOwner) throw new AppError('CO_OWNERS_ONLY');
  const names = await displayNames(ports, input.estateId, links.map((l) => l.data.openid));
  await ports.storage.transaction(async (tx) => {
    const proposal = await pendingProposal(tx, input.unitId);
    const outcome = confirmProposal(proposal.data, caller.openid);
    if (!outcome.ok) throw new AppError(outcome.reason === 'already_confirmed' ? 'ALREADY_CONFIRMED' : 'CONFIRMATION_NOT_NEEDED');
    const at = ports.clock.now().toISOString();
    await tx.update(REP_PROPOSALS, input.unitId, proposal.version, { ...proposal.data, ...outcome.proposal, status: outcome.complete ? 'applied' : 'pending' });
    if (outcome.complete) {
      await setRepresentative(tx, {
        estateId: input.estateId,
        unitId: input.unitId,
        openid: proposal.data.proposedOpenid,
        method: 'co_owner_agreement',
        since: at,
      });
    }
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: outcome.complete ? 'representative.changed' : 'representative.confirmed',
      subject: `${REPRESENTATIVES}/${input.unitId}`,
      data: { confirmations: outcome.proposal.confirmed.length, needed: outcome.proposal.needed.length },
    });
    if (outcome.complete) {
      // the decision goes to the applicant (who proposed) and to the new representative; the last confirmer knows
      await enqueueNotification(tx, ports, {
        kind: 'representative_confirmed',
        estateId: input.estateId,
        eventKey: `proposal:${input.unitId}:${proposal.data.createdAt}:applied`,
        recipients: [proposal.data.proposedBy, proposal.data.proposedOpenid].filter((o) => o !== caller.openid),
        params: { unit: unit.label, representative: names.get(proposal.data.proposedOpenid) ?? '业主' },
      });
    }
  });
  return ownersView(ports, caller, input.estateId, input.unitId);
}

/** The unit's proposal still waiting for confirmations, or NO_PENDING_PROPOSAL. */
async function pendingProposal(tx: TxStore, unitId: string): Promise<StoredDoc<ProposalDoc>> {
  const proposal = await tx.get<ProposalDoc>(REP_PROPOSALS, unitId);
  if (!proposal || proposal.data.status !== 'pending') throw new AppError('NO_PENDING_PROPOSAL');
  return proposal;
}

/** Close a pending proposal as declined or withdrawn (the representative stays) and audit it. */
async function endProposal(
  tx: TxStore,
  ports: Ports,
  actor: string,
  input: UnitOnlyInput,
  proposal: StoredDoc<ProposalDoc>,
  status: 'declined' | 'withdrawn',
): Promise<void> {
  await tx.update(REP_PROPOSALS, input.unitId, proposal.version, { ...proposal.data, status, endedAt: ports.clock.now().toISOString() });
  await appendAudit(tx, ports, {
    estateId: input.estateId,
    actor,
    action: `representative.${status}`,
    subject: `${REPRESENTATIVES}/${input.unitId}`,
    data: { confirmations: proposal.data.confirmed.length, needed: proposal.data.needed.length },
  });
}

/**
 * A co-owner whose confirmation is needed says no: the proposal ends ('declined'), the representative stays,
 * and the proposer is told. Co-owners who disagree can then ask staff to decide (decideRepresentative).
 */
export async function declineRepresentative({ ports, caller }: ActionContext, input: UnitOnlyInput): Promise<UnitOwnersOutput> {
  const { unit, links, isOwner } = await unitContext(ports, caller, input.estateId, input.unitId);
  if (!isOwner) throw new AppError('CO_OWNERS_ONLY');
  const names = await displayNames(ports, input.estateId, links.map((l) => l.data.openid));
  await ports.storage.transaction(async (tx) => {
    const proposal = await pendingProposal(tx, input.unitId);
    if (!proposal.data.needed.includes(caller.openid)) throw new AppError('CONFIRMATION_NOT_NEEDED');
    if (proposal.data.confirmed.includes(caller.openid)) throw new AppError('ALREADY_CONFIRMED');
    await endProposal(tx, ports, caller.openid, input, proposal, 'declined');
    await enqueueNotification(tx, ports, {
      kind: 'representative_declined',
      estateId: input.estateId,
      eventKey: `proposal:${input.unitId}:${proposal.data.createdAt}:declined`,
      recipients: [proposal.data.proposedBy],
      params: { unit: unit.label, proposed: names.get(proposal.data.proposedOpenid) ?? '业主' },
    });
  });
  return ownersView(ports, caller, input.estateId, input.unitId);
}

/** The proposer takes a pending proposal back ('withdrawn'); nothing else changes. */
export async function withdrawRepresentative({ ports, caller }: ActionContext, input: UnitOnlyInput): Promise<UnitOwnersOutput> {
  const { unit, links, isOwner } = await unitContext(ports, caller, input.estateId, input.unitId);
  if (!isOwner) throw new AppError('CO_OWNERS_ONLY');
  const names = await displayNames(ports, input.estateId, links.map((l) => l.data.openid));
  await ports.storage.transaction(async (tx) => {
    const proposal = await pendingProposal(tx, input.unitId);
    if (proposal.data.proposedBy !== caller.openid) throw new AppError('NOT_PROPOSER');
    await endProposal(tx, ports, caller.openid, input, proposal, 'withdrawn');
    // the co-owners asked to confirm are told they no longer need to
    const recipients = proposal.data.needed.filter((o) => o !== caller.openid);
    if (recipients.length) {
      await enqueueNotification(tx, ports, {
        kind: 'representative_withdrawn',
        estateId: input.estateId,
        eventKey: `proposal:${input.unitId}:${proposal.data.createdAt}:withdrawn`,
        recipients,
        params: { unit: unit.label, proposed: names.get(proposal.data.proposedOpenid) ?? '业主' },
      });
    }
  });
  return ownersView(ports, caller, input.estateId, input.unitId);
}

/** Staff decide the representative when co-owners cannot agree; any pending proposal is superseded. */
export async function decideRepresentative({ ports, caller }: ActionContext, input: StaffDecideRepresentativeInput): Promise<UnitOwnersOutput> {
  const links = await activeLinksOfUnit(ports.storage, input.unitId);
  // staff linked to the unit themselves (as an owner) leave the decision to another staff member
  if (links.some((l) => l.data.openid === caller.openid)) throw new AppError('OWN_UNIT_DECISION');
  const target = links.find((l) => l.data.accountKey === input.memberKey && l.data.estateId === input.estateId);
  if (!target) throw new AppError('NOT_A_VERIFIED_CO_OWNER');
  const unit = await ports.storage.get<UnitDoc>(UNITS, input.unitId);
  const names = await displayNames(ports, input.estateId, [target.data.openid]);
  await ports.storage.transaction(async (tx) => {
    const at = ports.clock.now().toISOString();
    await setRepresentative(tx, {
      estateId: input.estateId,
      unitId: input.unitId,
      openid: target.data.openid,
      method: 'staff_decision',
      since: at,
      reason: input.reason,
    });
    const proposal = await tx.get<ProposalDoc>(REP_PROPOSALS, input.unitId);
    if (proposal?.data.status === 'pending') await tx.update(REP_PROPOSALS, input.unitId, proposal.version, { ...proposal.data, status: 'superseded' });
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: 'representative.decided_by_staff',
      subject: `${REPRESENTATIVES}/${input.unitId}`,
      data: { representative: target.data.accountKey, reason: input.reason },
    });
    await enqueueNotification(tx, ports, {
      kind: 'representative_decided',
      estateId: input.estateId,
      eventKey: `representative:${input.unitId}:${at}`,
      recipients: links.map((l) => l.data.openid),
      params: { unit: unit?.data.label ?? '', representative: names.get(target.data.openid)!, reason: input.reason },
    });
  });
  return ownersView(ports, caller, input.estateId, input.unitId);
}
