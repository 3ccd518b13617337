import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import type { CloudFunctionMain } from '../app/handler';
import { AppError } from '../core/errors';
import { UPLOAD_MAX_BYTES, uploadKey } from '../app/uploads';
import { apiError, fieldError, type ApiError } from '../../types/errors';
import type { Clock, Crypto, FileStore } from '../ports';
import { systemClock } from '../adapters/local/clock';
import type { LocalContext } from '../adapters/local/platform';
import { devLoginPage, isDevLoginOpenid } from './dev-login';
import { createStaticFiles, MIME } from './static';

export const SESSION_COOKIE = 'gy_session';
/** A session ends 7 days after login (absolute, server clock) or after 24 hours without a request. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
export const SESSION_IDLE_MS = 24 * 3600 * 1000;
const MAX_BODY_BYTES = 1024 * 1024;
const HOME_ROUTE = '/#/pages/home/index';

export interface GatewayOptions {
  functions: Record<string, CloudFunctionMain>;
  /** the H5 build to serve (dist/h5) */
  staticDir: string;
  /** signs session cookies */
  crypto: Crypto;
  /** where `POST /api/_upload` stores files (the local stand-in for Taro.cloud.uploadFile); without it uploads are off */
  files?: FileStore;
  /** records each upload against the account's quota (recordUpload in server/app/upload-records.ts); an AppError refuses it */
  recordUpload?: (openid: string, fileId: string, bytes: number) => Promise<void>;
  /** the server clock sessions expire on (default: the system clock) */
  clock?: Clock;
  /**
   * serve the demo persona picker (/dev/login). Off in cloudbase mode: there is no demo login against a real
   * environment, and without a login nobody has a session.
   */
  demoLogin?: boolean;
  /** where revoked session ids are kept across restarts (local: the secret folder); without it, in memory only */
  revokedSessionsFile?: string;
  /** local browser tests only (GONGYI_DEV_CLOCK=1): `POST /dev/clock {"advanceDays": n}` moves the handlers' clock forward */
  devClock?: { advance(ms: number): void; now(): Date };
}

/**
 * Signed session value: openid, a random session id and the login instant, with an HMAC over all three, so the
 * cookie can be edited neither into another identity nor into a longer life. The gateway checks expiry against
 * its clock and refuses session ids revoked by logout.
 */
export function sessionValue(crypto: Crypto, openid: string, issuedAt: Date = new Date(), sid = randomBytes(12).toString('base64url')): string {
  const at = issuedAt.getTime().toString(36);
  return `${encodeURIComponent(openid)}.${sid}.${at}.${crypto.keyedHash('gateway-session', `${openid}\u0000${sid}\u0000${at}`)}`;
}

interface Session {
  openid: string;
  sid: string;
  issuedAt: number;
}

/**
 * The session in a cookie header, when its signature holds; null when there is none or it is not valid; a 400
 * refusal (which also clears the cookie) when the cookie cannot even be decoded.
 */
