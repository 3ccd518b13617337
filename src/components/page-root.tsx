/**
 * The shared page wrapper: every page renders its content inside <PageRoot>. It puts `page-root` and, in
 * 大字模式, `text-large` on the page's root element, which rescales all type tokens (src/styles/tokens.css).
 * Switching the size anywhere (the 我的 page calls setTextSize) re-renders every mounted page.
 */
import { useCallback, useEffect, useState, type PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import { textSizeClass, type TextSize } from '../lib/text-size';
import { textSize } from '../platform/text-size';

/** The current size; re-renders when it changes. */
export function useTextSize(): { size: TextSize; large: boolean; automatic: boolean; setTextSize: (size: TextSize) => void } {
  const [size, setSize] = useState<TextSize>(() => textSize.get());
  useEffect(() => {
    setSize(textSize.get());
    return textSize.subscribe(setSize);
  }, []);
  const set = useCallback((next: TextSize) => textSize.set(next), []);
  return { size, large: size === 'large', automatic: textSize.automatic(), setTextSize: set };
}

/** Switch 大字模式 from anywhere (remembered on this device). */
export function setTextSize(size: TextSize): void {
  textSize.set(size);
}

export function PageRoot({ className = '', children }: PropsWithChildren<{ className?: string }>) {
  const { size } = useTextSize();
  const large = textSizeClass(size);
  return <View className={`page-root ${className}${large ? ` ${large}` : ''}`}>{children}</View>;
}
