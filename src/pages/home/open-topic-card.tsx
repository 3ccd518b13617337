import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { api } from '../../api/client';
import { Input } from '../../components/input';
import { Textarea } from '../../components/textarea';
import { clearFieldError, EMPTY_FORM, submitOpenTopic, type FormErrors, type OpenTopicField, type OpenTopicForm } from '../../lib/home-state';
import { HOME_TEXT } from '../../lib/home-view';
import { showToast } from '../../platform/toast';
import type { OpenTopicCardProps } from './open-topic-face';

/** 发起议题 (staff who may open topics): title and summary, field errors in Chinese, the new topic on top. */
export function OpenTopicCard(props: OpenTopicCardProps) {
  const [form, setForm] = useState<OpenTopicForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<FormErrors>({});
  const [submitting, setSubmitting] = useState(false);

  const edit = (field: OpenTopicField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => clearFieldError(e, field));
  };
  // the form's schema (zod) is fetched when someone starts typing, not with the first screen
  const loadSchema = () => void api.preload('deliberation');

  const submit = async () => {
    if (submitting) return;
    setSubmitting(true);
    const outcome = await submitOpenTopic(api, props.estateId, form);
    setSubmitting(false);
    if (outcome.ok) {
      props.onOpened(outcome.topic);
      setForm(EMPTY_FORM);
      setErrors({});
      void showToast({ title: HOME_TEXT.opened, icon: 'success' });
    } else {
      setErrors(outcome.errors);
    }
  };

  return (
    <View className='card open-topic-form'>
      <Text className='card-title'>{HOME_TEXT.openTopicTitle}</Text>
      <Text className='field-label'>{HOME_TEXT.titleLabel}</Text>
      <Input
        className={`form-input topic-title-input${errors.title ? ' invalid' : ''}`}
        value={form.title}
        maxlength={60}
        placeholder={HOME_TEXT.titlePlaceholder}
        onFocus={loadSchema}
        onInput={(e) => edit('title', e.detail.value)}
      />
      {errors.title && <Text className='field-error field-error-title'>{errors.title}</Text>}
      <Text className='field-label'>{HOME_TEXT.summaryLabel}</Text>
      <Textarea
        className={`form-textarea topic-summary-input${errors.summary ? ' invalid' : ''}`}
        value={form.summary}
        maxlength={2000}
        placeholder={HOME_TEXT.summaryPlaceholder}
        onFocus={loadSchema}
        onInput={(e) => edit('summary', e.detail.value)}
      />
      {errors.summary && <Text className='field-error field-error-summary'>{errors.summary}</Text>}
      {errors.form && <Text className='field-error form-error'>{errors.form}</Text>}
      {/* No `loading` prop: on H5 the Button web component would insert its spinner among React's children. */}
      <Button
        className='big-button primary submit-topic'
        disabled={submitting}
        onClick={() => void submit()}
      >
        {submitting ? HOME_TEXT.submitting : HOME_TEXT.submit}
      </Button>
    </View>
  );
}
