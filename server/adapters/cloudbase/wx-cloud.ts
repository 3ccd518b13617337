/**
 * wx-server-sdk's cloud calls (云调用: `cloud.openapi.*`), loaded on first use only. Inside a cloud function they
 * need no access token; each function's config.json grants the calls it makes (written by npm run build:functions).
 */
const WX_SERVER_SDK = 'wx-server-sdk'; // non-literal on purpose: installed by CloudBase, never bundled

export async function loadWxOpenapi<K extends string, Api>(name: K): Promise<Api> {
  const mod = (await import(WX_SERVER_SDK)) as { default?: unknown };
  const cloud = (mod.default ?? mod) as { init(o: { env: unknown }): void; DYNAMIC_CURRENT_ENV: unknown; openapi: Record<K, Api> };
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  return cloud.openapi[name];
}
