import { Fragment, useEffect, useState } from 'react';
import { MessagesEntry } from '../../../../components/messages-entry';
import { Button, Text, View } from '@tarojs/components';
import { Textarea } from '../../../../components/textarea';
import { api } from '../../../../api/client';
import { BlockedBlock, LoadingBlock, off } from '../../../../components/page-states';
import { pickFiles, saveTemplate } from '../../../../platform/files';
import { safeFileName } from '../../../../lib/api-facade';
import {
  confirmStep,
  previewView,
  ROSTER_TEXT,
  rosterFileProblem,
  rosterPageMode,
  summaryView,
  type PreviewView,
} from '../../../../lib/staff-roster';
import type { PageContext } from '../../../../lib/page-access';
import { canSettleRosterReview, ROSTER_REVIEW_TEXT, rosterReviewView, settleInput } from '../../../../lib/staff-roster-review';
import type { RosterReviewDecision, RosterReviewOutput } from '../../../../../types/identity';
import type { RosterSummaryOutput } from '../../../../../types/identity';
import { useStaffPage } from '../../use-staff-page';
import '../../staff.css';
import { PageRoot } from '../../../../components/page-root';

export default function RosterPage() {
  const { state, setState, reload } = useStaffPage((estateId) => api.identity.rosterSummary({ estateId }));
  return (
    <PageRoot className='page roster-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void reload()} />}
      {state.status === 'ready' && (
        <RosterView
          context={state.context}
          summary={state.data}
          onSummary={(data) => setState((s) => (s.status === 'ready' ? { ...s, data } : s))}
        />
      )}
    </PageRoot>
  );
}

function Totals({ parts }: { parts: string[] }) {
  return (
    <Text className='totals-line'>
      {parts.map((p, i) => (
        <Fragment key={p}>
          {i > 0 && ' · '}
          <Text className='totals-part'>{p}</Text>
        </Fragment>
      ))}
    </Text>
  );
}

function RosterView(props: { context: PageContext; summary: RosterSummaryOutput; onSummary: (s: RosterSummaryOutput) => void }) {
  const mode = rosterPageMode(props.context.roles);
  const view = summaryView(props.summary);
  return (
    <>
      <View className='card roster-summary'>
        <Text className='card-title'>
          {props.context.estateName} · {ROSTER_TEXT.summaryTitle}
        </Text>
        <Text className='roster-version'>{view.versionLine}</Text>
        <Totals parts={view.totals} />
        {view.buildings.length > 0 && <Text className='section-label'>{ROSTER_TEXT.buildingsTitle}</Text>}
        {view.buildings.map((b) => (
          <View key={b.building} className='kv-row building-row'>
            <Text className='kv-key'>{b.label}</Text>
            <Text className='kv-value'>{b.line}</Text>
          </View>
        ))}
        <Text className='section-label'>{ROSTER_TEXT.ruleTitle}</Text>
        <View className='headcount-rule'>
          {view.ruleLines.map((l) => (
            <Text key={l} className='rule-text'>
              {l}
            </Text>
          ))}
        </View>
        <Text className='rule-text'>{ROSTER_TEXT.privacy}</Text>
      </View>

      {mode.showImport ? (
        <ImportCard estateId={props.context.estateId} onImported={props.onSummary} />
      ) : (
        <Text className='hint view-only'>{ROSTER_TEXT.viewOnly}</Text>
      )}

      {canSettleRosterReview(props.context.roles) && <ReviewCard key={props.summary.version} estateId={props.context.estateId} />}

      <View className='card roster-history'>
        <Text className='card-title'>{ROSTER_TEXT.historyTitle}</Text>
        {view.history.length === 0 && <Text className='hint'>{ROSTER_TEXT.noRoster}</Text>}
        {view.history.map((h) => (
          <View key={h.version} className='kv-row history-row'>
            <Text className='kv-value'>{h.line}</Text>
            {h.current && <Text className='chip tone-success current-tag'>当前</Text>}
          </View>
        ))}
      </View>
    </>
  );
}

type Step =
  | { kind: 'idle' }
  | { kind: 'uploading'; fileName: string }
  | { kind: 'preview'; fileName: string; view: PreviewView }
  | { kind: 'confirming'; fileName: string; view: Extract<PreviewView, { kind: 'diff' }>; progress?: string }
  | { kind: 'done'; line: string };

