import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { api } from '../../api/client';
import { Image } from '../../components/image';
import { AppButton } from '../../components/ui';
import { REQUEST_TEXT } from '../../lib/request-view';
import type { RequestPhotoInput } from '../../../types/requests';

/**
 * A request's photos (or its handling's), fetched only when asked for: each one through requestPhoto, which serves
 * them only to those who see the whole request. Large, one under the other, so an old eye sees what is wrong.
 */
export function RequestPhotos(props: { estateId: string; requestId: string; set: RequestPhotoInput['set']; count: number; title: string }) {
  const [urls, setUrls] = useState<(string | null)[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (props.count === 0) return null;

  const load = async () => {
    setBusy(true);
    setError(null);
    const all = await Promise.all(
      Array.from({ length: props.count }, (_, index) => api.requests.requestPhoto({ estateId: props.estateId, requestId: props.requestId, set: props.set, index })),
    );
    setBusy(false);
    const failed = all.find((r) => !r.ok);
    if (failed && !failed.ok) setError(failed.error.message);
    setUrls(all.map((r) => (r.ok ? r.data.dataUrl : null)));
  };

  return (
    <View className={`request-photo-list photos-${props.set}`}>
      <Text className='field-label'>{props.title}</Text>
      {urls === null ? (
        <AppButton kind='secondary' className='show-request-photos' disabled={busy} onClick={() => void load()}>
          {busy ? REQUEST_TEXT.loadingPhotos : REQUEST_TEXT.showPhotos(props.count)}
        </AppButton>
      ) : (
        urls.map((u, i) => (u ? <Image key={i} className='request-photo-full' src={u} mode='widthFix' aria-label={`${props.title} ${i + 1}`} /> : null))
      )}
      {error && <Text className='form-error-line'>{error}</Text>}
    </View>
  );
}
