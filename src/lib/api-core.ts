/**
 * The platform-neutral half of the API client: the typed facade, client-side validation and the
 * normalisation of whatever comes back into an ApiResult. No Taro imports here, so jest can test it;
 * the platform transports are chosen in src/api/client.ts.
 */
import type { FunctionName } from '../../types/envelope';
import {
  apiError,
  zodIssueToFieldError,
  type ApiError,
  type ApiResult,
  type FieldError,
  type FieldLabels,
  type ZodIssueLike,
} from '../../types/errors';
import { MeInputSchema, type MeInput, type MeOutput } from '../../types/identity';
import {
  ListTopicsInputSchema,
  OpenTopicInputSchema,
  TOPIC_FIELD_LABELS,
  type ListTopicsInput,
  type ListTopicsOutput,
  type OpenTopicInput,
  type OpenTopicOutput,
} from '../../types/deliberation';

/** What the user sees when the server could not be reached or replied with something that is not an ApiResult. */
export const NETWORK_ERROR_MESSAGE = '网络异常，请稍后重试';

export function networkError(): ApiError {
  return apiError('INTERNAL', NETWORK_ERROR_MESSAGE);
}

/**
 * Sends `{ action, input }` to the cloud function `name` and resolves with its raw reply
 * (expected to be an ApiResult). May reject on network failure; the facade maps that to INTERNAL.
 */
export type Transport = (name: FunctionName, action: string, input: unknown) => Promise<unknown>;

/** The structural part of a zod (or zod/mini) schema the client needs. */
export interface SafeParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly ZodIssueLike[] } };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isFieldError(v: unknown): v is FieldError {
  return isRecord(v) && typeof v.field === 'string' && typeof v.message === 'string';
}

/** Accept a reply only when it really is an ApiResult; anything else counts as a network failure. */
export function toApiResult<T>(raw: unknown): ApiResult<T> {
  if (!isRecord(raw)) return { ok: false, error: networkError() };
  if (raw.ok === true && 'data' in raw) return { ok: true, data: raw.data as T };
  if (raw.ok === false && isRecord(raw.error)) {
    const { code, message, fields } = raw.error;
    if (typeof code === 'string' && typeof message === 'string') {
      const cleanFields = Array.isArray(fields) ? fields.filter(isFieldError) : [];
      return { ok: false, error: apiError(code as ApiError['code'], message, cleanFields) };
    }
  }
  return { ok: false, error: networkError() };
}

/** Validate with the shared schema; on failure return VALIDATION_FAILED with per-field Chinese messages. */
export function validateInput<T>(
  schema: SafeParser<T>,
  input: unknown,
  labels: FieldLabels,
): { ok: true; data: T } | { ok: false; error: ApiError } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields = parsed.error.issues.map((issue) => zodIssueToFieldError(issue, labels, input));
  return { ok: false, error: apiError('VALIDATION_FAILED', undefined, fields) };
}

export const IDENTITY_FIELD_LABELS: FieldLabels = { estateId: '小区' };

/**
 * The typed facade. Every call validates its input first (nothing is sent when it is invalid), sends the
 * parsed value (e.g. trimmed strings), and always resolves: errors come back as `{ ok: false, error }`.
 */
export function createApi(transport: Transport) {
  async function call<O>(name: FunctionName, action: string, input: unknown): Promise<ApiResult<O>> {
    let raw: unknown;
    try {
      raw = await transport(name, action, input);
    } catch {
      return { ok: false, error: networkError() };
    }
    return toApiResult<O>(raw);
  }

  function endpoint<I, O>(name: FunctionName, action: string, schema: SafeParser<I>, labels: FieldLabels) {
    return async (input: I): Promise<ApiResult<O>> => {
      const checked = validateInput(schema, input, labels);
      if (!checked.ok) return checked;
      return call<O>(name, action, checked.data);
    };
  }

  return {
    identity: {
      me: endpoint<MeInput, MeOutput>('identity', 'me', MeInputSchema, IDENTITY_FIELD_LABELS),
    },
    deliberation: {
      listTopics: endpoint<ListTopicsInput, ListTopicsOutput>(
        'deliberation',
        'listTopics',
        ListTopicsInputSchema,
        TOPIC_FIELD_LABELS,
      ),
      openTopic: endpoint<OpenTopicInput, OpenTopicOutput>(
        'deliberation',
        'openTopic',
        OpenTopicInputSchema,
        TOPIC_FIELD_LABELS,
      ),
    },
  };
}

export type Api = ReturnType<typeof createApi>;

type FetchLike = (
  url: string,
  init: { method: string; credentials: 'same-origin'; headers: Record<string, string>; body: string },
) => Promise<{ json(): Promise<unknown> }>;

/**
 * H5 (local mode): POST /api/<name> with the same `{ action, input }` event. The JSON body is the
 * ApiResult whatever the HTTP status; a body that is not JSON makes `json()` reject (→ network error).
 */
export function createHttpTransport(fetchImpl?: FetchLike, base = '/api/'): Transport {
  return async (name, action, input) => {
    const doFetch = fetchImpl ?? (globalThis.fetch as unknown as FetchLike);
    const res = await doFetch(base + name, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action, input }),
    });
    return res.json();
  };
}
