/**
 * The one API client of the app. Both platforms send the same event `{ action, input }`:
 *  - weapp: Taro.cloud.callFunction({ name, data: { action, input } }) → res.result is the ApiResult;
 *  - H5 (local mode): POST /api/<name> with that event as JSON → the body is the ApiResult.
 * Usage: `const res = await api.deliberation.listTopics({ estateId }); if (res.ok) ... else res.error`.
 * Calls never reject; inputs are validated with the shared zod schemas before anything is sent. The schemas
 * (and zod) are imported when a capability's first action is called, not on the first screen.
 */
import Taro from '@tarojs/taro';
import {
  createApi,
  loadCapability,
  createCloudUploader,
  createHttpTransport,
  createHttpUploader,
  type Api,
  type CapabilityLoader,
  type Transport,
  type Uploader,
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

const cloudTransport: Transport = async (name, action, input) => {
  const res = await Taro.cloud.callFunction({ name, data: { action, input } });
  return res.result;
};

/**
 * Uploads (roster spreadsheets, certificate photos):
 *  - weapp: Taro.cloud.uploadFile into `uploads/<openid>/…` (the folder comes from identity.uploadTicket),
 *    then identity.registerUpload (quota, cleanup of unused files);
 *  - H5 (local mode): POST /api/_upload?name=<file name> with the raw bytes.
 */
function cloudUploader(): Uploader {
  // `api` is only read when an upload starts, long after it was created.
  return createCloudUploader(
    () => api.identity.uploadTicket({}),
    (cloudPath, filePath) => Taro.cloud.uploadFile({ cloudPath, filePath }),
    undefined,
    (fileId) => api.identity.registerUpload({ fileId }),
  );
}

export const api: Api =
  process.env.TARO_ENV === 'weapp'
    ? createApi(cloudTransport, cloudUploader(), loadContract)
    : // H5: the first screen's reads go out without loading zod; forms load their contract when they open (api.preload)
      createApi(
        // index.html asked for the home page's first reads already (src/lib/early-requests.ts)
        createHttpTransport(undefined, API_BASE, (name, action, input) => takeEarlyAnswer(globalThis as unknown as Record<string, unknown>, name, action, input)),
        createHttpUploader(),
        loadContract,
        'when-loaded',
      );

export type { Api, PickedFile } from '../lib/api-core';
export { NETWORK_ERROR_MESSAGE } from '../lib/api-core';
