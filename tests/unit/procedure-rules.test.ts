import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalRules, diffRules, planActivation, rulesFingerprintText, validateRules, type ActivatedVersion, type RulesDraft } from '../../server/core/deliberation/procedure-rules';
import { checkScope, normalizeScope, scopeText, selectScopeUnits } from '../../server/core/deliberation/scope';
import { AppError } from '../../server/core/errors';
import { ProcedureRulesSchema } from '../../types/deliberation-rules';
import { DEFAULT_RULES, DEFAULT_RULE_SOURCES, RULE_FIELDS, RULE_FIELD_LABELS, ruleValueText, type ProcedureRules } from '../../types/procedure-rules';
import { validInput } from '../support/schema-arbitraries';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const fp = (rules: ProcedureRules, fileId: string | null = 'f1', note = '') => sha(rulesFingerprintText({ rules, document: fileId ? { fileId, fileName: 'x.pdf' } : null, note }));
const draftOf = (rules: ProcedureRules, fileId: string | null = 'f1'): RulesDraft => ({ status: 'draft', rules, document: fileId ? { fileId, fileName: 'x.pdf' } : null, note: '', fingerprint: fp(rules, fileId) });
/** rules the schema accepts AND the cross-field checks accept */
const soundRules = validInput(ProcedureRulesSchema as never).map((r) => r as ProcedureRules).filter((r) => validateRules(r).length === 0);

describe('the default template', () => {
  it('is sound and accepted by the schema', () => {
    expect(validateRules(DEFAULT_RULES)).toEqual([]);
    expect(ProcedureRulesSchema.safeParse(DEFAULT_RULES).success).toBe(true);
  });
  it('cites a source in DOMAIN.md (or the issue) for every value, and has a Chinese name for every field', () => {
    for (const f of RULE_FIELDS) {
      expect(DEFAULT_RULE_SOURCES[f]).toMatch(/\((DOMAIN §\d|issue 10)\)$|DOMAIN §\d/);
      expect(RULE_FIELD_LABELS[f]).toMatch(/[\u4e00-\u9fff]/);
      expect(ruleValueText(DEFAULT_RULES, f)).toMatch(/\S/);
    }
  });
  it('has the defaults of DOMAIN §3–4: 15 days notice, 5–60 day window, published within 3 days, no ballot change, non-voters not counted', () => {
    expect(DEFAULT_RULES).toMatchObject({ noticeDays: 15, temporaryMeetingNoticeDays: 7, votingWindowMinDays: 5, votingWindowMaxDays: 60, publicationDeadlineDays: 3, ballotChangeAllowed: false, nonVoterHandling: 'not_counted', proxyAllowed: true, mandateRequired: true, paperOnRequest: true });
  });
  it('words values that do not apply as such', () => {
    expect(ruleValueText({ ...DEFAULT_RULES, temporaryMeetingAllowed: false }, 'temporaryMeetingNoticeDays')).toBe('不适用（不缩短公告期）');
    expect(ruleValueText({ ...DEFAULT_RULES, proxyAllowed: false }, 'mandateRequired')).toBe('不适用（不允许委托）');
    expect(ruleValueText(DEFAULT_RULES, 'noticeDays')).toBe('15 天');
    expect(ruleValueText(DEFAULT_RULES, 'whoMayOpenTopics')).toBe('业主、业委会、小区党支部');
  });
});

