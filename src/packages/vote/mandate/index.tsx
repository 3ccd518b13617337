import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { api } from '../../../api/client';
import { Input } from '../../../components/input';
import { PageRoot } from '../../../components/page-root';
import { EmptyState, ErrorState, LoadingBlock } from '../../../components/page-states';
import { AppButton, asChoice, Card, FormField, StatusChip } from '../../../components/ui';
import { safeFileName } from '../../../lib/api-facade';
import {
  allowedChoices,
  canCreate,
  canRevoke,
  choiceLabel,
  codeComplete,
  createMandateInput,
  emptyMandateForm,
  initialProxyChoices,
  INSTRUCTION_OPTIONS,
  MANDATE_TEXT,
  mandateFieldErrors,
  mandateFormProblems,
  mandateStatusLabel,
  mandateStatusTone,
  missingChoice,
  newProxyKey,
  ownerStatusLine,
  proxyBallotInput,
  proxyMandateLine,
  type MandateForm,
} from '../../../lib/mandate-view';
import { routeParam } from '../../../lib/page-access';
import { pickFiles } from '../../../platform/files';
import { MANDATE_INSTRUCTION_LABELS, type MandateInstruction, type ProxyMandateView, type UnitMandateOutput } from '../../../../types/voting-proxy';
import type { BallotChoice } from '../../../../types/voting-shared';
import './index.css';

/**
 * 委托他人投票 / 代人投票 (packages/vote/mandate). With estateId, topicId and unitId: the unit's representative
 * creates, follows or revokes a written mandate. Without them: the proxy enters a code, sees what they may vote
 * for, and votes within the instructions.
 */
export default function MandatePage() {
  const router = useRouter();
  const estateId = routeParam(router.params, 'estateId');
  const topicId = routeParam(router.params, 'topicId');
  const unitId = routeParam(router.params, 'unitId');
  return (
    <PageRoot className='page mandate-page'>
      {estateId && topicId && unitId ? <OwnerSide estateId={estateId} topicId={topicId} unitId={unitId} /> : <ProxySide />}
    </PageRoot>
  );
}

function OwnerSide(props: { estateId: string; topicId: string; unitId: string }) {
  const ref = { estateId: props.estateId, topicId: props.topicId, unitId: props.unitId };
  const [data, setData] = useState<UnitMandateOutput | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(async () => {
    const r = await api.voting.unitMandate(ref);
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setData(r.data);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.estateId, props.topicId, props.unitId]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <ErrorState message={error} onRetry={() => void load()} />;
  if (!data) return <LoadingBlock />;
  if (!data.proxyAllowed) return <EmptyState title={MANDATE_TEXT.notAllowed} />;

  const m = data.mandate;
  return (
    <View>
      {code && <CodeCard code={code} />}
      {m && !code && (
        <Card title={MANDATE_TEXT.ownerTitle} className='mandate-status-card'>
          <View className='mandate-status-line'>
            <Text className='mandate-unit'>{m.unitLabel}</Text>
            <StatusChip tone={mandateStatusTone(m.status)}>{mandateStatusLabel(m.status)}</StatusChip>
          </View>
          <Text className='mandate-line'>{ownerStatusLine(m)}</Text>
          {m.instructions.map((i) => (
            <Text key={i.itemId} className='mandate-instruction-line'>
              {i.title}：{MANDATE_INSTRUCTION_LABELS[i.instruction]}
            </Text>
          ))}
          {canRevoke(m) && <RevokeButton onRevoke={async () => {
            const r = await api.voting.revokeMandate(ref);
            if (!r.ok) return r.error.message;
            setCode(null);
            await load();
            return null;
          }} />}
        </Card>
      )}
      {m && code && canRevoke(m) && (
        <Card className='mandate-status-card'>
          <Text className='mandate-line'>{ownerStatusLine(m)}</Text>
        </Card>
      )}
      {canCreate(m) && !creating && !code && (
        <Card title={MANDATE_TEXT.ownerTitle}>
          <Text className='mandate-intro'>{MANDATE_TEXT.ownerIntro}</Text>
          <AppButton kind='primary' className='mandate-start' onClick={() => setCreating(true)}>
            {m ? MANDATE_TEXT.newMandate : MANDATE_TEXT.linkOpen}
          </AppButton>
        </Card>
      )}
      {canCreate(m) && creating && !code && (
        <MandateFormCard
          data={data}
          refInput={ref}
          onCreated={(c) => {
            setCode(c);
            setCreating(false);
            void load();
          }}
        />
      )}
    </View>
  );
}

function RevokeButton({ onRevoke }: { onRevoke: () => Promise<string | null> }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (!confirming) {
    return (
      <AppButton kind='secondary' className='mandate-revoke' onClick={() => setConfirming(true)}>
        {MANDATE_TEXT.revoke}
      </AppButton>
    );
  }
  return (
    <View className='mandate-confirm'>
      <Text className='mandate-line'>{MANDATE_TEXT.revokeConfirm}</Text>
      <AppButton
        kind='danger'
        className='mandate-revoke-confirm'
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const msg = await onRevoke();
          setBusy(false);
          setMessage(msg);
          if (!msg) setConfirming(false);
        }}
      >
        {busy ? MANDATE_TEXT.revoking : MANDATE_TEXT.revoke}
      </AppButton>
      <AppButton className='mandate-cancel' disabled={busy} onClick={() => setConfirming(false)}>
        取消
      </AppButton>
      {message && <Text className='field-error'>{message}</Text>}
    </View>
  );
}

