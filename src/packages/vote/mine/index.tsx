import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { api } from '../../../api/client';
import { BlockedBlock, EmptyState, LoadingBlock } from '../../../components/page-states';
import { PageRoot } from '../../../components/page-root';
import { AppButton, Card, StatusChip } from '../../../components/ui';
import { blockedView, routeParam } from '../../../lib/page-access';
import { ballotDetail, loadMine, MINE_TEXT, type BallotDetailView, type MineRow, type MineState } from '../../../lib/vote-mine';
import { voteUrl } from '../../../lib/workbench';
import { ReceiptCode } from '../receipt-code';
import '../index.css';
import './index.css';

/** 我的投票: my units in each vote — 已完成 with the receipt, 待投票, 未投票; my own choices on request. */
export default function MyVotesPage() {
  const router = useRouter();
  const estateParam = routeParam(router.params, 'estateId');
  const [state, setState] = useState<MineState>({ status: 'loading' });
  const load = useCallback(async () => setState(await loadMine(api, estateParam)), [estateParam]);
  useEffect(() => {
    void load();
  }, [load]);
  const shownOnce = useRef(false);
  useDidShow(() => {
    if (shownOnce.current) void load();
    shownOnce.current = true;
  });

  return (
    <PageRoot className='page vote-page my-votes-page'>
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'error' && <BlockedBlock view={blockedView(state.error, process.env.TARO_ENV)} onRetry={() => void load()} />}
      {state.status === 'ready' && state.rows.length === 0 && <EmptyState title={MINE_TEXT.title} hint={MINE_TEXT.empty} />}
      {state.status === 'ready' && state.rows.map((r) => <MineCard key={r.key} row={r} estateId={state.estateId} />)}
    </PageRoot>
  );
}

function MineCard({ row, estateId }: { row: MineRow; estateId: string }) {
  const [detail, setDetail] = useState<BallotDetailView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    if (detail) return setDetail(null);
    const r = await api.voting.myBallot({ estateId, topicId: row.topicId, unitId: row.unitId });
    if (r.ok) {
      setDetail(ballotDetail(r.data));
      setError(null);
    } else setError(r.error.message);
  };
  return (
    <Card className={`my-vote my-vote-${row.status}`}>
      <View className='my-vote-head'>
        <Text className='my-vote-title'>{row.title}</Text>
        <StatusChip tone={row.tone} className={`my-vote-status status-${row.status}`}>
          {row.statusLabel}
        </StatusChip>
      </View>
      <Text className='my-vote-unit'>{row.unitLabel}</Text>
      {row.detail !== '' && <Text className='my-vote-detail text-secondary'>{row.detail}</Text>}
      {row.receipt && (
        <View className='my-vote-receipt'>
          <Text className='receipt-label'>{MINE_TEXT.receipt}</Text>
          <ReceiptCode code={row.receipt} />
        </View>
      )}
      {row.status === 'pending' && (
        <AppButton kind='primary' className='my-vote-go' onClick={() => void Taro.navigateTo({ url: voteUrl(estateId, row.topicId, row.unitId) })}>
          {MINE_TEXT.goVote}
        </AppButton>
      )}
      {row.status === 'done' && (
        <AppButton kind='secondary' className='my-vote-show' onClick={() => void toggle()}>
          {detail ? MINE_TEXT.hideMine : MINE_TEXT.showMine}
        </AppButton>
      )}
      {error && <Text className='hint my-vote-error'>{error}</Text>}
      {detail && (
        <View className='my-vote-choices'>
          <Text className='my-vote-choices-title'>{MINE_TEXT.myChoices}</Text>
          {detail.choices.map((c, i) => (
            <View key={i} className='review-row'>
              <Text className='review-item'>{`${i + 1}. ${c.title}`}</Text>
              <StatusChip tone={c.tone} className='my-vote-choice'>
                {c.choice}
              </StatusChip>
            </View>
          ))}
          <Text className='my-vote-ledger text-secondary'>{detail.ledger}</Text>
        </View>
      )}
    </Card>
  );
}
