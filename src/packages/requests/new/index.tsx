import { Text } from '@tarojs/components';
import { PageRoot } from '../../../components/page-root';

/** 提交诉求: placeholder until the page is built (issue 12). */
export default function FileRequestPage() {
  return (
    <PageRoot className='page'>
      <Text>提交诉求</Text>
    </PageRoot>
  );
}
