import { useCallback, useEffect, useReducer, useState, type ReactNode } from 'react';
import { MessagesEntry } from '../../../components/messages-entry';
import { Button, Text, View } from '@tarojs/components';
import { Input } from '../../../components/input';
import { Image } from '../../../components/image';
import { useRouter } from '@tarojs/taro';
import { api } from '../../../api/client';
import { BlockedBlock, goHome, LoadingBlock, off } from '../../../components/page-states';
import { pickFiles } from '../../../platform/files';
import {
  activeLock,
  attemptsHint,
  consentGate,
  lockNotice,
  MAX_PHOTOS,
  METHOD_INFO,
  methodFields,
  officeName,
  offlineInstructions,
  photosBusy,
  photoSlotsLeft,
  preselectEstate,
  PRIVACY_NOTICE,
  requestRows,
  submitVerification,
  successLines,
  VERIFY_METHODS,
  VERIFY_TEXT,
  type DirectoryEstate,
  type PhotoSlot,
  type VerifyErrors,
  type VerifyField,
  type VerifyForm,
  type VerifyMethod,
  type VerifyResult,
} from '../../../lib/identity-verify';
import { blockedView, routeParam, type BlockedView } from '../../../lib/page-access';
import { initVerifyFlow, namePlaceholder, nextPhotoIds, reloadsRequests, submitLabel, verifyFlowReducer } from '../../../lib/verify-flow';
import type { ApiError } from '../../../../types/errors';
import { RESIDENT_RELATION_LABELS, RESIDENT_RELATIONS } from '../../../../types/identity-labels';
import type { MeOutput, MyVerificationsOutput } from '../../../../types/identity';
import '../identity.css';
import { PageRoot } from '../../../components/page-root';
import { asButton, asChoice, focusable } from '../../../components/ui';
import { chipClass, statusTone } from '../../../lib/status-tone';

type LoadState =
  | { status: 'loading' }
  | { status: 'blocked'; view: BlockedView }
  | { status: 'ready'; directory: DirectoryEstate[]; me: MeOutput | null };

type MineState = { status: 'loading' } | { status: 'ready'; data: MyVerificationsOutput } | { status: 'error'; error: ApiError };

export default function VerifyPage() {
  const router = useRouter();
  const requested = routeParam(router.params, 'estateId');
  // the newcomer's 住户登记 opens this page on that way
  const requestedMethod = routeParam(router.params, 'method');
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const [estateId, setEstateId] = useState<string | null>(null);

  const start = useCallback(async () => {
    setLoad({ status: 'loading' });
    const [me, directory] = await Promise.all([api.identity.me({}), api.identity.estateDirectory({})]);
    if (!directory.ok) return setLoad({ status: 'blocked', view: blockedView(directory.error, process.env.TARO_ENV) });
    if (!me.ok && me.error.code === 'NOT_AUTHENTICATED') {
      return setLoad({ status: 'blocked', view: blockedView(me.error, process.env.TARO_ENV) });
    }
    const meData = me.ok ? me.data : null;
    setEstateId(preselectEstate(directory.data.estates, meData, requested));
    setLoad({ status: 'ready', directory: directory.data.estates, me: meData });
  }, [requested]);

  useEffect(() => {
    void start();
  }, [start]);

  return (
    <PageRoot className='page verify-page'>
      <MessagesEntry />
      {load.status === 'loading' && <LoadingBlock />}
      {load.status === 'blocked' && <BlockedBlock view={load.view} onRetry={() => void start()} />}
      {load.status === 'ready' && (
        <>
          <View className='card verify-intro'>
            <Text className='card-title'>{VERIFY_TEXT.title}</Text>
            <Text className='hint'>{VERIFY_TEXT.intro}</Text>
          </View>
          <EstateChooser estates={load.directory} selected={estateId} onPick={setEstateId} />
          {estateId && (
            <VerifyFlow
              key={estateId}
              estateId={estateId}
              initialMethod={requestedMethod}
              estate={load.directory.find((e) => e.estateId === estateId)}
              me={load.me}
            />
          )}
        </>
      )}
    </PageRoot>
  );
}

