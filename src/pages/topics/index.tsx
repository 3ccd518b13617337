import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { api } from '../../api/client';
import { BlockedBlock, EmptyState, LoadingBlock } from '../../components/page-states';
import { PageRoot } from '../../components/page-root';
import { asChoice, AppButton, Card, ListRow, StatusChip } from '../../components/ui';
import { topicRow } from '../../lib/home-view';
import { blockedView, routeParam, routeUrl } from '../../lib/page-access';
import { stageTone } from '../../lib/status-tone';
import { groupByStage } from '../../lib/topic-view';
import { ROUTES, topicUrl } from '../../lib/workbench';
import type { ApiError } from '../../../types/errors';
import { allows } from '../../../types/permissions';
import type { TopicSummary } from '../../../types/deliberation';
import './index.css';

type State = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; topics: TopicSummary[] };

export const TOPICS_TEXT = {
  all: '全部',
  empty: '还没有议题',
  emptyHint: '业主可以提出议题，党支部前置审查后进入协商。',
  propose: '我要提议',
};

export default function TopicsPage() {
  const router = useRouter();
  // a message opens this page without an estate: then the estate the account is in now
  const [estateId, setEstateId] = useState(routeParam(router.params, 'estateId') ?? '');
  const [canPropose, setCanPropose] = useState(false);
  const [state, setState] = useState<State>({ status: 'loading' });
  const [filter, setFilter] = useState<string | null>(null);
  const load = useCallback(async () => {
    const me = await api.identity.me(estateId ? { estateId } : {});
    if (!me.ok) return setState({ status: 'error', error: me.error });
    const current = me.data.current;
    setCanPropose(Boolean(current && allows(current.roles, 'deliberation.propose')));
    const id = estateId || current?.estate.estateId || '';
    if (id !== estateId) setEstateId(id);
    const res = await api.deliberation.listTopics({ estateId: id });
    setState(res.ok ? { status: 'ready', topics: res.data.topics } : { status: 'error', error: res.error });
  }, [estateId]);
  useEffect(() => {
    void load();
  }, [load]);
  useDidShow(() => void load());

  return (
    <PageRoot className='page topics-page'>
      {canPropose && (
        <AppButton kind='primary' className='go-propose' onClick={() => void Taro.navigateTo({ url: routeUrl(ROUTES.propose, { estateId }) })}>
          {TOPICS_TEXT.propose}
        </AppButton>
      )}
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'error' && <BlockedBlock view={blockedView(state.error, process.env.TARO_ENV)} onRetry={() => void load()} />}
      {state.status === 'ready' && state.topics.length === 0 && <EmptyState title={TOPICS_TEXT.empty} hint={TOPICS_TEXT.emptyHint} />}
      {state.status === 'ready' && state.topics.length > 0 && <Grouped topics={state.topics} estateId={estateId} filter={filter} setFilter={setFilter} />}
    </PageRoot>
  );
}

function Grouped({ topics, estateId, filter, setFilter }: { topics: TopicSummary[]; estateId: string; filter: string | null; setFilter: (s: string | null) => void }) {
  const groups = groupByStage(topics);
  const shown = groups.filter((g) => filter === null || g.stage === filter);
  return (
    <View>
      <View className='stage-filters choice-pills' role='tablist'>
        <Text className={`stage-filter choice-pill filter-all${filter === null ? ' chosen' : ''}`} {...asChoice('tab', filter === null)} onClick={() => setFilter(null)}>
          {`${TOPICS_TEXT.all}（${topics.length}）`}
        </Text>
        {groups.map((g) => (
          <Text key={g.stage} className={`stage-filter choice-pill filter-${g.stage}${filter === g.stage ? ' chosen' : ''}`} {...asChoice('tab', filter === g.stage)} onClick={() => setFilter(g.stage)}>
            {`${g.label}（${g.topics.length}）`}
          </Text>
        ))}
      </View>
      {shown.map((g) => (
        <Card key={g.stage} title={g.label} className={`stage-group group-${g.stage}`}>
          {g.topics.map(topicRow).map((t) => (
            <ListRow
              key={t.topicId}
              className='topic-item'
              title={t.title}
              trailing={<StatusChip tone={stageTone(t.stage)}>{t.stageLabel}</StatusChip>}
              meta={`${t.scopeLabel} · ${t.openedByLabel} · ${t.openedDate}`}
              onClick={() => void Taro.navigateTo({ url: topicUrl(estateId, t.topicId) })}
            />
          ))}
        </Card>
      ))}
    </View>
  );
}
