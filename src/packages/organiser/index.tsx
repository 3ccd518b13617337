import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { api } from '../../api/client';
import { BlockedBlock, LoadingBlock } from '../../components/page-states';
import { PageRoot } from '../../components/page-root';
import { TopicMoves } from '../../components/topic-moves';
import { AppButton, Card, ListRow, StatusChip } from '../../components/ui';
import { excerpt } from '../../lib/home-view';
import { loadConsole, ORGANISER_TEXT, type ConsoleRow, type ConsoleState } from '../../lib/organiser';
import { blockedView, routeParam } from '../../lib/page-access';
import { stageTone } from '../../lib/status-tone';
import { stageLabel } from '../../lib/topic-view';
import { topicUrl } from '../../lib/workbench';
import { OpenTopicCard } from '../../pages/home/open-topic-card';
import type { GetTopicOutput } from '../../../types/deliberation';
import type { TopicMove } from '../../../types/topics';
import './index.css';

/** On an announced topic the console always offers 开启表决: early, the server's refusal says from which day. */
const ANNOUNCED_OFFERS: Partial<Record<string, TopicMove[]>> = { announced: ['openVoting'] };

export default function OrganiserPage() {
  const router = useRouter();
  const estateId = routeParam(router.params, 'estateId') ?? '';
  const [state, setState] = useState<ConsoleState>({ status: 'loading' });
  const [opening, setOpening] = useState(false);
  const load = useCallback(async () => setState(await loadConsole(api, estateId)), [estateId]);
  useEffect(() => {
    void load();
  }, [load]);
  useDidShow(() => {
    if (state.status === 'ready') void load();
  });

  return (
    <PageRoot className='page organiser-page'>
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'error' && <BlockedBlock view={blockedView(state.error, process.env.TARO_ENV)} onRetry={() => void load()} />}
      {state.status === 'ready' && (
        <View>
          <Section title={ORGANISER_TEXT.prereviewTitle} empty={ORGANISER_TEXT.prereviewEmpty} rows={state.view.prereview} estateId={estateId} reload={load} name='prereview' summaries={state.summaries} />
          <Section title={ORGANISER_TEXT.consultationTitle} empty={ORGANISER_TEXT.consultationEmpty} rows={state.view.consultation} estateId={estateId} reload={load} name='consultation' summaries={state.summaries} />
          <Section title={ORGANISER_TEXT.announcedTitle} empty={ORGANISER_TEXT.announcedEmpty} rows={state.view.announced} estateId={estateId} reload={load} name='announced' summaries={state.summaries} />
          {state.view.returned.length > 0 && (
            <Section title={ORGANISER_TEXT.returnedTitle} empty='' rows={state.view.returned} estateId={estateId} reload={load} name='returned' summaries={state.summaries} />
          )}
          {state.summaries && <Card title={ORGANISER_TEXT.unansweredTitle} className='console-unanswered'>
            {state.summariesError && <Text className='field-error'>{state.summariesError.message}</Text>}
            {state.view.unanswered.length === 0 && !state.summariesError && <Text className='hint'>{ORGANISER_TEXT.unansweredEmpty}</Text>}
            {state.view.unanswered.map((q) => (
              <ListRow
                key={q.commentId}
                className='unanswered-item'
                title={q.text}
                meta={`${q.topicTitle} · ${q.author} · ${q.time}`}
                onClick={() => void Taro.navigateTo({ url: topicUrl(estateId, q.topicId) })}
              />
            ))}
          </Card>}
          {opening ? (
            <OpenTopicCard estateId={estateId} onOpened={() => { setOpening(false); void load(); }} />
          ) : (
            <AppButton kind='secondary' className='console-open-topic' onClick={() => setOpening(true)}>
              {ORGANISER_TEXT.openTopic}
            </AppButton>
          )}
        </View>
      )}
    </PageRoot>
  );
}

function Section(props: { title: string; empty: string; rows: ConsoleRow[]; estateId: string; reload: () => Promise<void>; name: string; summaries: boolean }) {
  const { title, empty, rows, estateId, reload, name } = props;
  return (
    <Card title={title} className={`console-section console-${name}`}>
      {rows.length === 0 && <Text className='hint'>{empty}</Text>}
      {rows.map((r) => (
        <ConsoleItem key={r.topic.topicId} row={r} estateId={estateId} reload={reload} summaries={props.summaries} />
      ))}
    </Card>
  );
}

function ConsoleItem({ row, estateId, reload, summaries }: { row: ConsoleRow; estateId: string; reload: () => Promise<void>; summaries: boolean }) {
  const [detail, setDetail] = useState<GetTopicOutput | null>(null);
  const [error, setError] = useState<string | null>(null);
  const t = row.topic;
  const toggle = async () => {
    if (detail) return setDetail(null);
    const res = await api.deliberation.getTopic({ estateId, topicId: t.topicId });
    if (res.ok) setDetail(res.data);
    else setError(res.error.message);
  };
  return (
    <View className='console-item'>
      <ListRow
        className='console-topic'
        title={t.title}
        trailing={<StatusChip tone={stageTone(t.stage)}>{stageLabel(t.stage)}</StatusChip>}
        meta={`${t.scopeLabel} · ${t.openedByLabel}`}
        onClick={() => void Taro.navigateTo({ url: topicUrl(estateId, t.topicId) })}
      />
      <View className='console-lines'>
        {t.stage === 'proposed' && <Text className='console-line proposal-summary'>{excerpt(t.summary)}</Text>}
        {summaries && t.stage !== 'proposed' && <Text className='console-line summary-owners'>{row.lines.owners}</Text>}
        {summaries && row.lines.residents && <Text className='console-line summary-residents'>{row.lines.residents}</Text>}
        {summaries && t.stage !== 'proposed' && <Text className='console-line summary-questions'>{row.lines.questions}</Text>}
        {summaries && row.lines.reports && <Text className='console-line summary-reports'>{row.lines.reports}</Text>}
        {row.opensLine && <Text className='console-line opens-line'>{row.opensLine}</Text>}
      </View>
      <AppButton size='small' kind={detail ? 'secondary' : 'primary'} className='console-handle' onClick={() => void toggle()}>
        {detail ? ORGANISER_TEXT.close : ORGANISER_TEXT.handle}
      </AppButton>
      {error && <Text className='field-error'>{error}</Text>}
      {detail && (
        <TopicMoves
          estateId={estateId}
          detail={detail}
          alsoOffer={ANNOUNCED_OFFERS[t.stage] ?? []}
          onDone={() => {
            setDetail(null);
            void reload();
          }}
        />
      )}
    </View>
  );
}
