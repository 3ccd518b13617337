import { ROLES, type Role } from './roles';

/**
 * Who may do what, as data: the ONE permission table. Every estate-scoped action in a capability
 * contract (types/<capability>.ts) names one of these, or 'member' / 'signedIn'; the generic handler
 * checks it against the caller's roles in the estate the action names (input.estateId).
 * Adding an action that needs a new permission = adding a line here.
 */
export const PERMISSIONS = {
  /** read the estate home: any role in the estate */
  'estate.view': ROLES,
  'deliberation.viewTopics': ROLES,
  /** the estate party branch opens deliberation topics (DOMAIN §1) */
  'deliberation.openTopic': ['party_secretary'],
  /** owners propose topics and co-sign petitions for a temporary meeting (DOMAIN §4); the committee proposes too */
  'deliberation.propose': ['owner', 'committee_member'],
  /** the party branch pre-reviews proposals (前置审查, DOMAIN §1) */
  'deliberation.prereview': ['party_secretary'],
  /** put a topic to the vote: the notice freezes its package (DOMAIN §4); the party branch or the committee */
  'deliberation.announce': ['party_secretary', 'committee_member'],
  /** comment and ask during consultation: owners, residents (marked as such, never in a vote) and the organisers */
  'deliberation.comment': ['owner', 'resident', 'party_secretary', 'party_member', 'committee_member', 'community_staff', 'grid_worker'],
  /**
   * hide a reported comment with a visible reason (the original stays in the audit record); every role the rules of
   * procedure may name as moderator (RULE_MODERATOR_ROLES), and the active rules narrow it per estate
   */
  'deliberation.moderate': ['party_secretary', 'community_staff', 'committee_member'],
  /** draft and activate the estate's rules of procedure (议事规则): the committee or community staff, never the property company */
  'deliberation.manageRules': ['committee_member', 'community_staff'],
  /** a unit's voting representative confirms delivery and casts its ballot; sees their own receipts (DOMAIN §4) */
  'voting.cast': ['owner'],
  /** live turnout against the 2/3 line: figures only, never choices (DOMAIN §5), for every role in the estate */
  'voting.viewTurnout': ROLES,
  /** enter a scanned paper ballot, and (a different person) review it before it counts (双人录入复核, DOMAIN §4); never the property company */
  'voting.enterPaper': ['community_staff', 'committee_member'],
  /** check an owner's written proxy mandate (书面委托书, DOMAIN §4) */
  'voting.checkMandate': ['community_staff', 'committee_member'],
  /** close a vote whose window is over, count it from the frozen roster and publish the result: the organisers */
  'voting.close': ['party_secretary', 'committee_member'],
  /** the community (居委会) reviews and endorses a published result after its objection period */
  'voting.endorse': ['community_staff'],
  /** the published result, anonymized ballot list and receipt check: every role in the estate */
  'voting.viewResult': ROLES,
  /** community staff review certificates, run offline checks and unlock accounts (DOMAIN §5 ladder) */
  'identity.reviewVerification': ['community_staff'],
  /** community staff grant and revoke roles, record ownership transfers, decide representatives */
  'identity.manageMembers': ['community_staff'],
  /** a second person confirms a grant of a sensitive role (SENSITIVE_ROLES, types/identity.ts): staff or the sub-district */
  'identity.confirmRoleGrant': ['community_staff', 'subdistrict_staff'],
  /** import the estate roster (名册) from the property registry: community staff and the owners' committee */
  'identity.importRoster': ['community_staff', 'committee_member'],
  /** read roster versions and totals (no personal data): also the sub-district and the party secretary */
  'identity.viewRoster': ['community_staff', 'committee_member', 'subdistrict_staff', 'party_secretary'],
  /** file a request (诉求) and follow one's own: owners and registered residents (DOMAIN §6) */
  'requests.file': ['owner', 'resident'],
  /** act on a request one's organisation holds (contact, extend, handle); the core checks it is the holder (HANDLER_ORG_ROLES) */
  'requests.handle': ['property_manager', 'grid_worker', 'community_staff', 'committee_member', 'subdistrict_staff'],
  /** dispatch and reassign requests, with a reason: the community (居委会) */
  'requests.dispatch': ['community_staff'],
  /** the metrics board and its export (each handler organisation's rates per month, the ranking): the community and the sub-district */
  'requests.viewMetrics': ['community_staff', 'subdistrict_staff'],
  /** edit the routing table (category × location → handler organisation, limits, ladder) as a new version: the community */
  'requests.manageRouting': ['community_staff'],
  /** take a request that needs a collective decision to a topic (议题): those who put topics forward, the party branch and the committee */
  'requests.linkTopic': ['party_secretary', 'committee_member'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allows(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}

/** Roles that a permission admits, e.g. to decide which workbench entries a page shows. */
export const rolesFor = (permission: Permission): readonly Role[] => PERMISSIONS[permission];
