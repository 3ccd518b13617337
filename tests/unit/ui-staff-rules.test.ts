import { activeHeader, basisText, canConfirm, changeRows, documentChangeRow, fieldMessages, formFor, formProblems, formReducer, historyLine, ruleRows, saveInput } from '../../src/lib/staff-rules';
import { ROUTES, workbenchEntries } from '../../src/lib/workbench';
import type { DefaultRulesView, PreviewRulesOutput, RulesDraftView, RulesVersionView } from '../../types/deliberation-rules';
import { DEFAULT_RULES, DEFAULT_RULE_SOURCES, RULE_FIELDS } from '../../types/procedure-rules';

const defaultView: DefaultRulesView = { isDefault: true, versionNo: 0, status: 'active', rules: DEFAULT_RULES, fingerprint: 'f'.repeat(64) };
const v2: RulesVersionView = {
  isDefault: false,
  versionNo: 2,
  status: 'active',
  rules: { ...DEFAULT_RULES, noticeDays: 20 },
  fingerprint: 'a'.repeat(64),
  document: { fileName: '议事规则2026.pdf' },
  changeNote: '',
  activatedAt: '2026-11-23T02:00:00.000Z',
  supersededAt: null,
};
const draft: RulesDraftView = { draftId: 'rd1', rules: { ...DEFAULT_RULES, noticeDays: 30 }, changeNote: '改为 30 天', document: null, fingerprint: 'b'.repeat(64), createdAt: '2026-11-23T02:00:00.000Z', updatedAt: '2026-11-23T03:30:00.000Z' };

describe('the active rules in plain Chinese with their basis', () => {
  it('cites the default source for every value of the default template', () => {
    const rows = ruleRows(defaultView);
    expect(rows.map((r) => r.field)).toEqual([...RULE_FIELDS]);
    expect(rows.find((r) => r.field === 'noticeDays')).toEqual({ field: 'noticeDays', label: '公告期（天）', value: '15 天', basis: '物业管理条例 第 14 条；北京 第 35 条：表决前至少 15 日公告' });
    // no pointer into our own notes and no English article numbers reach the page
    for (const r of rows) expect(r.basis).not.toMatch(/DOMAIN|issue|Art\./);
    expect(rows.map((r) => r.basis)).toEqual(RULE_FIELDS.map((f) => basisText(DEFAULT_RULE_SOURCES[f])));
    expect(activeHeader(defaultView)).toContain('暂按默认规则执行');
  });
  it("cites the estate's own version (and its original) where it differs from the default", () => {
    const rows = ruleRows(v2);
    expect(rows.find((r) => r.field === 'noticeDays')).toMatchObject({ value: '20 天', basis: '本小区议事规则第 2 版（原件：议事规则2026.pdf）' });
    expect(rows.find((r) => r.field === 'votingWindowMinDays')?.basis).toBe('杭州：投票期 5 至 60 日');
    expect(activeHeader(v2)).toBe('第 2 版 · 2026年11月23日启用');
    expect(historyLine({ ...v2, versionNo: 1, status: 'superseded', supersededAt: '2026-11-24T02:00:00.000Z' })).toBe('第 1 版 · 2026年11月23日启用，2026年11月24日废止（已废止）');
  });
});

