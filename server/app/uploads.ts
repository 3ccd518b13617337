/**
 * Where clients put files before a use case reads them (roster files now; certificate photos next).
 *
 * Every upload lives under `uploads/<openid>/…`:
 * - H5 / local: the gateway's `POST /api/_upload?name=<file name>` stores the body under
 *   `uploads/<session openid>/<random>-<sanitised name>` and returns that key as the fileId.
 * - WeChat / CloudBase: the mini-program calls `Taro.cloud.uploadFile({ cloudPath: \`uploads/${openid}/${random}-${name}\` })`
 *   (the prefix comes from the identity action `uploadTicket`); the fileId is then
 *   `cloud://<env>.<bucket>/uploads/<openid>/…`. The storage security rules should only let a user write
 *   under their own prefix (custom rule on the path), so a fileId under someone's prefix was written by them.
 *
 * Use cases accept a fileId only when its path is under the CALLER's own prefix, so nobody can make the
 * server read another account's upload (a roster, a certificate photo) by guessing its id.
 */
export { UPLOAD_MAX_BYTES } from '../../types/identity';
export const UPLOAD_ROOT = 'uploads';

const SAFE_OPENID = /^[A-Za-z0-9_-]{1,128}$/;
/** WeChat openids are URL-safe base64-like strings; anything else cannot name an upload folder. */
export const isSafeOpenid = (openid: string) => SAFE_OPENID.test(openid);

/** The storage path of a fileId: a local key as is, a CloudBase `cloud://env.bucket/path` without its bucket part. */
export function uploadPathOf(fileId: string): string {
  const m = /^cloud:\/\/[^/]+\/(.*)$/.exec(fileId);
  return m ? m[1] : fileId;
}

export const uploadPrefix = (openid: string) => `${UPLOAD_ROOT}/${openid}/`;

/** True when `fileId` is a file the caller uploaded (under `uploads/<openid>/`, no path tricks). */
export function isOwnUpload(fileId: string, openid: string): boolean {
  if (!SAFE_OPENID.test(openid)) return false;
  const path = uploadPathOf(fileId);
  if (!path.startsWith(uploadPrefix(openid))) return false;
  const rest = path.slice(uploadPrefix(openid).length);
  return rest.length > 0 && rest.split('/').every((part) => part !== '' && part !== '.' && part !== '..') && !/[\\\0]/.test(rest);
}

/** A file name reduced to characters every storage accepts; keeps the extension, at most 80 characters. */
export function sanitiseUploadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).replace(/[^A-Za-z0-9]/g, '').slice(0, 10).toLowerCase() : '';
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[_-]+|[_-]+$/g, '').slice(0, 60) || 'file';
  return ext ? `${stem}.${ext}` : stem;
}

/** The storage key for a new upload; null when the openid cannot be part of a path. */
export function uploadKey(openid: string, name: string, random: string): string | null {
  if (!SAFE_OPENID.test(openid)) return null;
  return `${uploadPrefix(openid)}${random}-${sanitiseUploadName(name)}`;
}