function EstateChooser(props: { estates: DirectoryEstate[]; selected: string | null; onPick: (id: string) => void }) {
  return (
    <View className='card estate-chooser' role='radiogroup' aria-label={VERIFY_TEXT.chooseEstate}>
      <Text className='card-title'>{VERIFY_TEXT.chooseEstate}</Text>
      {props.estates.length === 0 && <Text className='hint'>{VERIFY_TEXT.noEstates}</Text>}
      {props.estates.map((e) => {
        const on = e.estateId === props.selected;
        return (
          <View
            key={e.estateId}
            className={`option-card estate-option${on ? ' selected' : ''}`}
            {...asChoice('radio', on)}
            onClick={() => props.onPick(e.estateId)}
          >
            <Text className={`radio${on ? ' on' : ''}`}>{on ? '●' : '○'}</Text>
            <View className='option-body'>
              <Text className='option-title'>{e.name}</Text>
              <Text className='option-desc'>{e.district}</Text>
            </View>
          </View>
        );
      })}
    </View>
  );
}

interface FlowProps {
  estateId: string;
  initialMethod?: string;
  estate: DirectoryEstate | undefined;
  me: MeOutput | null;
}

function VerifyFlow({ estateId, initialMethod, estate, me }: FlowProps) {
  // the flow's state and its transitions live in src/lib/verify-flow.ts (tested without Taro)
  const [flow, dispatch] = useReducer(verifyFlowReducer, initialMethod, initVerifyFlow);
  const { consented, method, form, errors, failure, photos, submitting, phoneCode, relation, result, lockedNow } = flow;
  const [mine, setMine] = useState<MineState>({ status: 'loading' });

  const loadMine = useCallback(async () => {
    const res = await api.identity.myVerifications({ estateId });
    setMine(res.ok ? { status: 'ready', data: res.data } : { status: 'error', error: res.error });
  }, [estateId]);

  useEffect(() => {
    void loadMine();
  }, [loadMine]);

  const gate = consentGate(consented);
  const mineData = mine.status === 'ready' ? mine.data : null;
  const requireIdLast4 = mineData?.requireIdLast4 ?? estate?.requireIdLast4 ?? false;
  const lockedUntil = activeLock(mineData?.lockedUntil);
  const locked = lockedNow || !!lockedUntil;
  const office = officeName(estate, me);

  const edit = (field: VerifyField, value: string) => dispatch({ type: 'edit', field, value });
  const switchMethod = (m: VerifyMethod) => dispatch({ type: 'switchMethod', method: m });

  const addPhotos = async () => {
    const left = photoSlotsLeft(photos);
    if (!gate.fieldsEnabled || left === 0) return;
    const picked = (await pickFiles('photo', left)).slice(0, left);
    const ids = nextPhotoIds(flow, picked.length);
    dispatch({ type: 'photosPicked', files: picked });
    picked.slice(0, ids.length).forEach((file, i) => {
      const localId = ids[i];
      void api.files.upload(file).then((res) =>
        dispatch(res.ok ? { type: 'photoUploaded', localId, fileId: res.data.fileId } : { type: 'photoFailed', localId, error: res.error.message }),
      );
    });
  };

  const submit = async () => {
    if (submitting) return;
    dispatch({ type: 'submitStarted' });
    const outcome = await submitVerification(api, method, form, { estateId, consented, requireIdLast4, photos, phoneCode: phoneCode ?? undefined, relation });
    dispatch({ type: 'submitFinished', outcome });
    if (reloadsRequests(outcome)) void loadMine();
  };

  if (result) return <ResultCard result={result} office={office} requestsCard={<RequestsCard mine={mine} />} />;

  return (
    <>
      <View className='card privacy-card'>
        <Text className='card-title'>{VERIFY_TEXT.privacyTitle}</Text>
        <View className='privacy-notice' {...focusable(true)} aria-label={VERIFY_TEXT.privacyTitle}>
          {PRIVACY_NOTICE.paragraphs.map((p) => (
            <Text key={p} className='privacy-paragraph'>
              {p}
            </Text>
          ))}
        </View>
        <View
          className={`consent-toggle${consented ? ' checked' : ''}`}
          {...asChoice('checkbox', consented)}
          onClick={() => dispatch({ type: 'toggleConsent' })}
        >
          <Text className={`checkbox${consented ? ' on' : ''}`}>{consented ? '✓' : ''}</Text>
          <Text className='consent-label'>{VERIFY_TEXT.consentLabel}</Text>
        </View>
        {errors.consent && <Text className='field-error field-error-consent'>{errors.consent}</Text>}
      </View>

      <View className='card methods-card'>
        <Text className='card-title'>{VERIFY_TEXT.methodsTitle}</Text>
        <View className='method-tabs' role='tablist' aria-label={VERIFY_TEXT.methodsTitle}>
          {VERIFY_METHODS.map((m) => (
            <View key={m} className={`method-tab method-${m}${m === method ? ' selected' : ''}`} {...asChoice('tab', m === method)} onClick={() => switchMethod(m)}>
              <Text className='method-title'>{METHOD_INFO[m].title}</Text>
            </View>
          ))}
        </View>
        <Text className='hint method-desc'>{METHOD_INFO[method].description}</Text>
        {gate.hint && <Text className='consent-hint'>{gate.hint}</Text>}

        {method === 'roster' && locked ? (
          <View className='locked-notice'>
            <Text className='form-error-line'>
              {lockedUntil ? lockNotice(lockedUntil) : failure?.message ?? ''}
            </Text>
            <Alternatives onPick={switchMethod} />
          </View>
        ) : (
          <View className={`verify-form form-${method}`}>
            <UnitFields form={form} errors={errors} disabled={!gate.fieldsEnabled} onEdit={edit} />
            {methodFields(method, requireIdLast4)
              .filter((f) => f === 'name' || f === 'phone' || f === 'idLast4')
              .map((f) =>
                f === 'phone' && phoneCode ? (
                  <Text key={f} className='hint wechat-phone-ready'>{VERIFY_TEXT.wechatPhoneReady}</Text>
                ) : (
                  <PersonField key={f} field={f} method={method} value={form[f]} error={errors[f]} disabled={!gate.fieldsEnabled} onEdit={edit} />
                ),
              )}
            {method === 'roster' && process.env.TARO_ENV === 'weapp' && !phoneCode && (
              // WeChat's own phone button: the code goes to the server, which asks WeChat for the verified number
              <Button
                className={`big-button wechat-phone${gate.fieldsEnabled ? '' : ' disabled'}`}
                openType='getPhoneNumber'
                disabled={off(!gate.fieldsEnabled)}
                onGetPhoneNumber={(e) => {
                  const code = (e.detail as { code?: string }).code;
                  if (code) dispatch({ type: 'phoneCode', code });
                }}
              >
                {VERIFY_TEXT.useWechatPhone}
              </Button>
            )}
            {method === 'roster' && requireIdLast4 && <Text className='hint'>{VERIFY_TEXT.idLast4Why}</Text>}
            {method === 'certificate' && (
              <Photos photos={photos} error={errors.photos} disabled={!gate.fieldsEnabled} onAdd={() => void addPhotos()} onRemove={(id) => dispatch({ type: 'removePhoto', localId: id })} />
            )}
            {method === 'offline' && <Text className='hint'>{offlineInstructions(office)[0]}</Text>}
            {method === 'resident' && (
              <View className='relation-choice' role='radiogroup' aria-label={VERIFY_TEXT.relationLabel}>
                <Text className='field-label'>{VERIFY_TEXT.relationLabel}</Text>
                {RESIDENT_RELATIONS.map((r) => (
                  <Text key={r} className={`chip relation-${r}${r === relation ? ' selected' : ''}`} {...asChoice('radio', r === relation)} onClick={() => dispatch({ type: 'relation', relation: r })}>
                    {RESIDENT_RELATION_LABELS[r]}
                  </Text>
                ))}
              </View>
            )}
            {errors.form && <Text className='form-error-line form-error'>{errors.form}</Text>}
            {failure && failure.kind !== 'fields' && failure.kind !== 'consent' && (
              <View className={`verify-failure failure-${failure.kind}`}>
                <Text className='form-error-line'>{failure.message}</Text>
                {failure.offerAlternatives && <Alternatives onPick={switchMethod} exclude={method} />}
              </View>
            )}
            <Button
              className={`big-button primary submit-verify${gate.submitEnabled ? '' : ' disabled'}`}
              disabled={off(!gate.submitEnabled || submitting || (method === 'certificate' && photosBusy(photos)))}
              onClick={() => void submit()}
            >
              {submitLabel(method, submitting)}
            </Button>
            {method === 'roster' && mineData && !failure && <Text className='hint attempts-hint'>{attemptsHint(mineData.attemptsLeft)}</Text>}
          </View>
        )}
      </View>

      <RequestsCard mine={mine} />
    </>
  );
}

