import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { FileStore } from '../../ports';

/** Files in a local folder; the file id is the key, checked so it cannot escape the folder. */
export function folderFileStore(root: string): FileStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const p = resolve(join(base, key));
    if (!p.startsWith(base + sep)) throw new Error('invalid file key');
    return p;
  };
  return {
    async put(key, bytes) {
      const p = pathOf(key);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, bytes);
      return { fileId: key };
    },
    async get(fileId) {
      try {
        return new Uint8Array(await readFile(pathOf(fileId)));
      } catch {
        return null;
      }
    },
    async remove(fileId) {
      await rm(pathOf(fileId), { force: true });
    },
  };
}
