/**
 * What the caller may do next with a topic (the moves getTopic returns): one button per move; a move that
 * needs words (a note, a reason, a plan, a voting window) opens its form first. Refusals come back from the
 * server in plain Chinese and stay on screen (e.g. 公告期还没有结束，表决要到 … 才能开始).
 * Used by the topic page and the party-branch console.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { api } from '../api/client';
import type { GetTopicOutput } from '../../types/deliberation';
import type { TopicMove } from '../../types/topics';
import { defaultVotingDays, moveButtons, sendMove, TOPIC_TEXT, type MoveForm } from '../lib/topic-detail';
import { AppButton, FormField } from './ui';
import { Input } from './input';
import { Textarea } from './textarea';
import './topic-moves.css';

/**
 * `alsoOffer`: moves to show even when the server does not list them yet, so the person learns why not from the
 * server's answer (the console offers 开启表决 on announced topics; before the notice period ends the server
 * refuses it and says from which day it can open).
 */
export function TopicMoves(props: { estateId: string; detail: GetTopicOutput; onDone: () => void; alsoOffer?: readonly TopicMove[] }) {
  const { estateId, detail, onDone } = props;
  const { topic, moves } = detail;
  const buttons = moveButtons([...moves, ...(props.alsoOffer ?? [])]);
  const latestPlan = topic.plans.length ? [...topic.plans].sort((a, b) => b.version - a.version)[0].text : '';
  // the estate's rules decide the notice and the window; the server says what they allow now (getTopic)
  const terms = detail.announceTerms;
  const blank: MoveForm = { note: '', text: latestPlan, changeNote: '', opensOn: terms?.earliestOpensOn ?? '', days: terms ? defaultVotingDays(terms) : '' };
  const [open, setOpen] = useState<TopicMove | null>(null);
  const [form, setForm] = useState<MoveForm>(blank);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (buttons.length === 0) return null;

  const edit = (field: keyof MoveForm, value: string) => setForm((f) => ({ ...f, [field]: value }));
  const send = async (move: TopicMove) => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    const res = await sendMove(api, topic, estateId, move, form);
    setBusy(false);
    if (res.ok) {
      setOpen(null);
      setForm(blank);
      onDone();
    } else {
      setMessage(res.error.fields?.map((f) => f.message).join('；') || res.error.message);
    }
  };
  const start = (move: TopicMove, needsForm: boolean) => {
    setMessage(null);
    void api.preload('deliberation');
    if (needsForm) setOpen(move);
    else void send(move);
  };

  return (
    <View className='card topic-moves'>
      <Text className='card-title'>{TOPIC_TEXT.movesTitle}</Text>
      {open === null &&
        buttons.map((b) => (
          <AppButton key={b.move} kind={b.danger ? 'secondary' : 'primary'} className={`move-${b.move}`} disabled={busy} onClick={() => start(b.move, b.needsForm)}>
            {b.label}
          </AppButton>
        ))}
      {open !== null && (
        <View className={`move-form move-form-${open}`}>
          <Text className='move-form-title'>{buttons.find((b) => b.move === open)?.label}</Text>
          {open === 'publishPlan' && (
            <>
              <FormField label={TOPIC_TEXT.planText}>
                <Textarea className='form-textarea plan-text-input' nativeProps={{ 'aria-label': TOPIC_TEXT.planText }} value={form.text} maxlength={20000} onInput={(e) => edit('text', e.detail.value)} />
              </FormField>
              <FormField label={TOPIC_TEXT.planChangeNote}>
                <Input className='form-input change-note-input' nativeProps={{ 'aria-label': TOPIC_TEXT.planChangeNote }} value={form.changeNote} maxlength={500} onInput={(e) => edit('changeNote', e.detail.value)} />
              </FormField>
            </>
          )}
          {open === 'announce' && (
            <>
              <FormField label={TOPIC_TEXT.opensOn} hint={terms ? TOPIC_TEXT.opensOnHint(terms.noticeDays, terms.earliestOpensOn) : undefined}>
                <Input className='form-input opens-on-input' nativeProps={{ 'aria-label': TOPIC_TEXT.opensOn }} value={form.opensOn} maxlength={10} onInput={(e) => edit('opensOn', e.detail.value)} />
              </FormField>
              <FormField label={TOPIC_TEXT.votingDays} hint={terms ? TOPIC_TEXT.votingDaysHint(terms.minDays, terms.maxDays) : undefined}>
                <Input className='form-input voting-days-input' type='number' nativeProps={{ 'aria-label': TOPIC_TEXT.votingDays }} value={form.days} maxlength={3} onInput={(e) => edit('days', e.detail.value)} />
              </FormField>
            </>
          )}
          {TOPIC_TEXT.noteLabel[open] !== undefined && (
            <FormField label={TOPIC_TEXT.noteLabel[open]}>
              <Textarea className='form-textarea move-note-input' nativeProps={{ 'aria-label': TOPIC_TEXT.noteLabel[open] }} value={form.note} maxlength={500} onInput={(e) => edit('note', e.detail.value)} />
            </FormField>
          )}
          <AppButton kind='primary' className='confirm-move' disabled={busy} onClick={() => void send(open)}>
            {TOPIC_TEXT.submit}
          </AppButton>
          <AppButton kind='secondary' className='cancel-move' onClick={() => { setOpen(null); setMessage(null); }}>
            {TOPIC_TEXT.cancel}
          </AppButton>
        </View>
      )}
      {message && (
        <Text className='field-error move-refusal' {...{ role: 'alert' }}>
          {message}
        </Text>
      )}
    </View>
  );
}
