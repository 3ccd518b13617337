import { Button, Text, View } from '@tarojs/components';
import { HOME_TEXT } from '../../lib/home-view';
import type { TopicSummary } from '../../../types/deliberation';

export interface OpenTopicCardProps {
  estateId: string;
  onOpened: (topic: TopicSummary) => void;
}

/**
 * The 发起议题 card as it first appears, while its inputs load on H5 (open-topic-entry.h5.tsx): same card, labels,
 * boxes of the same size (.form-input / .form-textarea set their height) and the submit button, not yet usable.
 */
export function OpenTopicFace() {
  return (
    <View className='card open-topic-form'>
      <Text className='card-title'>{HOME_TEXT.openTopicTitle}</Text>
      <Text className='field-label'>{HOME_TEXT.titleLabel}</Text>
      <View className='form-input' />
      <Text className='field-label'>{HOME_TEXT.summaryLabel}</Text>
      <View className='form-textarea' />
      <Button className='big-button primary' disabled>
        {HOME_TEXT.submit}
      </Button>
    </View>
  );
}
