import type { DiscardRulesDraftInput, DiscardRulesDraftOutput, SaveRulesDraftInput, SaveRulesDraftOutput } from '../../../types/deliberation-rules';
import { canonicalRules, validateRules, type RulesDocument } from '../../core/deliberation/procedure-rules';
import { AppError } from '../../core/errors';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { ESTATES } from '../identity/records';
import { isOwnUpload } from '../uploads';
import { RULES_MAX_DRAFTS } from './rules-get';
import { draftView, RULES_DRAFTS, rulesFingerprint, type RulesDraftDoc } from './rules-store';

const DEFAULT_DOCUMENT_NAME = '议事规则原件';

/** The file name shown for the original: the one given, else the last part of the upload path. */
function documentNameOf(fileId: string, given: string | undefined): string {
  if (given) return given;
  const last = fileId.split('/').pop() ?? '';
  return last.length > 0 && last.length <= 120 ? last : DEFAULT_DOCUMENT_NAME;
}

/**
 * `saveRulesDraft`: create a draft, or change one (the editor names the fingerprint of the draft as loaded; a draft
 * someone changed meanwhile is refused). The content is validated across fields (server/core/deliberation/
 * procedure-rules.ts). A document just uploaded must be the caller's own and exist; without one the draft keeps
 * its document. Audited ('rules.draftCreated' / 'rules.draftSaved') with the new fingerprint.
 */
export async function saveRulesDraft({ ports, caller }: ActionContext, input: SaveRulesDraftInput): Promise<SaveRulesDraftOutput> {
  const { storage, clock, crypto, files } = ports;
  const fields = validateRules(input.rules);
  if (fields.length) throw new AppError('VALIDATION_FAILED', undefined, fields);
  if (input.draftId && !input.baseFingerprint) throw AppError.field('baseFingerprint', 'FIELD_REQUIRED', { label: '草稿编号' });
  const estate = await storage.get(ESTATES, input.estateId);
  if (!estate) throw new AppError('ESTATE_NOT_FOUND');

  const existing = input.draftId ? await storage.get<RulesDraftDoc>(RULES_DRAFTS, input.draftId) : null;
  if (input.draftId && (!existing || existing.data.estateId !== input.estateId || existing.data.status === 'discarded')) throw new AppError('RULES_DRAFT_NOT_FOUND');

  let document: RulesDocument | null = existing?.data.document ?? null;
  if (input.documentFileId && input.documentFileId !== document?.fileId) {
    if (!isOwnUpload(input.documentFileId, caller.openid)) throw new AppError('NOT_OWN_UPLOAD');
    if (!(await files.get(input.documentFileId))) throw new AppError('FILE_NOT_FOUND');
    document = { fileId: input.documentFileId, fileName: documentNameOf(input.documentFileId, input.documentName) };
  } else if (document && input.documentName && input.documentFileId === document.fileId) {
    document = { ...document, fileName: input.documentName };
  }
  if (!existing && (await storage.count(RULES_DRAFTS, { estateId: input.estateId, status: 'draft' })) >= RULES_MAX_DRAFTS) {
    throw new AppError('RULES_TOO_MANY_DRAFTS', { max: RULES_MAX_DRAFTS });
  }

  const content = { rules: canonicalRules(input.rules), document, note: input.changeNote };
  const fingerprint = rulesFingerprint(crypto, content);
  const now = clock.now().toISOString();
  const draftId = input.draftId ?? crypto.newId('rd');
  const saved = await storage.transaction(async (tx) => {
    const doc: RulesDraftDoc = {
      estateId: input.estateId,
      status: 'draft',
      ...content,
      fingerprint,
      createdAt: existing?.data.createdAt ?? now,
      createdBy: existing?.data.createdBy ?? caller.openid,
      updatedAt: now,
      updatedBy: caller.openid,
    };
    let stored;
    if (input.draftId) {
      const cur = await tx.get<RulesDraftDoc>(RULES_DRAFTS, draftId);
      if (!cur || cur.data.estateId !== input.estateId || cur.data.status === 'discarded') throw new AppError('RULES_DRAFT_NOT_FOUND');
      if (cur.data.status !== 'draft') throw new AppError('RULES_NOT_DRAFT');
      if (cur.data.fingerprint !== input.baseFingerprint) throw new AppError('RULES_DRAFT_CHANGED');
      stored = await tx.update(RULES_DRAFTS, draftId, cur.version, doc);
    } else {
      stored = await tx.create(RULES_DRAFTS, draftId, doc);
    }
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: input.draftId ? 'rules.draftSaved' : 'rules.draftCreated',
      subject: `${RULES_DRAFTS}/${draftId}`,
      data: { fingerprint, hasDocument: !!document },
    });
    return stored;
  });
  return { draft: draftView(saved.id, saved.data) };
}

/**
 * `discardRulesDraft`: give up a draft (frees a place under RULES_MAX_DRAFTS). Nothing is deleted: the draft is
 * marked 'discarded', no longer listed or activatable, and the discard is audited.
 */
export async function discardRulesDraft({ ports, caller }: ActionContext, input: DiscardRulesDraftInput): Promise<DiscardRulesDraftOutput> {
  const { storage, clock } = ports;
  await storage.transaction(async (tx) => {
    const cur = await tx.get<RulesDraftDoc>(RULES_DRAFTS, input.draftId);
    if (!cur || cur.data.estateId !== input.estateId || cur.data.status === 'discarded') throw new AppError('RULES_DRAFT_NOT_FOUND');
    if (cur.data.status !== 'draft') throw new AppError('RULES_NOT_DRAFT');
    if (cur.data.fingerprint !== input.baseFingerprint) throw new AppError('RULES_DRAFT_CHANGED');
    const now = clock.now().toISOString();
    await tx.update<RulesDraftDoc>(RULES_DRAFTS, input.draftId, cur.version, { ...cur.data, status: 'discarded', updatedAt: now, updatedBy: caller.openid });
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: 'rules.draftDiscarded',
      subject: `${RULES_DRAFTS}/${input.draftId}`,
      data: { fingerprint: cur.data.fingerprint },
    });
  });
  return { draftId: input.draftId };
}
