import { Text, View } from '@tarojs/components';
import { api } from '../../api/client';
import { Image } from '../../components/image';
import { asButton } from '../../components/ui';
import { pickFiles } from '../../platform/files';
import { nextPhotoIds, PHOTO_TEXT, photoSlotsLeft, type PhotoEvent, type Photos } from '../../lib/request-form';
import { REQUEST_PHOTOS_MAX } from '../../../types/requests';

/**
 * Pick photos and upload each at once through the files port (api.files.upload, recorded by the server as the
 * caller's upload); the reducer in src/lib/request-form.ts keeps the slots.
 */
export async function addPhotos(state: Photos, dispatch: (e: PhotoEvent) => void) {
  const left = photoSlotsLeft(state);
  if (left === 0) return;
  const picked = (await pickFiles('photo', left)).slice(0, left);
  if (picked.length === 0) return;
  const ids = nextPhotoIds(state, picked.length);
  dispatch({ type: 'photosPicked', files: picked });
  picked.slice(0, ids.length).forEach((file, i) => {
    const localId = ids[i];
    void api.files.upload(file).then((res) =>
      dispatch(res.ok ? { type: 'photoUploaded', localId, fileId: res.data.fileId } : { type: 'photoFailed', localId, error: res.error.message }),
    );
  });
}

export function PhotoPicker(props: { label: string; state: Photos; error?: string; onAdd: () => void; onRemove: (localId: string) => void }) {
  const { photos } = props.state;
  return (
    <View className='request-photos'>
      <Text className='field-label'>{`${props.label}（${photos.length}/${REQUEST_PHOTOS_MAX}）`}</Text>
      <Text className='field-hint text-secondary'>{PHOTO_TEXT.hint}</Text>
      <View className='request-photo-grid'>
        {photos.map((p, i) => (
          <View key={p.localId} className={`request-photo-slot photo-${p.status}`}>
            {p.previewUrl ? (
              <Image className='request-photo-thumb' src={p.previewUrl} mode='aspectFill' aria-label={`${props.label} ${i + 1}`} />
            ) : (
              <Text className='request-photo-name'>{p.name}</Text>
            )}
            <Text className='request-photo-status'>{p.status === 'uploading' ? PHOTO_TEXT.uploading : p.status === 'error' ? p.error : '✓'}</Text>
            <Text className='request-photo-remove' {...asButton()} aria-label={`${PHOTO_TEXT.remove}第 ${i + 1} 张`} onClick={() => props.onRemove(p.localId)}>
              {PHOTO_TEXT.remove}
            </Text>
          </View>
        ))}
        {photos.length < REQUEST_PHOTOS_MAX && (
          <View className='request-photo-slot request-photo-add' {...asButton()} onClick={props.onAdd}>
            <Text className='request-photo-plus'>＋</Text>
            <Text className='request-photo-add-label'>{PHOTO_TEXT.add}</Text>
          </View>
        )}
      </View>
      {props.error && <Text className='field-error request-photos-error'>{props.error}</Text>}
    </View>
  );
}
