import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { api } from '../../../../api/client';
import { Image } from '../../../../components/image';
import { MessagesEntry } from '../../../../components/messages-entry';
import { PageRoot } from '../../../../components/page-root';
import { BlockedBlock, EmptyState, LoadingBlock } from '../../../../components/page-states';
import { Textarea } from '../../../../components/textarea';
import { AppButton, asChoice, Card, FormField, StatusChip } from '../../../../components/ui';
import { MANDATE_TEXT, mandateStatusLabel, mandateStatusTone, rejectProblem, staffRowLines } from '../../../../lib/mandate-view';
import { openDataUrl } from '../../../../platform/files';
import type { ListMandatesOutput, StaffMandateView } from '../../../../../types/voting-proxy';
import { useStaffPage } from '../../use-staff-page';
import '../../staff.css';
import './index.css';

type Filter = 'awaiting' | 'all';

/** 委托书核验 (packages/staff/voting/mandates): the check queue with each signed mandate; approve, or reject with a reason. */
export default function MandatesPage() {
  const [filter, setFilter] = useState<Filter>('awaiting');
  const { state, setState, reload } = useStaffPage<ListMandatesOutput>((estateId) => api.voting.listMandates({ estateId, filter }));
  const first = useRef(true);
  // useStaffPage calls the latest fetch: reload once the new filter has rendered
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filter]);
  const switchTo = (f: Filter) => setFilter(f);
  return (
    <PageRoot className='page mandates-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void reload()} />}
      {state.status === 'ready' && (
        <View>
          <Card title={`${state.context.estateName} · ${MANDATE_TEXT.staffTitle}`}>
            <View className='choice-pills mandate-filters' role='tablist'>
              {(['awaiting', 'all'] as const).map((f) => (
                <Text key={f} className={`choice-pill mandate-filter filter-${f}${filter === f ? ' chosen' : ''}`} {...asChoice('tab', filter === f)} onClick={() => switchTo(f)}>
                  {f === 'awaiting' ? MANDATE_TEXT.showQueue : MANDATE_TEXT.showAll}
                </Text>
              ))}
            </View>
          </Card>
          {state.data.mandates.length === 0 && <EmptyState title={MANDATE_TEXT.staffEmpty} />}
          {state.data.mandates.map((m) => (
            <MandateCard
              key={`${m.topicId}:${m.unitId}`}
              estateId={state.context.estateId}
              mandate={m}
              onReviewed={(next) =>
                setState({ ...state, data: { mandates: state.data.mandates.map((x) => (x.topicId === next.topicId && x.unitId === next.unitId ? next : x)) } })
              }
            />
          ))}
        </View>
      )}
    </PageRoot>
  );
}

function MandateCard(props: { estateId: string; mandate: StaffMandateView; onReviewed: (m: StaffMandateView) => void }) {
  const m = props.mandate;
  const ref = { estateId: props.estateId, topicId: m.topicId, unitId: m.unitId };
  const [scan, setScan] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const { title, lines } = staffRowLines(m);

  const showScan = async () => {
    setMessage(null);
    const r = await api.voting.mandateScan(ref);
    if (!r.ok) return setMessage(r.error.message);
    if (r.data.dataUrl.startsWith('data:image/')) setScan(r.data.dataUrl);
    else void openDataUrl(r.data.fileName, r.data.dataUrl);
  };

  const review = async (decision: 'approve' | 'reject') => {
    if (decision === 'reject') {
      const problem = rejectProblem(reason);
      if (problem) return setMessage(problem);
    }
    setBusy(true);
    setMessage(null);
    const r = await api.voting.reviewMandate({ ...ref, decision, ...(decision === 'reject' ? { reason: reason.trim() } : {}) });
    setBusy(false);
    if (!r.ok) return setMessage(r.error.message);
    setRejecting(false);
    props.onReviewed(r.data.mandate);
  };

  return (
    <Card className='mandate-card'>
      <View className='mandate-card-head'>
        <Text className='mandate-card-title'>{title}</Text>
        <StatusChip tone={mandateStatusTone(m.status)}>{mandateStatusLabel(m.status)}</StatusChip>
      </View>
      {lines.map((l) => (
        <Text key={l} className='mandate-card-line'>
          {l}
        </Text>
      ))}
      {m.hasScan ? (
        <AppButton kind='secondary' className='mandate-scan' onClick={() => void showScan()}>
          {MANDATE_TEXT.viewScan}
        </AppButton>
      ) : (
        <Text className='mandate-card-line text-secondary'>{MANDATE_TEXT.noScan}</Text>
      )}
      {scan && <Image className='mandate-scan-image' src={scan} mode='widthFix' aria-label={MANDATE_TEXT.viewScan} />}
      {m.status === 'awaiting' && !rejecting && (
        <View className='mandate-actions'>
          <AppButton kind='primary' className='mandate-approve' disabled={busy} onClick={() => void review('approve')}>
            {MANDATE_TEXT.approve}
          </AppButton>
          <AppButton kind='secondary' className='mandate-reject' disabled={busy} onClick={() => setRejecting(true)}>
            {MANDATE_TEXT.reject}
          </AppButton>
        </View>
      )}
      {m.status === 'awaiting' && rejecting && (
        <View className='mandate-actions'>
          <FormField label={MANDATE_TEXT.rejectReason}>
            <Textarea className='form-textarea mandate-reason' nativeProps={{ 'aria-label': MANDATE_TEXT.rejectReason }} placeholder={MANDATE_TEXT.rejectPlaceholder} value={reason} maxlength={200} onInput={(e) => setReason(e.detail.value)} />
          </FormField>
          <AppButton kind='danger' className='mandate-reject-confirm' disabled={busy} onClick={() => void review('reject')}>
            {MANDATE_TEXT.reject}
          </AppButton>
          <AppButton className='mandate-cancel' disabled={busy} onClick={() => setRejecting(false)}>
            取消
          </AppButton>
        </View>
      )}
      {message && <Text className='form-error-line'>{message}</Text>}
    </Card>
  );
}
