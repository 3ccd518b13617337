/**
 * Shared building blocks of every page. Styling lives in src/styles/components.css (global, loaded by
 * app.ts) on top of the tokens in src/styles/tokens.css; view logic (percentages, tones, steps) lives in
 * src/lib and is unit-tested.
 */
import { useState, type PropsWithChildren, type ReactNode } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { progressView } from '../lib/progress';
import { chipClass, type Tone } from '../lib/status-tone';
import { stepAriaLabel, type TimelineStep } from '../lib/timeline';

/**
 * tabIndex for an element that acts as a control. Taro's component types do not list it; on H5 React writes it
 * onto the element (so the keyboard reaches it), and weapp ignores it.
 */
export const focusable = (on: boolean): Record<string, unknown> => (on ? { tabIndex: 0 } : {});

/** role=button + tabIndex for a View/Text that acts as a button (links such as “认证其他房屋 ›”). */
export const asButton = (): Record<string, unknown> => ({ role: 'button', tabIndex: 0 });
/** A one-of choice (radio), a tab or a tick box drawn with Views: its role, whether it is chosen, and a tab stop. */
export const asChoice = (role: 'radio' | 'tab' | 'checkbox', chosen: boolean): Record<string, unknown> => ({
  role,
  [role === 'tab' ? 'aria-selected' : 'aria-checked']: chosen,
  tabIndex: 0,
});

const BUTTON_ROLE: Record<string, unknown> = { role: 'button' };

const cx = (...parts: (string | false | null | undefined)[]) => parts.filter(Boolean).join(' ');

/** A white card with an optional title. */
export function Card({ title, className, children }: PropsWithChildren<{ title?: ReactNode; className?: string }>) {
  return (
    <View className={cx('card', className)}>
      {title !== undefined && <Text className='card-title'>{title}</Text>}
      {children}
    </View>
  );
}

/** One row of a list: title, optional meta line(s) below, something on the right, a › when it opens something. */
export function ListRow(props: PropsWithChildren<{
  title: ReactNode;
  meta?: ReactNode;
  trailing?: ReactNode;
  onClick?: () => void;
  className?: string;
}>) {
  const tappable = Boolean(props.onClick);
  return (
    <View className={cx('list-row', tappable && 'list-row-tappable', props.className)} role={tappable ? 'button' : undefined} {...focusable(tappable)} onClick={props.onClick}>
      <View className='row-head'>
        <Text className='row-title'>{props.title}</Text>
        {props.trailing}
        {tappable && <Text className='chevron'>›</Text>}
      </View>
      {props.meta !== undefined && <Text className='row-meta text-secondary'>{props.meta}</Text>}
      {props.children}
    </View>
  );
}

/** A small coloured label (状态, 阶段, 身份). Tone from src/lib/status-tone.ts. */
export function StatusChip({ tone, className, children }: PropsWithChildren<{ tone: Tone; className?: string }>) {
  return <Text className={chipClass(tone, className)}>{children}</Text>;
}

export type ButtonKind = 'primary' | 'secondary' | 'plain' | 'danger';

/**
 * A button at least 44 px tall. `big` fills the width (the main action of a card); `small` sits inline.
 * `disabled` is written only when true (on H5 a false attribute would still disable the element).
 */
export function AppButton(props: PropsWithChildren<{
  kind?: ButtonKind;
  size?: 'big' | 'small';
  disabled?: boolean;
  onClick?: () => void;
  className?: string;
}>) {
  const { kind = 'plain', size = 'big', disabled = false } = props;
  return (
    <Button
      className={cx(size === 'big' ? 'big-button' : 'small-button', kind !== 'plain' && kind, disabled && 'disabled', props.className)}
      // Taro's H5 button element has no role of its own: announce it and let the keyboard reach it
      {...BUTTON_ROLE}
      {...focusable(!disabled)}
      disabled={disabled ? true : undefined}
      onClick={disabled ? undefined : props.onClick}
    >
      {props.children}
    </Button>
  );
}

