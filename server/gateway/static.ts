import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Text formats worth compressing; images and woff2 are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.ttf', '.txt']);
/** Below this a compressed body saves less than its own headers cost. */
const MIN_COMPRESS_BYTES = 512;

/**
 * A name that carries webpack's content hash (`js/[name].[contenthash:8].js`, `css/…css`, config/index.ts):
 * new bytes always get a new name, so the browser may keep these for a year without asking again.
 */
export const HASHED_ASSET = /[.-][0-9a-f]{8,}\.(js|css)$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * The encoding to answer with, from an Accept-Encoding header (RFC 9110 §12.5.3): the acceptable coding
 * (q > 0) with the highest weight, brotli before gzip on a tie. `*` stands for codings not named. A malformed
 * entry (bad q value, empty token) is ignored rather than refused: the worst case is an uncompressed answer.
 */
export function chooseEncoding(header: string | string[] | undefined): Encoding {
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  if (raw.length > 1024) return 'identity';
  const weights = new Map<string, number>();
  for (const part of raw.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (!name || !/^[A-Za-z0-9*_.+-]+$/.test(name)) continue;
    let q = 1;
    let valid = true;
    for (const p of params) {
      const m = /^q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i.exec(p);
      if (m) q = Number(m[1]);
      else if (/^q\s*=/i.test(p)) valid = false;
    }
    if (valid) weights.set(name.toLowerCase(), q);
  }
  const star = weights.get('*');
  const weight = (coding: string) => weights.get(coding) ?? star ?? 0;
  const br = weight('br');
  const gz = Math.max(weight('gzip'), weights.get('x-gzip') ?? 0);
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return 'identity';
}

interface Variant {
  body: Buffer;
  etag: string;
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  variants: Map<Encoding, Promise<Variant>>;
  raw: Buffer;
  tag: string;
}

/**
 * Serves files of one folder (the H5 build) with compression and caching:
 *  - gzip or brotli by Accept-Encoding (`vary: accept-encoding`), compressed once per file version and kept in
 *    memory (the build is a few hundred KB; brotli quality 5 costs ~0.1 s per 200 KB file, quality 11 ~4 s);
 *  - hashed js/css: `cache-control: public, max-age=31536000, immutable`; everything else (index.html)
 *    `no-cache` with an ETag, so a reload revalidates with a cheap 304.
 * A file that changes on disk (a rebuild into the same folder) is read again: the cache key is mtime + size.
 */
export function createStaticFiles() {
  const cache = new Map<string, CachedFile>();

  async function load(file: string): Promise<CachedFile> {
    const st = await stat(file);
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit;
    const raw = await readFile(file);
    const tag = createHash('sha256').update(raw).digest('base64url').slice(0, 22);
    const entry: CachedFile = { mtimeMs: st.mtimeMs, size: st.size, raw, tag, variants: new Map() };
    cache.set(file, entry);
    return entry;
  }

  function variant(entry: CachedFile, encoding: Encoding): Promise<Variant> {
    let v = entry.variants.get(encoding);
    if (!v) {
      const compress =
        encoding === 'br'
          ? brotliAsync(entry.raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: entry.raw.length } })
          : encoding === 'gzip'
            ? gzipAsync(entry.raw, { level: 9 })
            : Promise.resolve(entry.raw);
      v = compress.then((body) => ({ body, etag: `"${entry.tag}${encoding === 'identity' ? '' : `-${encoding}`}"` }));
      v.catch(() => entry.variants.delete(encoding));
      entry.variants.set(encoding, v);
    }
    return v;
  }

  /** Answers `req` with `file` (which the caller has already confined to the served folder). */
  return async function serveFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
    const ext = extname(file).toLowerCase();
    const entry = await load(file);
    const compressible = COMPRESSIBLE.has(ext) && entry.raw.length >= MIN_COMPRESS_BYTES;
    const encoding = compressible ? chooseEncoding(req.headers['accept-encoding']) : 'identity';
    const { body, etag } = await variant(entry, encoding);
    const headers: Record<string, string | number> = {
      'content-type': MIME[ext] ?? 'application/octet-stream',
      'cache-control': HASHED_ASSET.test(file) ? IMMUTABLE : 'no-cache',
      etag,
      'x-content-type-options': 'nosniff',
    };
    if (COMPRESSIBLE.has(ext)) headers.vary = 'accept-encoding';
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
