/** File storage (certificate photos, ballot scans): CloudBase storage in production, a folder locally. */
export interface FileStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<{ fileId: string }>;
  get(fileId: string): Promise<Uint8Array | null>;
}
