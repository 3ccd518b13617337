import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const root = path.resolve(__dirname, '..');

/**
 * Code outside `src/` that webpack must run through Babel: the shared contract in `types/` (TypeScript), and
 * zod, whose published ES2020 output (optional chaining, `??`) is lowered per `browserslist` for older
 * WeChat/iOS JavaScript engines. Taro only transpiles `src/` and its own packages by default.
 */
const compileInclude = [path.join(root, 'types'), (file: string) => /node_modules[\\/]zod[\\/]/.test(file)];

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
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: compileInclude },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
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
        // The framework alone (React + Taro H5 runtime) is ~300 KB before gzip (~100 KB gzipped); webpack's
        // 244 KB hint would fire on every build without telling us anything.
        chain.performance.hints(false);
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
