import { runtimePorts } from '../../server/adapters/runtime';
import { implement } from '../../server/app/action';
import { rulesHandlers } from '../../server/app/deliberation/rules-handlers';
import { createCloudFunction } from '../../server/app/handler';
import { defineCapability } from '../../types/contract';
import { deliberation } from '../../types/deliberation';
import { rulesActions, rulesLabels, type ActivateRulesOutput, type GetRulesOutput, type PreviewRulesOutput, type RulesDocumentOutput, type SaveRulesDraftOutput } from '../../types/deliberation-rules';
import { DEFAULT_RULES, type ProcedureRules } from '../../types/procedure-rules';
import type { ApiResult } from '../../types/errors';
import { readAuditEvents, verifyEstateAudit } from '../../server/app/audit/log';
import { sequenceAudit } from '../../server/app/audit/sequence';
import { activeRulesFor, RULES_DRAFTS, RULES_VERSIONS, rulesVersionId, type RulesDraftDoc, type RulesVersionDoc } from '../../server/app/deliberation/rules-store';
import { UPLOADS } from '../../server/app/upload-records';
import { accountKeyOf } from '../../server/app/identity/accounts';
import { ESTATES, MEMBERS, memberId, type EstateDoc, type MemberDoc } from '../../server/app/identity/records';
import { uploadAs } from '../support/uploads';
import { as, freshEnv, TEST_NOW, type TestEnv } from '../support/ports';
import { okOf as ok } from '../support/handler-client';

/**
 * The rules part of the deliberation function, served by the generic handler exactly as
 * server/app/deliberation/index.ts serves it (the other parts are built by other helpers at the same time).
 */
const rulesPart = defineCapability('deliberation', { labels: { ...deliberation.labels, ...rulesLabels }, actions: rulesActions });
const main = createCloudFunction(implement(rulesPart, rulesHandlers), runtimePorts);

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const call = <T>(openid: string, action: string, input: unknown) => main({ action, input }, as(openid)) as Promise<ApiResult<T>>;
const upload = (openid: string, name = '议事规则.pdf') => uploadAs(env, openid, { bytes: new TextEncoder().encode('%PDF-1.4 rules'), name, mime: 'application/pdf' });
const STAFF = 'demo-community-staff';
const COMMITTEE = 'demo-committee';
const counts = async () => ({
  drafts: await env.storage.count('rules_drafts'),
  versions: await env.storage.count(RULES_VERSIONS),
  audit: await env.storage.count('audit_events'),
});

const edited: ProcedureRules = { ...DEFAULT_RULES, noticeDays: 20, channels: 'both', ballotChangeAllowed: false, objectionPeriodDays: 0 };

async function draft(openid = STAFF, rules: ProcedureRules = edited, withDocument = true) {
  const documentFileId = withDocument ? await upload(openid) : undefined;
  return ok(call<SaveRulesDraftOutput>(openid, 'saveRulesDraft', { estateId: 'hemu', rules, changeNote: '公告期延长到 20 天', ...(documentFileId ? { documentFileId, documentName: '议事规则（2026 年修订）.pdf' } : {}) }));
}
async function activate(openid: string, draftId: string) {
  const preview = await ok(call<PreviewRulesOutput>(openid, 'previewRulesActivation', { estateId: 'hemu', draftId }));
  return ok(call<ActivateRulesOutput>(openid, 'activateRules', { estateId: 'hemu', draftId, fingerprint: preview.fingerprint, activeVersionNo: preview.activeVersionNo }));
}

