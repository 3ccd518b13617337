/**
 * The verification ladder's rules, as data and pure functions:
 * roster match (compare keyed hashes, never plaintext) with a lockout after repeated failures,
 * then certificate review or an offline check by staff. Face recognition is not used at all.
 */
export interface VerificationPolicy {
  /** estates may also require the last 4 characters of the ID number in a roster match */
  requireIdLast4: boolean;
  /** failed roster matches before the account is locked */
  maxFailures: number;
  lockHours: number;
}

export const DEFAULT_VERIFICATION_POLICY: VerificationPolicy = { requireIdLast4: false, maxFailures: 5, lockHours: 24 };

export interface RosterPerson {
  personKey: string;
  nameHash: string;
  phoneHash: string;
  idLast4: string;
}

export interface RosterClaim {
  nameHash: string;
  phoneHash: string;
  idLast4?: string;
}

/**
 * The roster owner of the unit that this claim matches, or null. Name AND phone must both match one
 * owner of that unit; with requireIdLast4 the ID tail must match too. One field right is still a miss.
 */
export function matchRosterClaim(unitOwners: RosterPerson[], claim: RosterClaim, policy: VerificationPolicy): RosterPerson | null {
  for (const owner of unitOwners) {
    if (owner.nameHash !== claim.nameHash || owner.phoneHash !== claim.phoneHash) continue;
    if (policy.requireIdLast4 && (claim.idLast4 ?? '').toUpperCase() !== owner.idLast4) continue;
    return owner;
  }
  return null;
}

export interface AttemptState {
  failures: number;
  lockedUntil: string | null;
}

export function isLocked(state: AttemptState | null, now: Date): boolean {
  return !!state?.lockedUntil && new Date(state.lockedUntil).getTime() > now.getTime();
}

/** After a failed match: one more failure, and a lock once the policy's limit is reached. */
export function afterFailure(state: AttemptState | null, now: Date, policy: VerificationPolicy): AttemptState & { justLocked: boolean; attemptsLeft: number } {
  // an expired lock starts a fresh count
  const base = state && !isLocked(state, now) && state.lockedUntil ? { failures: 0, lockedUntil: null } : state ?? { failures: 0, lockedUntil: null };
  const failures = base.failures + 1;
  const lock = failures >= policy.maxFailures;
  return {
    failures,
    lockedUntil: lock ? new Date(now.getTime() + policy.lockHours * 3_600_000).toISOString() : null,
    justLocked: lock,
    attemptsLeft: Math.max(0, policy.maxFailures - failures),
  };
}

export function attemptsLeft(state: AttemptState | null, now: Date, policy: VerificationPolicy): number {
  if (!state || (state.lockedUntil && !isLocked(state, now))) return policy.maxFailures;
  return Math.max(0, policy.maxFailures - state.failures);
}

/** What a person types is normalised once, by the contract (types/normalize.ts); re-exported for the use case. */
export { normalizeName, normalizePhone } from '../../../types/normalize';

/** A 6-digit code the applicant shows at the community office for an offline check. */
export function offlineCode(randomInt: (maxExclusive: number) => number): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}
