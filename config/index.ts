import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import type { Chunk, ChunkGraph, Module } from 'webpack';
import devConfig from './dev';
import prodConfig from './prod';
import { ChunkReportPlugin } from './chunk-report';
import { loadedFor, PreloadChunksPlugin } from './preload';
import { require as tsxRequire } from 'tsx/cjs/api';

const root = path.resolve(__dirname, '..');

/**
 * index.html's inline script (src/lib/early-requests.ts). Taro transpiles only config/ for its config loader, so
 * the src/ modules are loaded through tsx (already a dev dependency for scripts/) instead of being copied here.
 */
function inlineEarlyRequests(): string {
  const early = tsxRequire('../src/lib/early-requests.ts', __filename) as typeof import('../src/lib/early-requests');
  const key = tsxRequire('../src/platform/last-estate-key.ts', __filename) as typeof import('../src/platform/last-estate-key');
  return early.earlyRequestScript(key.LAST_ESTATE_KEY);
}

/**
 * Code outside `src/` that webpack must run through Babel: the shared contract in `types/` (TypeScript), and
 * zod, whose published ES2020 output (optional chaining, `??`) is lowered per `browserslist` for older
 * WeChat/iOS JavaScript engines. Taro only transpiles `src/` and its own packages by default.
 */
const compileInclude = [path.join(root, 'types'), (file: string) => /node_modules[\\/]zod[\\/]/.test(file)];

/**
 * zod and the contract modules that build schemas with it (types/*.ts importing zod). The client facade imports
 * a capability's contract only when one of its actions is called (types/capability-loaders.ts), and first-screen
 * pages import labels from zod-free modules, so these stay off the first screen in a chunk of their own.
 */
const typesDir = path.join(root, 'types') + path.sep;
const zodUsers = new Map<string, boolean>();
function buildsSchemas(resource: string | undefined): boolean {
  if (!resource) return false;
  if (/[\\/]node_modules[\\/]zod[\\/]/.test(resource)) return true;
  if (!resource.startsWith(typesDir)) return false;
  let uses = zodUsers.get(resource);
  if (uses === undefined) {
    uses = /^import\s+(?!type\b)[^;]*\bfrom\s+'zod(\/mini)?'/m.test(readFileSync(resource, 'utf8'));
    zodUsers.set(resource, uses);
  }
  return uses;
}

/**
 * H5 code splitting. Taro's default (webpack5-runner H5Combination) splits only `chunks: 'initial'`, so every
 * page chunk the router loads with `import()` carried its own copy of zod, types/ and the API client. Here:
 *  - framework: the libraries the entry itself needs (Preact on H5, the Taro runtime, router and components),
 *    loaded by index.html;
 *  - common: every other module used by two or more chunks (zod, the contract in types/, src/lib, shared
 *    components, Taro APIs pages call), once, fetched together with the first page that needs it;
 *  - contract: zod and the schema modules of types/ (see buildsSchemas), fetched with the first page or action
 *    that needs them, never by the home page;
 *  - shared: modules two or more other pages share but the home page does not use (staff view logic, the
 *    verification flow, Taro APIs only those pages call), so the first screen does not download them;
 *  - each page keeps only its own code and is fetched when the router opens it.
 * `enforce` ignores the size/request-count limits, so a shared module is never copied to keep a chunk small.
 * bench/h5.ts lists the chunks and fails on a module found in two of them.
 */
/** The app's first page: what it needs is preloaded (index.html) and kept apart from what only other pages share. */
const FIRST_PAGE = /pages[\\/]home[\\/]index/;

const h5SplitChunks = {
  chunks: 'all' as const,
  hidePathInfo: true,
  cacheGroups: {
    default: false as const,
    defaultVendors: false as const,
    framework: { name: 'framework', test: /[\\/]node_modules[\\/]/, chunks: 'initial' as const, priority: 100, enforce: true },
    contract: {
      name: 'contract',
      test: (module: { resource?: string }) => buildsSchemas(module.resource),
      chunks: 'all' as const,
      priority: 20,
      enforce: true,
    },
    shared: {
      name: 'shared',
      test: (module: Module, { chunkGraph }: { chunkGraph: ChunkGraph }) =>
        ![...chunkGraph.getModuleChunksIterable(module)].some((chunk) => loadedFor(chunk, FIRST_PAGE)),
      chunks: 'async' as const,
      minChunks: 2,
      priority: 15,
      enforce: true,
      reuseExistingChunk: true,
    },
    common: { name: 'common', chunks: 'all' as const, minChunks: 2, priority: 10, enforce: true, reuseExistingChunk: true },
  },
};

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge) => {
  const platform = process.env.TARO_ENV || 'weapp';
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'gongyi',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // GONGYI_BUILD_OUT lets two builds (e.g. parallel work trees or a benchmark) write to separate folders.
    outputRoot: process.env.GONGYI_BUILD_OUT || `dist/${platform}`,
    plugins: [],
    alias: { '@': path.join(root, 'src') },
    /**
     * Fallback for the CloudBase environment id. A value in `.env`, `.env.development` or `.env.production`
     * (TARO_APP_CLOUD_ENV=...) or in the shell environment wins; when none is set the constant is '' and
     * app.ts warns and initialises the default environment, so a missing value never breaks the build.
     */
    env: { TARO_APP_CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV ?? '') },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    // H5 runs on Preact (preact/compat): pages still `import ... from 'react'` (the framework plugin aliases
    // react, react-dom and react/jsx-runtime to preact/compat); the framework chunk drops 91.5 -> 57 KB gzipped
    // (issue 9: first screen <= 120 KB). H5 needs src/platform/preact-attributes.ts (installed by app.ts).
    // The mini-program stays on React: Taro 4.2.1's mini-program createReactApp calls ReactDOM.createRoot
    // because preact/compat reports React 18.3.1, but preact/compat's react-dom has no createRoot (it lives in
    // preact/compat/client, which only Taro's H5 loader imports), so a Preact weapp build threw at launch.
    // babel.config.js chooses the same way.
    framework: platform === 'h5' ? 'preact' : 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: compileInclude },
      webpackChain(chain) {
        // which chunk (common.js, a subpackage's sub-common, a page) holds which module: GONGYI_CHUNK_REPORT=<file>
        if (process.env.GONGYI_CHUNK_REPORT) chain.plugin('chunk-report').use(ChunkReportPlugin, [process.env.GONGYI_CHUNK_REPORT]);
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      // the home page's first reads leave from index.html while the bundles download (src/lib/early-requests.ts)
      htmlPluginOption: { earlyRequests: inlineEarlyRequests() },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: compileInclude },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        // The framework chunk (Preact + Taro H5 runtime, router, Stencil) is ~190 KB before gzip (~60 KB gzipped);
        // webpack's size hints would fire on every build without telling us anything.
        chain.performance.hints(false);
        chain.optimization.splitChunks(h5SplitChunks);
        // the home page (the app's first page) and the shared chunk it needs: fetched in parallel with the framework
        chain.plugin('preload-first-page').use(PreloadChunksPlugin, [(chunk: Chunk) => loadedFor(chunk, FIRST_PAGE)]);
        if (process.env.GONGYI_CHUNK_REPORT) chain.plugin('chunk-report').use(ChunkReportPlugin, [process.env.GONGYI_CHUNK_REPORT]);
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
