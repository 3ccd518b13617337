import type { Chunk, Compiler } from 'webpack';

/**
 * Webpack plugin for the H5 build: adds `<link rel="preload">` to index.html for the chunks the first screen
 * will ask for anyway (the shared `common` chunk and the home page), so the browser downloads them while it
 * still parses the framework, instead of one round trip later when the router calls `import()`.
 * `pick` selects the chunks (config/index.ts).
 */
export class PreloadChunksPlugin {
  constructor(private readonly pick: (chunk: Chunk) => boolean) {}

  apply(compiler: Compiler) {
    compiler.hooks.compilation.tap('PreloadChunksPlugin', (compilation) => {
      // the html-webpack-plugin instance Taro's H5 runner registered (hooks are per plugin module)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const HtmlWebpackPlugin = require('html-webpack-plugin') as {
        getHooks(c: typeof compilation): {
          alterAssetTagGroups: {
            tap(name: string, fn: (data: { headTags: object[] }) => { headTags: object[] }): void;
          };
        };
      };
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('PreloadChunksPlugin', (data) => {
        const configured = compilation.outputOptions.publicPath;
        const publicPath = typeof configured === 'string' && configured !== 'auto' ? configured : '/';
        for (const chunk of compilation.chunks) {
          if (chunk.canBeInitial() || !this.pick(chunk)) continue;
          for (const file of [...chunk.files].sort()) {
            const as = file.endsWith('.js') ? 'script' : file.endsWith('.css') ? 'style' : undefined;
            if (!as) continue;
            data.headTags.push({ tagName: 'link', voidTag: true, attributes: { rel: 'preload', as, href: publicPath + file }, meta: { plugin: 'PreloadChunksPlugin' } });
          }
        }
        return data;
      });
    });
  }
}

/** True for a chunk that webpack split for the `import()` of a module whose path matches `request`. */
export function loadedFor(chunk: Chunk, request: RegExp): boolean {
  for (const group of chunk.groupsIterable) {
    for (const origin of group.origins) if (origin.request && request.test(origin.request)) return true;
  }
  return false;
}
