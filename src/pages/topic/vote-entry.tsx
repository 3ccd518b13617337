import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api } from '../../api/client';
import { AppButton } from '../../components/ui';
import { voteEntry, type VoteEntryView } from '../../lib/vote-turnout';
import { voteUrl } from '../../lib/workbench';

/** In the vote card while voting: 去投票 for an owner who still has a unit to vote for, else 已完成 (never a tally). */
export function VoteEntry({ estateId, topicId, refreshKey }: { estateId: string; topicId: string; refreshKey?: unknown }) {
  const [view, setView] = useState<VoteEntryView | null>(null);
  useEffect(() => {
    let live = true;
    // only owners may ask (voting.cast): anyone else gets a refusal and sees no button
    void api.voting.myBallots({ estateId }).then((r) => {
      if (live) setView(r.ok ? voteEntry(topicId, r.data.ballots) : null);
    });
    return () => {
      live = false;
    };
  }, [estateId, topicId, refreshKey]);
  if (!view) return null;
  return (
    <View className={`vote-entry vote-entry-${view.kind}`}>
      <Text className='vote-status-line'>{view.status}</Text>
      {view.button && (
        <AppButton kind={view.kind === 'vote' ? 'primary' : 'secondary'} className='go-vote' onClick={() => void Taro.navigateTo({ url: voteUrl(estateId, topicId) })}>
          {view.button}
        </AppButton>
      )}
    </View>
  );
}
