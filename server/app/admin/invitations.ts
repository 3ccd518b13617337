import {
  INVITATION_ALPHABET,
  INVITATION_CODE_LENGTH,
  INVITATION_TTL_DAYS,
  INVITE_PAGE,
  type admin,
  type InvitationStatus,
  type InvitationView,
  type IssueInvitationOutput,
  type ListInvitationsOutput,
  type RedeemInvitationOutput,
} from '../../../types/admin';
import { ROLE_LABELS } from '../../../types/common';
import { AppError } from '../../core/errors';
import { maskName } from '../../core/identity/masking';
import type { Crypto, StoredDoc } from '../../ports';
import type { Handler } from '../action';
import { appendAudit, auditActor } from '../audit/log';
import { isSensitiveRole } from '../../../types/identity';
import { allows } from '../../../types/permissions';
import { enqueueNotification, estateStaff } from '../notifications/outbox';
import { accountKeyOf, grantRoles, loadEstate } from '../identity/accounts';
import { recordPendingGrant, roleConfirmers, type RoleGrantDoc } from '../identity/role-grants';
import { ESTATES, MEMBERS, memberId, type EstateDoc, type MemberDoc } from '../identity/records';
import { INVITATIONS, type InvitationDoc } from './records';

type Actions = (typeof admin)['actions'];

/**
 * Invitation codes: 12 characters from a 31-letter alphabet (≈59 bits) drawn from the platform's cryptographic
 * source. The database keeps only `iv_` + a keyed hash of the code as the document id, so a copy of the database
 * (without the hash key) gives no usable code, and redeeming looks the code up by id inside one transaction.
 */
export function newInvitationCode(crypto: Pick<Crypto, 'randomInt'>): string {
  let code = '';
  for (let i = 0; i < INVITATION_CODE_LENGTH; i++) code += INVITATION_ALPHABET[crypto.randomInt(INVITATION_ALPHABET.length)];
  return code;
}
export const invitationIdOf = (crypto: Pick<Crypto, 'keyedHash'>, code: string) => `iv_${crypto.keyedHash('invitation-code', code).slice(0, 40)}`;
/** ABCDEFGHJKMN → ABCD-EFGH-JKMN (how the code is shown; dashes are ignored when typed) */
export const groupCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');
export const invitePath = (code: string) => `${INVITE_PAGE}?code=${code}`;

export function invitationStatus(doc: InvitationDoc, now: Date): InvitationStatus {
  if (doc.state !== 'open') return doc.state;
  return Date.parse(doc.expiresAt) <= now.getTime() ? 'expired' : 'open';
}

function invitationView(d: StoredDoc<InvitationDoc>, now: Date): InvitationView {
  return {
    invitationId: d.id,
    estateId: d.data.estateId,
    role: d.data.role,
    inviteeMasked: d.data.inviteeMasked,
    status: invitationStatus(d.data, now),
    createdAt: d.data.createdAt,
    expiresAt: d.data.expiresAt,
    usedAt: d.data.usedAt ?? null,
    revokedAt: d.data.revokedAt ?? null,
  };
}

export const INVITATIONS_LIST_MAX = 200;

async function listFor(ports: Parameters<Handler<Actions['listInvitations']>>[0]['ports'], estateId: string): Promise<ListInvitationsOutput> {
  const docs = await ports.storage.find<InvitationDoc>(INVITATIONS, { where: { estateId }, orderBy: { field: 'createdAt', direction: 'desc' }, limit: INVITATIONS_LIST_MAX });
  const now = ports.clock.now();
  return { invitations: docs.map((d) => invitationView(d, now)) };
}

