import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One process per data folder. The embedded database is single-writer: two processes on one folder both
 * acknowledge writes and lose half of them. The lock is a file created exclusively in the data folder with the
 * owner's pid, port and start time; a lock whose pid no longer runs (kill -9, power loss) is stale and taken over.
 */
export const LOCK_FILE = 'gateway.lock';

export interface LockInfo {
  pid: number;
  port: number | null;
  startedAt: string;
}

export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `数据目录 ${dataDir} 正在被另一个共议进程使用（进程号 ${holder.pid}，端口 ${holder.port ?? '未知'}，启动于 ${holder.startedAt}）。` +
        `请先停止它，或用 GONGYI_DATA_DIR 指定另一个数据目录。\n` +
        `The data folder ${dataDir} is in use by another Gongyi process (pid ${holder.pid}, port ${holder.port ?? 'unknown'}, ` +
        `started ${holder.startedAt}). Stop it first, or set GONGYI_DATA_DIR to another folder.`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export interface DataLock {
  /** record the port the process listens on, so a second process can name it */
  setPort(port: number): void;
  release(): void;
}

const held = new Map<string, DataLock>();

export function acquireDataLock(dataDir: string): DataLock {
  const existing = held.get(dataDir);
  if (existing) return existing; // the same process opening its own folder again
  const file = join(dataDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, port: null, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(file);
      // a lock being written this instant reads as empty: treat it as held, unless it stays unreadable
      if (holder && alive(holder.pid) && holder.pid !== process.pid) throw new DataFolderInUseError(dataDir, holder);
      if (!holder && attempt < 3) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
      if (attempt > 5) throw err;
      console.warn(`移除失效的数据目录锁 removing a stale data folder lock (pid ${holder?.pid ?? '?'}): ${file}`);
      try {
        unlinkSync(file);
      } catch {
        /* another process removed it first; retry the exclusive create */
      }
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(dataDir);
    process.off('exit', release);
    if (readLock(file)?.pid === process.pid) {
      try {
        unlinkSync(file);
      } catch {
        /* already gone */
      }
    }
  };
  process.on('exit', release);
  const lock: DataLock = {
    setPort(port) {
      if (!released) writeFileSync(file, JSON.stringify({ ...info, port }), { mode: 0o600 });
    },
    release,
  };
  held.set(dataDir, lock);
  return lock;
}

/** The lock this process holds on a data folder, if any. */
export const heldDataLock = (dataDir: string): DataLock | undefined => held.get(dataDir);
