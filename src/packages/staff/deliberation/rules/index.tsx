import { useReducer, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { api } from '../../../../api/client';
import { Input } from '../../../../components/input';
import { Textarea } from '../../../../components/textarea';
import { MessagesEntry } from '../../../../components/messages-entry';
import { PageRoot } from '../../../../components/page-root';
import { BlockedBlock, LoadingBlock } from '../../../../components/page-states';
import { AppButton, asChoice, Card, FormField, StatusChip, ToggleRow, WhyDisclosure } from '../../../../components/ui';
import { safeFileName } from '../../../../lib/api-facade';
import type { PageContext } from '../../../../lib/page-access';
import {
  activeHeader,
  canConfirm,
  changeRows,
  documentChangeRow,
  draftLine,
  fieldMessages,
  formFor,
  formProblems,
  formReducer,
  historyLine,
  ruleRows,
  RULE_CHOICES,
  RULES_TEXT,
  saveInput,
  type RulesForm,
} from '../../../../lib/staff-rules';
import { openDataUrl, pickFiles } from '../../../../platform/files';
import type { GetRulesOutput, PreviewRulesOutput, RulesDraftView } from '../../../../../types/deliberation-rules';
import { useStaffPage } from '../../use-staff-page';
import '../../staff.css';
import './index.css';

export default function RulesPage() {
  const { state, reload } = useStaffPage((estateId) => api.deliberation.getRules({ estateId }));
  return (
    <PageRoot className='page rules-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void reload()} />}
      {state.status === 'ready' && <RulesView context={state.context} data={state.data} onChanged={() => void reload(true)} />}
    </PageRoot>
  );
}

type Mode = { kind: 'view' } | { kind: 'edit'; draft?: RulesDraftView } | { kind: 'preview'; draft: RulesDraftView; preview: PreviewRulesOutput };

function RulesView({ context, data, onChanged }: { context: PageContext; data: GetRulesOutput; onChanged: () => void }) {
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const estateId = context.estateId;

  const preview = async (draft: RulesDraftView) => {
    setDone(null);
    setBusy(true);
    setMessage(null);
    const res = await api.deliberation.previewRulesActivation({ estateId, draftId: draft.draftId });
    setBusy(false);
    if (!res.ok) return setMessage(res.error.message);
    setMode({ kind: 'preview', draft, preview: res.data });
  };

  const discard = async (draft: RulesDraftView) => {
    setBusy(true);
    setMessage(null);
    const res = await api.deliberation.discardRulesDraft({ estateId, draftId: draft.draftId, baseFingerprint: draft.fingerprint });
    setBusy(false);
    if (!res.ok) return setMessage(res.error.message);
    onChanged();
  };

  return (
    <>
      <ActiveCard data={data} estateId={estateId} estateName={context.estateName} done={done} />
      {message && <Text className='form-error-line rules-error'>{message}</Text>}
      {data.canManage ? (
        mode.kind === 'edit' ? (
          <DraftForm
            key={mode.draft?.draftId ?? 'new'}
            estateId={estateId}
            data={data}
            draft={mode.draft}
            onCancel={() => setMode({ kind: 'view' })}
            onSaved={(draft) => {
              onChanged();
              void preview(draft);
            }}
          />
        ) : mode.kind === 'preview' ? (
          <PreviewCard
            estateId={estateId}
            data={data}
            draft={mode.draft}
            preview={mode.preview}
            onBack={() => setMode({ kind: 'edit', draft: mode.draft })}
            onActivated={(line) => {
              setMode({ kind: 'view' });
              setMessage(null);
              setDone(line);
              onChanged();
            }}
          />
        ) : (
          <DraftsCard
            drafts={data.drafts}
            busy={busy}
            onNew={() => setMode({ kind: 'edit' })}
            onEdit={(d) => setMode({ kind: 'edit', draft: d })}
            onPreview={(d) => void preview(d)}
            onDiscard={(d) => void discard(d)}
          />
        )
      ) : (
        <Text className='hint rules-read-only'>{RULES_TEXT.readOnly}</Text>
      )}
      <HistoryCard data={data} />
    </>
  );
}

function ActiveCard({ data, estateId, estateName, done }: { data: GetRulesOutput; estateId: string; estateName: string; done: string | null }) {
  const rows = ruleRows(data.active);
  const [opening, setOpening] = useState(false);
  const [docError, setDocError] = useState<string | null>(null);
  const openDocument = async (versionNo: number) => {
    setOpening(true);
    setDocError(null);
    const res = await api.deliberation.rulesDocument({ estateId, versionNo });
    setDocError(res.ok ? await openDataUrl(res.data.fileName, res.data.dataUrl) : res.error.message);
    setOpening(false);
  };
  return (
    <Card className='rules-active' title={`${estateName} · ${RULES_TEXT.activeTitle}`}>
      {done && <Text className='ok-line rules-done'>{done}</Text>}
      <View className='rules-active-head'>
        <Text className='rules-version-line'>{activeHeader(data.active)}</Text>
        {!data.active.isDefault && data.active.document && <Text className='hint rules-document'>{RULES_TEXT.documentLine(data.active.document.fileName)}</Text>}
        {!data.active.isDefault && data.active.document && (
          <AppButton kind='secondary' className='open-document' disabled={opening} onClick={() => void openDocument(data.active.versionNo)}>
            {opening ? RULES_TEXT.openingDocument : RULES_TEXT.openDocument}
          </AppButton>
        )}
        {docError && <Text className='form-error-line rules-document-error'>{docError}</Text>}
      </View>
      {rows.map((r) => (
        <View key={r.field} className={`rule-row rule-${r.field.replace('.', '-')}`}>
          <Text className='rule-label'>{r.label}</Text>
          <Text className='rule-value'>{r.value}</Text>
          <WhyDisclosure label={RULES_TEXT.basisLabel}>
            <Text>{r.basis}</Text>
          </WhyDisclosure>
        </View>
      ))}
      <Text className='hint rules-frozen'>{RULES_TEXT.frozenNote}</Text>
    </Card>
  );
}

function DraftsCard(props: {
  drafts: RulesDraftView[];
  busy: boolean;
  onNew: () => void;
  onEdit: (d: RulesDraftView) => void;
  onPreview: (d: RulesDraftView) => void;
  onDiscard: (d: RulesDraftView) => void;
}) {
  return (
    <Card className='rules-drafts' title={RULES_TEXT.draftsTitle}>
      {props.drafts.length === 0 && <Text className='hint'>{RULES_TEXT.noDrafts}</Text>}
      {props.drafts.map((d) => (
        <View key={d.draftId} className='draft-row'>
          <Text className='draft-line'>{draftLine(d)}</Text>
          {!d.document && <Text className='hint'>{RULES_TEXT.noDocument}</Text>}
          <View className='draft-actions'>
            <AppButton kind='secondary' className='edit-draft' onClick={() => props.onEdit(d)}>
              {RULES_TEXT.editDraft}
            </AppButton>
            <AppButton kind='primary' className='preview-draft' disabled={props.busy} onClick={() => props.onPreview(d)}>
              {RULES_TEXT.previewDraft}
            </AppButton>
          </View>
          <AppButton kind='plain' className='discard-draft' disabled={props.busy} onClick={() => props.onDiscard(d)}>
            {RULES_TEXT.discardDraft}
          </AppButton>
        </View>
      ))}
      <AppButton kind='secondary' className='new-draft' onClick={props.onNew}>
        {RULES_TEXT.newDraft}
      </AppButton>
    </Card>
  );
}

function Choice(props: { on: boolean; label: string; role: 'radio' | 'checkbox'; className: string; onPick: () => void }) {
  return (
    <View className={`rule-choice ${props.className}${props.on ? ' selected' : ''}`} {...asChoice(props.role, props.on)} onClick={props.onPick}>
      <Text className='rule-choice-mark'>{props.role === 'radio' ? (props.on ? '●' : '○') : props.on ? '☑' : '☐'}</Text>
      <Text className='rule-choice-label'>{props.label}</Text>
    </View>
  );
}

function DraftForm(props: { estateId: string; data: GetRulesOutput; draft?: RulesDraftView; onCancel: () => void; onSaved: (d: RulesDraftView) => void }) {
  const [form, dispatch] = useReducer(formReducer, undefined, () => formFor(props.data, props.draft));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);
  const r = form.rules;
  const err = (f: string) => errors[`rules.${f}`] ?? null;

  const pickDocument = async () => {
    if (uploading) return;
    setMessage(null);
    const [file] = await pickFiles('document', 1);
    if (!file) return;
    setUploading(true);
    const up = await api.files.upload(file);
    setUploading(false);
    if (!up.ok) return setMessage(up.error.message);
    dispatch({ type: 'document', fileId: up.data.fileId, fileName: safeFileName(file.name) });
  };

  const save = async (f: RulesForm) => {
    const local = formProblems(f);
    setErrors(local);
    if (Object.keys(local).length) return;
    setSaving(true);
    setMessage(null);
    const res = await api.deliberation.saveRulesDraft(saveInput(props.estateId, f));
    setSaving(false);
    if (!res.ok) {
      setErrors(fieldMessages(res.error.fields));
      if (!f.newDocumentFileId) return setMessage(res.error.message);
      // a refused save deletes the upload it named: pick the document again instead of sending a deleted file
      dispatch({ type: 'uploadDiscarded', document: props.draft?.document ?? null });
      return setMessage(`${res.error.message.replace(/[。.]$/, '')}${RULES_TEXT.documentDiscarded}`);
    }
    props.onSaved(res.data.draft);
  };

  return (
    <Card className='rules-form' title={RULES_TEXT.formTitle}>
      <FormField label={RULES_TEXT.document} hint={RULES_TEXT.documentHint} error={errors.documentFileId ?? null}>
        <Text className='rules-document-name'>{form.document ? form.document.fileName : RULES_TEXT.noDocument}</Text>
        <AppButton kind='secondary' className='pick-document' disabled={uploading} onClick={() => void pickDocument()}>
          {uploading ? RULES_TEXT.uploading : form.document ? RULES_TEXT.replaceDocument : RULES_TEXT.pickDocument}
        </AppButton>
      </FormField>

      <FormField label='表决方式' error={err('channels')}>
        {RULE_CHOICES.channels.map((c) => (
          <Choice key={c.value} role='radio' className={`channel-${c.value}`} on={r.channels === c.value} label={c.label} onPick={() => dispatch({ type: 'channel', value: c.value })} />
        ))}
      </FormField>
      <ToggleRow className='toggle-paperOnRequest' label='业主申请时提供纸质票' checked={r.paperOnRequest} onChange={(v) => dispatch({ type: 'toggle', field: 'paperOnRequest', value: v })} />
      {err('paperOnRequest') && <Text className='field-error'>{err('paperOnRequest')}</Text>}

      {RULE_CHOICES.days.map((d) =>
        d.field === 'temporaryMeetingNoticeDays' && !r.temporaryMeetingAllowed ? null : (
          <View key={d.field}>
            <FormField label={d.label} hint={d.hint} error={err(d.field)}>
              <Input
                className={`form-input days-${d.field}${err(d.field) ? ' invalid' : ''}`}
                type='number'
                value={form.dayText[d.field]}
                maxlength={3}
                nativeProps={{ 'aria-label': d.label }}
                onInput={(e) => dispatch({ type: 'days', field: d.field, text: e.detail.value })}
              />
            </FormField>
            {d.field === 'noticeDays' && (
              <ToggleRow
                className='toggle-temporaryMeetingAllowed'
                label='允许临时会议缩短公告期'
                checked={r.temporaryMeetingAllowed}
                onChange={(v) => dispatch({ type: 'toggle', field: 'temporaryMeetingAllowed', value: v })}
              />
            )}
          </View>
        ),
      )}

      <ToggleRow className='toggle-proxyAllowed' label='允许委托他人投票' checked={r.proxyAllowed} onChange={(v) => dispatch({ type: 'toggle', field: 'proxyAllowed', value: v })} />
      {r.proxyAllowed && (
        <ToggleRow className='toggle-mandateRequired' label='委托须有书面委托书' checked={r.mandateRequired} onChange={(v) => dispatch({ type: 'toggle', field: 'mandateRequired', value: v })} />
      )}
      {err('mandateRequired') && <Text className='field-error'>{err('mandateRequired')}</Text>}
      <ToggleRow className='toggle-ballotChangeAllowed' label='投票后可以修改' hint='默认不可以：保留第一张有效选票' checked={r.ballotChangeAllowed} onChange={(v) => dispatch({ type: 'toggle', field: 'ballotChangeAllowed', value: v })} />

      <FormField label='未投票业主的计票方式' error={err('nonVoterHandling')}>
        {RULE_CHOICES.nonVoter.map((c) => (
          <Choice key={c.value} role='radio' className={`nonvoter-${c.value}`} on={r.nonVoterHandling === c.value} label={c.label} onPick={() => dispatch({ type: 'nonVoter', value: c.value })} />
        ))}
      </FormField>

      <FormField label='可以发起议题的人' error={err('whoMayOpenTopics')}>
        {RULE_CHOICES.openers.map((c) => (
          <Choice key={c.role} role='checkbox' className={`opener-${c.role}`} on={r.whoMayOpenTopics.includes(c.role)} label={c.label} onPick={() => dispatch({ type: 'opener', role: c.role })} />
        ))}
      </FormField>
      <ToggleRow className='toggle-prereviewRequired' label='议题须经党支部前置审查' checked={r.prereviewRequired} onChange={(v) => dispatch({ type: 'toggle', field: 'prereviewRequired', value: v })} />

      <FormField label='可以隐藏评论的人' error={err('moderation.moderators')}>
        {RULE_CHOICES.moderators.map((c) => (
          <Choice key={c.role} role='checkbox' className={`moderator-${c.role}`} on={r.moderation.moderators.includes(c.role)} label={c.label} onPick={() => dispatch({ type: 'moderator', role: c.role })} />
        ))}
      </FormField>
      <FormField label='被隐藏评论显示的内容'>
        {RULE_CHOICES.hiddenShows.map((c) => (
          <Choice key={c.value} role='radio' className={`hidden-${c.value}`} on={r.moderation.hiddenShows === c.value} label={c.label} onPick={() => dispatch({ type: 'hiddenShows', value: c.value })} />
        ))}
      </FormField>

      <FormField label={RULES_TEXT.changeNote} hint={RULES_TEXT.changeNoteHint} error={errors.changeNote ?? null}>
        <Textarea className='form-textarea change-note' value={form.changeNote} maxlength={500} nativeProps={{ 'aria-label': RULES_TEXT.changeNote }} onInput={(e) => dispatch({ type: 'note', text: e.detail.value })} />
      </FormField>

      {message && <Text className='form-error-line rules-form-error'>{message}</Text>}
      <AppButton kind='primary' className='save-draft' disabled={saving} onClick={() => void save(form)}>
        {saving ? RULES_TEXT.saving : RULES_TEXT.save}
      </AppButton>
      <AppButton kind='plain' className='cancel-draft' onClick={props.onCancel}>
        {RULES_TEXT.cancel}
      </AppButton>
    </Card>
  );
}