function Alternatives({ onPick, exclude }: { onPick: (m: VerifyMethod) => void; exclude?: VerifyMethod }) {
  return (
    <View className='alternatives'>
      <Text className='hint'>{VERIFY_TEXT.alternatives}</Text>
      {exclude !== 'certificate' && (
        <Button className='big-button secondary use-certificate' onClick={() => onPick('certificate')}>
          {VERIFY_TEXT.useCertificate}
        </Button>
      )}
      {exclude !== 'offline' && (
        <Button className='big-button secondary use-offline' onClick={() => onPick('offline')}>
          {VERIFY_TEXT.useOffline}
        </Button>
      )}
    </View>
  );
}

const UNIT_PARTS = [
  { field: 'building', suffix: '号楼', placeholder: VERIFY_TEXT.buildingPlaceholder },
  { field: 'entrance', suffix: '单元', placeholder: VERIFY_TEXT.entrancePlaceholder },
  { field: 'room', suffix: '室', placeholder: VERIFY_TEXT.roomPlaceholder },
] as const;

function UnitFields(props: { form: VerifyForm; errors: VerifyErrors; disabled: boolean; onEdit: (f: VerifyField, v: string) => void }) {
  const firstError = props.errors.building ?? props.errors.entrance ?? props.errors.room;
  return (
    <View className='unit-fields-block'>
      <Text className='field-label'>房号</Text>
      <View className='unit-fields'>
        {UNIT_PARTS.map((p) => (
          <View key={p.field} className='unit-part'>
            <Input
              className={`form-input unit-input input-${p.field}${props.errors[p.field] ? ' invalid' : ''}${props.disabled ? ' is-disabled' : ''}`}
              value={props.form[p.field]}
              disabled={off(props.disabled)}
              maxlength={10}
              placeholder={p.placeholder}
              onInput={(e) => props.onEdit(p.field, e.detail.value)}
            />
            <Text className='unit-suffix'>{p.suffix}</Text>
          </View>
        ))}
      </View>
      {firstError && <Text className='field-error field-error-unit'>{firstError}</Text>}
    </View>
  );
}

