/** One production Taro build for the benchmarks (bench:size, bench:h5): prints the time, exits 1 with the log's tail on failure. */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

export function taroBuild(type: 'weapp' | 'h5', env: Record<string, string> = {}, label = `构建 ${type}（production）…`): void {
  const taro = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'taro.cmd' : 'taro');
  const started = Date.now();
  console.log(label);
  const res = spawnSync(taro, ['build', '--type', type], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (res.status !== 0) {
    // Taro's progress bar is noisy; the end of the log carries the error.
    const log = `${res.stdout ?? ''}\n${res.stderr ?? ''}`.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
    console.error(log.split('\n').filter((l) => l.trim()).slice(-40).join('\n'));
    console.error(`构建失败（${seconds} s，退出码 ${res.status ?? res.signal}）`);
    process.exit(1);
  }
  console.log(`构建完成，用时 ${seconds} s`);
}