function PreviewCard(props: { estateId: string; data: GetRulesOutput; draft: RulesDraftView; preview: PreviewRulesOutput; onBack: () => void; onActivated: (line: string) => void }) {
  const { preview } = props;
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const rows = changeRows(preview, props.data.active.rules, props.draft.rules);
  const docRow = documentChangeRow(preview);
  const confirm = async () => {
    setBusy(true);
    setMessage(null);
    const res = await api.deliberation.activateRules({ estateId: props.estateId, draftId: preview.draftId, fingerprint: preview.fingerprint, activeVersionNo: preview.activeVersionNo });
    setBusy(false);
    if (!res.ok) return setMessage(res.error.message);
    props.onActivated(RULES_TEXT.activated(res.data.active.versionNo));
  };
  return (
    <Card className='rules-preview' title={RULES_TEXT.previewTitle}>
      <Text className='rules-preview-intro'>{RULES_TEXT.previewIntro(preview.activeVersionNo, preview.nextVersionNo)}</Text>
      {rows.length === 0 && !docRow && <Text className='hint'>{RULES_TEXT.noChanges}</Text>}
      {rows.map((c) => (
        <ChangeLine key={c.field} name={c.field.replace('.', '-')} change={c} />
      ))}
      {docRow && <ChangeLine name='document' change={docRow} />}
      {preview.problems.length > 0 && (
        <View className='rules-problems'>
          <StatusChip tone='warning'>{RULES_TEXT.problemsTitle}</StatusChip>
          {preview.problems.map((p) => (
            <Text key={`${p.field}-${p.code}`} className='field-error problem-line'>
              {p.message}
            </Text>
          ))}
        </View>
      )}
      {message && <Text className='form-error-line rules-activate-error'>{message}</Text>}
      {canConfirm(preview) && (
        <AppButton kind='primary' className='confirm-activate' disabled={busy} onClick={() => void confirm()}>
          {busy ? RULES_TEXT.confirming : RULES_TEXT.confirm}
        </AppButton>
      )}
      <AppButton kind='secondary' className='back-to-draft' onClick={props.onBack}>
        {RULES_TEXT.editDraft}
      </AppButton>
    </Card>
  );
}

/** One field's change in the activation preview: its label, then from and to. */
function ChangeLine({ name, change }: { name: string; change: { label: string; from: string; to: string } }) {
  return (
    <View className={`change-row change-${name}`}>
      <Text className='rule-label'>{change.label}</Text>
      <Text className='change-from'>{`${RULES_TEXT.from}：${change.from}`}</Text>
      <Text className='change-to'>{`${RULES_TEXT.to}：${change.to}`}</Text>
    </View>
  );
}

function HistoryCard({ data }: { data: GetRulesOutput }) {
  return (
    <Card className='rules-history' title={RULES_TEXT.historyTitle}>
      {data.history.length === 0 && <Text className='hint'>{RULES_TEXT.noHistory}</Text>}
      {data.history.map((v) => (
        <Text key={v.versionNo} className='history-line'>
          {historyLine(v)}
        </Text>
      ))}
    </Card>
  );
}
