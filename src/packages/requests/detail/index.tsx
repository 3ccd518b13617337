import { useEffect, useReducer, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { api } from '../../../api/client';
import { MessagesEntry } from '../../../components/messages-entry';
import { PageRoot } from '../../../components/page-root';
import { BlockedBlock, LoadingBlock } from '../../../components/page-states';
import { Input } from '../../../components/input';
import { Textarea } from '../../../components/textarea';
import { AppButton, asButton, asChoice, Card, FormField, StageTimeline, StatusChip, ToggleRow } from '../../../components/ui';
import { apiError } from '../../../../types/errors';
import { REQUEST_RATING_LABELS, REQUEST_RATINGS, REQUEST_STATUS_LABELS, REQUEST_CATEGORY_LABELS, type PublicRequestRow, type RequestDetailOutput, type RequestTopicLink } from '../../../../types/requests';
import { routeParam } from '../../../lib/page-access';
import { EXTEND_CHOICES, INITIAL_STEP_FORM, STEP_TEXT, stepCall, stepFormReducer, type StepFormState, type StepKind } from '../../../lib/request-form';
import {
  ACTION_LABELS,
  coSignLine,
  coSignOffer,
  dispatchTargets,
  endingLine,
  requesterLine,
  holderLine,
  locationText,
  offeredActions,
  progressSteps,
  QUIET_ACTIONS,
  topicDraftOf,
  REQUEST_TEXT,
  requestTone,
  SEND_LABELS,
  shortTime,
  timelineRows,
  visibilityText,
} from '../../../lib/request-view';
import { addPhotos, PhotoPicker } from '../photo-picker';
import { RequestPhotos } from '../request-photos';
import { requestDetailUrl } from '../../../lib/request-routes';
import { topicUrl } from '../../../lib/workbench';
import { TOPIC_STAGE_LABELS } from '../../../../types/topics';
import Taro from '@tarojs/taro';
import { useRequestPage, type Current } from '../use-request-page';
import '../requests.css';

/** announced at once by screen readers (Taro's Text has no role prop) */
const ALERT: Record<string, unknown> = { role: 'alert' };

/**
 * 诉求详情 (packages/requests/detail?estateId=..&requestId=..): the request, who holds it and until when, and its whole
 * timeline; below, what the person looking may do (the requester rates or withdraws; the holder's staff contact,
 * extend, handle; community staff dispatch or reassign). The server decides each step and its refusal is shown.
 */
export default function RequestDetailPage() {
  const { state, reload } = useRequestPage<RequestDetailOutput>(async (current, params) => {
    const requestId = routeParam(params, 'requestId');
    if (!requestId) return { ok: false, error: apiError('REQUEST_NOT_FOUND') };
    return api.requests.requestDetail({ estateId: current.estate.estateId, requestId });
  });
  return (
    <PageRoot className='page request-detail-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void reload()} />}
      {state.status === 'ready' && <RequestView current={state.current} detail={state.data} onChanged={() => void reload(true)} />}
    </PageRoot>
  );
}

function RequestView({ current, detail, onChanged }: { current: Current; detail: RequestDetailOutput; onChanged: () => void }) {
  const holder = holderLine(detail, Date.now(), detail.mine);
  const actions = offeredActions(detail, current.roles);
  const estateId = current.estate.estateId;
  const ending = endingLine(detail);
  const requester = requesterLine(detail);
  // what the last step did, kept while the request is read again (the actions may be gone after it)
  const [done, setDone] = useState<string | null>(null);
  // 转为议题 reads the detail again: the topic then shows here with its link
  const topic: RequestTopicLink | null = detail.topic;
  return (
    <View>
      <Card className='request-head'>
        <View className='request-head-row'>
          <Text className='request-title'>{REQUEST_CATEGORY_LABELS[detail.category]}</Text>
          <StatusChip tone={requestTone(detail.status)} className='request-status'>
            {REQUEST_STATUS_LABELS[detail.status]}
          </StatusChip>
        </View>
        {holder && (
          <View className='request-holder'>
            <Text className='request-holder-label text-secondary'>{REQUEST_TEXT.holderTitle}</Text>
            <Text className='request-holder-line'>{holder}</Text>
          </View>
        )}
        {ending && <Text className='request-ending'>{ending}</Text>}
        {detail.status === 'duplicate' && detail.duplicateOf && (
          <AppButton kind='secondary' className='open-duplicate' onClick={() => void Taro.navigateTo({ url: requestDetailUrl(estateId, detail.duplicateOf as string) })}>
            {REQUEST_TEXT.openDuplicate}
          </AppButton>
        )}
        {requester && (
          <View className='request-requester'>
            <Text className='request-fact-label text-secondary'>{`${REQUEST_TEXT.requesterTitle}：`}</Text>
            <Text className='request-requester-line'>{requester}</Text>
          </View>
        )}
        <Text className='request-filed-at text-secondary'>{`${REQUEST_TEXT.filedOn} ${shortTime(detail.filedAt)}`}</Text>
        <StageTimeline steps={progressSteps(detail.status)} className='request-progress' />
        {detail.view === 'public' && <Text className='hint request-public-note'>{REQUEST_TEXT.publicView}</Text>}
      </Card>

      <Card title={REQUEST_TEXT.contentTitle} className='request-content'>
        <Text className='request-description'>{detail.description}</Text>
        <View className='request-facts'>
          <Text className='request-fact'>
            <Text className='request-fact-label text-secondary'>{`${REQUEST_TEXT.location}：`}</Text>
            <Text className='request-location'>{locationText(detail)}</Text>
          </Text>
          <Text className='request-fact'>
            <Text className='request-fact-label text-secondary'>{`${REQUEST_TEXT.visibility}：`}</Text>
            <Text className='request-visibility-text'>{visibilityText(detail)}</Text>
          </Text>
        </View>
        <RequestPhotos estateId={estateId} requestId={detail.requestId} set='request' count={detail.photos.length} title={REQUEST_TEXT.photosTitle} />
        <RequestPhotos estateId={estateId} requestId={detail.requestId} set='result' count={detail.resultPhotos.length} title={REQUEST_TEXT.resultPhotosTitle} />
        <CoSign detail={detail} estateId={estateId} onChanged={onChanged} />
      </Card>

      {topic && (
        <Card title={REQUEST_TEXT.topicTitle} className='request-topic'>
          <View className='list-row list-row-tappable request-topic-row' {...asButton()} onClick={() => void Taro.navigateTo({ url: topicUrl(estateId, topic.topicId) })}>
            <View className='row-head'>
              <Text className='row-title'>{topic.title}</Text>
              <Text className='chevron'>›</Text>
            </View>
            <Text className='row-meta text-secondary'>{TOPIC_STAGE_LABELS[topic.stage]}</Text>
          </View>
        </Card>
      )}

      {done && <Text className='ok-line request-step-done'>{done}</Text>}
      {actions.length > 0 && (
        <ActionsCard
          key={`${detail.status}-${detail.timeline.length}`}
          detail={detail}
          estateId={current.estate.estateId}
          actions={actions}
          onStart={() => setDone(null)}
          onDone={(message) => {
            setDone(message);
            onChanged();
          }}
        />
      )}

      <Card title={REQUEST_TEXT.timelineTitle} className='request-timeline'>
        <View className='request-steps'>
          {timelineRows(detail.timeline).map((row, i, all) => (
            <View key={row.key} className={`request-step step-${row.kind}${i === all.length - 1 ? ' step-last' : ''}`}>
              <View className='request-step-rail' aria-hidden>
                <View className='request-step-dot' />
              </View>
              <View className='request-step-body'>
                <Text className='request-step-label'>{row.label}</Text>
                <Text className='request-step-meta text-secondary'>{`${row.time} · ${row.actor}`}</Text>
                {row.handedTo && <Text className='request-step-handed'>{row.handedTo}</Text>}
                {row.rating && <Text className='request-step-rating'>{row.rating}</Text>}
                {row.text && <Text className='request-step-text'>{row.text}</Text>}
              </View>
            </View>
          ))}
        </View>
      </Card>
    </View>
  );
}

function ActionsCard(props: { detail: RequestDetailOutput; estateId: string; actions: StepKind[]; onStart: () => void; onDone: (message: string) => void }) {
  const { detail, estateId, actions } = props;
  const [form, dispatch] = useReducer(stepFormReducer, INITIAL_STEP_FORM);
  const formRef = useRef<StepFormState>(form);
  formRef.current = form;

  const send = async () => {
    if (form.busy) return;
    const call = stepCall({ estateId, requestId: detail.requestId }, form);
    if (!call.ok) return dispatch({ type: 'invalid', error: call.error });
    dispatch({ type: 'sending' });
    const c = call.call;
    const res =
      c.action === 'linkRequestToTopic'
        ? await api.requests.linkRequestToTopic(c.input)
        : c.action === 'markDuplicate'
          ? await api.requests.markDuplicate(c.input)
          : c.action === 'referOut'
            ? await api.requests.referOut(c.input)
            : c.action === 'rateRequest'
        ? await api.requests.rateRequest(c.input)
        : c.action === 'withdrawRequest'
          ? await api.requests.withdrawRequest(c.input)
          : c.action === 'contactRequest'
            ? await api.requests.contactRequest(c.input)
            : c.action === 'extendRequest'
              ? await api.requests.extendRequest(c.input)
              : c.action === 'handleRequest'
                ? await api.requests.handleRequest(c.input)
                : await api.requests.dispatchRequest(c.input);
    if (!res.ok) return dispatch({ type: 'failed', error: res.error });
    const message = `${ACTION_LABELS[form.open as StepKind]}：${REQUEST_TEXT.done}`;
    dispatch({ type: 'done' });
    props.onDone(message);
  };

  return (
    <Card title={REQUEST_TEXT.actionsTitle} className='request-actions'>
      {form.open === null ? (
        <View className='request-action-buttons'>
          {actions.map((a, i) => (
            <AppButton key={a} kind={i === 0 && !QUIET_ACTIONS.includes(a) ? 'primary' : 'secondary'} className={`request-action action-${a}`} onClick={() => {
                props.onStart();
                const draft = a === 'linkTopic' ? topicDraftOf(detail) : null;
                dispatch({ type: 'open', kind: a, ...(draft ? { title: draft.title, text: draft.summary } : {}) });
              }}>
              {ACTION_LABELS[a]}
            </AppButton>
          ))}
        </View>
      ) : (
        <View className={`request-step-form form-${form.open}`}>
          <Text className='request-step-form-title'>{ACTION_LABELS[form.open]}</Text>
          <StepFields estateId={estateId} detail={detail} form={form} dispatch={dispatch} onAddPhotos={() => void addPhotos(formRef.current, dispatch)} />
          {form.error && (
            <Text className='form-error-line request-step-error' {...ALERT}>
              {form.error}
            </Text>
          )}
          <AppButton kind='primary' className='request-step-send' disabled={form.busy} onClick={() => void send()}>
            {form.busy ? REQUEST_TEXT.busy : SEND_LABELS[form.open]}
          </AppButton>
          <AppButton kind='secondary' className='request-step-cancel' disabled={form.busy} onClick={() => dispatch({ type: 'close' })}>
            {REQUEST_TEXT.cancel}
          </AppButton>
        </View>
      )}
    </Card>
  );
}

type Dispatch = (e: Parameters<typeof stepFormReducer>[1]) => void;

function TextBox(props: { label: string; placeholder: string; value: string; max: number; dispatch: Dispatch; className: string }) {
  return (
    <FormField label={props.label}>
      <Textarea
        className={`form-textarea ${props.className}`}
        nativeProps={{ 'aria-label': props.label }}
        value={props.value}
        maxlength={props.max}
        placeholder={props.placeholder}
        onInput={(e) => props.dispatch({ type: 'text', text: e.detail.value })}
      />
    </FormField>
  );
}

function StepFields({ estateId, detail, form, dispatch, onAddPhotos }: { estateId: string; detail: RequestDetailOutput; form: StepFormState; dispatch: Dispatch; onAddPhotos: () => void }) {
  switch (form.open) {
    case 'rate':
      return (
        <View>
          <FormField label={STEP_TEXT.ratingLabel}>
            <View className='choice-pills request-ratings' role='radiogroup' aria-label={STEP_TEXT.ratingLabel}>
              {REQUEST_RATINGS.map((r) => (
                <Text key={r} className={`choice-pill rating-${r}${form.rating === r ? ' chosen' : ''}`} {...asChoice('radio', form.rating === r)} onClick={() => dispatch({ type: 'rating', rating: r })}>
                  {REQUEST_RATING_LABELS[r]}
                </Text>
              ))}
            </View>
          </FormField>
          {form.rating === 'unsatisfied' && (
            <Text className='request-warning unsatisfied-warning'>
              {STEP_TEXT.unsatisfiedWarning}
            </Text>
          )}
          <TextBox label={STEP_TEXT.commentLabel} placeholder={STEP_TEXT.commentPlaceholder} value={form.text} max={500} dispatch={dispatch} className='request-comment' />
        </View>
      );
    case 'withdraw':
      return (
        <View>
          <Text className='request-warning withdraw-warning'>{STEP_TEXT.withdrawWarning}</Text>
          <TextBox label={STEP_TEXT.withdrawLabel} placeholder='' value={form.text} max={500} dispatch={dispatch} className='request-reason' />
        </View>
      );
    case 'contact':
      return <TextBox label={STEP_TEXT.contactLabel} placeholder={STEP_TEXT.contactPlaceholder} value={form.text} max={500} dispatch={dispatch} className='request-note' />;
    case 'extend':
      return (
        <View>
          <FormField label={STEP_TEXT.extendHoursLabel}>
            <View className='choice-pills request-extend-hours' role='radiogroup' aria-label={STEP_TEXT.extendHoursLabel}>
              {EXTEND_CHOICES.map((c) => (
                <Text key={c.hours} className={`choice-pill hours-${c.hours}${form.hours === c.hours ? ' chosen' : ''}`} {...asChoice('radio', form.hours === c.hours)} onClick={() => dispatch({ type: 'hours', hours: c.hours })}>
                  {c.label}
                </Text>
              ))}
            </View>
          </FormField>
          <TextBox label={STEP_TEXT.extendReasonLabel} placeholder={STEP_TEXT.extendReasonPlaceholder} value={form.text} max={500} dispatch={dispatch} className='request-reason' />
        </View>
      );
    case 'handle':
      return (
        <View>
          <TextBox label={STEP_TEXT.resultLabel} placeholder={STEP_TEXT.resultPlaceholder} value={form.text} max={1000} dispatch={dispatch} className='request-result' />
          <PhotoPicker label={REQUEST_TEXT.photosTitle} state={form} onAdd={onAddPhotos} onRemove={(localId) => dispatch({ type: 'removePhoto', localId })} />
        </View>
      );
    case 'dispatch':
    case 'reassign':
      return (
        <View>
          <FormField label={STEP_TEXT.orgLabel}>
            <View className='choice-pills request-orgs' role='radiogroup' aria-label={STEP_TEXT.orgLabel}>
              {dispatchTargets(form.open === 'reassign' ? detail.holder : null).map((t) => (
                <Text key={t.org} className={`choice-pill org-${t.org}${form.org === t.org ? ' chosen' : ''}`} {...asChoice('radio', form.org === t.org)} onClick={() => dispatch({ type: 'org', org: t.org })}>
                  {t.label}
                </Text>
              ))}
            </View>
          </FormField>
          <TextBox label={STEP_TEXT.dispatchReasonLabel} placeholder={STEP_TEXT.dispatchReasonPlaceholder} value={form.text} max={500} dispatch={dispatch} className='request-reason' />
        </View>
      );
    case 'linkTopic':
      return (
        <View>
          <Text className='hint request-topic-hint'>{STEP_TEXT.topicHint}</Text>
          <FormField label={STEP_TEXT.topicTitleLabel}>
            <Input
              className='form-input request-topic-title'
              nativeProps={{ 'aria-label': STEP_TEXT.topicTitleLabel }}
              value={form.title}
              maxlength={60}
              onInput={(e) => dispatch({ type: 'title', title: e.detail.value })}
            />
          </FormField>
          <TextBox label={STEP_TEXT.topicSummaryLabel} placeholder='' value={form.text} max={2000} dispatch={dispatch} className='request-topic-summary' />
        </View>
      );
    case 'duplicate':
      return <DuplicateFields estateId={estateId} detail={detail} form={form} dispatch={dispatch} />;
    case 'refer':
      return (
        <View>
          <FormField label={STEP_TEXT.referLabel}>
            <Input
              className='form-input request-referred-to'
              nativeProps={{ 'aria-label': STEP_TEXT.referLabel }}
              value={form.text}
              maxlength={100}
              placeholder={STEP_TEXT.referPlaceholder}
              onInput={(e) => dispatch({ type: 'text', text: e.detail.value })}
            />
          </FormField>
          <Text className='request-warning refer-warning'>{STEP_TEXT.referWarning}</Text>
          <ToggleRow className='request-confirm-end' label={STEP_TEXT.confirmEnd} checked={form.confirmed} onChange={(on) => dispatch({ type: 'confirmed', confirmed: on })} />
        </View>
      );
    default:
      return null;
  }
}

/** 标记为重复: the estate's other public requests to choose from (the first page of 小区公开诉求). */
function DuplicateFields({ estateId, detail, form, dispatch }: { estateId: string; detail: RequestDetailOutput; form: StepFormState; dispatch: Dispatch }) {
  const [rows, setRows] = useState<PublicRequestRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.requests.publicRequests({ estateId }).then((res) => {
      if (!live) return;
      if (!res.ok) return setError(res.error.message);
      setRows(res.data.requests.filter((r) => r.requestId !== detail.requestId));
    });
    return () => {
      live = false;
    };
  }, [estateId, detail.requestId]);
  return (
    <View>
      <FormField label={STEP_TEXT.duplicateLabel} hint={STEP_TEXT.duplicateHint}>
        {rows === null && !error && <Text className='hint'>{STEP_TEXT.duplicateLoading}</Text>}
        {error && <Text className='form-error-line'>{error}</Text>}
        {rows && rows.length === 0 && <Text className='hint request-duplicate-none'>{STEP_TEXT.duplicateNone}</Text>}
        {rows && rows.length > 0 && (
          <View className='request-duplicate-choices' role='radiogroup' aria-label={STEP_TEXT.duplicateLabel}>
            {rows.map((r) => (
              <View
                key={r.requestId}
                className={`list-row request-duplicate-choice${form.duplicateOf === r.requestId ? ' chosen' : ''}`}
                {...asChoice('radio', form.duplicateOf === r.requestId)}
                onClick={() => dispatch({ type: 'duplicateOf', requestId: r.requestId })}
              >
                <Text className='row-title'>{`${REQUEST_CATEGORY_LABELS[r.category]} · ${REQUEST_STATUS_LABELS[r.status]}`}</Text>
                <Text className='row-meta text-secondary'>{`${shortTime(r.filedAt)} · ${r.summary}`}</Text>
              </View>
            ))}
          </View>
        )}
      </FormField>
      <Text className='request-warning duplicate-warning'>{STEP_TEXT.duplicateWarning}</Text>
      <ToggleRow className='request-confirm-end' label={STEP_TEXT.confirmEnd} checked={form.confirmed} onChange={(on) => dispatch({ type: 'confirmed', confirmed: on })} />
    </View>
  );
}

