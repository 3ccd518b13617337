import { Text } from '@tarojs/components';
import { PageRoot } from '../../../../components/page-root';

/** 诉求工作台: placeholder until the page is built (issue 12). */
export default function WorkQueuePage() {
  return (
    <PageRoot className='page'>
      <Text>诉求工作台</Text>
    </PageRoot>
  );
}