describe('the draft form', () => {
  it('starts from the active rules for a new draft, from the draft itself otherwise, and never shares arrays', () => {
    const fresh = formFor({ active: v2 });
    expect(fresh).toMatchObject({ draftId: null, baseFingerprint: null, rules: v2.rules, dayText: { noticeDays: '20' } });
    fresh.rules.whoMayOpenTopics.push('community_staff');
    expect(v2.rules.whoMayOpenTopics).toEqual(DEFAULT_RULES.whoMayOpenTopics);
    expect(formFor({ active: v2 }, draft)).toMatchObject({ draftId: 'rd1', baseFingerprint: draft.fingerprint, rules: draft.rules, changeNote: '改为 30 天' });
  });
  it('edits fields; roles keep their canonical order; switching proxies on requires a mandate', () => {
    let f = formFor({ active: defaultView });
    f = formReducer(f, { type: 'opener', role: 'community_staff' });
    f = formReducer(f, { type: 'opener', role: 'owner' });
    expect(f.rules.whoMayOpenTopics).toEqual(['committee_member', 'party_secretary', 'community_staff']);
    f = formReducer(f, { type: 'opener', role: 'owner' });
    expect(f.rules.whoMayOpenTopics).toEqual(['owner', 'committee_member', 'party_secretary', 'community_staff']);
    f = formReducer(f, { type: 'toggle', field: 'proxyAllowed', value: false });
    f = formReducer(f, { type: 'toggle', field: 'mandateRequired', value: false });
    f = formReducer(f, { type: 'toggle', field: 'proxyAllowed', value: true });
    expect(f.rules).toMatchObject({ proxyAllowed: true, mandateRequired: true });
    f = formReducer(f, { type: 'days', field: 'noticeDays', text: '２0天' });
    expect(f.dayText.noticeDays).toBe('0');
    f = formReducer(f, { type: 'days', field: 'noticeDays', text: '' });
    expect(formProblems(f)).toEqual({ 'rules.noticeDays': '公告期（天）不能为空' });
    f = formReducer(f, { type: 'days', field: 'noticeDays', text: '21' });
    expect(f.rules.noticeDays).toBe(21);
    expect(formProblems(f)).toEqual({});
  });
  it('sends the document only when it was uploaded in this form, and the base fingerprint of an existing draft', () => {
    const existing = formFor({ active: v2 }, { ...draft, document: { fileName: 'old.pdf' } });
    expect(saveInput('hemu', existing)).toEqual({ estateId: 'hemu', draftId: 'rd1', baseFingerprint: draft.fingerprint, rules: draft.rules, changeNote: '改为 30 天' });
    const withDoc = formReducer(formFor({ active: v2 }), { type: 'document', fileId: 'uploads/u/new.pdf', fileName: 'new.pdf' });
    expect(saveInput('hemu', withDoc)).toMatchObject({ documentFileId: 'uploads/u/new.pdf', documentName: 'new.pdf' });
    expect(saveInput('hemu', withDoc)).not.toHaveProperty('draftId');
  });
  it('keys server field errors by field, first one wins', () => {
    expect(fieldMessages([
      { field: 'rules.noticeDays', code: 'FIELD_TOO_SMALL', message: 'a' },
      { field: 'rules.noticeDays', code: 'FIELD_INVALID', message: 'b' },
      { field: 'documentFileId', code: 'NOT_OWN_UPLOAD', message: 'c' },
    ])).toEqual({ 'rules.noticeDays': 'a', documentFileId: 'c' });
  });
});

describe('the activation preview', () => {
  const preview: PreviewRulesOutput = { draftId: 'rd1', fingerprint: draft.fingerprint, activeVersionNo: 2, nextVersionNo: 3, changes: [{ field: 'noticeDays', from: 20, to: 30 }], documentChange: null, problems: [], documentMissing: false };
  it('words each change from the active rules to the draft', () => {
    expect(changeRows(preview, v2.rules, draft.rules)).toEqual([{ field: 'noticeDays', label: '公告期（天）', from: '20 天', to: '30 天' }]);
    expect(canConfirm(preview)).toBe(true);
    expect(documentChangeRow(preview)).toBeNull();
    expect(documentChangeRow({ ...preview, documentChange: { from: null, to: 'new.pdf' } })).toEqual({ label: '议事规则原件', from: '无', to: 'new.pdf' });
    expect(canConfirm({ ...preview, problems: [{ field: 'documentFileId', code: 'RULES_DOCUMENT_REQUIRED', message: 'x' }] })).toBe(false);
  });
});

describe('the workbench entry', () => {
  it('is offered to the committee and community staff, never to the property company', () => {
    const has = (roles: Parameters<typeof workbenchEntries>[0]) => workbenchEntries(roles, 'hemu').some((e) => e.key === 'rules');
    expect(has(['committee_member'])).toBe(true);
    expect(has(['community_staff'])).toBe(true);
    expect(has(['property_manager'])).toBe(false);
    expect(has(['owner'])).toBe(false);
    expect(has(['party_secretary'])).toBe(false);
    expect(workbenchEntries(['committee_member'], 'hemu').find((e) => e.key === 'rules')?.url).toBe(`${ROUTES.staffRules}?estateId=hemu`);
  });
});
