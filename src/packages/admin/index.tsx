import { useCallback, useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { Input } from '../../components/input';
import { Picker } from '../../components/picker';
import Taro from '@tarojs/taro';
import { api } from '../../api/client';
import { BlockedBlock, LoadingBlock, off } from '../../components/page-states';
import {
  ADMIN_TEXT,
  EMPTY_ESTATE_FORM,
  ESTATE_FIELDS,
  estateRows,
  formErrorsFrom,
  invitationRows,
  loadAdmin,
  ROLE_OPTIONS,
  type AdminState,
  type EstateForm,
  type FormErrors,
} from '../../lib/admin';
import { estateFormProblems } from '../../lib/admin-form';
import { blockedView } from '../../lib/page-access';
import type { IssueInvitationOutput, InvitationView } from '../../../types/admin';
import { ADMIN_FIELD_LABELS } from '../../../types/admin';
import './index.css';
import { PageRoot } from '../../components/page-root';
import { asChoice, ToggleRow } from '../../components/ui';

/** 管理员: create estates, issue and revoke invitation codes. The server decides who may (GONGYI_ADMIN_OPENIDS). */
export default function AdminPage() {
  const [state, setState] = useState<AdminState>({ status: 'loading' });
  const [selected, setSelected] = useState<string | null>(null);
  const load = useCallback(async () => setState(await loadAdmin(api)), []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <PageRoot className='page admin-page'>
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'error' && <BlockedBlock view={blockedView(state.error, process.env.TARO_ENV)} onRetry={() => void load()} />}
      {state.status === 'not-admin' && (
        <View className='card not-admin'>
          <Text className='hint'>{ADMIN_TEXT.notAdmin}</Text>
          <Text className='hint'>{ADMIN_TEXT.yourOpenid}</Text>
          <Text className='hint your-openid' userSelect>
            {state.openid}
          </Text>
        </View>
      )}
      {state.status === 'ready' && (
        <>
          <EstatesCard estates={state.estates} selected={selected} onSelect={setSelected} />
          {selected && <InvitationsCard key={selected} estateId={selected} />}
          <CreateEstateCard
            onCreated={(estateId) => {
              setSelected(estateId);
              void load();
            }}
          />
        </>
      )}
    </PageRoot>
  );
}

function EstatesCard({ estates, selected, onSelect }: { estates: Extract<AdminState, { status: 'ready' }>['estates']; selected: string | null; onSelect: (id: string) => void }) {
  const rows = estateRows(estates);
  return (
    <View className='card'>
      <Text className='card-title'>{ADMIN_TEXT.estatesTitle}</Text>
      {rows.length === 0 && <Text className='hint'>{ADMIN_TEXT.noEstates}</Text>}
      {rows.map((r) => (
        <View key={r.estateId} className={`estate-row${r.estateId === selected ? ' selected' : ''}`} {...asChoice('radio', r.estateId === selected)} onClick={() => onSelect(r.estateId)}>
          <Text className='estate-name'>{r.name}</Text>
          <Text className='estate-detail'>{r.detail}</Text>
          <Text className='estate-detail'>{r.rosterText}</Text>
        </View>
      ))}
    </View>
  );
}

function CreateEstateCard({ onCreated }: { onCreated: (estateId: string) => void }) {
  const [form, setForm] = useState<EstateForm>(EMPTY_ESTATE_FORM);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const problems = await estateFormProblems(form);
    if (problems.length) {
      setErrors(Object.fromEntries(problems.map((p) => [p, `请填写${ADMIN_FIELD_LABELS[p as keyof typeof ADMIN_FIELD_LABELS] ?? ''}（至少 2 个字）`])));
      return;
    }
    setBusy(true);
    const r = await api.admin.createEstate(form);
    setBusy(false);
    if (!r.ok) return setErrors(formErrorsFrom(r.error, ESTATE_FIELDS.map((f) => f.key)));
    setErrors({});
    setForm(EMPTY_ESTATE_FORM);
    void Taro.showToast({ title: ADMIN_TEXT.created, icon: 'success' });
    onCreated(r.data.estate.estateId);
  };
  return (
    <View className='card create-estate'>
      <Text className='card-title'>{ADMIN_TEXT.createTitle}</Text>
      {ESTATE_FIELDS.map((f) => (
        <View key={f.key} className='field'>
          <Text className='field-label'>{f.label}</Text>
          <Input
            className={`form-input field-${f.key}${errors[f.key] ? ' invalid' : ''}`}
            value={form[f.key]}
            placeholder={f.placeholder}
            maxlength={80}
            onInput={(e) => setForm({ ...form, [f.key]: e.detail.value })}
          />
          {errors[f.key] && <Text className='field-error'>{errors[f.key]}</Text>}
        </View>
      ))}
      <ToggleRow
        className='switch-row'
        label={ADMIN_TEXT.requireIdLast4}
        checked={form.requireIdLast4}
        onChange={(requireIdLast4) => setForm({ ...form, requireIdLast4 })}
      />
      {errors.form && <Text className='form-error-line'>{errors.form}</Text>}
      <Button className='big-button primary create-button' disabled={off(busy)} onClick={() => void submit()}>
        {busy ? ADMIN_TEXT.creating : ADMIN_TEXT.create}
      </Button>
    </View>
  );
}