function MandateFormCard(props: { data: UnitMandateOutput; refInput: { estateId: string; topicId: string; unitId: string }; onCreated: (code: string) => void }) {
  const { items, mandateRequired } = props.data;
  const [form, setForm] = useState<MandateForm>(emptyMandateForm());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);

  const pickScan = async () => {
    if (uploading) return;
    setMessage(null);
    const [file] = await pickFiles('document', 1);
    if (!file) return;
    setUploading(true);
    const up = await api.files.upload(file);
    setUploading(false);
    if (!up.ok) return setMessage(up.error.message);
    setForm((f) => ({ ...f, scan: { fileId: up.data.fileId, fileName: safeFileName(file.name) } }));
    setErrors(({ scanFileId: _gone, ...rest }) => rest);
  };

  const submit = async () => {
    const local = mandateFormProblems(form, items, mandateRequired);
    setErrors(local);
    if (Object.keys(local).length) return setMessage(Object.values(local)[0]!);
    setBusy(true);
    setMessage(null);
    const r = await api.voting.createMandate(createMandateInput(props.refInput, form, items));
    setBusy(false);
    if (!r.ok) {
      setErrors(mandateFieldErrors(r.error.fields, items));
      // a refused mandate deletes its upload: pick the scan again
      setForm((f) => ({ ...f, scan: null }));
      return setMessage(r.error.message);
    }
    props.onCreated(r.data.code);
  };

  return (
    <Card title={MANDATE_TEXT.ownerTitle} className='mandate-form'>
      <Text className='mandate-intro'>{MANDATE_TEXT.ownerIntro}</Text>
      <FormField label={MANDATE_TEXT.proxyName} error={errors.proxyName ?? null}>
        <Input className='form-input mandate-proxy-name' nativeProps={{ 'aria-label': MANDATE_TEXT.proxyName }} value={form.proxyName} maxlength={30} onInput={(e) => setForm((f) => ({ ...f, proxyName: e.detail.value }))} />
      </FormField>
      <FormField label={MANDATE_TEXT.proxyPhone} error={errors.proxyPhone ?? null}>
        <Input className='form-input mandate-proxy-phone' nativeProps={{ 'aria-label': MANDATE_TEXT.proxyPhone }} type='number' value={form.proxyPhone} maxlength={13} onInput={(e) => setForm((f) => ({ ...f, proxyPhone: e.detail.value }))} />
      </FormField>
      <Text className='mandate-section-title'>{MANDATE_TEXT.instructionsTitle}</Text>
      {items.map((item) => (
        <FormField key={item.itemId} label={item.title} error={errors[`instructions.${item.itemId}`] ?? null}>
          <View className='choice-pills mandate-instructions' role='radiogroup' aria-label={item.title}>
            {INSTRUCTION_OPTIONS.map((o) => {
              const chosen = form.instructions[item.itemId] === o.value;
              return (
                <Text
                  key={o.value}
                  className={`choice-pill instruction-${o.value}${chosen ? ' chosen' : ''}`}
                  {...asChoice('radio', chosen)}
                  onClick={() => setForm((f) => ({ ...f, instructions: { ...f.instructions, [item.itemId]: o.value as MandateInstruction } }))}
                >
                  {o.label}
                </Text>
              );
            })}
          </View>
        </FormField>
      ))}
      <FormField label={MANDATE_TEXT.scanTitle} hint={mandateRequired ? MANDATE_TEXT.scanRequiredHint : MANDATE_TEXT.scanOptionalHint} error={errors.scanFileId ?? null}>
        {form.scan && <Text className='mandate-scan-name'>{form.scan.fileName}</Text>}
        <AppButton kind='secondary' className='mandate-scan-pick' disabled={uploading} onClick={() => void pickScan()}>
          {uploading ? MANDATE_TEXT.scanUploading : form.scan ? MANDATE_TEXT.scanChange : MANDATE_TEXT.scanPick}
        </AppButton>
      </FormField>
      {message && <Text className='form-error-line'>{message}</Text>}
      <AppButton kind='primary' className='mandate-submit' disabled={busy || uploading} onClick={() => void submit()}>
        {busy ? MANDATE_TEXT.submitting : MANDATE_TEXT.submit}
      </AppButton>
    </Card>
  );
}

