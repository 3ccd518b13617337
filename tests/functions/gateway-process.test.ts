import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalPorts } from '../../server/adapters/local';
import { nodeCrypto } from '../../server/adapters/local/crypto';
import { loadTemplate } from '../support/template';

/**
 * The real gateway process (`npm run serve`) on a temporary data folder:
 * - malformed cookies, paths and request lines get 400 and the process keeps serving (they used to kill it);
 * - a second process on the same data folder is refused, naming the running one (both used to acknowledge writes);
 * - the data folder alone holds no key (the local hash key used to sit inside it).
 */
const root = mkdtempSync(join(tmpdir(), 'gongyi-gw-process-'));
const dataDir = join(root, 'data');
const secretDir = join(root, 'secrets');
const baseEnv = { ...process.env, NODE_OPTIONS: '', GONGYI_DATA_DIR: dataDir, GONGYI_SECRET_DIR: secretDir, GONGYI_RUNTIME: 'local' };
delete (baseEnv as NodeJS.ProcessEnv).GONGYI_HASH_KEY;
let child: ChildProcess;
let port: number;
let output = '';

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'server/gateway/main.ts'], { env: { ...baseEnv, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`gateway exited with ${code}:\n${output}`)));
  });
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(root, { recursive: true, force: true });
});

/** Send bytes exactly as written (no client library normalises the request line) and read the status line. */
function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (c) => (data += c));
    socket.on('end', () => resolve(data));
    socket.on('error', (err) => (data ? resolve(data) : reject(err)));
    socket.write(text.replace(/\n/g, '\r\n'));
  });
}

const HOST = () => `Host: 127.0.0.1:${port}\nConnection: close\n`;

describe('gateway process', () => {
  it.each([
    ['a malformed session cookie', () => `GET /dev/login HTTP/1.1\n${HOST()}Cookie: gy_session=%E0%A4.x\n\n`],
    ['a malformed cookie on /api', () => `POST /api/identity HTTP/1.1\n${HOST()}Cookie: gy_session=%E0%A4.x\nContent-Type: application/json\nContent-Length: 2\n\n{}`],
    ['a malformed path', () => `GET /%E0 HTTP/1.1\n${HOST()}\n`],
    ['a request line with //', () => `GET // HTTP/1.1\n${HOST()}\n`],
    ['a request line with //host', () => `GET //evil.example/x HTTP/1.1\n${HOST()}\n`],
  ])('answers %s with 400 and keeps serving', async (_what, text) => {
    const answer = await rawRequest(text());
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"BAD_REQUEST"');
    const page = await fetch(`http://127.0.0.1:${port}/dev/login`);
    expect(page.status).toBe(200);
  });

  it('refuses a second process on the same data folder, naming the running one', () => {
    const second = spawnSync(process.execPath, ['--import', 'tsx', 'server/gateway/main.ts'], { env: { ...baseEnv, PORT: '0' }, encoding: 'utf8', timeout: 60_000 });
    expect(second.status).not.toBe(0);
    expect(second.stderr).toContain(String(child.pid));
    expect(second.stderr).toContain(String(port));
    expect(second.stderr).toContain(dataDir);
    // and the first one still serves
    expect(child.exitCode).toBeNull();
  }, 70_000);

  it('keeps no key in the data folder: the hash key lives in the secret folder', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(dataDir);
    expect(files.filter((f) => /\.key$|secret/i.test(f))).toEqual([]);
    const key = readFileSync(join(secretDir, 'hash.key'), 'utf8').trim();
    expect(key.length).toBeGreaterThanOrEqual(32);
    for (const f of files) expect(readFileSync(f).includes(Buffer.from(key))).toBe(false);
  });

  it('releases the lock on shutdown so the next start succeeds', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, 'gateway.lock'))).toBe(false);
  });
});

describe('a data folder from before the change', () => {
  it('moves an existing hash.key out of the data folder on start, with a notice, keeping the same key', async () => {
    const legacyRoot = mkdtempSync(join(tmpdir(), 'gongyi-gw-legacy-'));
    try {
      const legacyData = join(legacyRoot, 'data');
      const legacySecrets = join(legacyRoot, 'secrets');
      mkdirSync(legacyData, { recursive: true });
      writeFileSync(join(legacyData, 'hash.key'), 'a'.repeat(64));
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      const ports = await createLocalPorts({ dataDir: legacyData, secretDir: legacySecrets, loadDataDir: loadTemplate() });
      await ports.storage.close();
      const printed = log.mock.calls.flat().join('\n');
      log.mockRestore();
      expect(existsSync(join(legacyData, 'hash.key'))).toBe(false);
      expect(readFileSync(join(legacySecrets, 'hash.key'), 'utf8').trim()).toBe('a'.repeat(64));
      expect(printed).toContain(join(legacySecrets, 'hash.key'));
      // the moved key is the one in use: hashes written before the move still match
      expect(ports.crypto.keyedHash('x', 'y')).toBe(nodeCrypto('a'.repeat(64)).keyedHash('x', 'y'));
    } finally {
      rmSync(legacyRoot, { recursive: true, force: true });
    }
  }, 70_000);
});