function InvitationsCard({ estateId }: { estateId: string }) {
  const [invitations, setInvitations] = useState<InvitationView[]>([]);
  const [roleIndex, setRoleIndex] = useState(0);
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IssueInvitationOutput | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const refresh = useCallback(async () => {
    const r = await api.admin.listInvitations({ estateId });
    if (r.ok) setInvitations(r.data.invitations);
    else setError(r.error.message);
  }, [estateId]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const issue = async () => {
    setBusy(true);
    const r = await api.admin.issueInvitation({ estateId, role: ROLE_OPTIONS[roleIndex].role, inviteeName: name });
    setBusy(false);
    if (!r.ok) return setError(r.error.fields?.[0]?.message ?? r.error.message);
    setError('');
    setName('');
    setIssued(r.data);
    void refresh();
  };
  const revoke = async (invitationId: string) => {
    const r = await api.admin.revokeInvitation({ estateId, invitationId });
    if (r.ok) setInvitations(r.data.invitations);
    else setError(r.error.message);
  };
  return (
    <View className='card invitations'>
      <Text className='card-title'>{ADMIN_TEXT.issueTitle}</Text>
      <Picker mode='selector' range={ROLE_OPTIONS.map((o) => o.label)} value={roleIndex} onChange={(e) => setRoleIndex(Number(e.detail.value))}>
        <View className='picker-row'>
          <Text className='field-label'>{ADMIN_FIELD_LABELS.role}</Text>
          <Text className='picker-value'>{ROLE_OPTIONS[roleIndex].label} ›</Text>
        </View>
      </Picker>
      <Text className='field-label'>{ADMIN_FIELD_LABELS.inviteeName}</Text>
      <Input className='form-input invitee-name' value={name} maxlength={30} onInput={(e) => setName(e.detail.value)} />
      {error && <Text className='form-error-line'>{error}</Text>}
      <Button className='big-button primary issue-button' disabled={off(busy)} onClick={() => void issue()}>
        {busy ? ADMIN_TEXT.issuing : ADMIN_TEXT.issue}
      </Button>
      {issued && (
        <View className='issued'>
          <Text className='hint'>{ADMIN_TEXT.codeOnce}</Text>
          <Text className='issued-code' userSelect>
            {issued.code}
          </Text>
          <Text className='hint issued-path' userSelect>
            {issued.path}
          </Text>
          <Button className='big-button secondary' onClick={() => void Taro.setClipboardData({ data: issued.code })}>
            {ADMIN_TEXT.copy}
          </Button>
          <Text className='hint'>{ADMIN_TEXT.nextStep}</Text>
        </View>
      )}
      <Text className='card-title list-title'>{ADMIN_TEXT.invitationsTitle}</Text>
      {invitations.length === 0 && <Text className='hint'>{ADMIN_TEXT.noInvitations}</Text>}
      {invitationRows(invitations).map((row) => (
        <View key={row.invitationId} className={`invitation-row status-${row.status}`}>
          <View className='invitation-text'>
            <Text className='invitation-title'>{row.title}</Text>
            <Text className='invitation-status'>
              {row.statusLabel} · {row.timeText}
            </Text>
          </View>
          {row.revocable && (
            <Button className='small-button danger revoke-button' onClick={() => void revoke(row.invitationId)}>
              {ADMIN_TEXT.revoke}
            </Button>
          )}
        </View>
      ))}
    </View>
  );
}