function parseSession(crypto: Crypto, cookieHeader: string | undefined): Session | null {
  const raw = (cookieHeader ?? '')
    .split(/;\s*/)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  if (!raw) return null;
  try {
    decodeURIComponent(raw);
  } catch {
    throw new Refusal(400, apiError('BAD_REQUEST'), { 'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0` });
  }
  const parts = raw.split('.');
  if (parts.length !== 4) return null;
  const [encodedOpenid, sid, at, mac] = parts;
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(sid) || !/^[0-9a-z]{1,12}$/.test(at)) return null;
  const openid = decodeURIComponent(encodedOpenid); // decodable: the whole value was
  if (!openid) return null;
  const expected = Buffer.from(crypto.keyedHash('gateway-session', `${openid}\u0000${sid}\u0000${at}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { openid, sid, issuedAt: parseInt(at, 36) };
}

/** A request the gateway refuses before routing: its status and coded error. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
    readonly headers: Record<string, string> = {},
  ) {
    super(error.code);
  }
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;

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
  const clock = options.clock ?? systemClock;
  const demoLogin = options.demoLogin ?? true;
  /** session id -> last request (idle expiry) and revoked session ids -> their login instant (pruned once expired) */
  const lastSeen = new Map<string, number>();
  let notBefore = 0;
  const revoked = new Map<string, number>();
  if (options.revokedSessionsFile && existsSync(options.revokedSessionsFile)) {
    try {
      for (const [sid, at] of Object.entries(JSON.parse(readFileSync(options.revokedSessionsFile, 'utf8')) as Record<string, number>)) revoked.set(sid, at);
    } catch {
      console.error(`[gateway] unreadable ${options.revokedSessionsFile}: every session issued before now is refused`);
      revoked.clear();
      notBefore = clock.now().getTime();
    }
  }

  function prune(now: number) {
    for (const [sid, issuedAt] of revoked) if (now - issuedAt > SESSION_MAX_AGE_MS) revoked.delete(sid);
    for (const [sid, seen] of lastSeen) if (now - seen > SESSION_IDLE_MS) lastSeen.delete(sid);
  }

  /** The caller's openid when the cookie is signed, not expired (absolute or idle) and not revoked. */
  function readSession(req: IncomingMessage): string | null {
    const session = parseSession(options.crypto, req.headers.cookie);
    if (!session || revoked.has(session.sid) || session.issuedAt < notBefore) return null;
    const now = clock.now().getTime();
    if (now - session.issuedAt > SESSION_MAX_AGE_MS) return null;
    if (now - (lastSeen.get(session.sid) ?? session.issuedAt) > SESSION_IDLE_MS) return null;
    lastSeen.set(session.sid, Math.max(now, lastSeen.get(session.sid) ?? 0));
    if (lastSeen.size > 10_000) prune(now);
    return session.openid;
  }

  function revoke(req: IncomingMessage) {
    const session = parseSession(options.crypto, req.headers.cookie);
    if (!session) return;
    revoked.set(session.sid, session.issuedAt);
    lastSeen.delete(session.sid);
    prune(clock.now().getTime());
    if (options.revokedSessionsFile) {
      mkdirSync(dirname(options.revokedSessionsFile), { recursive: true, mode: 0o700 });
      writeFileSync(options.revokedSessionsFile, JSON.stringify(Object.fromEntries(revoked)), { mode: 0o600 });
    }
  }

  /** Host must be the loopback address the gateway listens on (no DNS rebinding); Origin, when sent, the same. */
  function checkOrigin(req: IncomingMessage) {
    const host = req.headers.host ?? '';
    if (!LOOPBACK_HOST.test(host)) throw new Refusal(403, apiError('HOST_REFUSED'));
    const origin = req.headers.origin;
    if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) throw new Refusal(403, apiError('ORIGIN_REFUSED'));
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, name: string) {
    const main = Object.prototype.hasOwnProperty.call(options.functions, name) ? options.functions[name] : undefined;
    if (!main) {
      req.resume();
      return refuse(res, 404, apiError('UNKNOWN_ACTION'));
    }
    // only JSON: a cross-site form or text/plain "simple request" never reaches a cloud function
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      req.resume();
      return refuse(res, 415, apiError('UNSUPPORTED_MEDIA_TYPE'));
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
    const openid = readSession(req);
    const context: LocalContext & { requestId: string } = { requestId: randomUUID(), localCaller: openid ? { openid } : undefined };
    json(res, 200, await main(event, context));
  }

  /**
   * Local stand-in for Taro.cloud.uploadFile: `POST /api/_upload?name=<file name>` with the file as the raw body.
   * Needs a session; stores under uploads/<openid>/<random>-<name> (the prefix use cases check) and answers
   * { ok: true, data: { fileId } }.
   */
  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL) {
    const openid = readSession(req);
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
    try {
      await options.recordUpload?.(openid, fileId, body.length); // over the quota: the file is deleted again
    } catch (err) {
      if (err instanceof AppError) return refuse(res, 429, apiError(err.code, err.params as never));
      throw err;
    }
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
      'set-cookie': `${SESSION_COOKIE}=${sessionValue(options.crypto, openid, clock.now())}; Path=/; Max-Age=${SESSION_MAX_AGE_MS / 1000}; HttpOnly; SameSite=Lax`,
    });
  }

  /** the H5 build: gzip/brotli by Accept-Encoding, a year of caching for content-hashed js/css (static.ts) */
  const serveFile = createStaticFiles();

  function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    // a malformed path is refused first: the answer must not depend on whether the H5 build exists
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      throw new Refusal(400, apiError('BAD_REQUEST'));
    }
    if (decoded.includes('\u0000')) throw new Refusal(400, apiError('BAD_REQUEST'));
    if (!existsSync(join(staticRoot, 'index.html'))) {
      return send(res, 503, 'H5 版本尚未构建：请先运行 npm run build:h5（npm start 会自动构建）。');
    }
    const target = resolve(join(staticRoot, decoded));
    if (target !== staticRoot && !target.startsWith(staticRoot + sep)) return send(res, 403, 'forbidden');
    if (existsSync(target) && statSync(target).isFile()) return serveFile(req, res, target);
    // a missing asset (a stale page asking for an old chunk) is a 404, not the app's HTML under a script's name
    const ext = extname(decoded).toLowerCase();
    if (decoded === '/favicon.ico') return send(res, 204, '', 'image/x-icon', { 'cache-control': 'public, max-age=86400' }); // browsers ask unprompted
    if (ext && ext !== '.html' && MIME[ext]) return send(res, 404, 'not found');
    return serveFile(req, res, join(staticRoot, 'index.html')); // client-side routes
  }

  function route(req: IncomingMessage, res: ServerResponse): Promise<void> | void {
    checkOrigin(req);
    const target = req.url ?? '/';
    // only origin-form request targets ("/path?query"); "//x" or "http://..." would make new URL() read a host
    if (!target.startsWith('/') || target.startsWith('//')) throw new Refusal(400, apiError('BAD_REQUEST'));
    let url: URL;
    try {
      url = new URL(target, 'http://localhost');
    } catch {
      throw new Refusal(400, apiError('BAD_REQUEST'));
    }
    const path = url.pathname;
    if (req.method === 'POST' && path === '/api/_upload') return handleUpload(req, res, url);
    if (req.method === 'POST' && path.startsWith('/api/')) return handleApi(req, res, path.slice(5));
    if (path === '/dev/logout') {
      revoke(req);
      return send(res, 303, '', 'text/plain', { location: demoLogin ? '/dev/login' : '/', 'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0` });
    }
    if (path === '/dev/login' && !demoLogin) {
      req.resume();
      return refuse(res, 404, apiError('NOT_FOUND'));
    }
    if (path === '/dev/login' && req.method === 'GET') {
      return send(res, 200, devLoginPage(readSession(req)), 'text/html; charset=utf-8');
    }
    if (path === '/dev/login' && req.method === 'POST') return handleLogin(req, res);
    if (path === '/dev/clock' && req.method === 'POST' && options.devClock && demoLogin) return handleDevClock(req, res, options.devClock);
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (path === '/' && demoLogin && !readSession(req)) return send(res, 302, '', 'text/plain', { location: '/dev/login' });
      return handleStatic(req, res, path);
    }
    send(res, 405, 'method not allowed');
  }

  // Nothing a request carries may end the process: every refusal is a coded answer, anything else a 500.
  return createServer((req, res) => {
    const fail = (err: unknown) => {
      if (err instanceof Refusal) {
        req.resume();
        if (!res.headersSent) send(res, err.status, JSON.stringify({ ok: false, error: err.error }), 'application/json; charset=utf-8', err.headers);
        return;
      }
      console.error('[gateway]', err instanceof Error ? err.message : err);
      if (!res.headersSent) refuse(res, 500, apiError('INTERNAL'));
      else res.destroy();
    };
    try {
      void Promise.resolve(route(req, res)).catch(fail);
    } catch (err) {
      fail(err);
    }
  });
}

/** `POST /dev/clock {"advanceDays": n}` (local browser tests only): move the handlers' clock forward by whole days. */
async function handleDevClock(req: IncomingMessage, res: ServerResponse, clock: NonNullable<GatewayOptions['devClock']>): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  let days: unknown;
  try {
    days = (JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { advanceDays?: unknown }).advanceDays;
  } catch {
    days = undefined;
  }
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 400) {
    res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ ok: false, message: 'advanceDays: a whole number of days, 0–400' }));
    return;
  }
  clock.advance(days * 86_400_000);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ ok: true, now: clock.now().toISOString() }));
}
