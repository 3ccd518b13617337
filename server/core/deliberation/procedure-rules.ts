import {
  RULE_DAY_RANGES,
  RULE_FIELDS,
  RULE_FIELD_LABELS,
  RULE_MODERATOR_ROLES,
  RULE_OPENER_ROLES,
  ruleValue,
  type ProcedureRules,
  type RuleField,
} from '../../../types/procedure-rules';
import { fieldError, type FieldError } from '../../../types/errors';
import { canonicalJson } from '../canonical-json';

/**
 * Rules of procedure (议事规则), the pure part (DOMAIN §4): canonical form, validation of a version beyond what
 * the schema checks per field, the content fingerprint and the field-by-field difference the activation
 * preview shows. Storage and audit live in server/app/deliberation/rules-*.ts.
 */

/** The original document (the text the owners' assembly adopted), an upload. */
export interface RulesDocument {
  fileId: string;
  fileName: string;
}

/** Role lists in one fixed order without repeats, so the same rules always have the same fingerprint. */
export function canonicalRules(rules: ProcedureRules): ProcedureRules {
  const ordered = <R extends string>(order: readonly R[], list: readonly R[]) => order.filter((r) => list.includes(r));
  return {
    ...rules,
    whoMayOpenTopics: ordered(RULE_OPENER_ROLES, rules.whoMayOpenTopics),
    moderation: { ...rules.moderation, moderators: ordered(RULE_MODERATOR_ROLES, rules.moderation.moderators) },
  };
}

/**
 * Checks across fields, and the ranges again (the core does not trust that a schema ran): the voting window's
 * minimum is not above its maximum, a temporary meeting's notice is not longer than the ordinary one, online-only
 * voting still gives paper on request (Hangzhou Art. 20), a proxy always needs a written mandate (Shanghai Art. 18).
 * Returns coded field errors (`rules.<field>`), empty when the version is sound.
 */
export function validateRules(rules: ProcedureRules, prefix = 'rules.'): FieldError[] {
  const errors: FieldError[] = [];
  const at = (f: RuleField) => `${prefix}${f}`;
  for (const [field, range] of Object.entries(RULE_DAY_RANGES) as [keyof typeof RULE_DAY_RANGES, { min: number; max: number }][]) {
    const v = rules[field];
    const label = RULE_FIELD_LABELS[field];
    if (!Number.isInteger(v)) errors.push(fieldError(at(field), 'FIELD_INVALID', { label }));
    else if (v < range.min) errors.push(fieldError(at(field), 'FIELD_TOO_SMALL', { label, minimum: range.min }));
    else if (v > range.max) errors.push(fieldError(at(field), 'FIELD_TOO_BIG', { label, maximum: range.max }));
  }
  if (rules.votingWindowMinDays > rules.votingWindowMaxDays) {
    errors.push(fieldError(at('votingWindowMinDays'), 'RULES_WINDOW_ORDER', { max: rules.votingWindowMaxDays }));
  }
  if (rules.temporaryMeetingAllowed && rules.temporaryMeetingNoticeDays > rules.noticeDays) {
    errors.push(fieldError(at('temporaryMeetingNoticeDays'), 'RULES_TEMPORARY_NOTICE_TOO_LONG', { noticeDays: rules.noticeDays }));
  }
  if (rules.channels === 'online' && !rules.paperOnRequest) errors.push(fieldError(at('paperOnRequest'), 'RULES_PAPER_REQUIRED'));
  if (rules.proxyAllowed && !rules.mandateRequired) errors.push(fieldError(at('mandateRequired'), 'RULES_MANDATE_REQUIRED'));
  const roles = (field: RuleField, list: readonly string[], allowed: readonly string[]) => {
    const label = RULE_FIELD_LABELS[field];
    if (list.length === 0) errors.push(fieldError(at(field), 'FIELD_REQUIRED', { label }));
    else if (list.some((r) => !allowed.includes(r))) errors.push(fieldError(at(field), 'FIELD_NOT_ALLOWED', { label }));
  };
  roles('whoMayOpenTopics', rules.whoMayOpenTopics, RULE_OPENER_ROLES);
  roles('moderation.moderators', rules.moderation.moderators, RULE_MODERATOR_ROLES);
  return errors;
}

