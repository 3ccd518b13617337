import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { api } from '../../../../api/client';
import { Image } from '../../../../components/image';
import { Input } from '../../../../components/input';
import { Textarea } from '../../../../components/textarea';
import { MessagesEntry } from '../../../../components/messages-entry';
import { PageRoot } from '../../../../components/page-root';
import { BlockedBlock, EmptyState, LoadingBlock } from '../../../../components/page-states';
import { AppButton, asChoice, Card, FormField, ListRow, StatusChip } from '../../../../components/ui';
import { safeFileName } from '../../../../lib/api-facade';
import { routeParam } from '../../../../lib/page-access';
import {
  CHOICE_OPTIONS,
  confirmLines,
  emptyEntryForm,
  entryFieldErrors,
  entryInput,
  entryProblems,
  entryRows,
  newEntryKey,
  PAPER_TEXT,
  requestRows,
  reviewedToast,
  reviewInput,
  type EntryForm,
  type EntryRowView,
  type PaperItem,
} from '../../../../lib/paper-ballot';
import { pickFiles } from '../../../../platform/files';
import type { ListTopicsOutput } from '../../../../../types/deliberation';
import type { ListPaperEntriesOutput, ListPaperRequestsOutput } from '../../../../../types/voting-paper';
import { useStaffPage } from '../../use-staff-page';
import '../../staff.css';
import './index.css';

type Tab = 'requests' | 'entry' | 'review';
const TABS: { key: Tab; label: string }[] = [
  { key: 'requests', label: '申请送达' },
  { key: 'entry', label: '录入' },
  { key: 'review', label: '复核' },
];

interface TopicData {
  items: PaperItem[];
  requests: ListPaperRequestsOutput;
  entries: ListPaperEntriesOutput;
}

/** 纸质选票 (packages/staff/voting/paper): requests to deliver, entry of returned paper ballots, review by a second staff member. */
export default function PaperPage() {
  const router = useRouter();
  const wanted = routeParam(router.params, 'topicId');
  const { state, reload } = useStaffPage((estateId) => api.deliberation.listTopics({ estateId, stage: 'voting' }));
  return (
    <PageRoot className='page paper-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void reload()} />}
      {state.status === 'ready' && <PaperWork estateId={state.context.estateId} estateName={state.context.estateName} topics={state.data} wanted={wanted} />}
    </PageRoot>
  );
}

function PaperWork(props: { estateId: string; estateName: string; topics: ListTopicsOutput; wanted?: string }) {
  const topics = props.topics.topics;
  const [topicId, setTopicId] = useState<string | null>(topics.find((t) => t.topicId === props.wanted)?.topicId ?? topics[0]?.topicId ?? null);
  const [tab, setTab] = useState<Tab>('requests');
  const [data, setData] = useState<TopicData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [entryUnit, setEntryUnit] = useState<string | undefined>(undefined);

  const load = useCallback(async () => {
    if (!topicId) return;
    const input = { estateId: props.estateId, topicId };
    const [topic, requests, entries] = await Promise.all([api.deliberation.getTopic(input), api.voting.listPaperRequests(input), api.voting.listPaperEntries(input)]);
    if (!topic.ok) return setError(topic.error.message);
    if (!requests.ok) return setError(requests.error.message);
    if (!entries.ok) return setError(entries.error.message);
    setError(null);
    setData({ items: (topic.data.topic.announcement?.items ?? topic.data.topic.items).map((i) => ({ itemId: i.itemId, title: i.title })), requests: requests.data, entries: entries.data });
  }, [props.estateId, topicId]);

  useEffect(() => {
    setData(null);
    void load();
  }, [load]);

  if (!topicId) return <EmptyState title={PAPER_TEXT.noTopic} />;
  const pending = data?.entries.entries.length ?? 0;
  return (
    <View>
      <Card className='paper-topic' title={`${props.estateName} · ${PAPER_TEXT.title}`}>
        {topics.length > 1 ? (
          <FormField label={PAPER_TEXT.topicLabel}>
            <View className='choice-pills paper-topics' role='radiogroup'>
              {topics.map((t) => (
                <Text key={t.topicId} className={`choice-pill paper-topic-choice${t.topicId === topicId ? ' chosen' : ''}`} {...asChoice('radio', t.topicId === topicId)} onClick={() => setTopicId(t.topicId)}>
                  {t.title}
                </Text>
              ))}
            </View>
          </FormField>
        ) : (
          <Text className='paper-topic-title'>{topics[0]!.title}</Text>
        )}
        <View className='choice-pills paper-tabs' role='tablist'>
          {TABS.map((t) => (
            <Text key={t.key} className={`choice-pill paper-tab tab-${t.key}${tab === t.key ? ' chosen' : ''}`} {...asChoice('tab', tab === t.key)} onClick={() => setTab(t.key)}>
              {t.key === 'review' && pending > 0 ? `${t.label}（${pending}）` : t.label}
            </Text>
          ))}
        </View>
      </Card>
      {error && <Text className='form-error-line'>{error}</Text>}
      {!data && !error && <LoadingBlock />}
      {data && tab === 'requests' && (
        <Requests
          estateId={props.estateId}
          topicId={topicId}
          data={data.requests}
          onChanged={() => void load()}
          onEnter={(unitId) => {
            setEntryUnit(unitId);
            setTab('entry');
          }}
        />
      )}
      {data && tab === 'entry' && (
        <Entry
          key={`${topicId}:${entryUnit ?? ''}`}
          estateId={props.estateId}
          topicId={topicId}
          items={data.items}
          unitId={entryUnit}
          onEntered={() => {
            setEntryUnit(undefined);
            void load();
            setTab('review');
          }}
        />
      )}
      {data && tab === 'review' && <Review estateId={props.estateId} rows={entryRows(data.entries)} onDecided={() => void load()} />}
    </View>
  );
}

