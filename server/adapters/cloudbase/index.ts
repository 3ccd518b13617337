import type { Clock, Ports } from '../../ports';
import { systemClock } from '../local/clock';
import { nodeCrypto } from '../local/crypto';
import { cloudbaseFileStore, type CloudbaseFileApi } from './files';
import { SUBSCRIPTION_TEMPLATES } from '../../../types/notifications';
import { templateIdsFromEnv } from '../../ports';
import { cloudbaseNotifier, MINIPROGRAM_STATE_ENV, type SubscribeMessageApi } from './notifier';
import { cloudbasePlatform, type CloudbaseAuth } from './platform';
import { CloudbaseStorage, type CloudbaseDatabase } from './storage';

/**
 * Production ports inside a CloudBase cloud function:
 * - storage   the CloudBase database through @cloudbase/node-sdk (CloudbaseStorage)
 * - platform  the caller's OPENID/APPID from the CloudBase context (`app.auth().getUserInfo()`)
 * - clock     the system clock
 * - crypto    node:crypto; keyed hashes under GONGYI_HASH_KEY (required, at least 16 characters)
 * - files     CloudBase cloud storage (uploadFile / downloadFile)
 * - notifier  WeChat subscription messages via wx-server-sdk `openapi.subscribeMessage.send`, template ids from
 *             GONGYI_WX_TEMPLATE_* (see notifier.ts; a template without an id is inbox-only)
 *
 * @cloudbase/node-sdk is imported here and only here, lazily: local mode never loads it (outside CloudBase and
 * without credentials its first request raises an unhandled rejection that ends a Node 20 process), and the
 * function bundles keep it external so CloudBase installs it from each function's package.json.
 */

/** The part of node-sdk's CloudBase app these ports use. */
export interface CloudbaseApp extends CloudbaseFileApi {
  database(): unknown;
  auth(): CloudbaseAuth;
}

/** The part of the @cloudbase/node-sdk module used to create the app. */
export interface CloudbaseSdk {
  init(config: { env: unknown }): CloudbaseApp;
  SYMBOL_CURRENT_ENV: symbol;
}

export const HASH_KEY_ENV = 'GONGYI_HASH_KEY';

export interface CloudbasePortsOptions {
  /** the node-sdk module; tests pass a fake */
  sdk?: CloudbaseSdk;
  /** defaults to process.env.GONGYI_HASH_KEY */
  hashKey?: string;
  clock?: Clock;
  /**
   * environment id when running OUTSIDE CloudBase (the local gateway pointed at a real environment; node-sdk then
   * reads TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY from the process environment). Inside a function: omit.
   */
  envId?: string;
  /** wx-server-sdk's subscribeMessage cloud call; tests pass a recorder */
  subscribeApi?: () => Promise<SubscribeMessageApi>;
  /** template ids by subscription key; defaults to the GONGYI_WX_TEMPLATE_* environment variables */
  templates?: Record<string, string>;
}

export async function loadNodeSdk(): Promise<CloudbaseSdk> {
  const mod = (await import('@cloudbase/node-sdk')) as unknown as CloudbaseSdk & { default?: CloudbaseSdk };
  // CommonJS module: named exports under a bundler or babel, only `default` under native ESM import()
  return typeof mod.init === 'function' ? mod : (mod.default as CloudbaseSdk);
}

export async function createCloudbasePorts(options: CloudbasePortsOptions = {}): Promise<Ports> {
  const hashKey = options.hashKey ?? process.env[HASH_KEY_ENV];
  if (!hashKey) {
    throw new Error(
      `${HASH_KEY_ENV} is not set. Every cloud function needs the deployment's secret hash key (at least 16 characters; ` +
        'see cloudbaserc.json envVariables and docs/deploy.md). Refusing to start without it.',
    );
  }
  const crypto = nodeCrypto(hashKey); // checks the key's length before anything is loaded

  const sdk = options.sdk ?? (await loadNodeSdk());
  // SYMBOL_CURRENT_ENV: the environment the function is deployed in
  const app = sdk.init({ env: options.envId ?? sdk.SYMBOL_CURRENT_ENV });
  return {
    storage: new CloudbaseStorage(app.database() as CloudbaseDatabase),
    clock: options.clock ?? systemClock,
    crypto,
    files: cloudbaseFileStore(app),
    notifier: cloudbaseNotifier(
      options.templates ?? templateIdsFromEnv(Object.fromEntries(Object.entries(SUBSCRIPTION_TEMPLATES).map(([k, t]) => [k, t.configKey]))),
      options.subscribeApi,
      miniprogramState(process.env[MINIPROGRAM_STATE_ENV]),
    ),
    platform: cloudbasePlatform(app.auth()),
  };
}

function miniprogramState(value: string | undefined): 'developer' | 'trial' | 'formal' {
  return value === 'developer' || value === 'trial' ? value : 'formal';
}
