import { Text } from '@tarojs/components';
import { PageRoot } from '../../components/page-root';

/** 我的诉求: placeholder until the page is built (issue 12). */
export default function MyRequestsPage() {
  return (
    <PageRoot className='page'>
      <Text>我的诉求</Text>
    </PageRoot>
  );
}
