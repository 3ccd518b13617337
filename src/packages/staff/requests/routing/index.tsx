import { useReducer, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { api } from '../../../../api/client';
import { Input } from '../../../../components/input';
import { Textarea } from '../../../../components/textarea';
import { MessagesEntry } from '../../../../components/messages-entry';
import { PageRoot } from '../../../../components/page-root';
import { BlockedBlock, LoadingBlock } from '../../../../components/page-states';
import { AppButton, asChoice, Card, FormField } from '../../../../components/ui';
import { ladderRows, routingEditInit, routingEditReducer, routingRows, routingSaveInput, ROUTING_TEXT, versionLine } from '../../../../lib/staff-routing';
import { HANDLER_ORG_LABELS, HANDLER_ORGS, type RoutingTableOutput } from '../../../../../types/requests';
import { formatShanghai } from '../../../../../types/time';
import { useStaffPage } from '../../use-staff-page';
import '../../staff.css';
import './index.css';

/** 诉求分派规则: the estate's routing table (category × location → organisation, limits, ladder); community staff edit it as a new version. */
export default function RoutingTablePage() {
  const { state, reload } = useStaffPage((estateId) => api.requests.routingTable({ estateId }));
  // kept here: a saved version re-reads the table and starts a fresh editor for it
  const [done, setDone] = useState<string | null>(null);
  return (
    <PageRoot className='page routing-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void reload()} />}
      {state.status === 'ready' && (
        <RoutingView
          key={state.data.current.versionNo}
          estateId={state.context.estateId}
          data={state.data}
          done={done}
          onSaved={(versionNo) => {
            setDone(ROUTING_TEXT.saved(versionNo));
            void reload(true);
          }}
        />
      )}
    </PageRoot>
  );
}

const hoursOf = (text: string): number => (/^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : 0);

function RoutingView({ estateId, data, done, onSaved }: { estateId: string; data: RoutingTableOutput; done: string | null; onSaved: (versionNo: number) => void }) {
  const [form, dispatch] = useReducer(routingEditReducer, data, routingEditInit);
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const input = routingSaveInput(estateId, form);

  const save = async () => {
    if (!input) return;
    setSaving(true);
    setMessage(null);
    const res = await api.requests.updateRoutingTable(input);
    setSaving(false);
    if (!res.ok) return setMessage(res.error.message);
    onSaved(res.data.versionNo);
  };

  return (
    <>
      <Card className='routing-current' title={ROUTING_TEXT.title}>
        <Text className='routing-version-line'>{versionLine(data, (t) => formatShanghai(t, 'YYYY年M月D日 HH:mm'))}</Text>
        <Text className='hint routing-intro'>{ROUTING_TEXT.intro}</Text>
        {done && <Text className='ok-line routing-done'>{done}</Text>}
      </Card>
      <Card className='routing-rules' title={ROUTING_TEXT.rulesTitle}>
        {routingRows(form.table).map((row) => {
          const editing = form.editing?.category === row.category && form.editing.location === row.location;
          const rule = form.table.rules.find((r) => r.category === row.category && r.location === row.location)!;
          return (
            <View key={row.key} className={`routing-row routing-${row.category}-${row.location}${editing ? ' editing' : ''}`}>
              <Text className='routing-row-title'>{row.title}</Text>
              <Text className='routing-row-org'>{row.org}</Text>
              <Text className='routing-row-limits'>{row.limits}</Text>
              {data.canEdit && !editing && (
                <AppButton kind='plain' className='edit-rule' onClick={() => dispatch({ type: 'edit', category: row.category, location: row.location })}>
                  {ROUTING_TEXT.edit}
                </AppButton>
              )}
              {editing && (
                <View className='routing-edit'>
                  <FormField label={ROUTING_TEXT.org}>
                    {HANDLER_ORGS.map((org) => (
                      <View key={org} className={`routing-choice org-${org}${rule.org === org ? ' selected' : ''}`} {...asChoice('radio', rule.org === org)} onClick={() => dispatch({ type: 'setRule', org })}>
                        <Text className='routing-choice-mark'>{rule.org === org ? '●' : '○'}</Text>
                        <Text>{HANDLER_ORG_LABELS[org]}</Text>
                      </View>
                    ))}
                  </FormField>
                  <FormField label={ROUTING_TEXT.respondHours}>
                    <Input className='form-input respond-hours' type='number' value={String(rule.respondHours)} maxlength={4} nativeProps={{ 'aria-label': ROUTING_TEXT.respondHours }} onInput={(e) => dispatch({ type: 'setRule', respondHours: hoursOf(e.detail.value) })} />
                  </FormField>
                  <FormField label={ROUTING_TEXT.resolveHours}>
                    <Input className='form-input resolve-hours' type='number' value={String(rule.resolveHours)} maxlength={4} nativeProps={{ 'aria-label': ROUTING_TEXT.resolveHours }} onInput={(e) => dispatch({ type: 'setRule', resolveHours: hoursOf(e.detail.value) })} />
                  </FormField>
                  <AppButton kind='secondary' className='done-rule' onClick={() => dispatch({ type: 'done' })}>
                    {ROUTING_TEXT.done}
                  </AppButton>
                </View>
              )}
            </View>
          );
        })}
      </Card>
      <Card className='routing-ladder' title={ROUTING_TEXT.ladderTitle}>
        {ladderRows(form.table).map((line) => (
          <Text key={line} className='routing-ladder-line'>{line}</Text>
        ))}
        <Text className='hint routing-ladder-hint'>{ROUTING_TEXT.ladderHint(form.table.confirmDays)}</Text>
      </Card>
      {data.canEdit ? (
        <Card className='routing-save' title={ROUTING_TEXT.saveTitle}>
          <FormField label={ROUTING_TEXT.note} hint={ROUTING_TEXT.noteHint}>
            <Textarea className='form-textarea routing-note' value={form.note} maxlength={200} nativeProps={{ 'aria-label': ROUTING_TEXT.note }} onInput={(e) => dispatch({ type: 'note', note: e.detail.value })} />
          </FormField>
          {message && <Text className='form-error-line routing-error'>{message}</Text>}
          <AppButton kind='primary' className='save-routing' disabled={saving || !input} onClick={() => void save()}>
            {saving ? ROUTING_TEXT.saving : ROUTING_TEXT.save}
          </AppButton>
          {!form.changed && <Text className='hint routing-unchanged'>{ROUTING_TEXT.unchanged}</Text>}
        </Card>
      ) : (
        <Text className='hint routing-read-only'>{ROUTING_TEXT.readOnly}</Text>
      )}
    </>
  );
}
