import { identity } from '../../../types/identity';
import { implement } from '../action';
import { registerUpload } from '../upload-records';
import { me } from './me';
import { changeRole, listMembers, revokeOwnership } from './members';
import { decideRoleGrant, listRoleGrants } from './role-grants';
import { confirmRepresentative, decideRepresentative, declineRepresentative, proposeRepresentative, unitOwners, withdrawRepresentative } from './representatives';
import { rosterReview, settleRosterReview } from './roster-review';
import { confirmRosterImport, previewRosterImport, rosterImportProgress, rosterSummary, rosterTemplate, uploadTicket } from './roster';
import {
  decideVerification,
  estateDirectory,
  myVerifications,
  requestCertificateReview,
  requestOfflineCheck,
  requestResidentRole,
  reviewQueue,
  unlockVerification,
  verifyByRoster,
  viewCertificate,
} from './verification';

/** The identity cloud function: the identity contract (types/identity.ts) with a use case behind every action. */
export const identityFunction = implement(identity, {
  me,
  estateDirectory,
  myVerifications,
  verifyByRoster,
  requestCertificateReview,
  requestOfflineCheck,
  requestResidentRole,
  unitOwners,
  proposeRepresentative,
  confirmRepresentative,
  declineRepresentative,
  withdrawRepresentative,
  uploadTicket,
  registerUpload,
  rosterTemplate,
  previewRosterImport,
  confirmRosterImport,
  rosterImportProgress,
  rosterSummary,
  reviewQueue,
  decideVerification,
  unlockVerification,
  viewCertificate,
  listMembers,
  changeRole,
  listRoleGrants,
  decideRoleGrant,
  rosterReview,
  settleRosterReview,
  revokeOwnership,
  decideRepresentative,
});
