import {
  CertificateReviewSchema,
  ChangeRoleSchema,
  DecideVerificationSchema,
  EstateOnlySchema,
  MeInputSchema,
  OfflineCheckSchema,
  ResidentClaimSchema,
  ProposeRepresentativeSchema,
  RevokeOwnershipSchema,
  StaffDecideRepresentativeSchema,
  UnitOnlySchema,
  UnlockSchema,
  VERIFY_FIELD_LABELS,
  VerifyByRosterSchema,
  ViewCertificateSchema,
} from '../../../types/identity';
import * as z from 'zod/mini';
import { defineAction, type ActionTable } from '../action';
import { me } from './me';
import { changeRole, listMembers, revokeOwnership } from './members';
import { rosterActions, uploadActions } from './roster';
import { confirmRepresentative, decideRepresentative, proposeRepresentative, unitOwners } from './representatives';
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

const labels = { estateId: '小区', ...VERIFY_FIELD_LABELS };

/** The identity cloud function's actions: who owns which unit, who may act for it. */
export const identityActions: ActionTable = {
  me: defineAction({ input: MeInputSchema, labels, run: me }),
  estateDirectory: defineAction({ input: z.strictObject({}), labels, run: estateDirectory }),
  // residents: the verification ladder
  myVerifications: defineAction({ input: EstateOnlySchema, labels, run: myVerifications }),
  verifyByRoster: defineAction({ input: VerifyByRosterSchema, labels, run: verifyByRoster }),
  requestCertificateReview: defineAction({ input: CertificateReviewSchema, labels, run: requestCertificateReview }),
  requestOfflineCheck: defineAction({ input: OfflineCheckSchema, labels, run: requestOfflineCheck }),
  requestResidentRole: defineAction({ input: ResidentClaimSchema, labels: { ...labels, relation: '身份' }, run: requestResidentRole }),
  // co-owners and their representative
  unitOwners: defineAction({ input: UnitOnlySchema, labels, run: unitOwners }),
  proposeRepresentative: defineAction({ input: ProposeRepresentativeSchema, labels, run: proposeRepresentative }),
  confirmRepresentative: defineAction({ input: UnitOnlySchema, labels, run: confirmRepresentative }),
  // community staff
  reviewQueue: defineAction({ input: EstateOnlySchema, labels, run: reviewQueue }),
  decideVerification: defineAction({ input: DecideVerificationSchema, labels, run: decideVerification }),
  unlockVerification: defineAction({ input: UnlockSchema, labels, run: unlockVerification }),
  viewCertificate: defineAction({ input: ViewCertificateSchema, labels, run: viewCertificate }),
  listMembers: defineAction({ input: EstateOnlySchema, labels, run: listMembers }),
  changeRole: defineAction({ input: ChangeRoleSchema, labels, run: changeRole }),
  revokeOwnership: defineAction({ input: RevokeOwnershipSchema, labels, run: revokeOwnership }),
  decideRepresentative: defineAction({ input: StaffDecideRepresentativeSchema, labels, run: decideRepresentative }),
  // community staff and committee: the roster (名册)
  ...rosterActions,
  // uploads (roster files, certificate photos) go under the caller's own prefix
  ...uploadActions,
};