function ImportCard({ estateId, onImported }: { estateId: string; onImported: (s: RosterSummaryOutput) => void }) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [message, setMessage] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const busy = step.kind === 'uploading' || step.kind === 'confirming';

  const download = async () => {
    if (downloading) return;
    setDownloading(true);
    setMessage(null);
    const res = await api.identity.rosterTemplate({ estateId });
    const problem = res.ok ? await saveTemplate(res.data.fileName, res.data.contentBase64) : res.error.message;
    setDownloading(false);
    if (problem) setMessage(problem);
  };

  const pick = async () => {
    if (busy) return;
    setMessage(null);
    const [file] = await pickFiles('roster', 1);
    if (!file) return;
    const problem = rosterFileProblem(file.name);
    if (problem) return setMessage(problem);
    setStep({ kind: 'uploading', fileName: file.name });
    const up = await api.files.upload(file);
    if (!up.ok) {
      setStep({ kind: 'idle' });
      return setMessage(up.error.message);
    }
    const res = await api.identity.previewRosterImport({ estateId, fileId: up.data.fileId, fileName: safeFileName(file.name) });
    if (!res.ok) {
      setStep({ kind: 'idle' });
      return setMessage(res.error.message);
    }
    setStep({ kind: 'preview', fileName: file.name, view: previewView(res.data) });
  };

  const confirm = async () => {
    if (step.kind !== 'preview' || step.view.kind !== 'diff') return;
    const view = step.view;
    setStep({ kind: 'confirming', fileName: step.fileName, view });
    setMessage(null);
    let res = await api.identity.confirmRosterImport({ estateId, importId: view.importId });
    // a large roster is written in chunks: each poll writes the next ones and reports done / total
    while (res.ok && res.data.status === 'running') {
      setStep({ kind: 'confirming', fileName: step.fileName, view, progress: confirmStep(res.data).line });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      res = await api.identity.rosterImportProgress({ estateId, importId: view.importId });
    }
    if (!res.ok) {
      setStep({ kind: 'preview', fileName: step.fileName, view });
      return setMessage(res.error.message);
    }
    setStep({ kind: 'done', line: confirmStep(res.data).line });
    const summary = await api.identity.rosterSummary({ estateId });
    if (summary.ok) onImported(summary.data);
  };

  return (
    <View className='card roster-import'>
      <Text className='card-title'>{ROSTER_TEXT.importTitle}</Text>
      <Text className='hint'>{ROSTER_TEXT.importSteps}</Text>
      <Text className='rule-text'>{ROSTER_TEXT.columnsLine}</Text>
      <Button className='big-button secondary download-template' disabled={off(downloading)} onClick={() => void download()}>
        {downloading ? ROSTER_TEXT.downloading : ROSTER_TEXT.downloadTemplate}
      </Button>
      <Button className='big-button primary pick-roster' disabled={off(busy)} onClick={() => void pick()}>
        {step.kind === 'uploading' ? ROSTER_TEXT.uploading : ROSTER_TEXT.pickFile}
      </Button>
      {process.env.TARO_ENV === 'weapp' && <Text className='hint'>{ROSTER_TEXT.pickHintWeapp}</Text>}
      {message && <Text className='form-error-line import-error'>{message}</Text>}

      {(step.kind === 'preview' || step.kind === 'confirming') && (
        <PreviewBlock
          fileName={step.fileName}
          view={step.view}
          confirming={step.kind === 'confirming'}
          progress={step.kind === 'confirming' ? step.progress : undefined}
          onConfirm={() => void confirm()}
          onCancel={() => setStep({ kind: 'idle' })}
        />
      )}
      {step.kind === 'done' && (
        <View className='import-done'>
          <Text className='ok-line'>
            {ROSTER_TEXT.doneTitle}：{step.line}
          </Text>
        </View>
      )}
    </View>
  );
}

function PreviewBlock(props: { fileName: string; view: PreviewView; confirming: boolean; progress?: string; onConfirm: () => void; onCancel: () => void }) {
  const { view } = props;
  if (view.kind === 'errors') {
    return (
      <View className='roster-preview preview-errors'>
        <Text className='form-error-line errors-title'>{view.title}</Text>
        <Text className='hint errors-summary'>{view.summary}</Text>
        <Text className='hint'>{view.hint}</Text>
        <View className='error-table'>
          <View className='error-table-head'>
            <Text className='cell-row'>行</Text>
            <Text className='cell-column'>列</Text>
            <Text className='cell-reason'>原因</Text>
          </View>
          {view.rows.map((r) => (
            <View key={r.key} className='row-error'>
              <Text className='cell-row'>{r.rowText}</Text>
              <Text className='cell-column'>{r.column}</Text>
              <Text className='cell-reason'>{r.reason}</Text>
            </View>
          ))}
        </View>
      </View>
    );
  }
  const { diff } = view;
  return (
    <View className='roster-preview preview-diff'>
      <Text className='ok-line preview-title'>{view.title}</Text>
      <Text className='hint'>{`${props.fileName} · ${view.baseLine}`}</Text>
      <Text className='section-label'>导入后</Text>
      <Totals parts={view.totals} />
      {view.buildings.map((b) => (
        <View key={b.label} className='kv-row'>
          <Text className='kv-key'>{b.label}</Text>
          <Text className='kv-value'>{b.line}</Text>
        </View>
      ))}
      <Text className='section-label'>变更</Text>
      <View className='diff-summary'>
        {diff.summary.map((l) => (
          <Text key={l} className='chip diff-count'>
            {l}
          </Text>
        ))}
      </View>
      {diff.added.map((l) => (
        <Text key={`a-${l}`} className='diff-list-item diff-added'>
          {`新增 ${l}`}
        </Text>
      ))}
      {diff.changed.map((l) => (
        <Text key={`c-${l}`} className='diff-list-item diff-changed'>
          {`变更 ${l}`}
        </Text>
      ))}
      {diff.removed.map((l) => (
        <Text key={`r-${l}`} className='diff-list-item diff-removed'>
          {`移除 ${l}`}
        </Text>
      ))}
      {view.noChanges && <Text className='hint'>与当前名册相比没有变化。</Text>}
      <Button className='big-button primary confirm-import' disabled={off(props.confirming)} onClick={props.onConfirm}>
        {props.confirming ? ROSTER_TEXT.confirming : ROSTER_TEXT.confirm}
      </Button>
      {props.progress && (
        <Fragment>
          <Text className='ok-line import-progress'>{props.progress}</Text>
          <Text className='hint'>{ROSTER_TEXT.writingHint}</Text>
        </Fragment>
      )}
      <Button className='big-button cancel-import' disabled={off(props.confirming)} onClick={props.onCancel}>
        {ROSTER_TEXT.cancel}
      </Button>
    </View>
  );
}

