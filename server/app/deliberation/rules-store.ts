import type { DefaultRulesView, RulesDraftView, RulesVersionView } from '../../../types/deliberation-rules';
import { DEFAULT_RULES, type ProcedureRules } from '../../../types/procedure-rules';
import { canonicalRules, rulesFingerprintText, type ActivatedVersion, type RulesContent, type RulesDraft } from '../../core/deliberation/procedure-rules';
import type { Crypto, StoredDoc, TxStore } from '../../ports';

/**
 * Where the rules of procedure are stored:
 * - `rules_versions` (APPEND-ONLY on both engines, server/app/collections.ts): one document per activated version,
 *   id `<estate>:<n>`; its content can never be updated, so "an active version never changes" holds in storage;
 * - `rules_heads` (id = estate): which version is active; every older version is superseded;
 * - `rules_drafts`: drafts being edited, each with its content fingerprint; activated drafts are kept, marked.
 */
export const RULES_VERSIONS = 'rules_versions';
export const RULES_HEADS = 'rules_heads';
export const RULES_DRAFTS = 'rules_drafts';

export const rulesVersionId = (estateId: string, versionNo: number) => `${estateId}:${versionNo}`;

export interface RulesVersionDoc extends ActivatedVersion, Record<string, unknown> {
  estateId: string;
}

export interface RulesHeadDoc extends Record<string, unknown> {
  estateId: string;
  activeVersionNo: number;
  activatedAt: string;
}

export interface RulesDraftDoc extends RulesDraft, Record<string, unknown> {
  estateId: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  activatedAt?: string;
}

/** The content fingerprint (hex sha256 of the canonical content): drafts, versions and the default template alike. */
export const rulesFingerprint = (crypto: Pick<Crypto, 'sha256'>, content: RulesContent) => crypto.sha256(rulesFingerprintText(content));

/** The default template as content: no document, no note. */
export const DEFAULT_CONTENT: RulesContent = { rules: canonicalRules(DEFAULT_RULES), document: null, note: '' };

/** What governs an estate's topics now (frozen into an announcement by the topics use cases). */
export interface ActiveRules {
  /** true: the estate has activated no version; the default template applies */
  isDefault: boolean;
  /** 0 for the default template */
  versionNo: number;
  /** `rules_versions` id, null for the default template */
  versionId: string | null;
  /** content fingerprint of the version (or of the default template) */
  fingerprint: string;
  rules: ProcedureRules;
  activatedAt: string | null;
}

/** Reads by id only, so storage and a transaction both qualify. */
export type ByIdReader = Pick<TxStore, 'get'>;

/**
 * The estate's active rules of procedure: its active version, or the default template (marked isDefault) when it
 * has none. Reads two documents by id; call it with a transaction to freeze the version an announcement uses.
 */
export async function activeRulesFor(reader: ByIdReader, estateId: string, crypto: Pick<Crypto, 'sha256'>): Promise<ActiveRules> {
  const active = await activeVersion(reader, estateId);
  if (!active) {
    return { isDefault: true, versionNo: 0, versionId: null, fingerprint: rulesFingerprint(crypto, DEFAULT_CONTENT), rules: DEFAULT_CONTENT.rules, activatedAt: null };
  }
  const v = active.version.data;
  return { isDefault: false, versionNo: v.versionNo, versionId: active.version.id, fingerprint: v.fingerprint, rules: v.rules, activatedAt: v.activatedAt };
}

/** The head and the active version document (null when no version was activated). */
export async function activeVersion(reader: ByIdReader, estateId: string): Promise<{ head: StoredDoc<RulesHeadDoc>; version: StoredDoc<RulesVersionDoc> } | null> {
  const head = await reader.get<RulesHeadDoc>(RULES_HEADS, estateId);
  if (!head || head.data.activeVersionNo < 1) return null;
  const version = await reader.get<RulesVersionDoc>(RULES_VERSIONS, rulesVersionId(estateId, head.data.activeVersionNo));
  if (!version) throw new Error(`rules version ${estateId}:${head.data.activeVersionNo} is missing`);
  return { head, version };
}

export function versionView(d: RulesVersionDoc, activeNo: number, supersededAt: string | null): RulesVersionView {
  return {
    isDefault: false,
    versionNo: d.versionNo,
    status: d.versionNo === activeNo ? 'active' : 'superseded',
    rules: d.rules,
    fingerprint: d.fingerprint,
    document: d.document ? { fileName: d.document.fileName } : null,
    changeNote: d.note,
    activatedAt: d.activatedAt,
    supersededAt,
  };
}

export function defaultView(crypto: Pick<Crypto, 'sha256'>): DefaultRulesView {
  return { isDefault: true, versionNo: 0, status: 'active', rules: DEFAULT_CONTENT.rules, fingerprint: rulesFingerprint(crypto, DEFAULT_CONTENT) };
}

export function draftView(id: string, d: RulesDraftDoc): RulesDraftView {
  return {
    draftId: id,
    rules: d.rules,
    changeNote: d.note,
    document: d.document ? { fileName: d.document.fileName } : null,
    fingerprint: d.fingerprint,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}
