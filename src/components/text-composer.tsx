import { View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import { Textarea } from './textarea';
import { AppButton, FormField } from './ui';

/**
 * A text box with 提交 and 取消 under it: what the topic page opens for a comment, a question, an answer or a
 * hiding reason. `label` names the box for screen readers; `showLabel` also prints it above the box.
 * Children (e.g. stance choices) come before the box.
 */
export function TextComposer(
  props: PropsWithChildren<{
    className: string;
    label: string;
    showLabel?: boolean;
    value: string;
    maxlength: number;
    placeholder: string;
    busy: boolean;
    submitText: string;
    cancelText: string;
    onInput: (text: string) => void;
    onSubmit: () => void;
    onCancel: () => void;
  }>,
) {
  const box = (
    <Textarea
      className='form-textarea composer-input'
      nativeProps={{ 'aria-label': props.label }}
      value={props.value}
      maxlength={props.maxlength}
      placeholder={props.placeholder}
      onInput={(e) => props.onInput(e.detail.value)}
    />
  );
  return (
    <View className={props.className}>
      {props.children}
      {props.showLabel ? <FormField label={props.label}>{box}</FormField> : box}
      <AppButton kind='primary' className='submit-composer' disabled={props.busy} onClick={props.onSubmit}>
        {props.submitText}
      </AppButton>
      <AppButton kind='secondary' className='cancel-composer' onClick={props.onCancel}>
        {props.cancelText}
      </AppButton>
    </View>
  );
}