describe('validateRules', () => {
  const codes = (r: Partial<ProcedureRules>) => validateRules({ ...DEFAULT_RULES, ...r }).map((e) => [e.field, e.code]);
  it('checks ranges even without the schema', () => {
    expect(codes({ noticeDays: 14 })).toEqual([['rules.noticeDays', 'FIELD_TOO_SMALL']]);
    expect(codes({ publicationDeadlineDays: 8 })).toEqual([['rules.publicationDeadlineDays', 'FIELD_TOO_BIG']]);
    expect(codes({ objectionPeriodDays: 1.5 })).toEqual([['rules.objectionPeriodDays', 'FIELD_INVALID']]);
  });
  it('checks across fields', () => {
    expect(codes({ votingWindowMinDays: 61 })).toEqual([['rules.votingWindowMinDays', 'RULES_WINDOW_ORDER']]);
    expect(codes({ votingWindowMinDays: 60, votingWindowMaxDays: 60 })).toEqual([]);
    expect(codes({ temporaryMeetingAllowed: true, temporaryMeetingNoticeDays: 16 })).toEqual([['rules.temporaryMeetingNoticeDays', 'RULES_TEMPORARY_NOTICE_TOO_LONG']]);
    expect(codes({ temporaryMeetingAllowed: false, temporaryMeetingNoticeDays: 16 })).toEqual([]); // not used
    expect(codes({ channels: 'online', paperOnRequest: false })).toEqual([['rules.paperOnRequest', 'RULES_PAPER_REQUIRED']]);
    expect(codes({ channels: 'both', paperOnRequest: false })).toEqual([]);
    expect(codes({ proxyAllowed: true, mandateRequired: false })).toEqual([['rules.mandateRequired', 'RULES_MANDATE_REQUIRED']]);
    expect(codes({ proxyAllowed: false, mandateRequired: false })).toEqual([]);
  });
  it('never admits the property company as opener or moderator', () => {
    expect(codes({ whoMayOpenTopics: ['property_manager' as never] })).toEqual([['rules.whoMayOpenTopics', 'FIELD_NOT_ALLOWED']]);
    expect(codes({ moderation: { moderators: [], hiddenShows: 'reason' } })).toEqual([['rules.moderation.moderators', 'FIELD_REQUIRED']]);
    expect(ProcedureRulesSchema.safeParse({ ...DEFAULT_RULES, whoMayOpenTopics: ['property_manager'] }).success).toBe(false);
  });
  it('agrees with the schema on every day range (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom('noticeDays', 'temporaryMeetingNoticeDays', 'votingWindowMinDays', 'votingWindowMaxDays', 'objectionPeriodDays', 'publicationDeadlineDays' as const), fc.integer({ min: -5, max: 120 }), (field, n) => {
        const r = { ...DEFAULT_RULES, [field]: n };
        const schemaOk = ProcedureRulesSchema.safeParse(r).success;
        const coreRangeOk = !validateRules(r).some((e) => e.field === `rules.${field}` && e.code.startsWith('FIELD_'));
        expect(coreRangeOk).toBe(schemaOk);
      }),
      { numRuns: 300 },
    );
  });
});

describe('diffRules and the fingerprint', () => {
  it('lists exactly the fields that differ, in display order', () => {
    expect(diffRules(DEFAULT_RULES, DEFAULT_RULES)).toEqual([]);
    expect(diffRules(DEFAULT_RULES, { ...DEFAULT_RULES, noticeDays: 20, channels: 'both', moderation: { moderators: ['community_staff'], hiddenShows: 'reason' } })).toEqual([
      { field: 'channels', from: 'online', to: 'both' },
      { field: 'noticeDays', from: 15, to: 20 },
      { field: 'moderation.moderators', from: ['party_secretary', 'community_staff'], to: ['community_staff'] },
    ]);
  });
  it('ignores the order and repeats of role lists, in the diff and the fingerprint', () => {
    const shuffled: ProcedureRules = { ...DEFAULT_RULES, whoMayOpenTopics: ['party_secretary', 'owner', 'committee_member', 'owner'] };
    expect(diffRules(DEFAULT_RULES, shuffled)).toEqual([]);
    expect(fp(shuffled)).toBe(fp(DEFAULT_RULES));
  });
  it('changes with any field, the document and the note (property)', () => {
    fc.assert(
      fc.property(soundRules, soundRules, (a, b) => {
        expect(fp(a) === fp(b)).toBe(diffRules(a, b).length === 0);
      }),
      { numRuns: 200 },
    );
    expect(fp(DEFAULT_RULES, 'f1')).not.toBe(fp(DEFAULT_RULES, 'f2'));
    expect(sha(rulesFingerprintText({ rules: DEFAULT_RULES, document: null, note: 'a' }))).not.toBe(sha(rulesFingerprintText({ rules: DEFAULT_RULES, document: null, note: 'b' })));
  });
});

