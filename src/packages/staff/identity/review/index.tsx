import { useState } from 'react';
import { MessagesEntry } from '../../../../components/messages-entry';
import { Button, Text, View } from '@tarojs/components';
import { Textarea } from '../../../../components/textarea';
import { Image } from '../../../../components/image';
import Taro from '@tarojs/taro';
import { api } from '../../../../api/client';
import { BlockedBlock, LoadingBlock, off } from '../../../../components/page-states';
import { decisionInput, lockedRows, pendingItems, REVIEW_TEXT, unlockInput, type ReviewItemView } from '../../../../lib/staff-review';
import type { ResidenceKind, ReviewQueueOutput } from '../../../../../types/identity';
import { asChoice } from '../../../../components/ui';
import { useStaffPage } from '../../use-staff-page';
import '../../staff.css';
import { PageRoot } from '../../../../components/page-root';

export default function ReviewPage() {
  const { state, setState, reload } = useStaffPage((estateId) => api.identity.reviewQueue({ estateId }));
  const update = (f: (q: ReviewQueueOutput) => ReviewQueueOutput) =>
    setState((s) => (s.status === 'ready' ? { ...s, data: f(s.data) } : s));

  return (
    <PageRoot className='page review-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void reload()} />}
      {state.status === 'ready' && (
        <>
          <View className='card review-queue'>
            <Text className='card-title'>
              {state.context.estateName} · {REVIEW_TEXT.pendingTitle}
            </Text>
            {pendingItems(state.data).length === 0 && <Text className='hint review-empty'>{REVIEW_TEXT.empty}</Text>}
            {pendingItems(state.data).map((item) => (
              <ReviewItem
                key={item.requestId}
                estateId={state.context.estateId}
                item={item}
                onDecided={() => update((q) => ({ ...q, items: q.items.filter((i) => i.requestId !== item.requestId) }))}
              />
            ))}
          </View>
          <LockedCard
            estateId={state.context.estateId}
            queue={state.data}
            onUnlocked={(key) => update((q) => ({ ...q, lockedAccounts: q.lockedAccounts.filter((a) => a.accountKey !== key) }))}
          />
        </>
      )}
    </PageRoot>
  );
}

type Photo = { status: 'loading' } | { status: 'ready'; url: string } | { status: 'error'; message: string };

function ReviewItem(props: { estateId: string; item: ReviewItemView; onDecided: () => void }) {
  const { item } = props;
  const [photos, setPhotos] = useState<Photo[] | null>(null);
  const [panel, setPanel] = useState<'approve' | 'reject' | null>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [residence, setResidence] = useState<ResidenceKind>('unit');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const showPhotos = async () => {
    const n = Math.min(item.photoCount, 4);
    setPhotos(Array.from({ length: n }, () => ({ status: 'loading' })));
    await Promise.all(
      Array.from({ length: n }, async (_, index) => {
        const res = await api.identity.viewCertificate({ estateId: props.estateId, requestId: item.requestId, index });
        setPhotos((ps) =>
          (ps ?? []).map((p, i) => (i !== index ? p : res.ok ? { status: 'ready', url: res.data.dataUrl } : { status: 'error', message: res.error.message })),
        );
      }),
    );
  };

  const decide = async (decision: 'approve' | 'reject') => {
    if (busy) return;
    const withReason = decision === 'reject' || item.needsTransfer;
    const checked = decisionInput(props.estateId, item.requestId, decision, withReason ? reason : '', note, item.needsTransfer, item.residenceChoices ? residence : null);
    if (!checked.ok) return setMessage(checked.message);
    setBusy(true);
    setMessage(null);
    const res = await api.identity.decideVerification(checked.input);
    setBusy(false);
    if (!res.ok) return setMessage(res.error.message);
    void Taro.showToast({ title: decision === 'approve' ? REVIEW_TEXT.approved : REVIEW_TEXT.rejected, icon: 'success' });
    props.onDecided();
  };

  return (
    <View className='list-row review-item'>
      <Text className='row-title review-title'>{item.title}</Text>
      <Text className='row-meta text-secondary review-applicant'>{item.applicantLine}</Text>
      <Text className='row-meta text-secondary review-roster'>{item.rosterLine}</Text>
      <Text className='row-meta text-secondary'>{item.createdLine}</Text>
      {item.codeLine && <Text className='row-meta text-secondary review-code'>{item.codeLine}</Text>}
      <Text className='rule-text'>{item.hint}</Text>
      {item.transferWarning && <Text className='field-error transfer-warning'>{item.transferWarning}</Text>}
      {item.photoCount > 0 && !photos && (
        <Button className='small-button show-photos' onClick={() => void showPhotos()}>
          {`${REVIEW_TEXT.showPhoto}（${item.photoCount} 张）`}
        </Button>
      )}
      {photos?.map((p, i) =>
        p.status === 'ready' ? (
          <Image key={i} className='review-photo' src={p.url} mode='widthFix' />
        ) : (
          <Text key={i} className='row-meta text-secondary'>
            {p.status === 'loading' ? REVIEW_TEXT.loadingPhoto : p.message}
          </Text>
        ),
      )}
      {panel === null && (
        <View className='decision-buttons'>
          <Button className='small-button primary approve' onClick={() => setPanel('approve')}>
            {REVIEW_TEXT.approve}
          </Button>
          <Button className='small-button danger reject' onClick={() => setPanel('reject')}>
            {REVIEW_TEXT.reject}
          </Button>
        </View>
      )}
      {panel && (
        <View className={`decision-panel panel-${panel}`}>
          {panel === 'approve' && item.needsTransfer && (
            <>
              <Text className='field-label'>{REVIEW_TEXT.transferReasonLabel}</Text>
              <Textarea
                className='form-textarea reason-input transfer-reason'
                nativeProps={{ 'aria-label': REVIEW_TEXT.transferReasonLabel }}
                value={reason}
                maxlength={200}
                placeholder={REVIEW_TEXT.transferReasonPlaceholder}
                onInput={(e) => {
                  setReason(e.detail.value);
                  setMessage(null);
                }}
              />
            </>
          )}
          {panel === 'approve' && item.residenceChoices && (
            <>
              <Text className='field-label'>{REVIEW_TEXT.residenceLabel}</Text>
              <View className='choice-pills residence-choices' role='radiogroup' aria-label={REVIEW_TEXT.residenceLabel}>
                {item.residenceChoices.map((c) => (
                  <Text key={c.kind} className={`choice-pill residence-${c.kind}${residence === c.kind ? ' chosen' : ''}`} {...asChoice('radio', residence === c.kind)} onClick={() => setResidence(c.kind)}>
                    {c.label}
                  </Text>
                ))}
              </View>
            </>
          )}
          {panel === 'reject' && (
            <>
              <Text className='field-label'>{REVIEW_TEXT.reasonLabel}</Text>
              <Textarea
                className='form-textarea reason-input reject-reason'
                nativeProps={{ 'aria-label': REVIEW_TEXT.reasonLabel }}
                value={reason}
                maxlength={200}
                placeholder={REVIEW_TEXT.reasonPlaceholder}
                onInput={(e) => {
                  setReason(e.detail.value);
                  setMessage(null);
                }}
              />
            </>
          )}
          <Text className='field-label'>{REVIEW_TEXT.noteLabel}</Text>
          <Textarea
            className='form-textarea reason-input decision-note'
            nativeProps={{ 'aria-label': REVIEW_TEXT.noteLabel }}
            value={note}
            maxlength={200}
            onInput={(e) => setNote(e.detail.value)}
          />
          {message && <Text className='field-error decision-error'>{message}</Text>}
          <Button
            className={`big-button primary ${panel === 'approve' ? 'confirm-approve' : 'confirm-reject'}`}
            disabled={off(busy)}
            onClick={() => void decide(panel)}
          >
            {busy ? REVIEW_TEXT.submitting : panel === 'approve' ? REVIEW_TEXT.confirmApprove : REVIEW_TEXT.confirmReject}
          </Button>
          <Button
            className='big-button cancel-decision'
            disabled={off(busy)}
            onClick={() => {
              setPanel(null);
              setMessage(null);
            }}
          >
            {REVIEW_TEXT.cancel}
          </Button>
        </View>
      )}
    </View>
  );
}