function Requests(props: { estateId: string; topicId: string; data: ListPaperRequestsOutput; onChanged: () => void; onEnter: (unitId: string) => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const rows = requestRows(props.data);
  const deliver = async (unitId: string) => {
    if (busy) return;
    setBusy(unitId);
    const res = await api.voting.markPaperDelivered({ estateId: props.estateId, topicId: props.topicId, unitId });
    setBusy(null);
    if (!res.ok) return setMessage(res.error.message);
    void Taro.showToast({ title: PAPER_TEXT.delivered, icon: 'success' });
    props.onChanged();
  };
  return (
    <Card className='paper-requests' title={PAPER_TEXT.requestsTitle}>
      {rows.length === 0 && <Text className='hint text-secondary'>{PAPER_TEXT.requestsEmpty}</Text>}
      {rows.map((r) => (
        <ListRow key={r.unitId} className='paper-request' title={r.title} meta={r.line} trailing={<StatusChip tone={r.tone}>{r.stateLabel}</StatusChip>}>
          <View className='decision-buttons'>
            {r.canMarkDelivered && (
              <AppButton size='small' kind='secondary' className='mark-delivered' disabled={busy === r.unitId} onClick={() => void deliver(r.unitId)}>
                {PAPER_TEXT.markDelivered}
              </AppButton>
            )}
            <AppButton size='small' className='enter-for' onClick={() => props.onEnter(r.unitId)}>
              {PAPER_TEXT.enterFor}
            </AppButton>
          </View>
        </ListRow>
      ))}
      {message && <Text className='form-error-line'>{message}</Text>}
    </Card>
  );
}

function Entry(props: { estateId: string; topicId: string; items: PaperItem[]; unitId?: string; onEntered: () => void }) {
  const [form, setForm] = useState<EntryForm>(() => emptyEntryForm(new Date(), props.unitId));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [step, setStep] = useState<'form' | 'confirm'>('form');
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  // one key per entry, kept across retries of the same submission (a double tap enters it once)
  const key = useRef(newEntryKey());
  /** a change makes a new entry (new key) and clears the error of the field it fixed */
  const set = (patch: Partial<EntryForm>, field: string) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors(({ [field]: _fixed, ...rest }) => rest);
    key.current = newEntryKey();
  };

  const pickScan = async () => {
    if (uploading) return;
    setMessage(null);
    const [file] = await pickFiles('photo', 1);
    if (!file) return;
    setUploading(true);
    const up = await api.files.upload(file);
    setUploading(false);
    if (!up.ok) return setMessage(up.error.message);
    set({ scan: { fileId: up.data.fileId, fileName: safeFileName(file.name) } }, 'scanFileId');
  };

  const next = () => {
    const problems = entryProblems(form, props.items);
    setErrors(problems);
    if (Object.keys(problems).length === 0) setStep('confirm');
  };

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    const res = await api.voting.enterPaperBallot(entryInput(props.estateId, props.topicId, key.current, form, props.items));
    setBusy(false);
    if (!res.ok) {
      setErrors(entryFieldErrors(res.error.fields));
      setStep('form');
      return setMessage(res.error.message);
    }
    void Taro.showToast({ title: PAPER_TEXT.entered, icon: 'success' });
    props.onEntered();
  };

  if (step === 'confirm') {
    return (
      <Card className='paper-confirm' title={PAPER_TEXT.confirmTitle}>
        {confirmLines(form, props.items).map((line) => (
          <Text key={line} className='confirm-line'>
            {line}
          </Text>
        ))}
        {message && <Text className='form-error-line'>{message}</Text>}
        <AppButton kind='primary' className='confirm-entry' disabled={busy} onClick={() => void submit()}>
          {busy ? PAPER_TEXT.submitting : PAPER_TEXT.submit}
        </AppButton>
        <AppButton className='back-to-form' disabled={busy} onClick={() => setStep('form')}>
          {PAPER_TEXT.back}
        </AppButton>
      </Card>
    );
  }

  return (
    <Card className='paper-entry' title={PAPER_TEXT.entryTitle}>
      <Text className='rule-text text-secondary'>{PAPER_TEXT.entryHint}</Text>
      <FormField label={`${PAPER_TEXT.building} / ${PAPER_TEXT.entrance} / ${PAPER_TEXT.room}`} hint={PAPER_TEXT.unitHint} error={errors.unit ?? null}>
        <View className='unit-inputs'>
          {(['building', 'entrance', 'room'] as const).map((f) => (
            <Input key={f} className={`form-input unit-${f}`} value={form[f]} maxlength={10} nativeProps={{ 'aria-label': PAPER_TEXT[f] }} onInput={(e) => set({ [f]: e.detail.value }, 'unit')} />
          ))}
        </View>
      </FormField>
      {props.items.map((item, n) => (
        <FormField key={item.itemId} label={`${n + 1}. ${item.title}`} error={errors[`choice.${item.itemId}`] ?? null} className='paper-item'>
          <View className='choice-pills paper-choices' role='radiogroup' aria-label={item.title}>
            {CHOICE_OPTIONS.map((c) => (
              <Text
                key={c.value}
                className={`choice-pill paper-choice choice-${c.value}${form.choices[item.itemId] === c.value ? ' chosen' : ''}`}
                {...asChoice('radio', form.choices[item.itemId] === c.value)}
                onClick={() => set({ choices: { ...form.choices, [item.itemId]: c.value } }, `choice.${item.itemId}`)}
              >
                {c.label}
              </Text>
            ))}
          </View>
        </FormField>
      ))}
      <FormField label={`${PAPER_TEXT.receivedDate} / ${PAPER_TEXT.receivedTime}`} hint={PAPER_TEXT.receivedHint} error={errors.receivedAt ?? null}>
        <View className='received-inputs'>
          <Input className='form-input received-date' value={form.receivedDate} maxlength={10} nativeProps={{ 'aria-label': PAPER_TEXT.receivedDate }} onInput={(e) => set({ receivedDate: e.detail.value }, 'receivedAt')} />
          <Input className='form-input received-time' value={form.receivedTime} maxlength={5} nativeProps={{ 'aria-label': PAPER_TEXT.receivedTime }} onInput={(e) => set({ receivedTime: e.detail.value }, 'receivedAt')} />
        </View>
      </FormField>
      <FormField label={PAPER_TEXT.scan} error={errors.scanFileId ?? null}>
        <Text className='paper-scan-name'>{form.scan ? form.scan.fileName : PAPER_TEXT.noScan}</Text>
        <AppButton kind='secondary' className='pick-scan' disabled={uploading} onClick={() => void pickScan()}>
          {uploading ? PAPER_TEXT.uploading : form.scan ? PAPER_TEXT.replaceScan : PAPER_TEXT.pickScan}
        </AppButton>
      </FormField>
      {message && <Text className='form-error-line'>{message}</Text>}
      <AppButton kind='primary' className='entry-next' onClick={next}>
        {PAPER_TEXT.next}
      </AppButton>
    </Card>
  );
}

