import { useEffect, useReducer, useRef } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api } from '../../../api/client';
import { Input } from '../../../components/input';
import { MessagesEntry } from '../../../components/messages-entry';
import { PageRoot } from '../../../components/page-root';
import { BlockedBlock, LoadingBlock } from '../../../components/page-states';
import { Textarea } from '../../../components/textarea';
import { AppButton, asChoice, Card, FormField } from '../../../components/ui';
import {
  buildingNames,
  FILE_TEXT,
  fileFormProblems,
  fileFormReducer,
  fileRequestInput,
  homesOf,
  initFileForm,
  type Homes,
  newRequestKey,
  type FileFormState,
} from '../../../lib/request-form';
import { filedLines } from '../../../lib/request-view';
import { myRequestsUrl, requestDetailUrl } from '../../../lib/request-routes';
import {
  LOCATION_KIND_LABELS,
  LOCATION_KINDS,
  REQUEST_CATEGORIES,
  REQUEST_CATEGORY_LABELS,
  REQUEST_DESCRIPTION_MAX,
  REQUEST_VISIBILITIES,
  REQUEST_VISIBILITY_LABELS,
  type LocationKind,
} from '../../../../types/requests';
import { addPhotos, PhotoPicker } from '../photo-picker';
import { useRequestPage, type Current } from '../use-request-page';
import '../requests.css';

/** announced at once by screen readers (Taro's Text has no role prop) */
const ALERT: Record<string, unknown> = { role: 'alert' };

/** 提交诉求 (packages/requests/new): one screen — category, what, where, photos, public or not; then who holds it and until when. */
export default function FileRequestPage() {
  const { state, reload } = useRequestPage<null>(async () => ({ ok: true, data: null }));
  useEffect(() => {
    void api.preload('requests');
  }, []);
  return (
    <PageRoot className='page request-new-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void reload()} />}
      {state.status === 'ready' && <FileForm current={state.current} />}
    </PageRoot>
  );
}

/** Location kinds this person can use: their own unit only when they have one. */
const kindsFor = (homes: Homes): LocationKind[] => LOCATION_KINDS.filter((k) => k !== 'unit' || homes.units.length > 0);

