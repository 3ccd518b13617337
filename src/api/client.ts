/**
 * The one API client of the app, H5 (local mode): POST /api/<name> with the event `{ action, input }` as JSON;
 * the body is the ApiResult. The mini-program's client is src/api/client.weapp.ts (Taro picks it for weapp):
 * Taro.cloud.callFunction({ name, data: { action, input } }) → res.result is the ApiResult.
 * Usage: `const res = await api.deliberation.listTopics({ estateId }); if (res.ok) ... else res.error`.
 * Calls never reject. The first screen's reads go out without loading zod; a form loads its contract (the shared
 * zod schemas) when it opens (api.preload) and then validates before anything is sent; any other input is
 * validated by the server with the same schema and labels ('when-loaded', src/lib/api-facade.ts).
 */
import {
  createApi,
  loadCapability,
  createHttpTransport,
  createHttpUploader,
  type Api,
  type CapabilityLoader,
} from '../lib/api-core';
import { API_BASE, takeEarlyAnswer } from '../lib/early-requests';

/**
 * zod is configured (src/api/zod-setup.ts: no JIT, which mini-program engines forbid) before a contract module is
 * imported, because zod reads the setting when a schema is built.
 */
const loadContract: CapabilityLoader = async (name) => {
  await import('./zod-setup');
  return loadCapability(name);
};

export const api: Api = createApi(
  // index.html asked for the home page's first reads already (src/lib/early-requests.ts)
  createHttpTransport(undefined, API_BASE, (name, action, input) => takeEarlyAnswer(globalThis as unknown as Record<string, unknown>, name, action, input)),
  createHttpUploader(),
  loadContract,
  'when-loaded',
);

export type { Api, PickedFile } from '../lib/api-core';
export { NETWORK_ERROR_MESSAGE } from '../lib/api-core';