describe('planActivation', () => {
  const active = (rules: ProcedureRules, versionNo = 1): ActivatedVersion => ({ rules, document: { fileId: 'f0', fileName: 'x.pdf' }, note: '', versionNo, fingerprint: fp(rules, 'f0'), activatedAt: 'a', activatedBy: 'b', draftId: 'd0' });
  const plan = (draft: RulesDraft, current: ActivatedVersion | null, expected = { fingerprint: draft.fingerprint, activeVersionNo: current?.versionNo ?? 0 }) =>
    planActivation({ draftId: 'd1', draft, active: current, expected, at: 'now', by: 'me' });
  const edited = { ...DEFAULT_RULES, noticeDays: 20 };

  it('makes the next version from the previewed draft', () => {
    expect(plan(draftOf(edited), null)).toEqual({ ok: true, version: expect.objectContaining({ versionNo: 1, rules: edited, fingerprint: fp(edited), activatedAt: 'now', activatedBy: 'me', draftId: 'd1' }) });
    expect(plan(draftOf(edited), active(DEFAULT_RULES, 3))).toMatchObject({ ok: true, version: { versionNo: 4 } });
  });
  it('refuses with the reason', () => {
    const d = draftOf(edited);
    expect(plan({ ...d, status: 'activated' }, null)).toEqual({ ok: false, refusal: { code: 'RULES_NOT_DRAFT' } });
    expect(plan(d, null, { fingerprint: fp(DEFAULT_RULES), activeVersionNo: 0 })).toEqual({ ok: false, refusal: { code: 'RULES_DRAFT_CHANGED' } });
    expect(plan(d, active(DEFAULT_RULES, 2), { fingerprint: d.fingerprint, activeVersionNo: 1 })).toEqual({ ok: false, refusal: { code: 'RULES_VERSION_MOVED', version: 2 } });
    expect(plan(draftOf(edited, null), null)).toEqual({ ok: false, refusal: { code: 'RULES_DOCUMENT_REQUIRED' } });
    expect(plan(draftOf(edited, 'f0'), active(edited))).toEqual({ ok: false, refusal: { code: 'RULES_UNCHANGED' } });
    expect(plan(draftOf(edited, 'f9'), active(edited))).toMatchObject({ ok: true }); // a new original of the same rules
    const bad = draftOf({ ...edited, votingWindowMinDays: 70 });
    expect(plan(bad, null)).toMatchObject({ ok: false, refusal: { code: 'VALIDATION_FAILED' } });
  });

  it('never alters an activated version: drafts edited, activated and superseded in any order (property)', () => {
    type Op = { kind: 'save'; slot: number; rules: ProcedureRules; fileId: string } | { kind: 'activate'; slot: number; stale: boolean } | { kind: 'mutateDraft'; slot: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('save' as const), slot: fc.nat(2), rules: soundRules, fileId: fc.constantFrom('f1', 'f2') }),
      fc.record({ kind: fc.constant('activate' as const), slot: fc.nat(2), stale: fc.boolean() }),
      fc.record({ kind: fc.constant('mutateDraft' as const), slot: fc.nat(2) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        const versions: ActivatedVersion[] = [];
        const snapshots: string[] = [];
        const drafts = new Map<number, RulesDraft>();
        for (const o of ops) {
          if (o.kind === 'save') {
            const existing = drafts.get(o.slot);
            if (existing && existing.status !== 'draft') continue;
            drafts.set(o.slot, draftOf(o.rules, o.fileId));
          } else if (o.kind === 'mutateDraft') {
            // someone mutates the draft object in place after it was activated (aliasing must not reach the version)
            const d = drafts.get(o.slot);
            if (d) {
              d.rules.noticeDays = 90;
              d.rules.whoMayOpenTopics.push('community_staff');
              d.rules.moderation.moderators.length = 0;
              if (d.document) d.document.fileId = 'changed';
            }
          } else {
            const d = drafts.get(o.slot);
            if (!d) continue;
            const current = versions[versions.length - 1] ?? null;
            const r = planActivation({ draftId: `d${o.slot}`, draft: d, active: current, expected: { fingerprint: o.stale ? 'stale' : d.fingerprint, activeVersionNo: current?.versionNo ?? 0 }, at: 't', by: 'u' });
            if (o.stale) expect(r.ok).toBe(false);
            if (r.ok) {
              expect(r.version.versionNo).toBe(versions.length + 1);
              versions.push(r.version);
              snapshots.push(JSON.stringify(r.version));
              drafts.set(o.slot, { ...d, status: 'activated' });
            }
          }
          // every activated version is exactly what it was when it was activated
          versions.forEach((v, i) => expect(JSON.stringify(v)).toBe(snapshots[i]));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the canonical rules in the version', () => {
    const r = plan(draftOf({ ...edited, whoMayOpenTopics: ['party_secretary', 'owner'] }), null);
    expect(r.ok && r.version.rules.whoMayOpenTopics).toEqual(['owner', 'party_secretary']);
    expect(canonicalRules(DEFAULT_RULES)).toEqual(DEFAULT_RULES);
  });
});

describe('vote scope (whole estate or buildings)', () => {
  const units = [
    { ref: '1-1-101', building: '1' },
    { ref: '1-2-201', building: '1' },
    { ref: '3-1-101', building: '3' },
    { ref: '10-1-101', building: '10' },
  ];
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
      return null;
    } catch (e) {
      return e instanceof AppError ? [e.code, e.fields?.map((f) => [f.field, f.code, f.message])] : String(e);
    }
  };
  it('selects the units of the scope', () => {
    expect(selectScopeUnits(units, { kind: 'estate' })).toEqual(units);
    expect(selectScopeUnits(units, { kind: 'buildings', buildings: ['1号楼'] }).map((u) => u.ref)).toEqual(['1-1-101', '1-2-201']);
    expect(selectScopeUnits(units, { kind: 'buildings', buildings: ['10', '3栋'] }).map((u) => u.ref)).toEqual(['3-1-101', '10-1-101']);
  });
  it('normalises building names like the roster, without repeats, in natural order', () => {
    expect(normalizeScope({ kind: 'buildings', buildings: ['10号楼', '２', '2', ' 3 栋'] })).toEqual({ kind: 'buildings', buildings: ['2', '3', '10'] });
    expect(scopeText({ kind: 'buildings', buildings: ['3', '1号楼'] })).toBe('1号楼、3号楼业主');
    expect(scopeText({ kind: 'estate' })).toBe('全体业主');
  });
  it('refuses buildings the roster does not have, and an empty list', () => {
    const roster = ['1', '3', '10'];
    expect(codeOf(() => checkScope(roster, { kind: 'buildings', buildings: ['1', '5号楼'] }))).toEqual(['VALIDATION_FAILED', [['scope.buildings', 'SCOPE_BUILDING_UNKNOWN', '名册中没有 5 号楼']]]);
    expect(codeOf(() => checkScope(roster, { kind: 'buildings', buildings: [] }))).toEqual(['VALIDATION_FAILED', [['scope.buildings', 'SCOPE_EMPTY', '请至少选择一栋楼']]]);
    expect(checkScope(roster, { kind: 'buildings', buildings: ['1号楼', '1'] })).toEqual({ kind: 'buildings', buildings: ['1'] });
    expect(checkScope([], { kind: 'estate' })).toEqual({ kind: 'estate' });
  });
  it('selects the union of the named buildings and nothing else (property)', () => {
    const building = fc.constantFrom('1', '2', '3', '10', 'A');
    fc.assert(
      fc.property(fc.array(fc.record({ ref: fc.uuid(), building }), { maxLength: 30 }), fc.uniqueArray(building, { minLength: 1 }), (us, chosen) => {
        const got = selectScopeUnits(us, { kind: 'buildings', buildings: chosen });
        expect(got).toEqual(us.filter((u) => chosen.includes(u.building)));
      }),
      { numRuns: 200 },
    );
  });
});