function FileForm({ current }: { current: Current }) {
  const estateId = current.estate.estateId;
  const homes = homesOf(current);
  const [form, dispatch] = useReducer(fileFormReducer, homes, initFileForm);
  const formRef = useRef<FileFormState>(form);
  formRef.current = form;

  const submit = async () => {
    if (form.submitting) return;
    const problems = fileFormProblems(form);
    if (Object.keys(problems).length) return dispatch({ type: 'invalid', errors: problems });
    const key = form.key ?? newRequestKey();
    dispatch({ type: 'submitStarted', key });
    const res = await api.requests.fileRequest(fileRequestInput(estateId, form, key));
    dispatch(res.ok ? { type: 'submitted', result: res.data } : { type: 'submitFailed', error: res.error });
  };

  if (form.result) {
    const requestId = form.result.requestId;
    return (
      <Card className='request-filed' title={FILE_TEXT.resultTitle}>
        <Text className='request-filed-icon' aria-hidden>
          ✓
        </Text>
        {filedLines(form.result).map((line) => (
          <Text key={line} className='request-filed-line'>
            {line}
          </Text>
        ))}
        <AppButton kind='primary' className='go-request-detail' onClick={() => void Taro.redirectTo({ url: requestDetailUrl(estateId, requestId) })}>
          {FILE_TEXT.viewDetail}
        </AppButton>
        <AppButton kind='secondary' className='go-my-requests' onClick={() => void Taro.redirectTo({ url: myRequestsUrl(estateId) })}>
          {FILE_TEXT.backToList}
        </AppButton>
      </Card>
    );
  }

  const kinds = kindsFor(homes);
  return (
    <View className='request-form'>
      <Card>
        <FormField label={FILE_TEXT.categoryLabel} error={form.errors.category}>
          <View className='choice-pills request-categories' role='radiogroup' aria-label={FILE_TEXT.categoryLabel}>
            {REQUEST_CATEGORIES.map((c) => (
              <Text key={c} className={`choice-pill category-${c}${form.category === c ? ' chosen' : ''}`} {...asChoice('radio', form.category === c)} onClick={() => dispatch({ type: 'category', category: c })}>
                {REQUEST_CATEGORY_LABELS[c]}
              </Text>
            ))}
          </View>
        </FormField>
        <FormField label={FILE_TEXT.descriptionLabel} error={form.errors.description}>
          <Textarea
            className='form-textarea request-description'
            nativeProps={{ 'aria-label': FILE_TEXT.descriptionLabel }}
            value={form.description}
            maxlength={REQUEST_DESCRIPTION_MAX}
            placeholder={FILE_TEXT.descriptionPlaceholder}
            onInput={(e) => dispatch({ type: 'description', text: e.detail.value })}
          />
        </FormField>
        <FormField label={FILE_TEXT.locationLabel} error={form.errors.location}>
          <View className='choice-pills request-location-kinds' role='radiogroup' aria-label={FILE_TEXT.locationLabel}>
            {kinds.map((k) => (
              <Text key={k} className={`choice-pill location-${k}${form.locationKind === k ? ' chosen' : ''}`} {...asChoice('radio', form.locationKind === k)} onClick={() => dispatch({ type: 'locationKind', kind: k })}>
                {LOCATION_KIND_LABELS[k]}
              </Text>
            ))}
          </View>
          <LocationDetail current={current} homes={homes} form={form} onUnit={(unitId) => dispatch({ type: 'unit', unitId })} onBuilding={(building) => dispatch({ type: 'building', building })} onPlace={(text) => dispatch({ type: 'place', text })} />
        </FormField>
        <PhotoPicker
          label={FILE_TEXT.photosLabel}
          state={form}
          error={form.errors.photos}
          onAdd={() => void addPhotos(formRef.current, dispatch)}
          onRemove={(localId) => dispatch({ type: 'removePhoto', localId })}
        />
        <FormField label={FILE_TEXT.phoneLabel} hint={FILE_TEXT.phoneHint} error={form.errors.contactPhone}>
          <Input
            className='form-input request-phone'
            type='number'
            nativeProps={{ 'aria-label': FILE_TEXT.phoneLabel }}
            value={form.contactPhone}
            maxlength={13}
            placeholder={FILE_TEXT.phonePlaceholder}
            onInput={(e) => dispatch({ type: 'contactPhone', text: e.detail.value })}
          />
        </FormField>
        <FormField label={FILE_TEXT.visibilityLabel} hint={FILE_TEXT.visibilityHint} className='request-visibility-field'>
          <View className='choice-pills request-visibility' role='radiogroup' aria-label={FILE_TEXT.visibilityLabel}>
            {REQUEST_VISIBILITIES.map((v) => (
              <Text key={v} className={`choice-pill visibility-${v}${form.visibility === v ? ' chosen' : ''}`} {...asChoice('radio', form.visibility === v)} onClick={() => dispatch({ type: 'visibility', visibility: v })}>
                {REQUEST_VISIBILITY_LABELS[v]}
              </Text>
            ))}
          </View>
        </FormField>
        {form.formError && (
          <Text className='form-error-line request-form-error' {...ALERT}>
            {form.formError}
          </Text>
        )}
        <AppButton kind='primary' className='submit-request' disabled={form.submitting} onClick={() => void submit()}>
          {form.submitting ? FILE_TEXT.submitting : FILE_TEXT.submit}
        </AppButton>
      </Card>
    </View>
  );
}

function LocationDetail(props: { current: Current; homes: Homes; form: FileFormState; onUnit: (id: string) => void; onBuilding: (b: string) => void; onPlace: (t: string) => void }) {
  const { form, current } = props;
  if (form.locationKind === 'unit') {
    return (
      <View className='choice-pills request-units' role='radiogroup' aria-label={FILE_TEXT.unitLabel}>
        {props.homes.units.map((u) => (
          <Text key={u.unitId} className={`choice-pill request-unit${form.unitId === u.unitId ? ' chosen' : ''}`} {...asChoice('radio', form.unitId === u.unitId)} onClick={() => props.onUnit(u.unitId)}>
            {u.label}
          </Text>
        ))}
      </View>
    );
  }
  if (form.locationKind === 'building') {
    return (
      <View className='choice-pills request-buildings' role='radiogroup' aria-label={FILE_TEXT.buildingLabel}>
        {buildingNames(current.estate.buildingCount).map((b) => (
          <Text key={b} className={`choice-pill building-${b}${form.building === b ? ' chosen' : ''}`} {...asChoice('radio', form.building === b)} onClick={() => props.onBuilding(b)}>
            {`${b}号楼`}
          </Text>
        ))}
      </View>
    );
  }
  return (
    <Input
      className='form-input request-place'
      nativeProps={{ 'aria-label': FILE_TEXT.placeLabel }}
      value={form.place}
      maxlength={100}
      placeholder={FILE_TEXT.placePlaceholder}
      onInput={(e) => props.onPlace(e.detail.value)}
    />
  );
}
