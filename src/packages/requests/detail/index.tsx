import { Text } from '@tarojs/components';
import { PageRoot } from '../../../components/page-root';

/** 诉求详情: placeholder until the page is built (issue 12). */
export default function RequestDetailPage() {
  return (
    <PageRoot className='page'>
      <Text>诉求详情</Text>
    </PageRoot>
  );
}
