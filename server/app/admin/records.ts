import type { InvitableRole } from '../../../types/admin';

/** Invitation codes. The document id is derived from the keyed hash of the code: the code itself is never stored. */
export const INVITATIONS = 'invitations';
export interface InvitationDoc extends Record<string, unknown> {
  estateId: string;
  role: InvitableRole;
  /** masked name of the person the code is for (吴*) */
  inviteeMasked: string;
  /** 'open' until redeemed or revoked; expiry is read from expiresAt against the server clock */
  state: 'open' | 'used' | 'revoked';
  createdAt: string;
  expiresAt: string;
  /** pseudonymous handle of the administrator who issued it (never the openid) */
  issuedBy: string;
  usedAt?: string;
  /** accountKey of the member who redeemed it */
  usedBy?: string;
  revokedAt?: string;
}