function LockedCard(props: { estateId: string; queue: ReviewQueueOutput; onUnlocked: (accountKey: string) => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const [busyKey, setBusyKey] = useState<string | null>(null);
  /** the account whose 解锁 was tapped: unlocking needs a reason (audited) before it is sent */
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const rows = lockedRows(props.queue);
  const open = (accountKey: string) => {
    setOpenKey(accountKey);
    setReason('');
    setMessage(null);
  };
  const unlock = async (accountKey: string) => {
    if (busyKey) return;
    const check = unlockInput(props.estateId, accountKey, reason);
    if (!check.ok) return setMessage(check.message);
    setBusyKey(accountKey);
    setMessage(null);
    const res = await api.identity.unlockVerification(check.input);
    setBusyKey(null);
    if (!res.ok) return setMessage(res.error.fields?.[0]?.message ?? res.error.message);
    setOpenKey(null);
    void Taro.showToast({ title: REVIEW_TEXT.unlocked, icon: 'success' });
    props.onUnlocked(accountKey);
  };
  return (
    <View className='card locked-accounts'>
      <Text className='card-title'>{REVIEW_TEXT.lockedTitle}</Text>
      {rows.length === 0 && <Text className='hint'>{REVIEW_TEXT.noLocked}</Text>}
      {rows.map((r) => (
        <View key={r.accountKey} className='list-row locked-item'>
          <Text className='row-meta text-secondary'>{r.line}</Text>
          {openKey !== r.accountKey ? (
            <Button className='small-button unlock' onClick={() => open(r.accountKey)}>
              {REVIEW_TEXT.unlock}
            </Button>
          ) : (
            <View className='unlock-form'>
              <Text className='field-label'>{REVIEW_TEXT.unlockReasonLabel}</Text>
              <Textarea
                className='form-textarea unlock-reason'
                nativeProps={{ 'aria-label': REVIEW_TEXT.unlockReasonLabel }}
                value={reason}
                maxlength={200}
                placeholder={REVIEW_TEXT.unlockReasonPlaceholder}
                onInput={(e) => setReason(e.detail.value)}
              />
              <View className='decision-buttons'>
                <Button className='small-button primary confirm-unlock' disabled={off(busyKey === r.accountKey)} onClick={() => void unlock(r.accountKey)}>
                  {busyKey === r.accountKey ? REVIEW_TEXT.submitting : REVIEW_TEXT.confirmUnlock}
                </Button>
                <Button className='small-button cancel-unlock' onClick={() => setOpenKey(null)}>
                  {REVIEW_TEXT.cancel}
                </Button>
              </View>
            </View>
          )}
        </View>
      ))}
      {message && <Text className='form-error-line'>{message}</Text>}
    </View>
  );
}
