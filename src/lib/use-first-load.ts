import { useLayoutEffect, useRef } from 'react';
import { useDidShow } from '@tarojs/taro';
import { firstLoadGate } from './first-load';

/**
 * Runs `load` once when the page first renders and again each time it is shown again (firstLoadGate).
 * The first load starts in a layout effect, right after the first render is committed: a plain effect waits for
 * the next painted frame, which on a slow phone delays every first-screen request by a few hundred ms.
 */
export function useFirstLoad(load: () => void): void {
  const gate = useRef(firstLoadGate()).current;
  const latest = useRef(load);
  latest.current = load;
  useLayoutEffect(() => {
    if (gate.mounted()) latest.current();
  }, [gate]);
  useDidShow(() => {
    if (gate.shown()) latest.current();
  });
}
