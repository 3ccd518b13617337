/**
 * View logic of the rules-of-procedure page (议事规则, packages/staff/deliberation/rules): the active rules in
 * plain Chinese with their basis (依据), the draft form, the activation preview. Labels come from the zod-free
 * module types/procedure-rules.ts; only types come from the contract.
 */
import type { DefaultRulesView, GetRulesOutput, PreviewRulesOutput, RulesDraftView, RulesVersionView, SaveRulesDraftInput } from '../../types/deliberation-rules';
import type { FieldError } from '../../types/errors';
import {
  DEFAULT_RULES,
  DEFAULT_RULE_SOURCES,
  HIDDEN_SHOWS,
  HIDDEN_SHOWS_LABELS,
  NON_VOTER_HANDLINGS,
  NON_VOTER_LABELS,
  RULE_CHANNELS,
  RULE_CHANNEL_LABELS,
  RULE_DAY_RANGES,
  RULE_FIELDS,
  RULE_FIELD_LABELS,
  RULE_MODERATOR_ROLES,
  RULE_OPENER_ROLES,
  RULE_ROLE_NAMES,
  RULES_DRAFT_LABELS,
  RULES_STATUS_LABELS,
  ruleValue,
  ruleValueText,
  type ProcedureRules,
  type RuleDayField,
  type RuleField,
} from '../../types/procedure-rules';
import { formatShanghai } from '../../types/time';

export const RULES_TEXT = {
  pageTitle: '议事规则',
  activeTitle: '现行议事规则',
  defaultLine: '本小区尚未启用经业主大会通过的议事规则，暂按默认规则执行。默认规则的每一项都依据法规设定。',
  basisLabel: '依据',
  documentLine: (name: string) => `原件：${name}`,
  openDocument: '查看原件',
  openingDocument: '正在打开…',
  historyTitle: '历史版本',
  noHistory: '还没有被替换的版本',
  draftsTitle: '草稿',
  noDrafts: '没有草稿。修订议事规则时，先新建草稿，预览与现行规则的差异后再启用。',
  newDraft: '新建草稿',
  editDraft: '修改',
  previewDraft: '预览差异',
  discardDraft: '放弃草稿',
  formTitle: '编辑草稿',
  changeNote: RULES_DRAFT_LABELS.changeNote,
  changeNoteHint: '例如：业主大会 2026 年第 1 次会议通过，公告期改为 20 天',
  document: RULES_DRAFT_LABELS.documentFileId,
  documentHint: '上传业主大会通过的议事规则文本（PDF、Word 或照片），启用时必须附原件',
  pickDocument: '选择原件文件',
  replaceDocument: '更换原件',
  uploading: '正在上传…',
  noDocument: '还没有上传原件',
  /** after a refused save: the server deletes the upload a refused request named (server/app/handler.ts) */
  documentDiscarded: '。刚才选择的原件没有保存，请改正后重新选择原件文件',
  save: '保存草稿',
  saving: '正在保存…',
  saved: '草稿已保存',
  cancel: '取消',
  previewTitle: '启用前预览',
  previewIntro: (active: number, next: number) =>
    active === 0 ? `启用后成为第 ${next} 版，替换默认规则。以下是与默认规则不同的项目：` : `启用后成为第 ${next} 版，第 ${active} 版同时废止。以下是与第 ${active} 版不同的项目：`,
  noChanges: '与现行规则没有不同的项目',
  documentChangeLabel: '议事规则原件',
  noDocumentName: '无',
  from: '原来',
  to: '改为',
  problemsTitle: '启用前需要处理',
  confirm: '确认启用',
  confirming: '正在启用…',
  activated: (n: number) => `已启用第 ${n} 版议事规则`,
  readOnly: '你可以查看本小区的议事规则；修订和启用由业委会或社区居委会办理，物业服务企业不能修改。',
  frozenNote: '已发布表决公告的议题按公告时的规则版本执行，之后修订规则不影响这些议题。',
  days: '天',
} as const;

export const RULES_ROUTE = '/packages/staff/deliberation/rules/index';

export interface RuleRow {
  field: RuleField;
  label: string;
  value: string;
  basis: string;
}

type ActiveView = GetRulesOutput['active'];

/** "现行：第 2 版（2026-11-23 启用）" or the default line. */
export function activeHeader(active: ActiveView): string {
  if (active.isDefault) return RULES_TEXT.defaultLine;
  return `第 ${active.versionNo} 版 · ${formatShanghai(active.activatedAt, 'YYYY年M月D日')}启用`;
}

/**
 * A source as a reader sees it: articles as 第 N 条, without the pointer into our own domain notes
 * ("物业管理条例 Art. 14；北京 Art. 35 (DOMAIN §4)" → "物业管理条例 第 14 条；北京 第 35 条").
 */
