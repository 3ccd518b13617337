import { ROLES } from '../../types/common';
import { TOPIC_STAGES } from '../../types/deliberation';
import { canonicalJson } from '../../server/core/canonical-json';
import { canMoveTopic, sortTopicsForHome, TOPIC_TRANSITIONS } from '../../server/core/deliberation/topic';
import { allows, PERMISSIONS } from '../../server/core/identity/permissions';

describe('permissions as data', () => {
  it('lets only the party secretary open topics', () => {
    for (const role of ROLES) expect(allows([role], 'deliberation.openTopic')).toBe(role === 'party_secretary');
  });
  it('lets every estate role view topics, but nobody without a role', () => {
    for (const role of ROLES) expect(allows([role], 'deliberation.viewTopics')).toBe(true);
    expect(allows([], 'deliberation.viewTopics')).toBe(false);
  });
  it('names only known roles', () => {
    for (const roles of Object.values(PERMISSIONS)) for (const r of roles) expect(ROLES).toContain(r);
  });
});

describe('topic stages', () => {
  it('defines every move as data over known stages and never reopens a vote', () => {
    for (const t of Object.values(TOPIC_TRANSITIONS)) {
      for (const s of t.from) expect(TOPIC_STAGES).toContain(s);
      if (t.to) expect(TOPIC_STAGES).toContain(t.to);
    }
    expect(canMoveTopic('consultation', 'announced')).toBe(true);
    expect(canMoveTopic('announced', 'voting')).toBe(true);
    expect(canMoveTopic('consultation', 'voting')).toBe(false);
    expect(canMoveTopic('voting', 'consultation')).toBe(false);
    expect(canMoveTopic('closed', 'proposed')).toBe(false);
  });
  it('shows live topics first, newest first within a stage', () => {
    const sorted = sortTopicsForHome([
      { id: 'old-closed', stage: 'closed' as const, openedAt: '2026-01-01T00:00:00Z' },
      { id: 'consultation-old', stage: 'consultation' as const, openedAt: '2026-10-01T00:00:00Z' },
      { id: 'voting', stage: 'voting' as const, openedAt: '2026-09-01T00:00:00Z' },
      { id: 'consultation-new', stage: 'consultation' as const, openedAt: '2026-11-01T00:00:00Z' },
    ]);
    expect(sorted.map((t) => t.id)).toEqual(['voting', 'consultation-new', 'consultation-old', 'old-closed']);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow();
  });
});
