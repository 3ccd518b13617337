/**
 * Regressions found by the review of the deliberation work (f175d6b..a99de3a), on both engines. Each case failed
 * before its fix.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { implement } from '../../server/app/action';
import { rulesHandlers } from '../../server/app/deliberation/rules-handlers';
import { createCloudFunction } from '../../server/app/handler';
import { recordUpload } from '../../server/app/upload-records';
import { defineCapability } from '../../types/contract';
import { deliberation } from '../../types/deliberation';
import { rulesActions, rulesLabels, type ActivateRulesOutput, type PreviewRulesOutput, type RulesDocumentOutput, type SaveRulesDraftOutput } from '../../types/deliberation-rules';
import { DEFAULT_RULES } from '../../types/procedure-rules';
import { freshEnv, type TestEnv } from '../support/ports';
import { callerOf, okOf as ok, refusalOf as refused } from '../support/handler-client';

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const STAFF = 'demo-community-staff';
let uploads = 0;
async function upload(openid: string, name = 'rules.pdf'): Promise<string> {
  const bytes = new TextEncoder().encode('%PDF-1.4 rules');
  const { fileId } = await env.ports.files.put(`uploads/${openid}/${++uploads}-${name}`, bytes, 'application/pdf');
  await recordUpload(env.ports, openid, fileId, bytes.length); // as the gateway does
  return fileId;
}

describe('a refused action never deletes an upload that something already keeps', () => {
  const rulesPart = defineCapability('deliberation', { labels: { ...deliberation.labels, ...rulesLabels }, actions: rulesActions });
  const call = callerOf(createCloudFunction(implement(rulesPart, rulesHandlers), runtimePorts));

  it('keeps the active rules’ original document when a refused draft names the same file', async () => {
    const fileId = await upload(STAFF);
    const rules = { ...DEFAULT_RULES, noticeDays: 20 };
    const d = (await ok<SaveRulesDraftOutput>(call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules, changeNote: '', documentFileId: fileId }))).draft;
    const p = await ok<PreviewRulesOutput>(call(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: d.draftId }));
    await ok<ActivateRulesOutput>(call(STAFF, 'activateRules', { estateId: 'hemu', draftId: d.draftId, fingerprint: p.fingerprint, activeVersionNo: 0 }));

    // a new draft naming the active version's document, refused by validation
    const bad = { ...DEFAULT_RULES, votingWindowMinDays: 30, votingWindowMaxDays: 10 };
    expect(await refused(call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules: bad, changeNote: '', documentFileId: fileId }))).toMatchObject({ code: 'VALIDATION_FAILED' });

    expect(await env.ports.files.get(fileId)).not.toBeNull();
    expect(await ok<RulesDocumentOutput>(call('demo-owner', 'rulesDocument', { estateId: 'hemu', versionNo: 1 }))).toMatchObject({ fileName: expect.any(String) });
  });

  it('still deletes a fresh upload of a refused action', async () => {
    const fileId = await upload(STAFF);
    const bad = { ...DEFAULT_RULES, votingWindowMinDays: 30, votingWindowMaxDays: 10 };
    expect(await refused(call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules: bad, changeNote: '', documentFileId: fileId }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await env.ports.files.get(fileId)).toBeNull();
  });
});
