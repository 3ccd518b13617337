import type { ActivateRulesInput, ActivateRulesOutput, PreviewRulesInput, PreviewRulesOutput } from '../../../types/deliberation-rules';
import { fieldError } from '../../../types/errors';
import { diffRules, planActivation, validateRules, type ActivationRefusal } from '../../core/deliberation/procedure-rules';
import { AppError } from '../../core/errors';
import { DuplicateKeyError } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { activeVersion, DEFAULT_CONTENT, RULES_DRAFTS, RULES_HEADS, RULES_VERSIONS, rulesVersionId, versionView, type ByIdReader, type RulesDraftDoc, type RulesHeadDoc, type RulesVersionDoc } from './rules-store';

async function loadDraft(reader: ByIdReader, estateId: string, draftId: string) {
  const draft = await reader.get<RulesDraftDoc>(RULES_DRAFTS, draftId);
  if (!draft || draft.data.estateId !== estateId || draft.data.status === 'discarded') throw new AppError('RULES_DRAFT_NOT_FOUND');
  return draft;
}

function refusalError(r: ActivationRefusal): AppError {
  switch (r.code) {
    case 'RULES_VERSION_MOVED':
      return new AppError('RULES_VERSION_MOVED', { version: r.version });
    case 'VALIDATION_FAILED':
      return new AppError('VALIDATION_FAILED', undefined, r.fields);
    default:
      return new AppError(r.code);
  }
}

/**
 * `previewRulesActivation`: the draft field by field against the active version (or the default template), what
 * would stop its activation, and the fingerprint and active version number to confirm with. Writes nothing.
 */
export async function previewRulesActivation({ ports }: ActionContext, input: PreviewRulesInput): Promise<PreviewRulesOutput> {
  const { storage } = ports;
  const draft = await loadDraft(storage, input.estateId, input.draftId);
  if (draft.data.status !== 'draft') throw new AppError('RULES_NOT_DRAFT');
  const current = await activeVersion(storage, input.estateId);
  const activeNo = current?.version.data.versionNo ?? 0;
  const base = current ? current.version.data.rules : DEFAULT_CONTENT.rules;
  const problems = validateRules(draft.data.rules);
  if (!draft.data.document) problems.push(fieldError('documentFileId', 'RULES_DOCUMENT_REQUIRED'));
  const changes = diffRules(base, draft.data.rules);
  const activeDoc = current?.version.data.document ?? null;
  const draftDoc = draft.data.document;
  const documentChange = activeDoc?.fileId === draftDoc?.fileId ? null : { from: activeDoc?.fileName ?? null, to: draftDoc?.fileName ?? null };
  if (current && changes.length === 0 && current.version.data.document?.fileId === draft.data.document?.fileId) {
    problems.push(fieldError('rules', 'RULES_UNCHANGED'));
  }
  return {
    draftId: draft.id,
    fingerprint: draft.data.fingerprint,
    activeVersionNo: activeNo,
    nextVersionNo: activeNo + 1,
    changes,
    documentChange,
    problems,
    documentMissing: !draft.data.document,
  };
}

/**
 * `activateRules`: the previewed draft becomes the active version in ONE transaction: the new version document
 * (append-only: never changed again), the draft marked activated, the estate's head moved (which supersedes the
 * previous version without touching it), and the audit entry. Refused when the draft changed after the preview
 * (fingerprint), when another version was activated meanwhile (active number), or when two confirms race (the
 * version id is taken: a duplicate key, decided by the engine).
 */
export async function activateRules({ ports, caller }: ActionContext, input: ActivateRulesInput): Promise<ActivateRulesOutput> {
  const { storage, clock } = ports;
  const at = clock.now().toISOString();
  try {
    return await storage.transaction(async (tx) => {
      const draft = await loadDraft(tx, input.estateId, input.draftId);
      const head = await tx.get<RulesHeadDoc>(RULES_HEADS, input.estateId);
      const current = head && head.data.activeVersionNo > 0 ? await tx.get<RulesVersionDoc>(RULES_VERSIONS, rulesVersionId(input.estateId, head.data.activeVersionNo)) : null;
      const plan = planActivation({
        draftId: draft.id,
        draft: draft.data,
        active: current?.data ?? null,
        expected: { fingerprint: input.fingerprint, activeVersionNo: input.activeVersionNo },
        at,
        by: caller.openid,
      });
      if (!plan.ok) throw refusalError(plan.refusal);
      const v = plan.version;
      const created = await tx.create<RulesVersionDoc>(RULES_VERSIONS, rulesVersionId(input.estateId, v.versionNo), { estateId: input.estateId, ...v });
      await tx.update<RulesDraftDoc>(RULES_DRAFTS, draft.id, draft.version, { ...draft.data, status: 'activated', activatedVersionNo: v.versionNo, activatedAt: at });
      const headDoc: RulesHeadDoc = { estateId: input.estateId, activeVersionNo: v.versionNo, activatedAt: at };
      if (head) await tx.update(RULES_HEADS, input.estateId, head.version, headDoc);
      else await tx.create(RULES_HEADS, input.estateId, headDoc);
      await appendAudit(tx, ports, {
        estateId: input.estateId,
        actor: caller.openid,
        action: 'rules.activated',
        subject: `${RULES_VERSIONS}/${created.id}`,
        data: {
          versionNo: v.versionNo,
          fingerprint: v.fingerprint,
          draftId: draft.id,
          document: v.document?.fileName ?? null,
          supersededVersionNo: current?.data.versionNo ?? null,
          supersededFingerprint: current?.data.fingerprint ?? null,
          changedFields: diffRules(current?.data.rules ?? DEFAULT_CONTENT.rules, v.rules).map((c) => c.field),
        },
      });
      return { active: versionView(created.data, v.versionNo, null) };
    });
  } catch (err) {
    if (err instanceof DuplicateKeyError && err.collection === RULES_VERSIONS) {
      const now = await activeVersion(storage, input.estateId);
      throw new AppError('RULES_VERSION_MOVED', { version: now?.version.data.versionNo ?? 0 });
    }
    throw err;
  }
}
