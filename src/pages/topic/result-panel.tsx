/**
 * 表决结果 on the topic page: organisers close and count once the window is over (结束表决并计票); afterwards
 * everyone sees, per item, 通过/未通过 in words with the figures against their denominators and the threshold line,
 * the reason when it fails, invalid ballots; owners check their receipt; anyone downloads the published files;
 * community staff confirm after the objection period (社区确认). View logic: src/lib/vote-result.ts.
 */
import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { api } from '../../api/client';
import { ErrorState, LoadingBlock } from '../../components/page-states';
import { AppButton, Card, FormField, StatusChip } from '../../components/ui';
import { Input } from '../../components/input';
import {
  itemCard,
  normaliseReceipt,
  receiptAnswer,
  resultFacts,
  resultPanelMode,
  RESULT_TEXT,
  type ConditionRow,
} from '../../lib/vote-result';
import type { GetTopicOutput } from '../../../types/deliberation';
import type { PublishedFilesOutput, VoteResultOutput } from '../../../types/voting-result';
import './result-panel.css';

interface Props {
  estateId: string;
  detail: GetTopicOutput;
  /** the caller holds voting.close (organisers) */
  canClose: boolean;
  onChange: () => void;
}

export function ResultPanel({ estateId, detail, canClose, onChange }: Props) {
  const { topic, moves } = detail;
  const mode = resultPanelMode(topic, moves, canClose, new Date().toISOString());
  const ref = { estateId, topicId: topic.topicId };
  const [result, setResult] = useState<VoteResultOutput | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    const res = await api.voting.voteResult(ref);
    if (res.ok) setResult(res.data);
    else setError(res.error.message);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [estateId, topic.topicId]);
  useEffect(() => {
    if (mode.kind === 'result') void load();
  }, [mode.kind, load]);
  if (mode.kind === 'none') return null;

  const close = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const res = await api.voting.closeVote(ref);
    setBusy(false);
    if (res.ok) {
      setResult(res.data);
      onChange();
    }
    else setError(res.error.message);
  };
  const endorse = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const res = await api.voting.endorseResult(ref);
    setBusy(false);
    if (res.ok) {
      // the answer is the result as it now stands (endorsed); the page reloads the topic's stage
      setResult(res.data);
      onChange();
    }
    else setError(res.error.message);
  };

  return (
    <Card title={RESULT_TEXT.title} className='result-card'>
      {(mode.kind === 'close' || (mode.kind === 'counting' && mode.canClose)) && (
        <View className='result-close'>
          <Text className='hint'>{mode.kind === 'close' ? RESULT_TEXT.closeHint : RESULT_TEXT.counting}</Text>
          <AppButton kind='primary' className='close-vote' disabled={busy} onClick={() => void close()}>
            {busy ? RESULT_TEXT.closing : RESULT_TEXT.close}
          </AppButton>
        </View>
      )}
      {mode.kind === 'counting' && !mode.canClose && <Text className='hint'>{RESULT_TEXT.counting}</Text>}
      {mode.kind === 'result' && !result && !error && <LoadingBlock />}
      {error && !result && <ErrorState message={error} onRetry={() => void load()} />}
      {result && <ResultBody estateId={estateId} result={result} busy={busy} onEndorse={() => void endorse()} />}
      {error && result && <Text className='field-error' {...{ role: 'alert' }}>{error}</Text>}
    </Card>
  );
}

function ResultBody({ estateId, result, busy, onEndorse }: { estateId: string; result: VoteResultOutput; busy: boolean; onEndorse: () => void }) {
  const facts = resultFacts(result, new Date().toISOString());
  return (
    <View className='result-body'>
      <Text className='result-summary'>{facts.summary}</Text>
      <Text className='result-published text-secondary'>{facts.published}</Text>
      <Text className='result-objection text-secondary'>{facts.objection}</Text>
      {facts.endorsed && <Text className='result-endorsed'>{facts.endorsed}</Text>}
      {result.items.map((item, i) => (
        <ItemResult key={item.itemId} card={itemCard(item, i)} />
      ))}
      <Text className='result-nonvoters text-secondary'>{facts.nonVoters}</Text>
      {result.can.endorse && (
        <View className='result-endorse'>
          <Text className='hint'>{RESULT_TEXT.endorseHint}</Text>
          <AppButton kind='primary' className='endorse-result' disabled={busy} onClick={onEndorse}>
            {RESULT_TEXT.endorse}
          </AppButton>
        </View>
      )}
      <ReceiptCheck estateId={estateId} topicId={result.topicId} />
      <Downloads estateId={estateId} topicId={result.topicId} rootHash={facts.rootHash} />
    </View>
  );
}

