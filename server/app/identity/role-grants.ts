import type { Role } from '../../../types/common';
import { ROLE_LABELS } from '../../../types/common';
import {
  ROLE_GRANT_TTL_DAYS,
  type ChangeRoleInput,
  type DecideRoleGrantInput,
  type EstateOnlyInput,
  type ListRoleGrantsOutput,
  type RoleGrantStatus,
  type RoleGrantView,
  type SENSITIVE_ROLES,
} from '../../../types/identity';
import { AppError } from '../../core/errors';
import type { Ports, StoredDoc } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { enqueueNotification, estateStaff } from '../notifications/outbox';
import { createOrRetry } from './accounts';
import { MEMBERS, memberId, type MemberDoc } from './records';

/**
 * Grants of sensitive roles (SENSITIVE_ROLES in types/identity.ts) wait here for a second authorised person:
 * another community staff member of the estate (not the proposer, not the member) or sub-district staff.
 * One document per estate + member + role: proposing the same grant again while it is pending returns it; after
 * a decision or expiry the same document is reused for the next proposal (the audit log keeps every round).
 */
export const ROLE_GRANTS = 'role_grants';
export interface RoleGrantDoc extends Record<string, unknown> {
  estateId: string;
  memberOpenid: string;
  memberKey: string;
  memberName: string; // masked
  role: (typeof SENSITIVE_ROLES)[number];
  reason: string;
  proposedBy: string;
  proposedByName: string; // masked
  status: Exclude<RoleGrantStatus, 'expired'>;
  createdAt: string;
  expiresAt: string;
  decidedBy?: string;
  decidedAt?: string;
  decisionReason?: string;
}

export const roleGrantId = (estateId: string, memberKey: string, role: Role) => `${estateId}:${memberKey}:${role}`;
const TTL_MS = ROLE_GRANT_TTL_DAYS * 24 * 3600_000;
const expired = (g: RoleGrantDoc, now: Date) => g.status === 'pending' && Date.parse(g.expiresAt) <= now.getTime();

function grantView(id: string, g: RoleGrantDoc, caller: string, now: Date): RoleGrantView {
  return {
    grantId: id,
    memberKey: g.memberKey,
    memberName: g.memberName,
    role: g.role,
    reason: g.reason,
    proposedByName: g.proposedByName,
    status: expired(g, now) ? 'expired' : g.status,
    createdAt: g.createdAt,
    expiresAt: g.expiresAt,
    mine: g.proposedBy === caller,
    canDecide: g.proposedBy !== caller && g.memberOpenid !== caller,
  };
}

/** Everyone who may confirm: the estate's community staff and sub-district staff (read before the transaction). */
async function confirmers(ports: Ports, estateId: string): Promise<string[]> {
  const [staff, subdistrict] = await Promise.all([
    estateStaff(ports.storage, estateId),
    ports.storage.find<MemberDoc>(MEMBERS, { where: { estateId, roles: 'subdistrict_staff' }, limit: 500 }),
  ]);
  return [...staff, ...subdistrict.map((m) => m.data.openid)];
}

/**
 * changeRole for a sensitive role: record (or return) the pending grant, audit it and tell the people who can
 * confirm it. The member's roles do not change here.
 */
export async function proposeRoleGrant(
  { ports, caller, member }: ActionContext,
  target: StoredDoc<MemberDoc>,
  input: ChangeRoleInput & { role: RoleGrantDoc['role'] },
): Promise<RoleGrantView> {
  const id = roleGrantId(input.estateId, input.memberKey, input.role);
  const recipients = (await confirmers(ports, input.estateId)).filter((o) => o !== caller.openid && o !== target.data.openid);
  const now = ports.clock.now();
  const doc = await ports.storage.transaction(async (tx) => {
    const existing = await tx.get<RoleGrantDoc>(ROLE_GRANTS, id);
    if (existing && existing.data.status === 'pending' && !expired(existing.data, now)) return existing.data;
    const at = now.toISOString();
    const fresh: RoleGrantDoc = {
      estateId: input.estateId,
      memberOpenid: target.data.openid,
      memberKey: input.memberKey,
      memberName: target.data.displayName,
      role: input.role,
      reason: input.reason,
      proposedBy: caller.openid,
      proposedByName: member?.displayName ?? '',
      status: 'pending',
      createdAt: at,
      expiresAt: new Date(now.getTime() + TTL_MS).toISOString(),
    };
    if (existing) await tx.update(ROLE_GRANTS, id, existing.version, fresh);
    else await createOrRetry(tx, ROLE_GRANTS, id, fresh);
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: 'member.role_grant_proposed',
      subject: `${MEMBERS}/${input.memberKey}`,
      data: { role: input.role, reason: input.reason, grantId: id },
    });
    await enqueueNotification(tx, ports, {
      kind: 'role_grant_pending',
      estateId: input.estateId,
      eventKey: `rolegrant:${id}:${at}`,
      recipients,
      params: { role: ROLE_LABELS[input.role], member: target.data.displayName, reason: input.reason },
    });
    return fresh;
  });
  return grantView(id, doc, caller.openid, now);
}

