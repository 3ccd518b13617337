/**
 * The platform-neutral half of the API client: the typed facade, client-side validation and the
 * normalisation of whatever comes back into an ApiResult. No Taro imports here, so jest can test it;
 * the platform transports are chosen in src/api/client.ts (H5) and src/api/client.weapp.ts (mini-program).
 * Nothing here imports a contract: the caller passes the CapabilityLoader. src/lib/api-core.ts adds the default
 * that imports contracts on demand (H5, tests); the mini-program passes its registry of contracts its pages
 * registered (src/api/contract-registry.ts), because there an import() lands in the main package.
 */
import { ACTION_ROUTES } from '../../types/action-routes';
import type { CapabilityContract } from '../../types/capabilities';
import type { AnyCapability, InputOf, OutputOf } from '../../types/contract';
import type { FunctionName } from '../../types/envelope';
import {
  apiError,
  ERRORS,
  isErrorCode,
  zodIssueToFieldError,
  type ApiError,
  type ApiResult,
  type FieldError,
  type FieldLabels,
  type ZodIssueLike,
} from '../../types/errors';
import type { EmptyInput, UploadTicketOutput } from '../../types/identity';
import { UPLOAD_MAX_BYTES } from '../../types/uploads';

/** What the user sees when the server could not be reached or replied with something that is not an ApiResult. */
export const NETWORK_ERROR_MESSAGE = ERRORS.NETWORK_ERROR.message;

