import type { PropsWithChildren } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ACCESS_TEXT, type BlockedView } from '../lib/page-access';
import { DEV_LOGIN_URL } from '../lib/home-view';
import { ROUTES } from '../lib/workbench';

export function LoadingBlock({ text = ACCESS_TEXT.loading }: { text?: string } = {}) {
  return (
    <View className='page-loading' aria-live='polite'>
      <Text>{text}</Text>
    </View>
  );
}

/** Nothing to show yet: a title, a plain-language hint, and optionally the one thing to do next. */
export function EmptyState({ title, hint, children }: PropsWithChildren<{ title: string; hint?: string }>) {
  return (
    <View className='empty-state'>
      <Text className='empty-title'>{title}</Text>
      {hint && <Text className='empty-hint'>{hint}</Text>}
      {children}
    </View>
  );
}

/** A failed load inside a card: the message and 重试. (A whole page that cannot show uses BlockedBlock.) */
export function ErrorState({ message, onRetry, retryText = ACCESS_TEXT.retry }: { message: string; onRetry?: () => void; retryText?: string }) {
  return (
    <View className='error-state' role='alert'>
      <Text className='error-message'>{message}</Text>
      {onRetry && (
        <Button className='big-button retry-button' onClick={onRetry}>
          {retryText}
        </Button>
      )}
    </View>
  );
}

/** For a `disabled` prop: `true` or left out (on H5, `false` would still write disabled="false" onto the element). */
export const off = (disabled: boolean): true | undefined => (disabled ? true : undefined);

export function goHome() {
  void Taro.reLaunch({ url: ROUTES.home });
}

/** 无权限 / 请先登录 / 出错了 + 重试: what a page shows instead of its content. */
export function BlockedBlock({ view, onRetry }: { view: BlockedView; onRetry: () => void }) {
  const goLogin = () => {
    if (process.env.TARO_ENV === 'h5') window.location.href = DEV_LOGIN_URL;
  };
  return (
    <View className={`card blocked blocked-${view.kind}`}>
      {view.kind === 'forbidden' && <Text className='blocked-title'>{view.title}</Text>}
      <Text className='error-message'>{view.message}</Text>
      {view.kind === 'login' && view.showLoginButton && (
        <Button className='big-button primary login-button' onClick={goLogin}>
          {ACCESS_TEXT.login}
        </Button>
      )}
      {view.kind === 'retry' && (
        <Button className='big-button retry-button' onClick={onRetry}>
          {ACCESS_TEXT.retry}
        </Button>
      )}
      <Button className='big-button back-home' onClick={goHome}>
        {ACCESS_TEXT.backHome}
      </Button>
    </View>
  );
}
