/**
 * Data flow of the home page without Taro: loading (me → listTopics) and the "发起议题" form.
 * Functions take the API as a parameter so tests can pass a fake.
 */
import type { ApiError, ApiResult, FieldError } from '../../types/errors';
import type { ListTopicsInput, ListTopicsOutput, OpenTopicInput, OpenTopicOutput, TopicSummary } from '../../types/deliberation';
import type { MeInput, MeOutput } from '../../types/identity';
import { allows } from '../../types/permissions';
import type { Current } from './home-view';

/** The slice of the API facade the home page uses (src/api/client.ts satisfies it). */
export interface HomeApi {
  identity: { me(input: MeInput): Promise<ApiResult<MeOutput>> };
  deliberation: {
    listTopics(input: ListTopicsInput): Promise<ApiResult<ListTopicsOutput>>;
    openTopic(input: OpenTopicInput): Promise<ApiResult<OpenTopicOutput>>;
  };
}

export type TopicsState =
  | { status: 'ready'; topics: TopicSummary[] }
  | { status: 'error'; error: ApiError }
  // a member left with no role (e.g. a seller after the sale) may not see topics: say so, don't show a refusal
  | { status: 'not-allowed' };

export type HomeState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'no-estate'; estates: MeOutput['estates'] }
  | { status: 'ready'; estates: MeOutput['estates']; current: Current; topics: TopicsState };

/**
 * Load the page: who am I (optionally in a chosen estate), then that estate's topics.
 * A failure of `me` fails the page; a failure of `listTopics` only fails the topic section.
 *
 * `lastEstateId`: the estate this device showed last time with its topics (estateToRemember). When it (or the
 * chosen estate) is known, its topics are asked for together with `me` instead of after it, one round trip less
 * on the first screen (issue 9: first topic within 2.5 s on a slow phone); the answer is used only when `me`
 * makes that estate current and lets the caller view its topics, otherwise the current estate's are asked for.
 */
export async function loadHome(api: Pick<HomeApi, 'identity' | 'deliberation'>, estateId?: string, lastEstateId?: string): Promise<HomeState> {
  const asked = api.identity.me(estateId ? { estateId } : {});
  const guess = estateId ?? lastEstateId;
  const early = guess ? api.deliberation.listTopics({ estateId: guess }) : undefined;
  const me = await asked;
  if (!me.ok) return { status: 'error', error: me.error };
  const { estates, current } = me.data;
  if (!current) return { status: 'no-estate', estates };
  const topics = await loadTopics(api, current, current.estate.estateId === guess ? early : undefined);
  return { status: 'ready', estates, current, topics };
}

/** `pending`: the current estate's topics, already asked for (loadHome). */
export async function loadTopics(
  api: Pick<HomeApi, 'deliberation'>,
  current: Pick<Current, 'estate' | 'roles'>,
  pending?: Promise<ApiResult<ListTopicsOutput>>,
): Promise<TopicsState> {
  if (!allows(current.roles, 'deliberation.viewTopics')) return { status: 'not-allowed' };
  const res = await (pending ?? api.deliberation.listTopics({ estateId: current.estate.estateId }));
  return res.ok ? { status: 'ready', topics: res.data.topics } : { status: 'error', error: res.error };
}

/**
 * The estate to remember on this device for the next first screen (loadHome's lastEstateId): the one whose
 * topics were shown; null (forget) when the page shows no topic list, so a member who lost his roles is not
 * asked for topics he may not see on every start.
 */
export function estateToRemember(state: HomeState): string | null | undefined {
  if (state.status === 'loading' || state.status === 'error') return undefined; // keep what is remembered
  if (state.status === 'no-estate' || state.topics.status === 'not-allowed') return null;
  return state.current.estate.estateId;
}

/* ------------------------------------------------------------------ open-topic form */

export const OPEN_TOPIC_FIELDS = ['title', 'summary'] as const;
export type OpenTopicField = (typeof OPEN_TOPIC_FIELDS)[number];

export interface OpenTopicForm {
  title: string;
  summary: string;
}

/** Per-field messages plus a message for the form as a whole (errors not tied to a visible field). */
export type FormErrors = Partial<Record<OpenTopicField, string>> & { form?: string };

export const EMPTY_FORM: OpenTopicForm = { title: '', summary: '' };

/**
 * Map an API error onto the form: the first message of each visible field goes under that field;
 * messages for other fields (e.g. estateId) and errors without fields go to the form-level line.
 */
export function formErrorsFrom(error: ApiError): FormErrors {
  const out: FormErrors = {};
  const other: string[] = [];
  for (const f of error.fields ?? ([] as FieldError[])) {
    const name = f.field as OpenTopicField;
    if ((OPEN_TOPIC_FIELDS as readonly string[]).includes(name)) {
      out[name] ??= f.message;
    } else if (!other.includes(f.message)) {
      other.push(f.message);
    }
  }
  if (other.length) out.form = other.join('；');
  else if (!out.title && !out.summary) out.form = error.message;
  return out;
}

export function hasFormErrors(errors: FormErrors): boolean {
  return Boolean(errors.title || errors.summary || errors.form);
}

/** Editing a field clears its own message and the form-level one, keeping the other field's message. */
export function clearFieldError(errors: FormErrors, field: OpenTopicField): FormErrors {
  const next: FormErrors = { ...errors };
  delete next[field];
  delete next.form;
  return next;
}

export type SubmitOutcome = { ok: true; topic: TopicSummary } | { ok: false; errors: FormErrors };

/** Submit the form; the client validates with the shared schema first, so bad input never leaves the device. */
export async function submitOpenTopic(
  api: Pick<HomeApi, 'deliberation'>,
  estateId: string,
  form: OpenTopicForm,
): Promise<SubmitOutcome> {
  const res = await api.deliberation.openTopic({ estateId, title: form.title, summary: form.summary });
  return res.ok ? { ok: true, topic: res.data.topic } : { ok: false, errors: formErrorsFrom(res.error) };
}
