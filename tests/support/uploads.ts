import { recordUpload } from '../../server/app/upload-records';
import type { TestEnv } from './ports';

let uploaded = 0;

/**
 * A file `openid` uploaded, stored and recorded the way the gateway does it (under uploads/<openid>/, then
 * recordUpload for the quota and the cleanup of unused files). Returns the file id. Defaults: a 3-byte photo.
 */
export async function uploadAs(env: TestEnv, openid: string, options: { bytes?: Uint8Array; name?: string; mime?: string } = {}): Promise<string> {
  const bytes = options.bytes ?? new Uint8Array([1, 2, 3]);
  const { fileId } = await env.ports.files.put(`uploads/${openid}/${++uploaded}-${options.name ?? 'photo.jpg'}`, bytes, options.mime ?? 'image/jpeg');
  await recordUpload(env.ports, openid, fileId, bytes.length);
  return fileId;
}
