import type { FileStore } from '../../ports';

/** The subset of node-sdk's CloudBase app used for files (cloud storage, backed by COS). */
export interface CloudbaseFileApi {
  uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID?: string }>;
  downloadFile(options: { fileID: string }): Promise<{ fileContent?: Buffer }>;
  /** node-sdk app.deleteFile; optional so fakes without it still type-check */
  deleteFile?(options: { fileList: string[] }): Promise<{ fileList?: { fileID?: string; code?: string }[] }>;
}

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9_.\-/]*$/;
/** CloudBase storage reports a missing file through getTempFileURL's per-file code, e.g. STORAGE_FILE_NONEXIST */
const MISSING = /NONEXIST|NOT_?EXIST|NOT_?FOUND|Status:\s*404/i;

/**
 * Files in the environment's CloudBase storage. The file id is CloudBase's `cloud://…` fileID.
 * CloudBase storage keeps no content type for uploads from node-sdk; `contentType` is not stored.
 */
export function cloudbaseFileStore(app: CloudbaseFileApi): FileStore {
  return {
    async put(key, bytes) {
      if (!SAFE_KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.' || part === '')) {
        throw new Error('invalid file key');
      }
      const res = await app.uploadFile({ cloudPath: key, fileContent: Buffer.from(bytes) });
      if (!res.fileID) throw new Error('CloudBase uploadFile returned no fileID');
      return { fileId: res.fileID };
    },
    async get(fileId) {
      try {
        const res = await app.downloadFile({ fileID: fileId });
        return res.fileContent ? new Uint8Array(res.fileContent) : null;
      } catch (err) {
        const e = err as { code?: unknown; message?: unknown };
        if ([e.code, e.message].some((m) => typeof m === 'string' && MISSING.test(m))) return null;
        throw err;
      }
    },
    async remove(fileId) {
      // uploads holding personal data (rosters) are deleted once read; a missing file is fine
      const res = await app.deleteFile?.({ fileList: [fileId] });
      const code = res?.fileList?.[0]?.code;
      if (code && code !== 'SUCCESS' && !MISSING.test(code)) throw new Error(`CloudBase deleteFile failed: ${code}`);
    },
  };
}
