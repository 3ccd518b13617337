/**
 * 我要提议 (owners propose a topic): the form as data, what is sent, and where the server's field messages go.
 * No zod here; the server (and the client once the contract is loaded) validates with the shared schema.
 */
import type { ApiError, FieldError } from '../../types/errors';
import { topicLabels, type ProposeTopicInput, type TopicOutput } from '../../types/deliberation';
import { MATTER_NUMBERS, MATTERS, thresholdText, type MatterNumber } from '../../types/matters';
import type { DeliberationApi } from './topic-detail';

export const PROPOSE_TEXT = {
  title: '议题标题',
  titlePlaceholder: '例如：更换1号楼电梯（4–60 字）',
  summary: topicLabels.summary,
  summaryPlaceholder: '为什么提这个议题、想解决什么问题（10–2000 字）',
  scope: '由谁表决',
  scopeEstate: '全体业主',
  scopeBuildings: '指定楼栋的业主',
  scopeHint: '只涉及某几栋楼的共有部分（如电梯、楼顶）时，由这几栋楼的业主表决。',
  items: topicLabels.items,
  itemsHint: '每一项都会单独表决。选择事项类型后，下面会说明需要多少业主同意。',
  itemTitle: '事项名称',
  itemTitlePlaceholder: '例如：更换1号楼两部电梯',
  matter: topicLabels.matter,
  itemDescription: topicLabels.description,
  itemDescriptionPlaceholder: '要做什么、大约花多少钱、钱从哪里来',
  addItem: '再加一项',
  removeItem: '删除这一项',
  petition: '业主联名提议召开临时会议',
  petitionHint: '联名的业主面积和人数都达到 20% 后，业主委员会必须提交业主大会讨论。',
  submit: '提交，等待党支部审查',
  submitting: '正在提交…',
  chooseBuilding: '请至少选择一栋楼',
  chooseMatter: '请选择事项类型',
  submitted: '已提交',
  reviewHint: '提交后由小区党支部先做前置审查，通过后进入协商，大家可以发表意见和提问。',
};

export interface ItemForm {
  title: string;
  matter: MatterNumber | null;
  description: string;
}

export interface ProposeForm {
  title: string;
  summary: string;
  scope: 'estate' | 'buildings';
  buildings: string[];
  items: ItemForm[];
  petition: boolean;
}

export const EMPTY_ITEM: ItemForm = { title: '', matter: null, description: '' };
export const EMPTY_PROPOSAL: ProposeForm = { title: '', summary: '', scope: 'estate', buildings: [], items: [EMPTY_ITEM], petition: false };

/** The nine matters as choices in plain words, each with the rule that decides it. */
export const MATTER_CHOICES = MATTER_NUMBERS.map((n) => ({ matter: n, label: MATTERS[n].shortLabel, rule: thresholdText(n) }));

/** Building names 1..count as the roster writes them. */
export function buildingChoices(count: number): string[] {
  return Array.from({ length: Math.max(0, Math.min(count, 60)) }, (_, i) => String(i + 1));
}

export function toggleBuilding(form: ProposeForm, building: string): ProposeForm {
  const has = form.buildings.includes(building);
  const buildings = has ? form.buildings.filter((b) => b !== building) : [...form.buildings, building];
  return { ...form, buildings: buildings.sort((a, b) => Number(a) - Number(b)) };
}

export function setItem(form: ProposeForm, index: number, patch: Partial<ItemForm>): ProposeForm {
  return { ...form, items: form.items.map((it, i) => (i === index ? { ...it, ...patch } : it)) };
}

export function addItem(form: ProposeForm): ProposeForm {
  return { ...form, items: [...form.items, EMPTY_ITEM] };
}

export function removeItem(form: ProposeForm, index: number): ProposeForm {
  return form.items.length <= 1 ? form : { ...form, items: form.items.filter((_, i) => i !== index) };
}

/** Field key → message. Keys: title, summary, scope, items.<i>.title|matter|description, form. */
export type ProposeErrors = Record<string, string>;

/** Checks the server cannot make for us (a choice not made yet); everything else is the schema's. */
export function localErrors(form: ProposeForm): ProposeErrors {
  const out: ProposeErrors = {};
  if (form.scope === 'buildings' && form.buildings.length === 0) out.scope = PROPOSE_TEXT.chooseBuilding;
  form.items.forEach((it, i) => {
    if (it.matter === null) out[`items.${i}.matter`] = PROPOSE_TEXT.chooseMatter;
  });
  return out;
}

export function proposalInput(estateId: string, form: ProposeForm): ProposeTopicInput {
  return {
    estateId,
    title: form.title,
    summary: form.summary,
    scope: form.scope === 'estate' ? { kind: 'estate' } : { kind: 'buildings', buildings: form.buildings },
    items: form.items.map((it) => ({ title: it.title, matter: it.matter as MatterNumber, description: it.description })),
    ...(form.petition ? { petition: true } : {}),
  };
}

/** The server's messages by field; `scope.buildings.0` and the like go to `scope`; unknown fields to `form`. */
export function proposeErrorsFrom(error: ApiError): ProposeErrors {
  const out: ProposeErrors = {};
  const other: string[] = [];
  for (const f of error.fields ?? ([] as FieldError[])) {
    const key = f.field.startsWith('scope') ? 'scope' : /^(title|summary)$/.test(f.field) || /^items\.\d+\.(title|matter|description)$/.test(f.field) ? f.field : f.field === 'items' ? 'form' : null;
    if (key && key !== 'form') out[key] ??= f.message;
    else if (!other.includes(f.message)) other.push(f.message);
  }
  if (!error.fields?.length) {
    if (error.code === 'SCOPE_BUILDING_UNKNOWN' || error.code === 'SCOPE_EMPTY') out.scope = error.message;
    else other.push(error.message);
  }
  if (other.length) out.form = other.join('；');
  return out;
}

export type ProposeOutcome = { ok: true; topic: TopicOutput['topic'] } | { ok: false; errors: ProposeErrors };

export async function submitProposal(api: DeliberationApi, estateId: string, form: ProposeForm): Promise<ProposeOutcome> {
  const local = localErrors(form);
  if (Object.keys(local).length) return { ok: false, errors: local };
  const res = await api.deliberation.proposeTopic(proposalInput(estateId, form));
  return res.ok ? { ok: true, topic: res.data.topic } : { ok: false, errors: proposeErrorsFrom(res.error) };
}