function CodeCard({ code }: { code: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Card title={MANDATE_TEXT.codeTitle} className='mandate-code-card'>
      <Text className='mandate-code' selectable aria-label={`${MANDATE_TEXT.codeTitle} ${code.split('').join(' ')}`}>
        {code}
      </Text>
      <Text className='mandate-line'>{MANDATE_TEXT.codeHint}</Text>
      <AppButton
        kind='primary'
        className='mandate-copy'
        onClick={() =>
          void Taro.setClipboardData({ data: code }).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? MANDATE_TEXT.copied : MANDATE_TEXT.copy}
      </AppButton>
    </Card>
  );
}

function ProxySide() {
  const [mandates, setMandates] = useState<ProxyMandateView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [voting, setVoting] = useState<ProxyMandateView | null>(null);

  const load = useCallback(async () => {
    const r = await api.voting.myMandates({});
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setMandates(r.data.mandates);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const accept = async () => {
    if (!codeComplete(code)) return setMessage('委托码是 12 位字母和数字');
    setBusy(true);
    setMessage(null);
    const r = await api.voting.acceptMandate({ code });
    setBusy(false);
    if (!r.ok) return setMessage(r.error.message);
    setCode('');
    await load();
  };

  if (voting) return <ProxyBallot mandate={voting} onDone={() => { setVoting(null); void load(); }} />;
  return (
    <View>
      <Card title={MANDATE_TEXT.proxyTitle} className='mandate-accept'>
        <Text className='mandate-intro'>{MANDATE_TEXT.proxyIntro}</Text>
        <FormField label={MANDATE_TEXT.codeLabel}>
          <Input className='form-input mandate-code-input' nativeProps={{ 'aria-label': MANDATE_TEXT.codeLabel }} placeholder={MANDATE_TEXT.codePlaceholder} value={code} maxlength={20} onInput={(e) => setCode(e.detail.value)} />
        </FormField>
        {message && <Text className='form-error-line'>{message}</Text>}
        <AppButton kind='primary' className='mandate-accept-submit' disabled={busy} onClick={() => void accept()}>
          {busy ? MANDATE_TEXT.accepting : MANDATE_TEXT.accept}
        </AppButton>
      </Card>
      {error && <ErrorState message={error} onRetry={() => void load()} />}
      {!error && !mandates && <LoadingBlock />}
      {mandates && (
        <Card title={MANDATE_TEXT.myMandates} className='mandate-list'>
          {mandates.length === 0 && <Text className='mandate-line text-secondary'>{MANDATE_TEXT.noMandates}</Text>}
          {mandates.map((m) => (
            <View key={`${m.topicId}:${m.unitId}`} className='mandate-row'>
              <Text className='mandate-row-title'>{m.title}</Text>
              <View className='mandate-status-line'>
                <Text className='mandate-unit'>{m.estateName} {m.unitLabel}</Text>
                <StatusChip tone={mandateStatusTone(m.status)}>{mandateStatusLabel(m.status)}</StatusChip>
              </View>
              {m.instructions.map((i) => (
                <Text key={i.itemId} className='mandate-instruction-line'>
                  {i.title}：{MANDATE_INSTRUCTION_LABELS[i.instruction]}
                </Text>
              ))}
              <Text className='mandate-line'>{proxyMandateLine(m, Date.now())}</Text>
              {m.canVote && (
                <AppButton kind='primary' className='mandate-vote' onClick={() => setVoting(m)}>
                  {MANDATE_TEXT.vote}
                </AppButton>
              )}
            </View>
          ))}
        </Card>
      )}
    </View>
  );
}

function ProxyBallot({ mandate, onDone }: { mandate: ProxyMandateView; onDone: () => void }) {
  const [choices, setChoices] = useState<Record<string, BallotChoice | undefined>>(() => initialProxyChoices(mandate));
  const [key] = useState(() => newProxyKey());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<string | null>(null);

  const submit = async () => {
    const missing = missingChoice(mandate, choices);
    if (missing) return setMessage(`还没有对“${missing}”作出选择`);
    setBusy(true);
    setMessage(null);
    const r = await api.voting.castProxyBallot(proxyBallotInput(mandate, choices, key));
    setBusy(false);
    if (!r.ok) return setMessage(r.error.message);
    setReceipt(r.data.receipt);
  };

  if (receipt) {
    return (
      <Card title={MANDATE_TEXT.done} className='mandate-receipt'>
        <Text className='mandate-line'>{mandate.unitLabel} · {mandate.title}</Text>
        <Text className='mandate-section-title'>{MANDATE_TEXT.receipt}</Text>
        <Text className='mandate-code' selectable>{receipt}</Text>
        <AppButton kind='secondary' className='mandate-back' onClick={onDone}>
          返回
        </AppButton>
      </Card>
    );
  }
  return (
    <Card title={MANDATE_TEXT.voteTitle} className='mandate-ballot'>
      <Text className='mandate-line'>{mandate.unitLabel} · {mandate.title}</Text>
      {mandate.instructions.map((i) => (
        <FormField key={i.itemId} label={i.title} hint={i.instruction === 'proxy' ? MANDATE_TEXT.freeHint : `${MANDATE_TEXT.fixedHint}：${MANDATE_INSTRUCTION_LABELS[i.instruction]}`}>
          <View className='choice-pills mandate-choices' role='radiogroup' aria-label={i.title}>
            {allowedChoices(i.instruction).map((c) => {
              const chosen = choices[i.itemId] === c;
              return (
                <Text key={c} className={`choice-pill choice-${c}${chosen ? ' chosen' : ''}`} {...asChoice('radio', chosen)} onClick={() => setChoices((s) => ({ ...s, [i.itemId]: c }))}>
                  {choiceLabel(c)}
                </Text>
              );
            })}
          </View>
        </FormField>
      ))}
      {message && <Text className='form-error-line'>{message}</Text>}
      <AppButton kind='primary' className='mandate-cast' disabled={busy} onClick={() => void submit()}>
        {busy ? MANDATE_TEXT.casting : MANDATE_TEXT.castSubmit}
      </AppButton>
      <AppButton className='mandate-cancel' disabled={busy} onClick={onDone}>
        取消
      </AppButton>
    </Card>
  );
}