describe('deliberation rules of procedure', () => {
  it('is part of the deliberation contract', () => {
    for (const name of Object.keys(rulesActions)) expect(deliberation.actions).toHaveProperty(name, rulesActions[name as keyof typeof rulesActions]);
  });

  it('shows the default template to any member until the estate activates a version', async () => {
    for (const who of ['demo-owner', 'demo-tenant', 'demo-property-manager']) {
      const r = await ok(call<GetRulesOutput>(who, 'getRules', { estateId: 'hemu' }));
      expect(r.active).toMatchObject({ isDefault: true, versionNo: 0, rules: DEFAULT_RULES });
      expect(r).toMatchObject({ canManage: false, drafts: [], history: [] });
    }
    const staffView = await ok(call<GetRulesOutput>(STAFF, 'getRules', { estateId: 'hemu' }));
    expect(staffView.canManage).toBe(true);
    const active = await activeRulesFor(env.storage, 'hemu', env.ports.crypto);
    expect(active).toMatchObject({ isDefault: true, versionNo: 0, versionId: null, rules: DEFAULT_RULES, activatedAt: null });
    expect(active.fingerprint).toBe(staffView.active.fingerprint);
    expect(await call('demo-newcomer', 'getRules', { estateId: 'hemu' })).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } });
  });

  it('drafts, previews the differences field by field, activates in one audited transaction', async () => {
    const before = await counts();
    const { draft: d } = await draft();
    expect(d.document).toEqual({ fileName: '议事规则（2026 年修订）.pdf' });
    const preview = await ok(call<PreviewRulesOutput>(COMMITTEE, 'previewRulesActivation', { estateId: 'hemu', draftId: d.draftId }));
    expect(preview).toMatchObject({ activeVersionNo: 0, nextVersionNo: 1, problems: [], documentMissing: false, fingerprint: d.fingerprint, documentChange: { from: null, to: '议事规则（2026 年修订）.pdf' } });
    expect(preview.changes).toEqual([
      { field: 'channels', from: 'online', to: 'both' },
      { field: 'noticeDays', from: 15, to: 20 },
      { field: 'objectionPeriodDays', from: 7, to: 0 },
    ]);
    expect(await counts()).toEqual({ ...before, drafts: before.drafts + 1, audit: before.audit + 1 }); // the preview wrote nothing

    const { active } = await ok(call<ActivateRulesOutput>(COMMITTEE, 'activateRules', { estateId: 'hemu', draftId: d.draftId, fingerprint: preview.fingerprint, activeVersionNo: 0 }));
    expect(active).toMatchObject({ versionNo: 1, status: 'active', rules: edited, activatedAt: TEST_NOW, fingerprint: d.fingerprint, changeNote: '公告期延长到 20 天' });
    expect(await counts()).toEqual({ drafts: before.drafts + 1, versions: before.versions + 1, audit: before.audit + 2 });

    const owner = await ok(call<GetRulesOutput>('demo-owner', 'getRules', { estateId: 'hemu' }));
    expect(owner.active).toMatchObject({ isDefault: false, versionNo: 1, rules: edited });
    const frozen = await activeRulesFor(env.storage, 'hemu', env.ports.crypto);
    expect(frozen).toMatchObject({ isDefault: false, versionNo: 1, versionId: rulesVersionId('hemu', 1), fingerprint: d.fingerprint, rules: edited });
    // inside a transaction too (topics freeze it into an announcement)
    expect(await env.storage.transaction((tx) => activeRulesFor(tx, 'hemu', env.ports.crypto))).toEqual(frozen);

    const events = await readAuditEvents(env.storage, 'hemu');
    // same instant on the test clock: compare without order
    expect(events.filter((e) => e.action.startsWith('rules.')).map((e) => `${e.action} ${e.subject}`).sort()).toEqual([
      `rules.activated rules_versions/hemu:1`,
      `rules.draftCreated rules_drafts/${d.draftId}`,
    ]);
    expect(events.find((e) => e.action === 'rules.activated')?.data).toMatchObject({ versionNo: 1, supersededVersionNo: null, changedFields: ['channels', 'noticeDays', 'objectionPeriodDays'] });
    await sequenceAudit(env.ports, 'hemu');
    expect(await verifyEstateAudit(env.storage, env.ports.crypto, 'hemu')).toMatchObject({ ok: true, pending: 0 });
  });

  it('never shows the uploader’s openid (the private upload path) to anyone reading the rules', async () => {
    const { draft: d } = await draft(STAFF);
    expect(JSON.stringify(d)).not.toContain(STAFF);
    await activate(STAFF, d.draftId);
    await draft(STAFF); // an open draft with a document, seen by managers
    for (const who of ['demo-owner', 'demo-property-manager', COMMITTEE, STAFF]) {
      const r = await ok(call<GetRulesOutput>(who, 'getRules', { estateId: 'hemu' }));
      expect(r.active.isDefault || r.active.document).toEqual({ fileName: '议事规则（2026 年修订）.pdf' });
      expect(JSON.stringify(r)).not.toContain(STAFF);
      expect(JSON.stringify(r)).not.toContain('uploads/');
    }
  });

  it('a second activation supersedes the first without changing it; only one version is active', async () => {
    const first = await draft();
    await activate(STAFF, first.draft.draftId);
    const v1 = await env.storage.get<RulesVersionDoc>(RULES_VERSIONS, rulesVersionId('hemu', 1));
    const second = await draft(COMMITTEE, { ...edited, noticeDays: 30, votingWindowMaxDays: 30 });
    const preview = await ok(call<PreviewRulesOutput>(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: second.draft.draftId }));
    expect(preview.changes).toEqual([
      { field: 'noticeDays', from: 20, to: 30 },
      { field: 'votingWindowMaxDays', from: 60, to: 30 },
    ]);
    await activate(COMMITTEE, second.draft.draftId);
    expect(await env.storage.get<RulesVersionDoc>(RULES_VERSIONS, rulesVersionId('hemu', 1))).toEqual(v1); // untouched, same version
    const r = await ok(call<GetRulesOutput>('demo-owner', 'getRules', { estateId: 'hemu' }));
    expect(r.active).toMatchObject({ versionNo: 2, status: 'active' });
    expect(r.history.map((v) => [v.versionNo, v.status, v.supersededAt])).toEqual([[1, 'superseded', TEST_NOW]]);
    const events = await readAuditEvents(env.storage, 'hemu');
    const activations = events.filter((e) => e.action === 'rules.activated').map((e) => e.data as { versionNo: number });
    expect(activations.sort((a, b) => a.versionNo - b.versionNo)).toEqual([
      expect.objectContaining({ versionNo: 1, supersededVersionNo: null }),
      expect.objectContaining({ versionNo: 2, supersededVersionNo: 1, supersededFingerprint: first.draft.fingerprint }),
    ]);
  });

  it('the storage refuses to change an activated version on this engine (append-only collection)', async () => {
    const { draft: d } = await draft();
    await activate(STAFF, d.draftId);
    const v1 = await env.storage.get<RulesVersionDoc>(RULES_VERSIONS, rulesVersionId('hemu', 1));
    if (!v1) throw new Error('missing');
    await expect(env.storage.transaction((tx) => tx.update(RULES_VERSIONS, v1.id, v1.version, { ...v1.data, rules: { ...v1.data.rules, noticeDays: 7 } }))).rejects.toThrow(/append-only|append_only|rules_versions/i);
    expect(await env.storage.get(RULES_VERSIONS, v1.id)).toEqual(v1);
  });

  it('refuses a confirm when the draft was edited after the preview, and when another version was activated meanwhile', async () => {
    const { draft: d } = await draft();
    const preview = await ok(call<PreviewRulesOutput>(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: d.draftId }));
    // a colleague edits the draft after the preview
    await ok(call<SaveRulesDraftOutput>(COMMITTEE, 'saveRulesDraft', { estateId: 'hemu', draftId: d.draftId, baseFingerprint: d.fingerprint, rules: { ...edited, noticeDays: 45 }, changeNote: '改为 45 天' }));
    const before = await counts();
    expect(await call(STAFF, 'activateRules', { estateId: 'hemu', draftId: d.draftId, fingerprint: preview.fingerprint, activeVersionNo: 0 })).toMatchObject({
      ok: false, error: { code: 'RULES_DRAFT_CHANGED', message: '草稿在你打开或预览之后已被修改，请刷新后重新预览' },
    });
    expect(await counts()).toEqual(before);

    // two drafts previewed against version 0; the second confirm finds version 1 active
    const other = await draft(COMMITTEE, { ...edited, noticeDays: 16 });
    const p1 = await ok(call<PreviewRulesOutput>(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: d.draftId }));
    const p2 = await ok(call<PreviewRulesOutput>(COMMITTEE, 'previewRulesActivation', { estateId: 'hemu', draftId: other.draft.draftId }));
    await ok(call(STAFF, 'activateRules', { estateId: 'hemu', draftId: d.draftId, fingerprint: p1.fingerprint, activeVersionNo: 0 }));
    expect(await call(COMMITTEE, 'activateRules', { estateId: 'hemu', draftId: other.draft.draftId, fingerprint: p2.fingerprint, activeVersionNo: 0 })).toMatchObject({
      ok: false, error: { code: 'RULES_VERSION_MOVED', params: { version: 1 }, message: '现行议事规则在你预览之后已变为第 1 版，请重新预览' },
    });
    // an activated draft can neither be edited nor activated again
    expect(await call(STAFF, 'saveRulesDraft', { estateId: 'hemu', draftId: d.draftId, baseFingerprint: p1.fingerprint, rules: edited, changeNote: '' })).toMatchObject({ ok: false, error: { code: 'RULES_NOT_DRAFT' } });
    expect(await call(STAFF, 'activateRules', { estateId: 'hemu', draftId: d.draftId, fingerprint: p1.fingerprint, activeVersionNo: 1 })).toMatchObject({ ok: false, error: { code: 'RULES_NOT_DRAFT' } });
  });

  it('two concurrent confirms of two drafts: exactly one becomes version 1', async () => {
    const a = await draft(STAFF);
    const b = await draft(COMMITTEE, { ...edited, noticeDays: 16 });
    const pa = await ok(call<PreviewRulesOutput>(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: a.draft.draftId }));
    const pb = await ok(call<PreviewRulesOutput>(COMMITTEE, 'previewRulesActivation', { estateId: 'hemu', draftId: b.draft.draftId }));
    const results = await Promise.all([
      call(STAFF, 'activateRules', { estateId: 'hemu', draftId: a.draft.draftId, fingerprint: pa.fingerprint, activeVersionNo: 0 }),
      call(COMMITTEE, 'activateRules', { estateId: 'hemu', draftId: b.draft.draftId, fingerprint: pb.fingerprint, activeVersionNo: 0 }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok && ['RULES_VERSION_MOVED', 'CONFLICT']).toContain(refused && !refused.ok ? refused.error.code : '');
    expect(await env.storage.count(RULES_VERSIONS, { estateId: 'hemu' })).toBe(1);
  });

  it('refuses activation without the original document, and a draft equal to the active version', async () => {
    const { draft: d } = await draft(STAFF, edited, false);
    const preview = await ok(call<PreviewRulesOutput>(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: d.draftId }));
    expect(preview).toMatchObject({ documentMissing: true, problems: [expect.objectContaining({ field: 'documentFileId', code: 'RULES_DOCUMENT_REQUIRED' })] });
    expect(await call(STAFF, 'activateRules', { estateId: 'hemu', draftId: d.draftId, fingerprint: preview.fingerprint, activeVersionNo: 0 })).toMatchObject({ ok: false, error: { code: 'RULES_DOCUMENT_REQUIRED' } });

    const withDoc = await draft();
    await activate(STAFF, withDoc.draft.draftId);
    // same rules, same document as the active version
    const active = (await ok(call<GetRulesOutput>(STAFF, 'getRules', { estateId: 'hemu' }))).active;
    const activeFileId = (await env.storage.get<RulesVersionDoc>(RULES_VERSIONS, rulesVersionId('hemu', 1)))?.data.document?.fileId;
    const copy = await ok(call<SaveRulesDraftOutput>(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules: edited, changeNote: '', documentFileId: activeFileId }));
    const p = await ok(call<PreviewRulesOutput>(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: copy.draft.draftId }));
    expect(p.changes).toEqual([]);
    expect(p.documentChange).toBeNull();
    expect(p.problems.map((x) => x.code)).toEqual(['RULES_UNCHANGED']);
    expect(await call(STAFF, 'activateRules', { estateId: 'hemu', draftId: copy.draft.draftId, fingerprint: p.fingerprint, activeVersionNo: 1 })).toMatchObject({ ok: false, error: { code: 'RULES_UNCHANGED' } });
    expect(active.isDefault).toBe(false);
  });

  it('validates across fields in Chinese and deletes the refused upload', async () => {
    const fileId = await upload(STAFF);
    const r = await call(STAFF, 'saveRulesDraft', {
      estateId: 'hemu',
      rules: { ...DEFAULT_RULES, votingWindowMinDays: 30, votingWindowMaxDays: 10, proxyAllowed: true, mandateRequired: false, temporaryMeetingAllowed: true, temporaryMeetingNoticeDays: 20 },
      changeNote: '',
      documentFileId: fileId,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    if (!r.ok) {
      expect(r.error.fields?.map((f) => [f.field, f.message])).toEqual([
        ['rules.votingWindowMinDays', '投票期最短天数不能多于最长天数（10 天）'],
        ['rules.temporaryMeetingNoticeDays', '临时会议公告期不能长于一般公告期（15 天）'],
        ['rules.mandateRequired', '允许委托投票时，代理人必须持书面委托书'],
      ]);
    }
    expect(await env.ports.files.get(fileId)).toBeNull(); // refused: the upload is gone
    const schema = await call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules: { ...DEFAULT_RULES, noticeDays: 10 }, changeNote: '' });
    expect(!schema.ok && schema.error.fields).toEqual([expect.objectContaining({ field: 'rules.noticeDays', message: '公告期（天）不能小于 15' })]);
  });

  it('never lets the property company, owners or the party secretary draft or activate', async () => {
    const { draft: d } = await draft();
    const before = await counts();
    for (const who of ['demo-property-manager', 'demo-owner', 'demo-party-secretary', 'demo-tenant']) {
      const fileId = await upload(who);
      expect(await call(who, 'saveRulesDraft', { estateId: 'hemu', rules: edited, changeNote: '', documentFileId: fileId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await env.ports.files.get(fileId)).toBeNull();
      expect(await call(who, 'previewRulesActivation', { estateId: 'hemu', draftId: d.draftId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await call(who, 'activateRules', { estateId: 'hemu', draftId: d.draftId, fingerprint: d.fingerprint, activeVersionNo: 0 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses someone else's upload as the document, and a draft of another estate", async () => {
    const foreign = await upload('demo-owner');
    expect(await call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules: edited, changeNote: '', documentFileId: foreign })).toMatchObject({ ok: false, error: { code: 'NOT_OWN_UPLOAD' } });
    expect(await env.ports.files.get(foreign)).not.toBeNull(); // never deletes someone else's file
    const missing = `uploads/${STAFF}/nothing-here.pdf`;
    expect(await call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules: edited, changeNote: '', documentFileId: missing })).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
    const { draft: d } = await draft();
    // the draft id exists, but not in the estate named
    expect(await call(STAFF, 'previewRulesActivation', { estateId: 'elsewhere', draftId: d.draftId })).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } });
    await env.storage.transaction((tx) => tx.create('rules_drafts', 'rd-other', { ...(d as unknown as Record<string, unknown>), estateId: 'other', status: 'draft', note: '', document: null, createdAt: TEST_NOW, createdBy: 'x', updatedAt: TEST_NOW, updatedBy: 'x' }));
    expect(await call(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: 'rd-other' })).toMatchObject({ ok: false, error: { code: 'RULES_DRAFT_NOT_FOUND' } });
  });

  it('keeps an accepted document (not cleaned as unused) and limits open drafts', async () => {
    const { draft: d } = await draft();
    const stored = await env.storage.get<RulesDraftDoc>(RULES_DRAFTS, d.draftId);
    const records = await env.storage.find<{ fileId: string; state: string }>(UPLOADS, { where: { owner: STAFF } });
    expect(records.find((r) => r.data.fileId === stored?.data.document?.fileId)?.data.state).toBe('kept');
    for (let i = 1; i < 5; i++) await draft(STAFF, edited, false);
    expect(await call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules: edited, changeNote: '' })).toMatchObject({ ok: false, error: { code: 'RULES_TOO_MANY_DRAFTS', params: { max: 5 } } });
    // discarding one frees a place; the discarded draft is kept (audited) but can be neither listed, edited nor activated
    const stale = await call(STAFF, 'discardRulesDraft', { estateId: 'hemu', draftId: d.draftId, baseFingerprint: 'f'.repeat(64) });
    expect(stale).toMatchObject({ ok: false, error: { code: 'RULES_DRAFT_CHANGED' } });
    const victim = (await ok(call<GetRulesOutput>(STAFF, 'getRules', { estateId: 'hemu' }))).drafts.find((x) => x.draftId !== d.draftId)!;
    expect(await call('demo-property-manager', 'discardRulesDraft', { estateId: 'hemu', draftId: victim.draftId, baseFingerprint: victim.fingerprint })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await ok(call(COMMITTEE, 'discardRulesDraft', { estateId: 'hemu', draftId: victim.draftId, baseFingerprint: victim.fingerprint }));
    expect((await ok(call<GetRulesOutput>(STAFF, 'getRules', { estateId: 'hemu' }))).drafts.map((x) => x.draftId)).not.toContain(victim.draftId);
    expect(await env.storage.get<RulesDraftDoc>(RULES_DRAFTS, victim.draftId)).toMatchObject({ data: { status: 'discarded', rules: edited } });
    expect(await call(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: victim.draftId })).toMatchObject({ ok: false, error: { code: 'RULES_DRAFT_NOT_FOUND' } });
    expect(await call(STAFF, 'saveRulesDraft', { estateId: 'hemu', draftId: victim.draftId, baseFingerprint: victim.fingerprint, rules: edited, changeNote: '' })).toMatchObject({ ok: false, error: { code: 'RULES_DRAFT_NOT_FOUND' } });
    expect(await call(STAFF, 'activateRules', { estateId: 'hemu', draftId: victim.draftId, fingerprint: victim.fingerprint, activeVersionNo: 0 })).toMatchObject({ ok: false, error: { code: 'RULES_DRAFT_NOT_FOUND' } });
    expect((await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action === 'rules.draftDiscarded').map((e) => e.subject)).toEqual([`rules_drafts/${victim.draftId}`]);
    await ok(call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules: edited, changeNote: '' }));
    // editing an existing one still works
    expect((await ok(call<SaveRulesDraftOutput>(STAFF, 'saveRulesDraft', { estateId: 'hemu', draftId: d.draftId, baseFingerprint: d.fingerprint, rules: DEFAULT_RULES, changeNote: '' }))).draft.document).toEqual(d.document);
  });
});

