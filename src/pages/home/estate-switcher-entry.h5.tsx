/**
 * H5 build of estate-switcher-entry.tsx (Taro picks `<name>.h5.tsx` for the H5 build): Taro's Picker web
 * component is ~8 KB gzipped and only people in two or more estates see it, so it is imported when the row
 * first renders. Until then the same row is shown without the Picker (tapping it does nothing for that moment).
 */
import { lazy, Suspense } from 'react';
import { EstateSwitcherFace, type EstateSwitcherProps } from './estate-switcher-face';

const Loaded = lazy(() => import('./estate-switcher').then((m) => ({ default: m.EstateSwitcher })));

export function EstateSwitcher(props: EstateSwitcherProps) {
  return (
    <Suspense fallback={<EstateSwitcherFace estates={props.estates} currentId={props.currentId} />}>
      <Loaded {...props} />
    </Suspense>
  );
}