function Review(props: { estateId: string; rows: EntryRowView[]; onDecided: () => void }) {
  return (
    <Card className='paper-review' title={PAPER_TEXT.reviewTitle}>
      {props.rows.length === 0 && <Text className='hint text-secondary'>{PAPER_TEXT.reviewEmpty}</Text>}
      {props.rows.map((row) => (
        <ReviewRow key={row.entryId} estateId={props.estateId} row={row} onDecided={props.onDecided} />
      ))}
    </Card>
  );
}

type Scan = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; url: string } | { status: 'error'; message: string };

function ReviewRow(props: { estateId: string; row: EntryRowView; onDecided: () => void }) {
  const { row } = props;
  const [scan, setScan] = useState<Scan>({ status: 'idle' });
  const [panel, setPanel] = useState<'approve' | 'reject' | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const showScan = async () => {
    setScan({ status: 'loading' });
    const res = await api.voting.paperScan({ estateId: props.estateId, entryId: row.entryId });
    setScan(res.ok ? { status: 'ready', url: res.data.dataUrl } : { status: 'error', message: res.error.message });
  };
  const decide = async (decision: 'approve' | 'reject') => {
    if (busy) return;
    const checked = reviewInput(props.estateId, row.entryId, decision, reason);
    if (!checked.ok) return setMessage(checked.message);
    setBusy(true);
    setMessage(null);
    const res = await api.voting.reviewPaperEntry(checked.input);
    setBusy(false);
    if (!res.ok) return setMessage(res.error.fields?.[0]?.message ?? res.error.message);
    void Taro.showToast({ title: reviewedToast(res.data.state), icon: res.data.state === 'approved' ? 'success' : 'none' });
    props.onDecided();
  };

  return (
    <View className='list-row paper-entry-row'>
      <View className='row-head'>
        <Text className='row-title'>{row.title}</Text>
        <StatusChip tone='warning'>{row.stateLabel}</StatusChip>
      </View>
      <Text className='row-meta text-secondary'>{row.line}</Text>
      <View className='paper-side-by-side'>
        <View className='paper-choices-entered'>
          {row.choiceLines.map((line) => (
            <Text key={line} className='entered-choice'>
              {line}
            </Text>
          ))}
        </View>
        <View className='paper-scan-box'>
          {scan.status === 'idle' && (
            <AppButton size='small' kind='secondary' className='show-scan' onClick={() => void showScan()}>
              {PAPER_TEXT.showScan}
            </AppButton>
          )}
          {scan.status === 'loading' && <Text className='row-meta text-secondary'>{PAPER_TEXT.loadingScan}</Text>}
          {scan.status === 'ready' && <Image className='paper-scan' src={scan.url} mode='widthFix' />}
          {scan.status === 'error' && <Text className='field-error'>{scan.message}</Text>}
        </View>
      </View>
      {row.hint && <Text className='rule-text own-entry-hint'>{row.hint}</Text>}
      {row.canReview && panel === null && (
        <View className='decision-buttons'>
          <AppButton size='small' kind='primary' className='approve' onClick={() => setPanel('approve')}>
            {PAPER_TEXT.approve}
          </AppButton>
          <AppButton size='small' kind='danger' className='reject' onClick={() => setPanel('reject')}>
            {PAPER_TEXT.reject}
          </AppButton>
        </View>
      )}
      {row.canReview && panel && (
        <View className={`decision-panel panel-${panel}`}>
          {panel === 'reject' && (
            <FormField label={PAPER_TEXT.reasonLabel}>
              <Textarea
                className='form-textarea reject-reason'
                nativeProps={{ 'aria-label': PAPER_TEXT.reasonLabel }}
                value={reason}
                maxlength={200}
                placeholder={PAPER_TEXT.reasonPlaceholder}
                onInput={(e) => {
                  setReason(e.detail.value);
                  setMessage(null);
                }}
              />
            </FormField>
          )}
          {message && <Text className='field-error decision-error'>{message}</Text>}
          <AppButton kind='primary' className={panel === 'approve' ? 'confirm-approve' : 'confirm-reject'} disabled={busy} onClick={() => void decide(panel)}>
            {busy ? PAPER_TEXT.submitting : panel === 'approve' ? PAPER_TEXT.confirmApprove : PAPER_TEXT.confirmReject}
          </AppButton>
          <AppButton className='cancel-decision' disabled={busy} onClick={() => setPanel(null)}>
            {PAPER_TEXT.cancel}
          </AppButton>
        </View>
      )}
      {!row.canReview && message && <Text className='field-error'>{message}</Text>}
    </View>
  );
}