export function basisText(source: string): string {
  return source
    .replace(/\s*\((DOMAIN §\d+(；DOMAIN §\d+)?|DOMAIN §\d+；issue 10|issue 10)\)/g, '')
    .replace(/Art\. (\d+)/g, '第 $1 条')
    .trim();
}

/**
 * Every field in plain Chinese with its basis: a value the estate left at the default cites the default's
 * source; a value its own rules changed cites the version (and its original document).
 */
export function ruleRows(active: ActiveView | RulesVersionView | DefaultRulesView): RuleRow[] {
  const sameAsDefault = (f: RuleField) => JSON.stringify(ruleValue(active.rules, f)) === JSON.stringify(ruleValue(DEFAULT_RULES, f));
  const own = active.isDefault ? '' : `本小区议事规则第 ${active.versionNo} 版${active.document ? `（${RULES_TEXT.documentLine(active.document.fileName)}）` : ''}`;
  return RULE_FIELDS.map((field) => ({
    field,
    label: RULE_FIELD_LABELS[field],
    value: ruleValueText(active.rules, field),
    basis: active.isDefault || sameAsDefault(field) ? basisText(DEFAULT_RULE_SOURCES[field]) : own,
  }));
}

export function historyLine(v: RulesVersionView): string {
  const until = v.supersededAt ? `，${formatShanghai(v.supersededAt, 'YYYY年M月D日')}废止` : '';
  return `第 ${v.versionNo} 版 · ${formatShanghai(v.activatedAt, 'YYYY年M月D日')}启用${until}（${RULES_STATUS_LABELS[v.status]}）`;
}

export function draftLine(d: RulesDraftView): string {
  const note = d.changeNote ? `：${d.changeNote.slice(0, 40)}` : '';
  return `${formatShanghai(d.updatedAt, 'M月D日 HH:mm')} 保存${note}`;
}

// ───────────────────────── the draft form ─────────────────────────

export interface RulesForm {
  draftId: string | null;
  /** the fingerprint of the draft as loaded (sent back so a colleague's edit meanwhile is refused) */
  baseFingerprint: string | null;
  rules: ProcedureRules;
  /** day fields as typed (text), parsed on save */
  dayText: Record<RuleDayField, string>;
  changeNote: string;
  /** the document the draft has, or the one just uploaded */
  document: { fileName: string } | null;
  /** the caller's own upload made in this form (sent as documentFileId); null keeps the draft's document */
  newDocumentFileId: string | null;
}

const DAY_FIELDS = Object.keys(RULE_DAY_RANGES) as RuleDayField[];

const dayTextOf = (rules: ProcedureRules) => Object.fromEntries(DAY_FIELDS.map((f) => [f, String(rules[f])])) as Record<RuleDayField, string>;

const copyRules = (r: ProcedureRules): ProcedureRules => ({ ...r, whoMayOpenTopics: [...r.whoMayOpenTopics], moderation: { ...r.moderation, moderators: [...r.moderation.moderators] } });

/** A new draft starts from the active rules (or the default template); an existing one from itself. */
export function formFor(data: Pick<GetRulesOutput, 'active'>, draft?: RulesDraftView): RulesForm {
  const rules = copyRules(draft ? draft.rules : data.active.rules);
  return {
    draftId: draft?.draftId ?? null,
    baseFingerprint: draft?.fingerprint ?? null,
    rules,
    dayText: dayTextOf(rules),
    changeNote: draft?.changeNote ?? '',
    document: draft?.document ?? null,
    newDocumentFileId: null,
  };
}

export type FormAction =
  | { type: 'channel'; value: ProcedureRules['channels'] }
  | { type: 'toggle'; field: 'paperOnRequest' | 'temporaryMeetingAllowed' | 'proxyAllowed' | 'mandateRequired' | 'ballotChangeAllowed' | 'prereviewRequired'; value: boolean }
  | { type: 'days'; field: RuleDayField; text: string }
  | { type: 'nonVoter'; value: ProcedureRules['nonVoterHandling'] }
  | { type: 'opener'; role: (typeof RULE_OPENER_ROLES)[number] }
  | { type: 'moderator'; role: (typeof RULE_MODERATOR_ROLES)[number] }
  | { type: 'hiddenShows'; value: ProcedureRules['moderation']['hiddenShows'] }
  | { type: 'note'; text: string }
  | { type: 'document'; fileId: string; fileName: string }
  /** a save was refused: the server deleted the upload it named, so the form goes back to the draft's own document */
  | { type: 'uploadDiscarded'; document: { fileName: string } | null };

const toggleIn = <R extends string>(order: readonly R[], list: readonly R[], role: R): R[] =>
  list.includes(role) ? list.filter((r) => r !== role) : order.filter((r) => r === role || list.includes(r));

