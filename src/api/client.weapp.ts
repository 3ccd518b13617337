/**
 * The one API client of the mini-program (Taro resolves `../api/client` to this file for weapp; H5's is
 * src/api/client.ts). It sends the same event `{ action, input }`: Taro.cloud.callFunction({ name, data }) →
 * res.result is the ApiResult. Calls never reject.
 *
 * Validation (issue 9: main package ≤ 600 KB): built from src/lib/api-facade.ts, never src/lib/api-core.ts, whose
 * on-demand contract loaders would put every contract and zod into the main package (a mini-program build does not
 * split an import() into a file of its own). A page that wants its inputs checked on the device registers its
 * capability's contract (src/api/contract-registry.ts, from a subpackage) and calls api.preload when the form
 * opens; every other call is validated by the server with the same schema and labels ('when-loaded'), so a form
 * gets the same VALIDATION_FAILED fields one round trip later. tests/unit/weapp-main-package-imports.test.ts
 * checks that nothing the main package imports builds a zod schema.
 */
import Taro from '@tarojs/taro';
import { createCloudUploader, createFacadeApi, type Api, type Transport, type Uploader } from '../lib/api-facade';
import { registeredContract } from './contract-registry';

const cloudTransport: Transport = async (name, action, input) => {
  const res = await Taro.cloud.callFunction({ name, data: { action, input } });
  return res.result;
};

/**
 * Uploads (roster spreadsheets, certificate photos, request photos): Taro.cloud.uploadFile into
 * `uploads/<openid>/…` (the folder comes from identity.uploadTicket), then identity.registerUpload (quota,
 * cleanup of unused files).
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

export const api: Api = createFacadeApi(cloudTransport, cloudUploader(), registeredContract, 'when-loaded');

export type { Api, PickedFile } from '../lib/api-facade';
export { NETWORK_ERROR_MESSAGE } from '../lib/api-facade';
