import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type { CloudFunctionMain } from '../app/handler';
import { UPLOAD_MAX_BYTES, uploadKey } from '../app/uploads';
import { apiError, fieldError, type ApiError } from '../../types/errors';
import type { Crypto, FileStore } from '../ports';
import type { LocalContext } from '../adapters/local/platform';
import { devLoginPage, isDevLoginOpenid } from './dev-login';

export const SESSION_COOKIE = 'gy_session';
const MAX_BODY_BYTES = 1024 * 1024;
const HOME_ROUTE = '/#/pages/home/index';

const MIME: Record<string, string> = {
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

export interface GatewayOptions {
  functions: Record<string, CloudFunctionMain>;
  /** the H5 build to serve (dist/h5) */
  staticDir: string;
  /** signs session cookies */
  crypto: Crypto;
  /** where `POST /api/_upload` stores files (the local stand-in for Taro.cloud.uploadFile); without it uploads are off */
  files?: FileStore;
}

/** Signed session value: openid + HMAC, so the cookie cannot be edited into another identity. */
export function sessionValue(crypto: Crypto, openid: string): string {
  return `${encodeURIComponent(openid)}.${crypto.keyedHash('gateway-session', openid)}`;
}

function readSession(crypto: Crypto, req: IncomingMessage): string | null {
  const cookie = req.headers.cookie ?? '';
  const raw = cookie.split(/;\s*/).find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.slice(SESSION_COOKIE.length + 1);
  if (!raw) return null;
  const dot = raw.lastIndexOf('.');
  if (dot <= 0) return null;
  const openid = decodeURIComponent(raw.slice(0, dot));
  const expected = Buffer.from(crypto.keyedHash('gateway-session', openid));
  const given = Buffer.from(raw.slice(dot + 1));
  return expected.length === given.length && timingSafeEqual(expected, given) ? openid : null;
}

/**
 * The raw body, or null when it exceeds `max` bytes. An oversized body is still read to its end (and
 * dropped), so the client receives the refusal instead of a reset connection; past 64 MB the socket is cut.
 */
async function readRawBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024 * 1024) req.destroy();
    else if (size <= max) chunks.push(chunk as Buffer);
  }
  return size > max ? null : Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown) => send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
/** A refusal in the shape every cloud function answers with: code, params and the message from types/errors.ts. */
const refuse = (res: ServerResponse, status: number, error: ApiError) => json(res, status, { ok: false, error });

/**
 * The local gateway: serves the H5 build, the dev login, and every cloud function at POST /api/<name>
 * with CloudBase's event/context semantics (event = the JSON body; caller = the session, in context).
 */
export function createGateway(options: GatewayOptions): Server {
  const staticRoot = resolve(options.staticDir);

  async function handleApi(req: IncomingMessage, res: ServerResponse, name: string) {
    const main = Object.prototype.hasOwnProperty.call(options.functions, name) ? options.functions[name] : undefined;
    if (!main) {
      req.resume();
      return refuse(res, 404, apiError('UNKNOWN_ACTION'));
    }
    // an unreadable or oversized body is a malformed event: the code the handler gives one (BAD_REQUEST)
    const body = await readRawBody(req, MAX_BODY_BYTES);
    if (!body) return refuse(res, 413, apiError('BAD_REQUEST'));
    let event: unknown;
    try {
      event = JSON.parse(body.toString('utf8'));
    } catch {
      return refuse(res, 400, apiError('BAD_REQUEST'));
    }
    const openid = readSession(options.crypto, req);
    const context: LocalContext & { requestId: string } = { requestId: randomUUID(), localCaller: openid ? { openid } : undefined };
    json(res, 200, await main(event, context));
  }

  /**
   * Local stand-in for Taro.cloud.uploadFile: `POST /api/_upload?name=<file name>` with the file as the raw body.
   * Needs a session; stores under uploads/<openid>/<random>-<name> (the prefix use cases check) and answers
   * { ok: true, data: { fileId } }.
   */
  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL) {
    const openid = readSession(options.crypto, req);
    if (!openid) {
      req.resume();
      return refuse(res, 401, apiError('NOT_AUTHENTICATED'));
    }
    if (!options.files) {
      req.resume();
      return refuse(res, 404, apiError('UNKNOWN_ACTION'));
    }
    const name = url.searchParams.get('name') ?? '';
    const key = uploadKey(openid, name || 'file', randomBytes(8).toString('hex'));
    if (!name || name.length > 120 || !key) {
      req.resume();
      const field = name ? fieldError('name', 'FIELD_INVALID', { label: '文件名' }) : fieldError('name', 'FILE_NAME_MISSING');
      return refuse(res, 400, apiError('VALIDATION_FAILED', undefined, [field]));
    }
    // the same codes the client's own check (checkUpload in src/lib/api-core.ts) gives
    const body = await readRawBody(req, UPLOAD_MAX_BYTES);
    if (!body) return refuse(res, 413, apiError('FILE_TOO_LARGE', { maxMb: Math.round(UPLOAD_MAX_BYTES / 1024 / 1024) }));
    if (body.length === 0) return refuse(res, 400, apiError('FILE_EMPTY'));
    const { fileId } = await options.files.put(key, new Uint8Array(body), req.headers['content-type'] ?? 'application/octet-stream');
    json(res, 200, { ok: true, data: { fileId } });
  }

  async function handleLogin(req: IncomingMessage, res: ServerResponse) {
    const raw = await readRawBody(req, MAX_BODY_BYTES);
    if (!raw) return send(res, 413, '请求内容过大');
    const form = new URLSearchParams(raw.toString('utf8'));
    const openid = form.get('openid') ?? '';
    if (!isDevLoginOpenid(openid)) return send(res, 400, '未知的演示身份');
    send(res, 303, '', 'text/plain', {
      location: HOME_ROUTE,
      'set-cookie': `${SESSION_COOKIE}=${sessionValue(options.crypto, openid)}; Path=/; HttpOnly; SameSite=Lax`,
    });
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (!existsSync(join(staticRoot, 'index.html'))) {
      return send(res, 503, 'H5 版本尚未构建：请先运行 npm run build:h5（npm start 会自动构建）。');
    }
    const target = resolve(join(staticRoot, decodeURIComponent(pathname)));
    if (target !== staticRoot && !target.startsWith(staticRoot + sep)) return send(res, 403, 'forbidden');
    const file = existsSync(target) && statSync(target).isFile() ? target : join(staticRoot, 'index.html');
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(readFileSync(file));
    void req;
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const done = (p: Promise<void> | void) =>
      Promise.resolve(p).catch((err) => {
        console.error('[gateway]', err instanceof Error ? err.message : err);
        if (!res.headersSent) refuse(res, 500, apiError('INTERNAL'));
      });
    if (req.method === 'POST' && path === '/api/_upload') return void done(handleUpload(req, res, url));
    if (req.method === 'POST' && path.startsWith('/api/')) return void done(handleApi(req, res, path.slice(5)));
    if (path === '/dev/login' && req.method === 'GET') {
      return send(res, 200, devLoginPage(readSession(options.crypto, req)), 'text/html; charset=utf-8');
    }
    if (path === '/dev/login' && req.method === 'POST') return void done(handleLogin(req, res));
    if (path === '/dev/logout') {
      return send(res, 303, '', 'text/plain', { location: '/dev/login', 'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0` });
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (path === '/' && !readSession(options.crypto, req)) return send(res, 302, '', 'text/plain', { location: '/dev/login' });
      return handleStatic(req, res, path);
    }
    send(res, 405, 'method not allowed');
  });
}