/** Pending, unexpired grants of the estate, oldest first, for staff and the sub-district. */
export async function listRoleGrants({ ports, caller }: ActionContext, input: EstateOnlyInput): Promise<ListRoleGrantsOutput> {
  const now = ports.clock.now();
  const docs = await ports.storage.find<RoleGrantDoc>(ROLE_GRANTS, { where: { estateId: input.estateId, status: 'pending' }, orderBy: { field: 'createdAt' }, limit: 200 });
  return { grants: docs.filter((d) => !expired(d.data, now)).map((d) => grantView(d.id, d.data, caller.openid, now)) };
}

/**
 * Confirm or reject (a second authorised person: neither the proposer nor the member), or withdraw (the
 * proposer). A confirmation applies the role in the same transaction; every outcome is audited with its reason.
 */
export async function decideRoleGrant({ ports, caller }: ActionContext, input: DecideRoleGrantInput): Promise<{ grant: RoleGrantView }> {
  if (input.decision === 'reject' && !input.reason) throw AppError.field('reason', 'REJECT_REASON_REQUIRED');
  const now = ports.clock.now();
  const doc = await ports.storage.transaction(async (tx) => {
    const grant = await tx.get<RoleGrantDoc>(ROLE_GRANTS, input.grantId);
    if (!grant || grant.data.estateId !== input.estateId) throw new AppError('ROLE_GRANT_NOT_FOUND');
    const g = grant.data;
    if (g.status !== 'pending') throw new AppError('ROLE_GRANT_NOT_PENDING');
    if (expired(g, now)) throw new AppError('ROLE_GRANT_EXPIRED', { days: ROLE_GRANT_TTL_DAYS });
    if (input.decision === 'withdraw' && g.proposedBy !== caller.openid) throw new AppError('ROLE_GRANT_PROPOSER_ONLY');
    if (input.decision !== 'withdraw' && (g.proposedBy === caller.openid || g.memberOpenid === caller.openid)) throw new AppError('ROLE_GRANT_SECOND_PERSON');
    const at = now.toISOString();
    const status = input.decision === 'confirm' ? 'confirmed' : input.decision === 'reject' ? 'rejected' : 'withdrawn';
    const decided: RoleGrantDoc = { ...g, status, decidedBy: caller.openid, decidedAt: at, ...(input.reason ? { decisionReason: input.reason } : {}) };
    await tx.update(ROLE_GRANTS, input.grantId, grant.version, decided);
    const roleLabel = ROLE_LABELS[g.role];
    const subject = `${MEMBERS}/${g.memberKey}`;
    if (status === 'confirmed') {
      const mId = memberId(g.estateId, g.memberOpenid);
      const m = await tx.get<MemberDoc>(MEMBERS, mId);
      if (!m) throw new AppError('MEMBER_NOT_FOUND');
      if (m.data.roles.includes(g.role)) throw new AppError('ROLE_ALREADY_HELD');
      await tx.update(MEMBERS, mId, m.version, {
        ...m.data,
        roles: [...m.data.roles, g.role],
        history: [...m.data.history, { at, by: caller.openid, change: `grant ${g.role} (proposed by ${g.proposedBy}, confirmed)`, reason: g.reason }],
      });
      await appendAudit(tx, ports, {
        estateId: g.estateId,
        actor: caller.openid,
        action: 'member.role_granted',
        subject,
        data: { role: g.role, reason: g.reason, grantId: input.grantId, confirmation: input.reason ?? null },
      });
      await enqueueNotification(tx, ports, {
        kind: 'role_granted',
        estateId: g.estateId,
        eventKey: `rolegrant:${input.grantId}:${g.createdAt}:decided`,
        recipients: [g.memberOpenid, g.proposedBy],
        params: { role: roleLabel, member: g.memberName },
      });
    } else {
      await appendAudit(tx, ports, {
        estateId: g.estateId,
        actor: caller.openid,
        action: status === 'rejected' ? 'member.role_grant_rejected' : 'member.role_grant_withdrawn',
        subject,
        data: { role: g.role, reason: input.reason ?? null, grantId: input.grantId },
      });
      if (status === 'rejected') {
        await enqueueNotification(tx, ports, {
          kind: 'role_grant_rejected',
          estateId: g.estateId,
          eventKey: `rolegrant:${input.grantId}:${g.createdAt}:decided`,
          recipients: [g.proposedBy],
          params: { role: roleLabel, member: g.memberName, reason: input.reason ?? '' },
        });
      }
    }
    return decided;
  });
  return { grant: grantView(input.grantId, doc, caller.openid, now) };
}
