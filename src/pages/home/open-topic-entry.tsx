/**
 * The 发起议题 card as the home page imports it. On weapp (and in jest) the card itself; on H5 Taro resolves
 * open-topic-entry.h5.tsx instead, which loads it on demand.
 */
export { OpenTopicCard } from './open-topic-card';
