import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { nodeCrypto } from '../../server/adapters/local/crypto';
import { createGateway } from '../../server/gateway/server';
import { chooseEncoding, HASHED_ASSET, IMMUTABLE } from '../../server/gateway/static';

/**
 * Static serving of the H5 build by the local gateway (issue 9, fast first screen): compressed answers by
 * Accept-Encoding with `vary`, a year of immutable caching for content-hashed js/css, index.html revalidated
 * every time, nothing outside the build folder, and no header that can break the answer.
 */
const crypto = nodeCrypto('gateway-static-test-key');

let root: string;
let dir: string;
let server: Server;
let port: number;

const APP_JS = `/* app */\n${Array.from({ length: 400 }, (_, i) => `export const value${i} = 'repeated text ${i % 7}';`).join('\n')}\n`;
const INDEX = `<!doctype html><html><head><title>共议</title><script defer src="/js/app.1a2b3c4d.js"></script></head><body>${'<div></div>'.repeat(80)}</body></html>`;

function put(path: string, body: string | Buffer) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), body);
}

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with the path sent exactly as given (fetch would normalise "..") and the body left encoded. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'gongyi-gw-static-'));
  dir = join(root, 'h5');
  put('index.html', INDEX);
  put('js/app.1a2b3c4d.js', APP_JS);
  put('css/app.5e6f7a8b.css', `.card{color:#1f2329}\n`.repeat(60));
  put('js/unhashed.js', APP_JS);
  put('tiny.json', '{"a":1}');
  put('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, ...Array.from({ length: 2000 }, () => 7)]));
  // a sibling folder whose name starts like the build folder, and a file above it: neither may be served
  mkdirSync(join(root, 'h5-secret'));
  writeFileSync(join(root, 'h5-secret', 'key.txt'), 'SECRET-SIBLING');
  writeFileSync(join(root, 'outside.js'), 'SECRET-PARENT');
  server = createGateway({ functions: {}, staticDir: dir, crypto, demoLogin: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('gateway static files: compression', () => {
  it('answers brotli when the browser accepts it, gzip when only gzip, plain otherwise; always with vary', async () => {
    const br = await get('/js/app.1a2b3c4d.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(APP_JS.length / 3);
    expect(brotliDecompressSync(br.body).toString()).toBe(APP_JS);

    const gz = await get('/js/app.1a2b3c4d.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(APP_JS);

    const plain = await get('/js/app.1a2b3c4d.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body.toString()).toBe(APP_JS);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('compresses index.html and css too, but not images or bodies too small to gain', async () => {
    const html = await get('/index.html', { 'accept-encoding': 'gzip' });
    expect(html.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(html.body).toString()).toBe(INDEX);
    const css = await get('/css/app.5e6f7a8b.css', { 'accept-encoding': 'br' });
    expect(css.headers['content-encoding']).toBe('br');
    const png = await get('/logo.png', { 'accept-encoding': 'gzip, br' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.length).toBe(2004);
    const tiny = await get('/tiny.json', { 'accept-encoding': 'gzip, br' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('{"a":1}');
  });

  it('honours q-values: q=0 refuses a coding, the higher weight wins', async () => {
    expect((await get('/js/app.1a2b3c4d.js', { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await get('/js/app.1a2b3c4d.js', { 'accept-encoding': 'br;q=0.2, gzip;q=0.8' })).headers['content-encoding']).toBe('gzip');
    expect((await get('/js/app.1a2b3c4d.js', { 'accept-encoding': '*;q=0' })).headers['content-encoding']).toBeUndefined();
    expect((await get('/js/app.1a2b3c4d.js', { 'accept-encoding': '*' })).headers['content-encoding']).toBe('br');
  });

  it('a malformed Accept-Encoding never breaks the answer: the bytes are still the file', async () => {
    const malformed = [';;;,,,', 'br;q=abc', 'gzip;q=2', 'br;q=-1, gzip;q=', '\u00ff\u00fe', '=, ;q=1', 'br;;q', 'x'.repeat(5000), 'identity;q=0'];
    for (const header of malformed) {
      const res = await get('/js/app.1a2b3c4d.js', { 'accept-encoding': header });
      expect(res.status).toBe(200);
      const enc = res.headers['content-encoding'];
      const body = enc === 'br' ? brotliDecompressSync(res.body) : enc === 'gzip' ? gunzipSync(res.body) : res.body;
      expect(body.toString()).toBe(APP_JS);
    }
    // the invalid weights are ignored, the valid entries still count
    expect(chooseEncoding('br;q=abc, gzip')).toBe('gzip');
    expect(chooseEncoding('gzip;q=2')).toBe('identity');
    expect(chooseEncoding(['gzip', 'br'])).toBe('br');
    expect(chooseEncoding(undefined)).toBe('identity');
  });
});

describe('gateway static files: caching', () => {
  it('content-hashed js/css are immutable for a year; index.html and unhashed files revalidate', async () => {
    for (const path of ['/js/app.1a2b3c4d.js', '/css/app.5e6f7a8b.css']) {
      expect((await get(path, { 'accept-encoding': 'br' })).headers['cache-control']).toBe(IMMUTABLE);
    }
    expect(IMMUTABLE).toMatch(/max-age=31536000/);
    expect(IMMUTABLE).toMatch(/immutable/);
    for (const path of ['/index.html', '/js/unhashed.js', '/some/client/route']) {
      expect((await get(path)).headers['cache-control']).toBe('no-cache');
    }
    expect(HASHED_ASSET.test('js/framework.ad660e3f.js')).toBe(true);
    expect(HASHED_ASSET.test('js/app.js')).toBe(false);
  });

  it('index.html answers 304 to a matching If-None-Match, per encoding, and changes its ETag when rebuilt', async () => {
    const first = await get('/index.html', { 'accept-encoding': 'gzip' });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await get('/index.html', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // the plain variant has its own tag: a gzip tag does not validate it
    expect((await get('/index.html', { 'if-none-match': etag })).status).toBe(200);

    put('index.html', INDEX.replace('共议', '共议 v2'));
    utimesSync(join(dir, 'index.html'), new Date(), new Date(Date.now() + 5000));
    const rebuilt = await get('/index.html', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(rebuilt.status).toBe(200);
    expect(gunzipSync(rebuilt.body).toString()).toContain('共议 v2');
    put('index.html', INDEX);
  });

  it('HEAD gives the headers of GET without a body', async () => {
    const head = await get('/js/app.1a2b3c4d.js', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.body.length).toBe(0);
  });
});

describe('gateway static files: only the build folder', () => {
  it('refuses paths that climb out of the folder, encoded or not, with or without compression', async () => {
    const attempts = ['/..%2foutside.js', '/%2e%2e%2foutside.js', '/js/..%2f..%2foutside.js', '/..%2fh5-secret%2fkey.txt', '/%2e%2e/h5-secret/key.txt', '/..\\outside.js', '/js/%2e%2e%5c%2e%2e%5coutside.js'];
    for (const path of attempts) {
      for (const enc of ['', 'gzip, br']) {
        const res = await get(path, enc ? { 'accept-encoding': enc } : {});
        const text = res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.body).toString() : res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.body).toString() : res.body.toString();
        expect(text).not.toContain('SECRET');
        expect([400, 403, 404, 200]).toContain(res.status);
        if (res.status === 200) expect(text).toBe(INDEX); // resolved inside the folder: the app shell, nothing else
      }
    }
    expect((await get('/..%2foutside.js')).status).toBe(403);
    expect((await get('/..%2fh5-secret%2fkey.txt')).status).toBe(403);
    expect((await get('/js/app%00.js')).status).toBe(400);
  });

  it('a missing script or stylesheet is a 404, not the app shell under a script name; client routes get index.html', async () => {
    const stale = await get('/js/app.deadbeef.js', { 'accept-encoding': 'gzip' });
    expect(stale.status).toBe(404);
    expect(stale.headers['cache-control']).toBe('no-store');
    // the build has no icon: browsers ask anyway; an empty answer keeps the console free of a 404
    expect((await get('/favicon.ico')).status).toBe(204);
    const route = await get('/pages/home/index');
    expect(route.status).toBe(200);
    expect(route.body.toString()).toBe(INDEX);
  });
});
