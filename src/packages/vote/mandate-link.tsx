import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api } from '../../api/client';
import { AppButton, StatusChip } from '../../components/ui';
import { MANDATE_TEXT, mandateStatusLabel, mandateStatusTone, ownerMandateUrl } from '../../lib/mandate-view';
import type { UnitMandateOutput } from '../../../types/voting-proxy';
import './mandate-link.css';

/**
 * 委托他人投票 (the proxy part's link on the 投票 page): where the frozen rules allow proxies, the unit's
 * representative opens the mandate page (create, follow or revoke); an existing mandate's status shows here.
 * Shows nothing when the rules do not allow proxies or the read is refused (the vote page explains that).
 */
export function MandateLink(props: { estateId: string; topicId: string; unitId: string }) {
  const { estateId, topicId, unitId } = props;
  const [data, setData] = useState<UnitMandateOutput | null>(null);
  useEffect(() => {
    let live = true;
    void api.voting.unitMandate({ estateId, topicId, unitId }).then((r) => live && setData(r.ok ? r.data : null));
    return () => {
      live = false;
    };
  }, [estateId, topicId, unitId]);

  if (!data || !data.proxyAllowed) return null;
  const m = data.mandate;
  return (
    <View className='card mandate-link-card'>
      <Text className='card-title'>{MANDATE_TEXT.linkTitle}</Text>
      {m ? (
        <View className='mandate-link-status'>
          <StatusChip tone={mandateStatusTone(m.status)}>{mandateStatusLabel(m.status)}</StatusChip>
        </View>
      ) : (
        <Text className='mandate-link-hint'>{MANDATE_TEXT.linkHint}</Text>
      )}
      <AppButton kind='secondary' className='mandate-link' onClick={() => void Taro.navigateTo({ url: ownerMandateUrl(estateId, topicId, unitId) })}>
        {m ? MANDATE_TEXT.linkView : MANDATE_TEXT.linkOpen}
      </AppButton>
    </View>
  );
}