const PERSON_FIELDS = {
  name: { label: VERIFY_TEXT.name, placeholder: VERIFY_TEXT.namePlaceholder, type: 'text', max: 30 },
  phone: { label: VERIFY_TEXT.phone, placeholder: VERIFY_TEXT.phonePlaceholder, type: 'number', max: 20 },
  idLast4: { label: VERIFY_TEXT.idLast4, placeholder: VERIFY_TEXT.idLast4Placeholder, type: 'idcard', max: 4 },
} as const;

function PersonField(props: {
  field: 'name' | 'phone' | 'idLast4';
  method: VerifyMethod;
  value: string;
  error?: string;
  disabled: boolean;
  onEdit: (f: VerifyField, v: string) => void;
}) {
  const spec = PERSON_FIELDS[props.field];
  return (
    <View className={`person-field field-${props.field}`}>
      <Text className='field-label'>{spec.label}</Text>
      <Input
        className={`form-input input-${props.field.toLowerCase()}${props.error ? ' invalid' : ''}${props.disabled ? ' is-disabled' : ''}`}
        type={spec.type}
        value={props.value}
        disabled={off(props.disabled)}
        maxlength={spec.max}
        placeholder={props.field === 'name' ? namePlaceholder(props.method) : spec.placeholder}
        onInput={(e) => props.onEdit(props.field, e.detail.value)}
      />
      {props.error && <Text className={`field-error field-error-${props.field}`}>{props.error}</Text>}
    </View>
  );
}

