import Taro from '@tarojs/taro';
import { ME_ROUTE, ME_TEXT } from '../lib/me-route';
import { Card, ListRow } from './ui';

/**
 * The way to 我的 from the home page, under the 消息 entry. No tabBar: WeChat draws tabBar labels at a
 * fixed ~10–12 px that ignores 大字模式, below the 14 px floor for secondary text.
 */
export function MeEntry() {
  return (
    <Card className='me-entry'>
      <ListRow title={ME_TEXT.entryTitle} meta={ME_TEXT.entryMeta} onClick={() => void Taro.navigateTo({ url: ME_ROUTE })} />
    </Card>
  );
}