/** 名册复核: the accounts a roster version's owner changes affect; keep or unlink each with a reason. */
function ReviewCard({ estateId }: { estateId: string }) {
  const [data, setData] = useState<RosterReviewOutput | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [open, setOpen] = useState<{ itemId: string; memberKey: string; decision: RosterReviewDecision } | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.identity.rosterReview({ estateId }).then((res) => (res.ok ? setData(res.data) : setMessage(res.error.message)));
  }, [estateId]);

  const settle = async () => {
    if (!open || busy) return;
    const checked = settleInput(estateId, open.itemId, open.memberKey, open.decision, reason);
    if (!checked.ok) return setMessage(checked.message);
    setBusy(true);
    setMessage(null);
    const res = await api.identity.settleRosterReview(checked.input);
    setBusy(false);
    if (!res.ok) return setMessage(res.error.message);
    setData(res.data);
    setOpen(null);
    setReason('');
  };

  const view = data ? rosterReviewView(data) : null;
  return (
    <View className='card roster-review'>
      <Text className='card-title'>{ROSTER_REVIEW_TEXT.title}</Text>
      <Text className='hint'>{view ? view.summary : ROSTER_REVIEW_TEXT.intro}</Text>
      {view && view.items.some((i) => i.open) && <Text className='rule-text'>{ROSTER_REVIEW_TEXT.intro}</Text>}
      {view?.items.map((item) => (
        <View key={item.itemId} className={`list-row review-unit ${item.open ? 'open' : 'settled'}`}>
          <Text className='row-title'>{item.title}</Text>
          <Text className='row-meta text-secondary'>{item.reasonLine}</Text>
          {item.open && <Text className='rule-text review-guide'>{item.guide}</Text>}
          {item.accounts.map((a) => (
            <View key={a.memberKey} className='kv-row review-account'>
              <Text className='kv-value'>{a.line}</Text>
              {a.settledText ? (
                <Text className='chip tone-neutral'>{a.settledText}</Text>
              ) : (
                <View className='decision-buttons'>
                  <Button className='small-button keep-account' onClick={() => setOpen({ itemId: item.itemId, memberKey: a.memberKey, decision: 'keep' })}>
                    {ROSTER_REVIEW_TEXT.keep}
                  </Button>
                  <Button className='small-button danger unlink-account' onClick={() => setOpen({ itemId: item.itemId, memberKey: a.memberKey, decision: 'unlink' })}>
                    {ROSTER_REVIEW_TEXT.unlink}
                  </Button>
                </View>
              )}
              {open && open.itemId === item.itemId && open.memberKey === a.memberKey && (
                <View className='decision-panel'>
                  <Text className='field-label'>{ROSTER_REVIEW_TEXT.reasonLabel}</Text>
                  <Textarea
                    className='form-textarea reason-input review-reason'
                    value={reason}
                    maxlength={200}
                    placeholder={ROSTER_REVIEW_TEXT.reasonPlaceholder}
                    onInput={(e) => {
                      setReason(e.detail.value);
                      setMessage(null);
                    }}
                  />
                  <Button className='big-button primary confirm-settle' disabled={off(busy)} onClick={() => void settle()}>
                    {busy ? ROSTER_REVIEW_TEXT.submitting : open.decision === 'keep' ? ROSTER_REVIEW_TEXT.keep : ROSTER_REVIEW_TEXT.unlink}
                  </Button>
                </View>
              )}
            </View>
          ))}
        </View>
      ))}
      {message && <Text className='form-error-line'>{message}</Text>}
    </View>
  );
}