function ItemResult({ card }: { card: ReturnType<typeof itemCard> }) {
  return (
    <View className={`result-item ${card.passed ? 'is-passed' : 'is-failed'}`}>
      <View className='item-head'>
        <Text className='item-title'>{card.heading}</Text>
        <StatusChip tone={card.passed ? 'success' : 'danger'} className='result-verdict'>
          {card.verdict}
        </StatusChip>
      </View>
      <Text className='result-matter text-secondary'>{card.matterLine}</Text>
      {card.rows.map((r) => (
        <ConditionBar key={r.key} row={r} />
      ))}
      {card.notJudged && <Text className='result-not-judged text-secondary'>{card.notJudged}</Text>}
      {card.reasons.length > 0 && (
        <View className='result-reasons'>
          <Text className='result-reasons-title'>{RESULT_TEXT.reasonTitle}</Text>
          {card.reasons.map((r) => (
            <Text key={r} className='result-reason'>
              {r}
            </Text>
          ))}
        </View>
      )}
      <Text className='result-choices text-secondary'>{card.choices}</Text>
      <Text className='result-invalid text-secondary'>{card.invalid}</Text>
      {card.withoutNonVoters && <Text className='result-without text-secondary'>{card.withoutNonVoters}</Text>}
    </View>
  );
}

function ConditionBar({ row }: { row: ConditionRow }) {
  return (
    <View className={`result-condition condition-${row.key} ${row.met ? 'is-met' : 'is-unmet'}`}>
      <View className='condition-head'>
        <Text className='condition-label'>{row.label}</Text>
        <Text className={`condition-met ${row.met ? 'text-success' : 'text-danger'}`}>{row.metText}</Text>
      </View>
      <View className='progress-track' role='progressbar' aria-valuemin={0} aria-valuemax={100} aria-valuenow={row.fillPercent} aria-label={`${row.label} ${row.figures}，${row.line}，${row.metText}`}>
        <View className='progress-fill' style={{ width: `${row.fillPercent}%` }} />
        <View className='progress-threshold' style={{ left: `${row.linePercent}%` }} />
      </View>
      <Text className='condition-figures'>{row.figures}</Text>
      <Text className='condition-line text-secondary'>{row.line}</Text>
    </View>
  );
}

function ReceiptCheck({ estateId, topicId }: { estateId: string; topicId: string }) {
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async () => {
    if (busy || !text.trim()) return;
    setBusy(true);
    const res = await api.voting.checkReceipt({ estateId, topicId, receipt: normaliseReceipt(text) });
    setBusy(false);
    setAnswer(res.ok ? receiptAnswer(res.data) : { ok: false, text: res.error.fields?.map((f) => f.message).join('；') || res.error.message });
  };
  return (
    <View className='receipt-check'>
      <Text className='section-title'>{RESULT_TEXT.checkTitle}</Text>
      <Text className='hint'>{RESULT_TEXT.checkHint}</Text>
      <FormField label={RESULT_TEXT.receiptLabel}>
        <Input className='form-input receipt-input' nativeProps={{ 'aria-label': RESULT_TEXT.receiptLabel }} value={text} maxlength={24} placeholder='例如 3F9A-0C21-7B44-E810' onInput={(e) => setText(e.detail.value)} />
      </FormField>
      <AppButton kind='secondary' className='check-receipt' disabled={busy} onClick={() => void check()}>
        {RESULT_TEXT.checkButton}
      </AppButton>
      {answer && (
        <Text className={`receipt-answer ${answer.ok ? 'text-success' : 'field-error'}`} {...{ role: 'status' }}>
          {answer.text}
        </Text>
      )}
    </View>
  );
}

/** H5: each file saved from a Blob (the mini-program says where to download them instead). */
function save(file: { fileName: string; json: string }) {
  if (process.env.TARO_ENV !== 'h5') return;
  const url = URL.createObjectURL(new Blob([file.json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Downloads({ estateId, topicId, rootHash }: { estateId: string; topicId: string; rootHash: string }) {
  const [files, setFiles] = useState<PublishedFilesOutput | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    const res = await api.voting.publishedFiles({ estateId, topicId });
    if (res.ok) setFiles(res.data);
    else setError(res.error.message);
  };
  return (
    <View className='result-downloads'>
      <Text className='section-title'>{RESULT_TEXT.downloadTitle}</Text>
      <Text className='hint'>{RESULT_TEXT.downloadHint}</Text>
      <Text className='root-hash text-secondary'>{`${RESULT_TEXT.rootHash}：${rootHash}`}</Text>
      {!files && (
        <AppButton kind='secondary' className='open-downloads' onClick={() => void open()}>
          {RESULT_TEXT.downloadTitle}
        </AppButton>
      )}
      {files && process.env.TARO_ENV !== 'h5' && <Text className='hint'>{RESULT_TEXT.downloadInBrowser}</Text>}
      {files &&
        process.env.TARO_ENV === 'h5' &&
        files.files.map((f) => (
          <AppButton key={f.name} size='small' className={`download-${f.name}`} onClick={() => save(f)}>
            {`${f.title}（${f.fileName}）`}
          </AppButton>
        ))}
      {error && <Text className='field-error'>{error}</Text>}
    </View>
  );
}