/** What a draft or version commits to: the rules, the original document, the change note. */
export interface RulesContent {
  rules: ProcedureRules;
  document: RulesDocument | null;
  note: string;
}

/** The text whose sha256 is the content fingerprint: canonical JSON of the canonical content. */
export function rulesFingerprintText(content: RulesContent): string {
  return canonicalJson({
    rules: canonicalRules(content.rules),
    document: content.document ? { fileId: content.document.fileId, fileName: content.document.fileName } : null,
    note: content.note,
  });
}

export interface RuleChange {
  field: RuleField;
  from: unknown;
  to: unknown;
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The fields whose values differ, in display order. */
export function diffRules(from: ProcedureRules, to: ProcedureRules): RuleChange[] {
  const a = canonicalRules(from);
  const b = canonicalRules(to);
  return RULE_FIELDS.filter((f) => !same(ruleValue(a, f), ruleValue(b, f))).map((field) => ({ field, from: ruleValue(a, field), to: ruleValue(b, field) }));
}

// ───────────────────────── versions: draft → active → superseded ─────────────────────────

/** An activated version: never changed once written (the collection is append-only). */
export interface ActivatedVersion extends RulesContent {
  versionNo: number;
  fingerprint: string;
  activatedAt: string;
  activatedBy: string;
  draftId: string;
}

export interface RulesDraft extends RulesContent {
  /** 'discarded': given up by its editors; kept (audited), never shown or activated */
  status: 'draft' | 'activated' | 'discarded';
  fingerprint: string;
  /** the version this draft became */
  activatedVersionNo?: number;
}

export type ActivationRefusal =
  | { code: 'RULES_NOT_DRAFT' }
  | { code: 'RULES_DRAFT_CHANGED' }
  | { code: 'RULES_VERSION_MOVED'; version: number }
  | { code: 'RULES_UNCHANGED' }
  | { code: 'RULES_DOCUMENT_REQUIRED' }
  | { code: 'VALIDATION_FAILED'; fields: FieldError[] };

/**
 * Decide an activation: the draft as previewed (its fingerprint) against the active version as previewed
 * (its number). Returns the version to write or why not. The previous active version is not touched: it becomes
 * superseded because the estate's head points past it.
 */
export function planActivation(args: {
  draftId: string;
  draft: RulesDraft;
  active: ActivatedVersion | null;
  expected: { fingerprint: string; activeVersionNo: number };
  at: string;
  by: string;
}): { ok: true; version: ActivatedVersion } | { ok: false; refusal: ActivationRefusal } {
  const { draft, active, expected } = args;
  const refuse = (refusal: ActivationRefusal) => ({ ok: false as const, refusal });
  if (draft.status !== 'draft') return refuse({ code: 'RULES_NOT_DRAFT' });
  if (draft.fingerprint !== expected.fingerprint) return refuse({ code: 'RULES_DRAFT_CHANGED' });
  const activeNo = active?.versionNo ?? 0;
  if (activeNo !== expected.activeVersionNo) return refuse({ code: 'RULES_VERSION_MOVED', version: activeNo });
  if (!draft.document) return refuse({ code: 'RULES_DOCUMENT_REQUIRED' });
  const fields = validateRules(draft.rules);
  if (fields.length) return refuse({ code: 'VALIDATION_FAILED', fields });
  if (active && diffRules(active.rules, draft.rules).length === 0 && active.document?.fileId === draft.document.fileId) {
    return refuse({ code: 'RULES_UNCHANGED' });
  }
  return {
    ok: true,
    version: {
      rules: canonicalRules(draft.rules),
      document: { ...draft.document },
      note: draft.note,
      versionNo: activeNo + 1,
      fingerprint: draft.fingerprint,
      activatedAt: args.at,
      activatedBy: args.by,
      draftId: args.draftId,
    },
  };
}