export const issueInvitation: Handler<Actions['issueInvitation']> = async ({ ports, caller }, input): Promise<IssueInvitationOutput> => {
  const { crypto, clock } = ports;
  await loadEstate(ports.storage, input.estateId);
  const code = newInvitationCode(crypto);
  const id = invitationIdOf(crypto, code);
  const now = clock.now();
  const doc: InvitationDoc = {
    estateId: input.estateId,
    role: input.role,
    inviteeMasked: maskName(input.inviteeName),
    state: 'open',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000).toISOString(),
    issuedBy: auditActor(crypto, input.estateId, caller.openid),
  };
  await ports.storage.transaction(async (tx) => {
    if (!(await tx.get(ESTATES, input.estateId))) throw new AppError('ESTATE_NOT_FOUND');
    await tx.create(INVITATIONS, id, doc);
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: 'invitation.issued',
      subject: `${INVITATIONS}/${id}`,
      data: { role: doc.role, invitee: doc.inviteeMasked, expiresAt: doc.expiresAt },
    });
  });
  return { invitation: invitationView({ id, version: 1, data: doc } as StoredDoc<InvitationDoc>, now), code: groupCode(code), path: invitePath(code) };
};

export const listInvitations: Handler<Actions['listInvitations']> = async ({ ports }, input) => {
  await loadEstate(ports.storage, input.estateId);
  return listFor(ports, input.estateId);
};

export const revokeInvitation: Handler<Actions['revokeInvitation']> = async ({ ports, caller }, input) => {
  const at = ports.clock.now().toISOString();
  await ports.storage.transaction(async (tx) => {
    const inv = await tx.get<InvitationDoc>(INVITATIONS, input.invitationId);
    if (!inv || inv.data.estateId !== input.estateId) throw new AppError('NOT_FOUND');
    if (inv.data.state === 'used') throw new AppError('INVITATION_USED');
    if (inv.data.state === 'revoked') throw new AppError('INVITATION_REVOKED');
    await tx.update<InvitationDoc>(INVITATIONS, input.invitationId, inv.version, { ...inv.data, state: 'revoked', revokedAt: at });
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: 'invitation.revoked',
      subject: `${INVITATIONS}/${input.invitationId}`,
      data: { role: inv.data.role },
    });
  });
  return listFor(ports, input.estateId);
};

/** The estate document with the bootstrap marker (set when an invitation for a sensitive role stood alone). */
type BootstrapEstateDoc = EstateDoc & { bootstrapGrant?: { openid: string; role: string; at: string } };

/**
 * Redeem a code: the caller (from the platform, never the payload) gets the invitation's role in its estate, once.
 * Checked and spent in one transaction, so two people racing with one code give exactly one member.
 * A role the caller already holds is refused without spending the code.
 *
 * Sensitive roles (SENSITIVE_ROLES: 居委会, 街道, 党支部书记) follow the second-person rule:
 * - while the estate has nobody (other than the redeemer) who may confirm grants (identity.confirmRoleGrant),
 *   the invitation stands: the administrator named by configuration issued it and the redeemer is the second
 *   person (bootstrap). The estate document records who was let in that way, so a second bootstrap redemption
 *   racing with it is serialised on the estate document and becomes a pending grant instead;
 * - otherwise the code is spent and a pending role grant is recorded (role_grants, via 'invitation'): another
 *   authorised person, never the redeemer, confirms it on 成员与角色; the confirmers are told through the outbox.
 * Staff of the estate are told when someone joins as staff through a code.
 */
