import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Compiler, Module } from 'webpack';

/** One emitted chunk and the source modules inside it (paths relative to the project root, loaders stripped). */
export interface ReportChunk {
  id: string;
  names: string[];
  files: string[];
  /** loaded by index.html before the app starts (entry chunk or split out of it) */
  initial: boolean;
  modules: { path: string; size: number }[];
}

export interface ChunkReport {
  chunks: ReportChunk[];
}

const ROOT = resolve(__dirname, '..');

function sourceModules(module: Module): Module[] {
  // scope hoisting merges modules into one ConcatenatedModule; list what it is made of
  const inner = (module as Module & { modules?: Iterable<Module> }).modules;
  return inner ? [...inner].flatMap(sourceModules) : [module];
}

function modulePath(module: Module): string | undefined {
  const resource = module.nameForCondition?.();
  if (!resource) return undefined;
  return relative(ROOT, resource).split('\\').join('/');
}

/**
 * Webpack plugin: after a build, writes which chunk holds which source modules to `file` (JSON, ChunkReport).
 * bench/h5.ts reads it to show the chunks a first screen loads and to find modules copied into several
 * chunks. Enabled from config/index.ts when GONGYI_CHUNK_REPORT names the file.
 */
export class ChunkReportPlugin {
  constructor(private readonly file: string) {}

  apply(compiler: Compiler) {
    compiler.hooks.done.tap('ChunkReportPlugin', (stats) => {
      const { compilation } = stats;
      const chunks: ReportChunk[] = [];
      for (const chunk of compilation.chunks) {
        const seen = new Map<string, number>();
        for (const m of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
          for (const inner of sourceModules(m)) {
            const path = modulePath(inner);
            if (path) seen.set(path, (seen.get(path) ?? 0) + inner.size());
          }
        }
        chunks.push({
          id: String(chunk.id),
          names: chunk.name ? [chunk.name] : [],
          files: [...chunk.files].sort(),
          initial: chunk.canBeInitial(),
          modules: [...seen].map(([path, size]) => ({ path, size })).sort((a, b) => a.path.localeCompare(b.path)),
        });
      }
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify({ chunks } satisfies ChunkReport, null, 1));
    });
  }
}

/** Modules that sit in more than one chunk: path -> ids of the chunks holding a copy. */
export function duplicatedModules(report: ChunkReport): Map<string, string[]> {
  const where = new Map<string, string[]>();
  for (const c of report.chunks) for (const m of c.modules) where.set(m.path, [...(where.get(m.path) ?? []), c.id]);
  return new Map([...where].filter(([, ids]) => ids.length > 1));
}