/** 附议: how many residents co-signed, and co-sign / take it back (the server decides who may). */
function CoSign({ detail, estateId, onChanged }: { detail: RequestDetailOutput; estateId: string; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const line = coSignLine(detail.coSignCount);
  const offer = coSignOffer(detail);
  if (!line && !offer) return null;
  const act = async () => {
    setBusy(true);
    setError(null);
    const ref = { estateId, requestId: detail.requestId };
    const res = offer === 'coSign' ? await api.requests.coSignRequest(ref) : await api.requests.withdrawCoSign(ref);
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    onChanged();
  };
  return (
    <View className='request-cosign'>
      {line && <Text className='request-cosign-count'>{line}</Text>}
      {offer === 'coSign' && <Text className='hint request-cosign-hint'>{REQUEST_TEXT.coSignHint}</Text>}
      {offer && (
        <AppButton kind={offer === 'coSign' ? 'primary' : 'secondary'} className={offer === 'coSign' ? 'cosign-button' : 'uncosign-button'} disabled={busy} onClick={() => void act()}>
          {offer === 'coSign' ? REQUEST_TEXT.coSign : REQUEST_TEXT.withdrawCoSign}
        </AppButton>
      )}
      {error && <Text className='form-error-line'>{error}</Text>}
    </View>
  );
}
