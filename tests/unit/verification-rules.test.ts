import { confirmProposal, isComplete, newProposal } from '../../server/core/identity/representatives';
import {
  afterFailure,
  attemptsLeft,
  DEFAULT_VERIFICATION_POLICY as policy,
  isLocked,
  matchRosterClaim,
  normalizeName,
  normalizePhone,
  offlineCode,
} from '../../server/core/identity/verification';

const owner = (personKey: string, nameHash: string, phoneHash: string, idLast4 = '123X') => ({ personKey, nameHash, phoneHash, idLast4 });
const now = new Date('2026-11-23T02:00:00Z');

describe('roster match', () => {
  const owners = [owner('p1', 'n1', 't1'), owner('p2', 'n2', 't2', '0009')];
  it('matches only when name and phone both belong to the same owner of the unit', () => {
    expect(matchRosterClaim(owners, { nameHash: 'n2', phoneHash: 't2' }, policy)?.personKey).toBe('p2');
    expect(matchRosterClaim(owners, { nameHash: 'n1', phoneHash: 't2' }, policy)).toBeNull();
    expect(matchRosterClaim(owners, { nameHash: 'n3', phoneHash: 't3' }, policy)).toBeNull();
    expect(matchRosterClaim([], { nameHash: 'n1', phoneHash: 't1' }, policy)).toBeNull();
  });
  it('also checks the ID tail (case-insensitive X) when the estate requires it', () => {
    const strict = { ...policy, requireIdLast4: true };
    expect(matchRosterClaim(owners, { nameHash: 'n1', phoneHash: 't1' }, strict)).toBeNull();
    expect(matchRosterClaim(owners, { nameHash: 'n1', phoneHash: 't1', idLast4: '123x' }, strict)?.personKey).toBe('p1');
    expect(matchRosterClaim(owners, { nameHash: 'n1', phoneHash: 't1', idLast4: '0009' }, strict)).toBeNull();
  });
  it('normalises what people type before hashing', () => {
    expect(normalizePhone('+86 139-1006-3352')).toBe('13910063352');
    expect(normalizePhone('0086 13910063352')).toBe('13910063352');
    expect(normalizeName(' 马 建华 ')).toBe('马建华');
  });
});

describe('lockout', () => {
  it('locks on the fifth failure for 24 hours and counts down before that', () => {
    let state = null as ReturnType<typeof afterFailure> | null;
    const left: number[] = [];
    for (let i = 0; i < 5; i++) {
      state = afterFailure(state, now, policy);
      left.push(state.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect(state!.justLocked).toBe(true);
    expect(state!.lockedUntil).toBe('2026-11-24T02:00:00.000Z');
    expect(isLocked(state, new Date('2026-11-24T01:59:59Z'))).toBe(true);
    expect(isLocked(state, new Date('2026-11-24T02:00:00Z'))).toBe(false);
  });
  it('starts a fresh count once a lock has expired', () => {
    const expired = { failures: 5, lockedUntil: '2026-11-22T00:00:00.000Z' };
    expect(attemptsLeft(expired, now, policy)).toBe(5);
    expect(afterFailure(expired, now, policy)).toMatchObject({ failures: 1, lockedUntil: null, attemptsLeft: 4 });
  });
  it('makes 6-digit codes, zero-padded', () => {
    expect(offlineCode(() => 42)).toBe('000042');
    expect(offlineCode((max) => max - 1)).toBe('999999');
  });
});

describe('representative proposals', () => {
  it('needs every other verified co-owner, and completes on the last confirmation', () => {
    const p = newProposal('a', 'b', ['a', 'b', 'c']);
    expect(p.needed).toEqual(['b', 'c']);
    const once = confirmProposal(p, 'c');
    expect(once).toMatchObject({ ok: true, complete: false });
    const twice = once.ok ? confirmProposal(once.proposal, 'b') : once;
    expect(twice).toMatchObject({ ok: true, complete: true });
  });
  it('refuses confirmations from people not asked, and repeated ones', () => {
    const p = newProposal('a', 'b', ['a', 'b']);
    expect(confirmProposal(p, 'a')).toEqual({ ok: false, reason: 'not_needed' });
    const done = confirmProposal(p, 'b');
    expect(done.ok && confirmProposal(done.proposal, 'b')).toEqual({ ok: false, reason: 'already_confirmed' });
  });
  it('a sole verified co-owner proposing needs nobody else', () => {
    expect(isComplete(newProposal('a', 'a', ['a']))).toBe(true);
  });
});