export function formReducer(form: RulesForm, a: FormAction): RulesForm {
  const rules = form.rules;
  switch (a.type) {
    case 'channel':
      return { ...form, rules: { ...rules, channels: a.value } };
    case 'toggle': {
      const next = { ...rules, [a.field]: a.value };
      // a proxy always needs a written mandate (Shanghai Art. 18): switching proxies on switches the mandate on
      if (a.field === 'proxyAllowed' && a.value) next.mandateRequired = true;
      return { ...form, rules: next };
    }
    case 'days': {
      const text = a.text.replace(/[^\d]/g, '').slice(0, 3);
      const n = text === '' ? NaN : Number(text);
      return { ...form, dayText: { ...form.dayText, [a.field]: text }, rules: { ...rules, [a.field]: n } };
    }
    case 'nonVoter':
      return { ...form, rules: { ...rules, nonVoterHandling: a.value } };
    case 'opener':
      return { ...form, rules: { ...rules, whoMayOpenTopics: toggleIn(RULE_OPENER_ROLES, rules.whoMayOpenTopics, a.role) } };
    case 'moderator':
      return { ...form, rules: { ...rules, moderation: { ...rules.moderation, moderators: toggleIn(RULE_MODERATOR_ROLES, rules.moderation.moderators, a.role) } } };
    case 'hiddenShows':
      return { ...form, rules: { ...rules, moderation: { ...rules.moderation, hiddenShows: a.value } } };
    case 'note':
      return { ...form, changeNote: a.text };
    case 'document':
      return { ...form, document: { fileName: a.fileName }, newDocumentFileId: a.fileId };
    case 'uploadDiscarded':
      return form.newDocumentFileId ? { ...form, document: a.document, newDocumentFileId: null } : form;
  }
}

/** Field errors the page can show before sending (empty day fields); the server checks everything else. */
export function formProblems(form: RulesForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of DAY_FIELDS) if (form.dayText[f] === '') out[`rules.${f}`] = `${RULE_FIELD_LABELS[f]}不能为空`;
  return out;
}

/** The saveRulesDraft input for the form. */
export function saveInput(estateId: string, form: RulesForm): SaveRulesDraftInput {
  return {
    estateId,
    ...(form.draftId ? { draftId: form.draftId, baseFingerprint: form.baseFingerprint ?? undefined } : {}),
    rules: form.rules,
    changeNote: form.changeNote,
    ...(form.document && form.newDocumentFileId ? { documentFileId: form.newDocumentFileId, documentName: form.document.fileName } : {}),
  };
}

/** Server field errors keyed by field ("rules.noticeDays", "documentFileId"), first message per field. */
export function fieldMessages(fields: readonly FieldError[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields ?? []) if (!(f.field in out)) out[f.field] = f.message;
  return out;
}

/** Choices the form offers, with their Chinese names. */
export const RULE_CHOICES = {
  channels: RULE_CHANNELS.map((value) => ({ value, label: RULE_CHANNEL_LABELS[value] })),
  nonVoter: NON_VOTER_HANDLINGS.map((value) => ({ value, label: NON_VOTER_LABELS[value] })),
  hiddenShows: HIDDEN_SHOWS.map((value) => ({ value, label: HIDDEN_SHOWS_LABELS[value] })),
  openers: RULE_OPENER_ROLES.map((role) => ({ role, label: RULE_ROLE_NAMES[role] })),
  moderators: RULE_MODERATOR_ROLES.map((role) => ({ role, label: RULE_ROLE_NAMES[role] })),
  days: DAY_FIELDS.map((field) => ({ field, label: RULE_FIELD_LABELS[field], hint: `${RULE_DAY_RANGES[field].min}–${RULE_DAY_RANGES[field].max} ${RULES_TEXT.days}` })),
};

// ───────────────────────── the activation preview ─────────────────────────

export interface ChangeRow {
  field: RuleField;
  label: string;
  from: string;
  to: string;
}

/** The preview's changes in words; `fromRules` is the active version (or the default), `toRules` the draft. */
export function changeRows(preview: PreviewRulesOutput, fromRules: ProcedureRules, toRules: ProcedureRules): ChangeRow[] {
  return preview.changes.map((c) => ({ field: c.field, label: RULE_FIELD_LABELS[c.field], from: ruleValueText(fromRules, c.field), to: ruleValueText(toRules, c.field) }));
}

/** The replaced original as one more change row (names only), or null. */
export function documentChangeRow(preview: PreviewRulesOutput): { label: string; from: string; to: string } | null {
  const c = preview.documentChange;
  if (!c) return null;
  return { label: RULES_TEXT.documentChangeLabel, from: c.from ?? RULES_TEXT.noDocumentName, to: c.to ?? RULES_TEXT.noDocumentName };
}

/** What the confirm button may do: only a preview without problems can be confirmed. */
export function canConfirm(preview: PreviewRulesOutput): boolean {
  return preview.problems.length === 0;
}