export const redeemInvitation: Handler<Actions['redeemInvitation']> = async ({ ports, caller }, input): Promise<RedeemInvitationOutput> => {
  const { crypto, clock, storage } = ports;
  const id = invitationIdOf(crypto, input.code);
  const now = clock.now();
  const at = now.toISOString();
  // queries happen before the transaction (it reads by id only): who could confirm, and who is told
  const peek = await storage.get<InvitationDoc>(INVITATIONS, id);
  const estateOf = peek?.data.estateId;
  const sensitive = !!peek && isSensitiveRole(peek.data.role);
  const [confirmers, staff] = estateOf
    ? await Promise.all([sensitive ? roleConfirmers(storage, estateOf) : Promise.resolve([]), estateStaff(storage, estateOf)])
    : [[], []];
  return storage.transaction(async (tx) => {
    const inv = await tx.get<InvitationDoc>(INVITATIONS, id);
    if (!inv) throw new AppError('INVITATION_NOT_FOUND');
    const status = invitationStatus(inv.data, now);
    if (status === 'used') throw new AppError('INVITATION_USED');
    if (status === 'revoked') throw new AppError('INVITATION_REVOKED');
    if (status === 'expired') throw new AppError('INVITATION_EXPIRED', { expiresAt: inv.data.expiresAt });
    const { estateId, role } = inv.data;
    const estate = await tx.get<BootstrapEstateDoc>(ESTATES, estateId);
    if (!estate) throw new AppError('ESTATE_NOT_FOUND');
    const existing = await tx.get<MemberDoc>(MEMBERS, memberId(estateId, caller.openid));
    if (existing?.data.roles.includes(role)) throw new AppError('ROLE_ALREADY_HELD');
    const displayName = existing?.data.displayName || inv.data.inviteeMasked;
    const reason = `邀请码（${ROLE_LABELS[role]}）`;
    const accountKey = accountKeyOf(crypto, estateId, caller.openid);

    let grant: 'direct' | 'bootstrap' | 'pending' = 'direct';
    let recipients = confirmers.filter((o) => o !== caller.openid);
    if (isSensitiveRole(role)) {
      // a bootstrap redemption committed since our query: its holder, if still able to confirm, is a confirmer now
      const boot = estate.data.bootstrapGrant;
      if (!recipients.length && boot && boot.openid !== caller.openid) {
        const holder = await tx.get<MemberDoc>(MEMBERS, memberId(estateId, boot.openid));
        if (holder && allows(holder.data.roles, 'identity.confirmRoleGrant')) recipients = [boot.openid];
      }
      grant = recipients.length ? 'pending' : 'bootstrap';
    }

    let grantId: string | null = null;
    if (grant === 'pending') {
      ({ id: grantId } = await recordPendingGrant(tx, ports, {
        estateId,
        memberOpenid: caller.openid,
        memberKey: accountKey,
        memberName: displayName,
        role: role as RoleGrantDoc['role'],
        reason,
        proposedBy: inv.data.issuedBy,
        proposedByName: INVITATION_PROPOSER,
        via: 'invitation',
        recipients,
        actor: caller.openid,
      }));
    } else {
      await grantRoles(tx, crypto, at, {
        estateId,
        openid: caller.openid,
        displayName,
        roles: [role],
        by: inv.data.issuedBy,
        change: grant === 'bootstrap' ? `+${role} (invitation, bootstrap: no one could confirm)` : `+${role}`,
        reason,
      });
      if (grant === 'bootstrap') {
        await tx.update<BootstrapEstateDoc>(ESTATES, estateId, estate.version, { ...estate.data, bootstrapGrant: { openid: caller.openid, role, at } });
      }
      await enqueueNotification(tx, ports, {
        kind: 'staff_joined',
        estateId,
        eventKey: `invitation:${id}:joined`,
        recipients: staff.filter((o) => o !== caller.openid),
        params: { role: ROLE_LABELS[role], member: displayName },
      });
    }
    await tx.update<InvitationDoc>(INVITATIONS, id, inv.version, { ...inv.data, state: 'used', usedAt: at, usedBy: accountKey });
    await appendAudit(tx, ports, {
      estateId,
      actor: caller.openid,
      action: 'invitation.redeemed',
      subject: `${INVITATIONS}/${id}`,
      // grant: 'bootstrap' = a sensitive role with nobody to confirm it: the administrator issued it, the redeemer is the second person
      data: { role, member: accountKey, grant, ...(grant === 'bootstrap' ? { secondPerson: 'redeemer', issuedBy: inv.data.issuedBy } : {}), ...(grantId ? { grantId } : {}) },
    });
    return { estateId, estateName: estate.data.name, role, ...(grant === 'pending' ? { awaitingConfirmation: true as const } : {}) };
  });
};

/** How a grant from an invitation names its proposer on 成员与角色. */
export const INVITATION_PROPOSER = '部署管理员（邀请码）';