export function networkError(): ApiError {
  return apiError('NETWORK_ERROR');
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

const isParams = (v: unknown): v is Record<string, string | number> =>
  isRecord(v) && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number');

function isFieldError(v: unknown): v is FieldError {
  return isRecord(v) && typeof v.field === 'string' && isErrorCode(v.code) && typeof v.message === 'string' && (v.params === undefined || isParams(v.params));
}

/** Accept a reply only when it really is an ApiResult; anything else counts as a network failure. */
export function toApiResult<T>(raw: unknown): ApiResult<T> {
  if (!isRecord(raw)) return { ok: false, error: networkError() };
  if (raw.ok === true && 'data' in raw) return { ok: true, data: raw.data as T };
  if (raw.ok === false && isRecord(raw.error)) {
    const { code, params, message, fields } = raw.error;
    // the server's rendered message is shown as is; code and params are what pages branch on
    if (isErrorCode(code) && typeof message === 'string') {
      const cleanFields = Array.isArray(fields) ? fields.filter(isFieldError) : [];
      const error: ApiError = { code, ...(isParams(params) ? { params } : {}), message, ...(cleanFields.length ? { fields: cleanFields } : {}) };
      return { ok: false, error };
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

/** Actions without input still validate that nothing unexpected is sent. */
export type { EmptyInput, UploadTicketOutput };

/* ------------------------------------------------------------------ files */

/** A file the person picked: a temp path in WeChat, a Blob (File) in the browser. */
export interface PickedFile {
  name: string;
  size: number;
  /** WeChat temp file path (chooseMessageFile / chooseMedia) */
  path?: string;
  /** H5: the File from <input type="file"> */
  blob?: Blob;
}

export interface UploadOutput {
  fileId: string;
}

/** Largest file the client will try to upload: the server's own limit, from the contract. */
export const MAX_UPLOAD_BYTES = UPLOAD_MAX_BYTES;

export type Uploader = (file: PickedFile) => Promise<ApiResult<UploadOutput>>;

/** Check a picked file before any bytes leave the device. */
export function checkUpload(file: PickedFile): ApiError | null {
  const name = (file.name ?? '').trim();
  if (!name) return apiError('FILE_NAME_MISSING');
  if (!(file.size > 0)) return apiError('FILE_EMPTY');
  if (file.size > MAX_UPLOAD_BYTES) {
    return apiError('FILE_TOO_LARGE', { maxMb: Math.round(MAX_UPLOAD_BYTES / 1024 / 1024) });
  }
  return null;
}

/** Keep a file name safe for a storage path: no folders, no odd characters, bounded length, extension kept. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot).toLowerCase().replace(/[^.a-z0-9]/g, '') : '';
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/[^\u4e00-\u9fa5A-Za-z0-9_-]+/g, '_').slice(0, 60) || 'file';
  return `${stem}${ext}`;
}

/**
 * The name part of a cloud-storage path: ASCII only, extension kept, like the gateway's own uploads
 * (`uploads/<openid>/<random>-<name>`), so both platforms store files the same way.
 */
export function storageFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).replace(/[^A-Za-z0-9]/g, '').slice(0, 10).toLowerCase() : '';
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[_-]+|[_-]+$/g, '').slice(0, 60) || 'file';
  return ext ? `${stem}.${ext}` : stem;
}

/**
 * H5 (local mode): POST /api/_upload?name=<file name> with the raw bytes; the reply is an ApiResult
 * `{ ok: true, data: { fileId } }`. Never rejects.
 */
export function createHttpUploader(fetchImpl?: RawFetchLike, url = '/api/_upload'): Uploader {
  return async (file) => {
    const bad = checkUpload(file);
    if (bad) return { ok: false, error: bad };
    if (!file.blob) return { ok: false, error: apiError('FILE_RESELECT') };
    const doFetch = fetchImpl ?? (globalThis.fetch as unknown as RawFetchLike);
    try {
      const res = await doFetch(`${url}?name=${encodeURIComponent(safeFileName(file.name))}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/octet-stream' },
        body: file.blob,
      });
      return toApiResult<UploadOutput>(await res.json());
    } catch {
      return { ok: false, error: networkError() };
    }
  };
}

type RawFetchLike = (
  url: string,
  init: { method: string; credentials: 'same-origin'; headers: Record<string, string>; body: Blob },
) => Promise<{ json(): Promise<unknown> }>;

/**
 * WeChat: ask the server for the caller's upload folder (uploadTicket), then upload into it as
 * `<prefix><random>-<name>` with Taro.cloud.uploadFile (passed in as `cloudUpload`, so this stays testable
 * without Taro). The fileId is then `cloud://<env>.<bucket>/uploads/<openid>/…`, which the server accepts
 * only from that openid. Each upload is then registered (identity.registerUpload): the server counts it
 * against the account's daily quota and deletes it if nothing uses it within 24 h.
 */
export function createCloudUploader(
  getTicket: () => Promise<ApiResult<UploadTicketOutput>>,
  cloudUpload: (cloudPath: string, filePath: string) => Promise<{ fileID?: string }>,
  uniqueId: () => string = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
  register?: (fileId: string) => Promise<ApiResult<unknown>>,
): Uploader {
  let prefix: string | null = null;
  return async (file) => {
    const bad = checkUpload(file);
    if (bad) return { ok: false, error: bad };
    if (!file.path) return { ok: false, error: apiError('FILE_RESELECT') };
    if (!prefix) {
      const ticket = await getTicket();
      if (!ticket.ok) return ticket;
      prefix = ticket.data.prefix.replace(/\/?$/, '/');
    }
    let fileId: string;
    try {
      const res = await cloudUpload(`${prefix}${uniqueId()}-${storageFileName(file.name)}`, file.path);
      if (!res.fileID) return { ok: false, error: networkError() };
      fileId = res.fileID;
    } catch {
      return { ok: false, error: networkError() };
    }
    if (register) {
      const registered = await register(fileId);
      if (!registered.ok) return registered;
    }
    return { ok: true, data: { fileId } };
  };
}

const noUploader: Uploader = async () => ({ ok: false, error: apiError('UPLOAD_UNSUPPORTED') });

/** One method per contract action: `(input) => Promise<ApiResult<output>>`, typed from the contract. */
export type Facade<C extends AnyCapability> = {
  [K in keyof C['actions']]: (input: InputOf<C['actions'][K]>) => Promise<ApiResult<OutputOf<C['actions'][K]>>>;
};
/** `api.identity.me(input)`, `api.deliberation.openTopic(input)`, …: one facade per capability contract. */
export type CapabilityFacades = { [C in CapabilityContract as C['name']]: Facade<C> };

/**
 * Gives one capability's contract (schemas and field labels): src/lib/api-core.ts's loadCapability imports the
 * module on demand (types/capability-loaders.ts); the mini-program answers from its registry
 * (src/api/contract-registry.ts) and rejects for a capability no page registered.
 */
export type CapabilityLoader = (name: FunctionName) => Promise<AnyCapability>;

/**
 * When the client validates inputs:
 *  - 'always': every call waits for its capability's contract and validates first (nothing invalid is sent);
 *  - 'when-loaded': a call validates on the client when its contract is already loaded (`api.preload(name)` when a
 *    form opens, or an earlier 'always' load); otherwise it sends the input as is and the server validates it with
 *    the same schema and labels (server/app/handler.ts), so the page gets the same VALIDATION_FAILED fields, one
 *    round trip later. H5 uses this so the first screen's reads carry no zod.
 */
export type ClientValidation = 'always' | 'when-loaded';

/**
 * The typed facade, derived from the contracts: the action names come from the generated table
 * types/action-routes.ts (no zod), nothing here lists actions, labels or schemas. A call validates (and
 * normalises) its input with its capability's contract (loaded once; a failed load counts as a network error and
 * is retried on the next call; see ClientValidation for when), sends the parsed value (nothing is sent when it is
 * invalid), and always resolves: errors come back as `{ ok: false, error }`.
 */
export function createFacadeApi(
  transport: Transport,
  uploader: Uploader = noUploader,
  load: CapabilityLoader,
  validation: ClientValidation = 'always',
) {
  async function call<O>(name: FunctionName, action: string, input: unknown): Promise<ApiResult<O>> {
    let raw: unknown;
    try {
      raw = await transport(name, action, input);
    } catch {
      return { ok: false, error: networkError() };
    }
    return toApiResult<O>(raw);
  }

  const loading = new Map<FunctionName, Promise<AnyCapability>>();
  const loaded = new Map<FunctionName, AnyCapability>();
  function contractOf(name: FunctionName): Promise<AnyCapability> {
    let pending = loading.get(name);
    if (!pending) {
      pending = Promise.resolve()
        .then(() => load(name))
        .then((capability) => {
          loaded.set(name, capability);
          return capability;
        });
      loading.set(name, pending);
      pending.catch(() => loading.delete(name));
    }
    return pending;
  }

  function facadeOf(name: FunctionName, actions: readonly string[]) {
    const methods: Record<string, (input: unknown) => Promise<ApiResult<unknown>>> = {};
    for (const action of actions) {
      methods[action] = async (input) => {
        let capability = loaded.get(name);
        if (!capability && validation === 'when-loaded') return call(name, action, input);
        try {
          capability ??= await contractOf(name);
        } catch {
          return { ok: false, error: networkError() };
        }
        const contract = (capability.actions as Record<string, { input: SafeParser<unknown> } | undefined>)[action];
        if (!contract) return { ok: false, error: apiError('UNKNOWN_ACTION') };
        const checked = validateInput(contract.input, input, capability.labels);
        if (!checked.ok) return checked;
        return call(name, action, checked.data);
      };
    }
    return methods;
  }

  const routes = Object.entries(ACTION_ROUTES) as [FunctionName, readonly string[]][];
  const facades = Object.fromEntries(routes.map(([name, actions]) => [name, facadeOf(name, actions)])) as unknown as CapabilityFacades;
  return {
    ...facades,
    /** Load a capability's contract ahead of a call (e.g. when a form opens), so the first submit does not wait for it. */
    preload: (name: FunctionName): Promise<void> =>
      contractOf(name).then(
        () => undefined,
        () => undefined,
      ),
    files: {
      /** Upload a picked file (roster spreadsheet, certificate photo); resolves with its fileId. Never rejects. */
      upload: async (file: PickedFile): Promise<ApiResult<UploadOutput>> => {
        try {
          return await uploader(file);
        } catch {
          return { ok: false, error: networkError() };
        }
      },
    },
  };
}

export type Api = ReturnType<typeof createFacadeApi>;

type FetchLike = (
  url: string,
  init: { method: string; credentials: 'same-origin'; headers: Record<string, string>; body: string },
) => Promise<{ json(): Promise<unknown> }>;

/**
 * H5 (local mode): POST /api/<name> with the same `{ action, input }` event. The JSON body is the
 * ApiResult whatever the HTTP status; a body that is not JSON makes `json()` reject (→ network error).
 */
export function createHttpTransport(
  fetchImpl?: FetchLike,
  base = '/api/',
  /** an answer already asked for by index.html's inline script (src/lib/early-requests.ts), taken once */
  early?: (name: string, action: string, input: unknown) => Promise<unknown> | undefined,
): Transport {
  return async (name, action, input) => {
    const ready = early?.(name, action, input);
    if (ready) {
      try {
        return await ready;
      } catch {
        // the early request failed (network): ask again below
      }
    }
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