/** Label above a control, a hint under the label, and the field's error under the control. */
export function FormField(props: PropsWithChildren<{ label: ReactNode; hint?: ReactNode; error?: string | null; className?: string }>) {
  return (
    <View className={cx('form-field', props.error && 'has-error', props.className)}>
      <Text className='field-label'>{props.label}</Text>
      {props.hint !== undefined && <Text className='field-hint text-secondary'>{props.hint}</Text>}
      {props.children}
      {props.error && <Text className='field-error'>{props.error}</Text>}
    </View>
  );
}

/** Stages in order, the current one marked (a topic's life, a request's progress). Wraps on narrow screens. */
export function StageTimeline({ steps, className }: { steps: TimelineStep[]; className?: string }) {
  return (
    <View className={cx('stage-timeline', className)}>
      {steps.map((s, i) => (
        <View key={s.key} className={`timeline-step step-${s.state}`} aria-label={stepAriaLabel(s, i, steps.length)}>
          <Text className='timeline-dot text-secondary'>{s.state === 'done' ? '✓' : String(i + 1)}</Text>
          <Text className={s.state === 'current' ? 'timeline-label' : 'timeline-label text-secondary'}>{s.label}</Text>
        </View>
      ))}
    </View>
  );
}

/** A bar filled to value/total with an optional threshold line (e.g. turnout against 2/3). */
export function ProgressBar(props: { value: number; total: number; threshold?: number; caption?: ReactNode; className?: string }) {
  const v = progressView(props);
  return (
    <View className={cx('progress', v.reached && 'progress-reached', props.className)}>
      {props.caption !== undefined && <Text className='progress-caption'>{props.caption}</Text>}
      <View
        className='progress-track'
        role='progressbar'
        aria-valuemin={0}
        aria-valuemax={props.total}
        aria-valuenow={Math.min(Math.max(props.value, 0), props.total)}
        aria-label={[v.label, v.thresholdLabel].filter(Boolean).join('，')}
      >
        <View className='progress-fill' style={{ width: `${v.fillPercent}%` }} />
        {v.thresholdPercent !== null && <View className='progress-threshold' style={{ left: `${v.thresholdPercent}%` }} />}
      </View>
      <View className='progress-legend text-secondary'>
        <Text className='progress-label'>{v.label}</Text>
        {v.thresholdLabel !== '' && <Text className='progress-threshold-label'>{v.thresholdLabel}</Text>}
      </View>
    </View>
  );
}

/**
 * Plain language first; the legal basis behind a “为什么” link. Closed by default; opens in place.
 * Keep citations (条文名称、条款号) inside `children`, never in the main text.
 */
export function WhyDisclosure({ label = '为什么？', children, className }: PropsWithChildren<{ label?: string; className?: string }>) {
  const [open, setOpen] = useState(false);
  return (
    <View className={cx('why', open && 'why-open', className)}>
      <View className='why-toggle' aria-expanded={open} role='button' {...focusable(true)} onClick={() => setOpen((o) => !o)}>
        <Text>{`${label}${open ? ' ▴' : ' ▾'}`}</Text>
      </View>
      {open && <View className='why-body text-secondary'>{children}</View>}
    </View>
  );
}

/**
 * An on/off setting as one row: label (and hint) on the left, a track on the right; the whole row is the tap
 * target and is announced as a switch (Taro's <Switch> is a 52x32 px control without a name on H5).
 */
export function ToggleRow(props: { label: string; hint?: string; checked: boolean; onChange: (next: boolean) => void; className?: string }) {
  return (
    <View
      className={cx('toggle-row', props.checked && 'on', props.className)}
      role='switch'
      aria-checked={props.checked}
      aria-label={props.label}
      {...focusable(true)}
      onClick={() => props.onChange(!props.checked)}
    >
      <View className='toggle-text'>
        <Text className='toggle-label'>{props.label}</Text>
        {props.hint && <Text className='toggle-hint text-secondary'>{props.hint}</Text>}
      </View>
      <View className={cx('toggle-track', props.checked && 'on')}>
        <View className='toggle-thumb' />
      </View>
    </View>
  );
}
