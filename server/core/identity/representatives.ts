/**
 * Co-owners' voting representative (表决权代表): at most one per unit (the storage engine enforces that with one
 * document per unit). Changing it needs every OTHER verified co-owner to confirm, or a staff decision.
 */
export interface RepresentativeProposal {
  proposedOpenid: string;
  proposedBy: string;
  /** co-owners whose confirmation is still needed (everyone verified except the proposer) */
  needed: string[];
  confirmed: string[];
}

export function newProposal(proposedBy: string, proposedOpenid: string, activeOwners: string[]): RepresentativeProposal {
  return {
    proposedOpenid,
    proposedBy,
    needed: activeOwners.filter((o) => o !== proposedBy).sort(),
    confirmed: [],
  };
}

export function isComplete(p: RepresentativeProposal): boolean {
  return p.needed.every((o) => p.confirmed.includes(o));
}

export type ConfirmOutcome = { ok: true; proposal: RepresentativeProposal; complete: boolean } | { ok: false; reason: 'not_needed' | 'already_confirmed' };

export function confirmProposal(p: RepresentativeProposal, openid: string): ConfirmOutcome {
  if (!p.needed.includes(openid)) return { ok: false, reason: 'not_needed' };
  if (p.confirmed.includes(openid)) return { ok: false, reason: 'already_confirmed' };
  const proposal = { ...p, confirmed: [...p.confirmed, openid].sort() };
  return { ok: true, proposal, complete: isComplete(proposal) };
}
