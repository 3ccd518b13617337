import { admin } from '../../../types/admin';
import { implement } from '../action';
import { isAdmin } from './config';
import { createEstate, listEstates } from './estates';
import { issueInvitation, listInvitations, redeemInvitation, revokeInvitation } from './invitations';

/** The admin cloud function: the deployment administrator starts estates and invites their first staff (types/admin.ts). */
export const adminFunction = implement(admin, {
  adminStatus: async ({ caller }) => ({ isAdmin: isAdmin(caller.openid), openid: caller.openid }),
  createEstate,
  listEstates,
  issueInvitation,
  listInvitations,
  revokeInvitation,
  redeemInvitation,
});
