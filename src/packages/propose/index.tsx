import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { api } from '../../api/client';
// mini-program: registers this subpackage's contract for on-device validation (issue 9)
import './contract';
import { PageRoot } from '../../components/page-root';
import { Input } from '../../components/input';
import { Textarea } from '../../components/textarea';
import { asChoice, AppButton, Card, FormField, ToggleRow } from '../../components/ui';
import { routeParam } from '../../lib/page-access';
import {
  addItem,
  buildingChoices,
  EMPTY_PROPOSAL,
  MATTER_CHOICES,
  PROPOSE_TEXT,
  removeItem,
  setItem,
  submitProposal,
  toggleBuilding,
  type ProposeErrors,
  type ProposeForm,
} from '../../lib/topic-propose';
import { topicUrl } from '../../lib/workbench';
import './index.css';

export default function ProposePage() {
  const router = useRouter();
  const estateId = routeParam(router.params, 'estateId') ?? '';
  const [form, setForm] = useState<ProposeForm>(EMPTY_PROPOSAL);
  const [errors, setErrors] = useState<ProposeErrors>({});
  const [busy, setBusy] = useState(false);
  const [buildings, setBuildings] = useState<string[]>([]);

  useEffect(() => {
    void api.preload('deliberation');
    void api.identity.me({ estateId }).then((me) => {
      if (me.ok && me.data.current) setBuildings(buildingChoices(me.data.current.estate.buildingCount));
    });
  }, [estateId]);

  const update = (next: ProposeForm, ...cleared: string[]) => {
    setForm(next);
    setErrors((e) => {
      const rest = { ...e };
      for (const k of [...cleared, 'form']) delete rest[k];
      return rest;
    });
  };

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    const out = await submitProposal(api, estateId, form);
    setBusy(false);
    if (out.ok) void Taro.redirectTo({ url: topicUrl(estateId, out.topic.topicId) });
    else setErrors(out.errors);
  };

  return (
    <PageRoot className='page propose-page'>
      <Card className='propose-intro'>
        <Text className='hint'>{PROPOSE_TEXT.reviewHint}</Text>
      </Card>
      <Card className='propose-form'>
        <FormField label={PROPOSE_TEXT.title} error={errors.title}>
          <Input className='form-input proposal-title' nativeProps={{ 'aria-label': PROPOSE_TEXT.title }} value={form.title} maxlength={60} placeholder={PROPOSE_TEXT.titlePlaceholder} onInput={(e) => update({ ...form, title: e.detail.value }, 'title')} />
        </FormField>
        <FormField label={PROPOSE_TEXT.summary} error={errors.summary}>
          <Textarea className='form-textarea proposal-summary' nativeProps={{ 'aria-label': PROPOSE_TEXT.summary }} value={form.summary} maxlength={2000} placeholder={PROPOSE_TEXT.summaryPlaceholder} onInput={(e) => update({ ...form, summary: e.detail.value }, 'summary')} />
        </FormField>
        <FormField label={PROPOSE_TEXT.scope} hint={PROPOSE_TEXT.scopeHint} error={errors.scope}>
          <View className='choices choice-pills' role='radiogroup' aria-label={PROPOSE_TEXT.scope}>
            {(['estate', 'buildings'] as const).map((k) => (
              <Text key={k} className={`choice choice-pill scope-${k}${form.scope === k ? ' chosen' : ''}`} {...asChoice('radio', form.scope === k)} onClick={() => update({ ...form, scope: k }, 'scope')}>
                {k === 'estate' ? PROPOSE_TEXT.scopeEstate : PROPOSE_TEXT.scopeBuildings}
              </Text>
            ))}
          </View>
          {form.scope === 'buildings' && (
            <View className='choices choice-pills building-choices'>
              {buildings.map((b) => (
                <Text key={b} className={`choice choice-pill building-${b}${form.buildings.includes(b) ? ' chosen' : ''}`} {...asChoice('checkbox', form.buildings.includes(b))} onClick={() => update(toggleBuilding(form, b), 'scope')}>
                  {`${b}号楼`}
                </Text>
              ))}
            </View>
          )}
        </FormField>
      </Card>
      <Card title={PROPOSE_TEXT.items} className='propose-items'>
        <Text className='hint'>{PROPOSE_TEXT.itemsHint}</Text>
        {form.items.map((it, i) => (
          <View key={i} className={`item-form item-form-${i}`}>
            <FormField label={`${i + 1}. ${PROPOSE_TEXT.itemTitle}`} error={errors[`items.${i}.title`]}>
              <Input className='form-input item-title-input' nativeProps={{ 'aria-label': `${PROPOSE_TEXT.itemTitle} ${i + 1}` }} value={it.title} maxlength={60} placeholder={PROPOSE_TEXT.itemTitlePlaceholder} onInput={(e) => update(setItem(form, i, { title: e.detail.value }), `items.${i}.title`)} />
            </FormField>
            <FormField label={PROPOSE_TEXT.matter} error={errors[`items.${i}.matter`]}>
              <View className='choices choice-pills matter-choices' role='radiogroup' aria-label={PROPOSE_TEXT.matter}>
                {MATTER_CHOICES.map((m) => (
                  <Text key={m.matter} className={`choice choice-pill matter-${m.matter}${it.matter === m.matter ? ' chosen' : ''}`} {...asChoice('radio', it.matter === m.matter)} onClick={() => update(setItem(form, i, { matter: m.matter }), `items.${i}.matter`)}>
                    {m.label}
                  </Text>
                ))}
              </View>
              {it.matter !== null && <Text className='matter-rule'>{MATTER_CHOICES.find((m) => m.matter === it.matter)?.rule}</Text>}
            </FormField>
            <FormField label={PROPOSE_TEXT.itemDescription} error={errors[`items.${i}.description`]}>
              <Textarea className='form-textarea item-description-input' nativeProps={{ 'aria-label': `${PROPOSE_TEXT.itemDescription} ${i + 1}` }} value={it.description} maxlength={1000} placeholder={PROPOSE_TEXT.itemDescriptionPlaceholder} onInput={(e) => update(setItem(form, i, { description: e.detail.value }), `items.${i}.description`)} />
            </FormField>
            {form.items.length > 1 && (
              <AppButton size='small' kind='secondary' className='remove-item' onClick={() => update(removeItem(form, i))}>
                {PROPOSE_TEXT.removeItem}
              </AppButton>
            )}
          </View>
        ))}
        <AppButton kind='secondary' className='add-item' onClick={() => update(addItem(form))}>
          {PROPOSE_TEXT.addItem}
        </AppButton>
      </Card>
      <Card className='propose-petition'>
        <ToggleRow className='petition-toggle' label={PROPOSE_TEXT.petition} hint={PROPOSE_TEXT.petitionHint} checked={form.petition} onChange={(on) => update({ ...form, petition: on })} />
      </Card>
      {errors.form && <Text className='field-error form-error' {...{ role: 'alert' }}>{errors.form}</Text>}
      <AppButton kind='primary' className='submit-proposal' disabled={busy} onClick={() => void submit()}>
        {busy ? PROPOSE_TEXT.submitting : PROPOSE_TEXT.submit}
      </AppButton>
    </PageRoot>
  );
}
