import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudFunctionMain } from '../../server/app/handler';
import { recordUpload } from '../../server/app/upload-records';
import { createGateway } from '../../server/gateway/server';
import type { TestEnv } from './ports';

export interface TestGateway {
  base: string;
  /** the session cookie ("name=value") after logging in as a demo persona on /dev/login */
  login(openid: string): Promise<string>;
  close(): Promise<void>;
}

/** The local gateway on a free loopback port over a test environment, with a stand-in H5 build. */
export async function startTestGateway(env: TestEnv, functions: Record<string, CloudFunctionMain>): Promise<TestGateway> {
  const staticDir = mkdtempSync(join(tmpdir(), 'gongyi-h5-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>共议</title>');
  writeFileSync(join(staticDir, 'app.js'), 'console.log(1)');
  const server = createGateway({
    functions,
    staticDir,
    crypto: env.ports.crypto,
    files: env.ports.files,
    recordUpload: (openid, fileId, bytes) => recordUpload(env.ports, openid, fileId, bytes),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    async login(openid) {
      const res = await fetch(`${base}/dev/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ openid }).toString(),
      });
      if (res.status !== 303) throw new Error(`login as ${openid} failed with ${res.status}`);
      return res.headers.get('set-cookie')!.split(';')[0];
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      rmSync(staticDir, { recursive: true, force: true });
    },
  };
}
