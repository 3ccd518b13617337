import type { RequestPhotoInput, RequestPhotoOutput } from '../../../types/requests';
import { AppError } from '../../core/errors';
import { viewOf } from '../../core/requests/visibility';
import type { ActionContext } from '../action';
import { REQUESTS, type RequestDoc } from './records';

const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };

/**
 * One photo of a request or of its handling, as a data: URL (files are never served by id: neither the gateway nor
 * the page reads storage directly). Only a caller with the full view (server/core/requests/visibility.ts: the
 * requester, the organisations it was routed to, community and sub-district staff) gets it; a request the caller may
 * not see is not found, and a resident who sees a public request without photos gets the same answer as for a photo
 * that does not exist.
 */
export async function requestPhoto({ ports, caller, member }: ActionContext, input: RequestPhotoInput): Promise<RequestPhotoOutput> {
  const doc = await ports.storage.get<RequestDoc>(REQUESTS, input.requestId);
  if (!doc || doc.data.estateId !== input.estateId) throw new AppError('REQUEST_NOT_FOUND');
  const view = viewOf(doc.data, { accountId: caller.openid, roles: member?.roles ?? [] });
  if (!view) throw new AppError('REQUEST_NOT_FOUND');
  const list = input.set === 'request' ? doc.data.photos : doc.data.resultPhotos ?? [];
  const fileId = view === 'full' ? list[input.index] : undefined;
  if (!fileId) throw new AppError('REQUEST_PHOTO_NOT_FOUND');
  const bytes = await ports.files.get(fileId);
  if (!bytes) throw new AppError('REQUEST_PHOTO_NOT_FOUND');
  const type = IMAGE_TYPES[fileId.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
  return { dataUrl: `data:${type};base64,${Buffer.from(bytes).toString('base64')}` };
}
