/** File storage (certificate photos, ballot scans): CloudBase storage in production, a folder locally. */
export interface FileStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<{ fileId: string }>;
  get(fileId: string): Promise<Uint8Array | null>;
  /** delete a file once it is no longer needed (uploads holding personal data); a missing file is not an error */
  remove?(fileId: string): Promise<void>;
}