function Photos(props: { photos: PhotoSlot[]; error?: string; disabled: boolean; onAdd: () => void; onRemove: (id: string) => void }) {
  return (
    <View className='photos-block'>
      <Text className='field-label'>{VERIFY_TEXT.photosLabel}</Text>
      <Text className='hint'>{VERIFY_TEXT.photosHint}</Text>
      <View className='photo-grid'>
        {props.photos.map((p) => (
          <View key={p.localId} className={`photo-slot photo-${p.status}`}>
            {p.previewUrl ? <Image className='photo-thumb' src={p.previewUrl} mode='aspectFill' /> : <Text className='photo-name text-secondary'>{p.name}</Text>}
            <Text className='photo-status text-secondary'>{p.status === 'uploading' ? VERIFY_TEXT.uploading : p.status === 'error' ? p.error : '✓'}</Text>
            <Text className='photo-remove' {...asButton()} onClick={() => props.onRemove(p.localId)}>
              {VERIFY_TEXT.removePhoto}
            </Text>
          </View>
        ))}
        {props.photos.length < MAX_PHOTOS && (
          <View className={`photo-slot photo-add${props.disabled ? ' is-disabled' : ''}`} {...asButton()} aria-disabled={props.disabled} onClick={props.onAdd}>
            <Text className='photo-plus'>＋</Text>
            <Text className='photo-add-label'>{VERIFY_TEXT.addPhoto}</Text>
          </View>
        )}
      </View>
      {props.error && <Text className='field-error field-error-photos'>{props.error}</Text>}
    </View>
  );
}

function ResultCard({ result, office, requestsCard }: { result: VerifyResult; office: string; requestsCard: ReactNode }) {
  return (
    <>
      <View className={`card verify-result result-${result.kind}`}>
        {result.kind === 'verified' && (
          <>
            <Text className='result-icon ok'>✓</Text>
            <Text className='result-title'>{VERIFY_TEXT.successTitle}</Text>
            <Text className='result-unit'>{result.unit.label}</Text>
            {successLines(result.unit).map((l) => (
              <Text key={l} className='result-line'>
                {l}
              </Text>
            ))}
          </>
        )}
        {result.kind === 'pending' && (
          <>
            <Text className='result-icon wait'>…</Text>
            <Text className='result-title'>{VERIFY_TEXT.pendingTitle}</Text>
            <Text className='result-unit'>{result.request.unitLabel}</Text>
            <Text className='result-line'>{result.request.method === 'resident_claim' ? VERIFY_TEXT.pendingResidentBody : VERIFY_TEXT.pendingBody}</Text>
          </>
        )}
        {result.kind === 'offline' && (
          <>
            <Text className='result-title'>{VERIFY_TEXT.offlineTitle}</Text>
            <Text className='result-unit'>{result.request.unitLabel}</Text>
            <View className='code-box'>
              <Text className='code-label'>{VERIFY_TEXT.codeLabel}</Text>
              <Text className='offline-code'>{result.request.code ?? ''}</Text>
            </View>
            {offlineInstructions(office).map((l) => (
              <Text key={l} className='result-line'>
                {l}
              </Text>
            ))}
          </>
        )}
        <Button className='big-button primary back-home' onClick={goHome}>
          {VERIFY_TEXT.backHome}
        </Button>
      </View>
      {requestsCard}
    </>
  );
}

function RequestsCard({ mine }: { mine: MineState }) {
  return (
    <View className='card my-requests'>
      <Text className='card-title'>{VERIFY_TEXT.myRequests}</Text>
      {mine.status === 'loading' && <Text className='hint'>加载中…</Text>}
      {mine.status === 'error' && <Text className='hint'>{mine.error.message}</Text>}
      {mine.status === 'ready' && mine.data.requests.length === 0 && <Text className='hint'>{VERIFY_TEXT.noRequests}</Text>}
      {mine.status === 'ready' &&
        requestRows(mine.data.requests).map((r) => (
          <View key={r.requestId} className={`list-row request-item request-${r.status}`}>
            <View className='row-head'>
              <Text className='row-title request-title'>{r.title}</Text>
              <Text className={chipClass(statusTone(r.status), `status-chip status-${r.status}`)}>{r.statusLabel}</Text>
            </View>
            <Text className='row-meta text-secondary'>{r.dateText}</Text>
            {r.code && <Text className='row-meta text-secondary request-code'>核验码 {r.code}</Text>}
            {r.reasonText && <Text className='row-meta text-secondary request-reason'>{r.reasonText}</Text>}
          </View>
        ))}
    </View>
  );
}