describe('reading the original document (rulesDocument)', () => {
  const PDF = `data:application/pdf;base64,${Buffer.from('%PDF-1.4 rules').toString('base64')}`;
  it('any member reads the active and a superseded version’s document; the uploader’s path never shows', async () => {
    const v1 = await activate(STAFF, (await draft(STAFF)).draft.draftId);
    for (const who of ['demo-owner', 'demo-tenant', 'demo-property-manager', COMMITTEE]) {
      const r = await ok(call<RulesDocumentOutput>(who, 'rulesDocument', { estateId: 'hemu', versionNo: v1.active.versionNo }));
      expect(r).toEqual({ fileName: '议事规则（2026 年修订）.pdf', dataUrl: PDF });
      expect(JSON.stringify(r)).not.toContain(STAFF);
    }
    await activate(STAFF, (await draft(STAFF, { ...edited, noticeDays: 25 })).draft.draftId);
    expect(await ok(call<RulesDocumentOutput>('demo-owner', 'rulesDocument', { estateId: 'hemu', versionNo: 1 }))).toMatchObject({ dataUrl: PDF });
    expect(await call('demo-owner', 'rulesDocument', { estateId: 'hemu', versionNo: 3 })).toMatchObject({ ok: false, error: { code: 'RULES_VERSION_NOT_FOUND' } });
  });

  it('refuses another estate’s member, and a version of another estate asked through one’s own', async () => {
    await activate(STAFF, (await draft(STAFF)).draft.draftId);
    const at = env.clock.now().toISOString();
    await env.storage.transaction(async (tx) => {
      const estate: EstateDoc = { name: '兰亭苑', district: '示例市和平区幸福街道', address: '兰亭路 1 号', communityName: '兰亭社区居委会', partyBranchName: '兰亭苑小区党支部', buildings: ['1'], totals: { unitCount: 1, areaCenti: 9000, headcount: 1 }, createdAt: at };
      await tx.create(ESTATES, 'lanting', estate);
      const m: MemberDoc = { estateId: 'lanting', openid: 'lanting-owner', accountKey: accountKeyOf(env.ports.crypto, 'lanting', 'lanting-owner'), roles: ['owner'], displayName: '测*', since: at, history: [] };
      await tx.create(MEMBERS, memberId('lanting', 'lanting-owner'), m);
    });
    expect(await call('lanting-owner', 'rulesDocument', { estateId: 'hemu', versionNo: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } });
    expect(await call('lanting-owner', 'rulesDocument', { estateId: 'lanting', versionNo: 1 })).toMatchObject({ ok: false, error: { code: 'RULES_VERSION_NOT_FOUND' } });
  });

  it('shows a draft’s document to those who manage the rules only', async () => {
    const d = (await draft(STAFF)).draft;
    for (const who of ['demo-owner', 'demo-property-manager', 'demo-tenant']) {
      // drafts are not shown to them at all, so they are not found (not merely forbidden)
      expect(await call(who, 'rulesDocument', { estateId: 'hemu', draftId: d.draftId })).toMatchObject({ ok: false, error: { code: 'RULES_DRAFT_NOT_FOUND' } });
    }
    expect(await ok(call<RulesDocumentOutput>(COMMITTEE, 'rulesDocument', { estateId: 'hemu', draftId: d.draftId }))).toEqual({ fileName: '议事规则（2026 年修订）.pdf', dataUrl: PDF });
    expect(await call(STAFF, 'rulesDocument', { estateId: 'hemu', draftId: 'rd-missing' })).toMatchObject({ ok: false, error: { code: 'RULES_DRAFT_NOT_FOUND' } });
  });

  it('answers coded errors for a version without a document, a document too large, and a file gone', async () => {
    const bare = (await draft(STAFF, edited, false)).draft;
    expect(await call(STAFF, 'rulesDocument', { estateId: 'hemu', draftId: bare.draftId })).toMatchObject({ ok: false, error: { code: 'RULES_DOCUMENT_MISSING' } });
    // activation needs a document, so versions without one (or with an oversized one) are written directly
    const stored = (await env.storage.get<RulesDraftDoc>(RULES_DRAFTS, bare.draftId))!.data;
    const version = (versionNo: number, document: { fileId: string; fileName: string } | null) =>
      env.storage.transaction((tx) => tx.create(RULES_VERSIONS, rulesVersionId('hemu', versionNo), { estateId: 'hemu', versionNo, rules: stored.rules, fingerprint: stored.fingerprint, document, note: '', activatedAt: TEST_NOW }));
    await version(1, null);
    expect(await call('demo-owner', 'rulesDocument', { estateId: 'hemu', versionNo: 1 })).toMatchObject({
      ok: false,
      error: { code: 'RULES_DOCUMENT_MISSING', message: '这一版议事规则没有附原件，请向业委会或社区居委会索取' },
    });
    const big = await env.ports.files.put(`uploads/${STAFF}/big.pdf`, new Uint8Array(5 * 1024 * 1024 + 1), 'application/pdf');
    await version(2, { fileId: big.fileId, fileName: '扫描件.pdf' });
    expect(await call('demo-owner', 'rulesDocument', { estateId: 'hemu', versionNo: 2 })).toMatchObject({
      ok: false,
      error: { code: 'RULES_DOCUMENT_TOO_LARGE', message: '原件超过 5 MB，无法在线打开，请向业委会或社区居委会索取' },
    });
    await env.ports.files.remove?.(big.fileId);
    expect(await call('demo-owner', 'rulesDocument', { estateId: 'hemu', versionNo: 2 })).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
  });
});
