/**
 * H5: nothing to do, the deliberation contract is imported on demand (api.preload, src/lib/api-core.ts). The
 * mini-program registers it from this subpackage (./contract.weapp.ts, issue 9).
 */
export {};
