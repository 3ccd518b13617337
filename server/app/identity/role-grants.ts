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
import type { Ports, Storage, StoredDoc, TxStore } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { enqueueNotification, estateStaff } from '../notifications/outbox';
import { rolesFor } from '../../../types/permissions';
import { createOrRetry, grantRoles } from './accounts';
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
  /**
   * 'invitation': the member redeemed an administrator's invitation code for the role (redeemInvitation in
   * server/app/admin/invitations.ts); proposedBy is then the administrator's audit pseudonym, not an openid, and
   * the member may not be in the estate yet (the confirmation adds them).
   */
  via?: 'invitation';
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

/**
 * Everyone who may confirm a grant: the estate's members holding a role with identity.confirmRoleGrant
 * (types/permissions.ts: community staff and sub-district staff), read before the transaction.
 */
export async function roleConfirmers(storage: Storage, estateId: string): Promise<string[]> {
  const lists = await Promise.all(
    rolesFor('identity.confirmRoleGrant').map((role) =>
      role === 'community_staff' ? estateStaff(storage, estateId) : storage.find<MemberDoc>(MEMBERS, { where: { estateId, roles: role }, limit: 500 }).then((ms) => ms.map((m) => m.data.openid)),
    ),
  );
  return [...new Set(lists.flat())];
}

export interface PendingGrant {
  estateId: string;
  memberOpenid: string;
  memberKey: string;
  memberName: string;
  role: RoleGrantDoc['role'];
  reason: string;
  proposedBy: string;
  proposedByName: string;
  via?: 'invitation';
  /** who is told (the confirmers, minus the proposer and the member) */
  recipients: readonly string[];
  /** the audit actor: the proposer, or the member who redeemed an invitation */
  actor: string;
}

/**
 * Inside a transaction: record the pending grant (or return the one already pending), audit it and tell the
 * people who can confirm it. Used by changeRole (a staff member proposes) and by redeemInvitation.
 */
export async function recordPendingGrant(tx: TxStore, ports: Pick<Ports, 'clock' | 'crypto'>, p: PendingGrant): Promise<{ id: string; doc: RoleGrantDoc }> {
  const id = roleGrantId(p.estateId, p.memberKey, p.role);
  const now = ports.clock.now();
  const existing = await tx.get<RoleGrantDoc>(ROLE_GRANTS, id);
  if (existing && existing.data.status === 'pending' && !expired(existing.data, now)) return { id, doc: existing.data };
  const at = now.toISOString();
  const fresh: RoleGrantDoc = {
    estateId: p.estateId,
    memberOpenid: p.memberOpenid,
    memberKey: p.memberKey,
    memberName: p.memberName,
    role: p.role,
    reason: p.reason,
    proposedBy: p.proposedBy,
    proposedByName: p.proposedByName,
    status: 'pending',
    createdAt: at,
    expiresAt: new Date(now.getTime() + TTL_MS).toISOString(),
    ...(p.via ? { via: p.via } : {}),
  };
  if (existing) await tx.update(ROLE_GRANTS, id, existing.version, fresh);
  else await createOrRetry(tx, ROLE_GRANTS, id, fresh);
  await appendAudit(tx, ports, {
    estateId: p.estateId,
    actor: p.actor,
    action: 'member.role_grant_proposed',
    subject: `${MEMBERS}/${p.memberKey}`,
    data: { role: p.role, reason: p.reason, grantId: id, ...(p.via ? { via: p.via } : {}) },
  });
  const recipients = p.recipients.filter((o) => o !== p.proposedBy && o !== p.memberOpenid);
  const eventKey = `rolegrant:${id}:${at}`;
  if (p.via === 'invitation') {
    await enqueueNotification(tx, ports, { kind: 'invited_role_pending', estateId: p.estateId, eventKey, recipients, params: { role: ROLE_LABELS[p.role], member: p.memberName } });
  } else {
    await enqueueNotification(tx, ports, { kind: 'role_grant_pending', estateId: p.estateId, eventKey, recipients, params: { role: ROLE_LABELS[p.role], member: p.memberName, reason: p.reason } });
  }
  return { id, doc: fresh };
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
  const recipients = await roleConfirmers(ports.storage, input.estateId);
  const { id, doc } = await ports.storage.transaction((tx) =>
    recordPendingGrant(tx, ports, {
      estateId: input.estateId,
      memberOpenid: target.data.openid,
      memberKey: input.memberKey,
      memberName: target.data.displayName,
      role: input.role,
      reason: input.reason,
      proposedBy: caller.openid,
      proposedByName: member?.displayName ?? '',
      recipients,
      actor: caller.openid,
    }),
  );
  return grantView(id, doc, caller.openid, ports.clock.now());
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
      const change = `grant ${g.role} (${g.via === 'invitation' ? 'invitation' : 'proposed by'} ${g.proposedBy}, confirmed)`;
      if (!m && g.via !== 'invitation') throw new AppError('MEMBER_NOT_FOUND');
      if (m?.data.roles.includes(g.role)) throw new AppError('ROLE_ALREADY_HELD');
      // an invited member joins the estate with the confirmation (grantRoles creates them when missing)
      await grantRoles(tx, ports.crypto, at, { estateId: g.estateId, openid: g.memberOpenid, displayName: m?.data.displayName || g.memberName, roles: [g.role], by: caller.openid, change, reason: g.reason });
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
        // an invitation's proposer is the administrator's pseudonym, not an account
        recipients: g.via === 'invitation' ? [g.memberOpenid] : [g.memberOpenid, g.proposedBy],
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
      if (status === 'rejected' && g.via === 'invitation') {
        await enqueueNotification(tx, ports, {
          kind: 'invited_role_rejected',
          estateId: g.estateId,
          eventKey: `rolegrant:${input.grantId}:${g.createdAt}:decided`,
          recipients: [g.memberOpenid],
          params: { role: roleLabel, reason: input.reason ?? '' },
        });
      } else if (status === 'rejected') {
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
