import { Text } from '@tarojs/components';
import { PageRoot } from '../../../../components/page-root';

/** 诉求分派规则: placeholder until the page is built (issue 12). */
export default function RoutingTablePage() {
  return (
    <PageRoot className='page'>
      <Text>诉求分派规则</Text>
    </PageRoot>
  );
}
