import type { UserConfigExport } from '@tarojs/cli';

/**
 * Development builds: `taro build --type <weapp|h5> --watch` (without --watch Taro always builds in
 * production mode, whatever NODE_ENV says; NODE_ENV only picks this file and .env.<mode>).
 */
/**
 * Optional: where the local gateway runs (e.g. GATEWAY_URL=http://127.0.0.1:8787). When set, the H5 dev
 * server on :10086 forwards the API and the dev login page to it, so cookies stay same-origin.
 */
const gateway = process.env.GATEWAY_URL;

export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    devServer: {
      // Fast Refresh is off (see babel.config.js): full page reloads instead of hot module replacement.
      hot: false,
      ...(gateway ? { proxy: { '/api': gateway, '/dev': gateway } } : {}),
    },
  },
} satisfies UserConfigExport<'webpack5'>;
