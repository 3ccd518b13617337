/**
 * Which colour a status chip gets. Tones map to token pairs in src/styles/tokens.css (each >= 4.5:1):
 * neutral (grey), info (blue), success (green), warning (amber), danger (red), brand (red on pink).
 */
import type { TopicStage } from '../../types/deliberation';
import type { Role } from '../../types/common';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'brand';
export const TONES: readonly Tone[] = ['neutral', 'info', 'success', 'warning', 'danger', 'brand'];

const STAGE_TONES: Record<TopicStage, Tone> = {
  proposed: 'warning',
  returned: 'danger',
  consultation: 'info',
  announced: 'brand',
  voting: 'warning',
  counting: 'warning',
  publication: 'success',
  endorsement: 'success',
  implementation: 'info',
  closed: 'neutral',
  withdrawn: 'neutral',
  rejected: 'neutral',
};

/** A topic's stage. */
export function stageTone(stage: TopicStage): Tone {
  return STAGE_TONES[stage] ?? 'neutral';
}

const STATUS_TONES: Record<string, Tone> = {
  pending: 'warning',
  waiting: 'warning',
  running: 'warning',
  approved: 'success',
  confirmed: 'success',
  done: 'success',
  active: 'success',
  redeemed: 'success',
  rejected: 'danger',
  failed: 'danger',
  locked: 'danger',
  revoked: 'neutral',
  expired: 'neutral',
  withdrawn: 'neutral',
  archived: 'neutral',
  superseded: 'neutral',
};

/** A request/record status (verification, role grant, invitation, roster review...). Unknown: neutral. */
export function statusTone(status: string): Tone {
  return STATUS_TONES[status] ?? 'neutral';
}

/** The chip's class list: `chip tone-<tone>`. */
export function chipClass(tone: Tone, extra = ''): string {
  return `chip tone-${tone}${extra ? ` ${extra}` : ''}`;
}

/**
 * A role chip: the party branch's roles (ids starting with `party_` in ROLES, types/common.ts) in the brand
 * red, every other role blue. No role list here: the contract holds the roles.
 */
export function roleTone(role: Role): Tone {
  return role.startsWith('party_') ? 'brand' : 'info';
}
