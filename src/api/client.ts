/**
 * The one API client of the app. Both platforms send the same event `{ action, input }`:
 *  - weapp: Taro.cloud.callFunction({ name, data: { action, input } }) → res.result is the ApiResult;
 *  - H5 (local mode): POST /api/<name> with that event as JSON → the body is the ApiResult.
 * Usage: `const res = await api.deliberation.listTopics({ estateId }); if (res.ok) ... else res.error`.
 * Calls never reject; inputs are validated with the shared zod schemas before anything is sent.
 */
import Taro from '@tarojs/taro';
import { config as zodConfig } from 'zod/mini';
import { createApi, createHttpTransport, type Api, type Transport } from '../lib/api-core';

// Mini-program engines forbid `new Function`; keep zod on its interpreter instead of probing for a JIT.
zodConfig({ jitless: true });

const cloudTransport: Transport = async (name, action, input) => {
  const res = await Taro.cloud.callFunction({ name, data: { action, input } });
  return res.result;
};

export const api: Api = createApi(process.env.TARO_ENV === 'weapp' ? cloudTransport : createHttpTransport());

export type { Api } from '../lib/api-core';
export { NETWORK_ERROR_MESSAGE } from '../lib/api-core';
