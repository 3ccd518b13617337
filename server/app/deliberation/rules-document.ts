import type { RulesDocumentInput, RulesDocumentOutput } from '../../../types/deliberation-rules';
import { allows } from '../../core/identity/permissions';
import { AppError } from '../../core/errors';
import type { ActionContext } from '../action';
import { RULES_DRAFTS, RULES_VERSIONS, rulesVersionId, type RulesDraftDoc, type RulesVersionDoc } from './rules-store';

/** Larger originals are not sent inline (a data URL of a cloud-function response). */
export const RULES_DOCUMENT_MAX_MB = 5;

const DOCUMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/**
 * `rulesDocument`: the original document (原件) of a rules version as a data URL. Any member of the estate reads
 * an activated version's (active or superseded, SPC Art. 13); a draft's only those who manage the rules. The
 * stored fileId (the uploader's private path) never leaves the server. A read: not audited.
 */
export async function rulesDocument({ ports, member }: ActionContext, input: RulesDocumentInput): Promise<RulesDocumentOutput> {
  const { storage, files } = ports;
  let document: { fileId: string; fileName: string } | null;
  if (input.draftId !== undefined) {
    // drafts are invisible to those who do not manage the rules (getRules lists none for them): not found, as for a missing one
    const canManage = !!member && allows(member.roles, 'deliberation.manageRules');
    const draft = canManage ? await storage.get<RulesDraftDoc>(RULES_DRAFTS, input.draftId) : null;
    if (!draft || draft.data.estateId !== input.estateId) throw new AppError('RULES_DRAFT_NOT_FOUND');
    document = draft.data.document;
  } else {
    const version = input.versionNo === undefined ? null : await storage.get<RulesVersionDoc>(RULES_VERSIONS, rulesVersionId(input.estateId, input.versionNo));
    if (!version || version.data.estateId !== input.estateId) throw new AppError('RULES_VERSION_NOT_FOUND');
    document = version.data.document;
  }
  if (!document) throw new AppError('RULES_DOCUMENT_MISSING');
  const bytes = await files.get(document.fileId);
  if (!bytes) throw new AppError('FILE_NOT_FOUND');
  if (bytes.length > RULES_DOCUMENT_MAX_MB * 1024 * 1024) throw new AppError('RULES_DOCUMENT_TOO_LARGE', { maxMb: RULES_DOCUMENT_MAX_MB });
  const type = DOCUMENT_TYPES[document.fileId.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
  return { fileName: document.fileName, dataUrl: `data:${type};base64,${Buffer.from(bytes).toString('base64')}` };
}
