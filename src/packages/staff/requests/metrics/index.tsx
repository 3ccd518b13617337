import { Text } from '@tarojs/components';
import { PageRoot } from '../../../../components/page-root';

/** 诉求办理统计: placeholder until the page is built (issue 12). */
export default function RequestMetricsPage() {
  return (
    <PageRoot className='page'>
      <Text>诉求办理统计</Text>
    </PageRoot>
  );
}
