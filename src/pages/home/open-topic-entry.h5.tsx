/**
 * H5 build of open-topic-entry.tsx (Taro picks `<name>.h5.tsx` for the H5 build). Only staff who may open topics
 * see the 发起议题 card, and the home page renders it together with the topic list, so its code and Taro's
 * Input/Textarea web components (~6 KB gzipped) are imported then, after the first screen's JavaScript, instead
 * of with it. Meanwhile the card is shown at its final size without working inputs (OpenTopicFace).
 */
import { lazy, Suspense } from 'react';
import { OpenTopicFace, type OpenTopicCardProps } from './open-topic-face';

const Loaded = lazy(() => import('./open-topic-card').then((m) => ({ default: m.OpenTopicCard })));

export function OpenTopicCard(props: OpenTopicCardProps) {
  return (
    <Suspense fallback={<OpenTopicFace />}>
      <Loaded {...props} />
    </Suspense>
  );
}
