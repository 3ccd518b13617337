/** Largest file a client uploads and the server accepts (roster spreadsheets, certificate photos). No zod here: the client checks it before uploading. */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;
