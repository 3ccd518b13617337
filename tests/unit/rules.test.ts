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
  it('defines moves for every stage and never reopens a vote', () => {
    expect(Object.keys(TOPIC_TRANSITIONS).sort()).toEqual([...TOPIC_STAGES].sort());
    expect(canMoveTopic('deliberating', 'voting')).toBe(true);
    expect(canMoveTopic('voting', 'deliberating')).toBe(false);
    expect(canMoveTopic('archived', 'collecting')).toBe(false);
  });
  it('shows live topics first, newest first within a stage', () => {
    const sorted = sortTopicsForHome([
      { id: 'old-archived', stage: 'archived' as const, openedAt: '2026-01-01T00:00:00Z' },
      { id: 'collecting-old', stage: 'collecting' as const, openedAt: '2026-10-01T00:00:00Z' },
      { id: 'deliberating', stage: 'deliberating' as const, openedAt: '2026-09-01T00:00:00Z' },
      { id: 'collecting-new', stage: 'collecting' as const, openedAt: '2026-11-01T00:00:00Z' },
    ]);
    expect(sorted.map((t) => t.id)).toEqual(['deliberating', 'collecting-new', 'collecting-old', 'old-archived']);
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
