import { useCallback, useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { api } from '../../api/client';
import { BlockedBlock, LoadingBlock } from '../../components/page-states';
import { blockedView } from '../../lib/page-access';
import { loadInbox, loadMore, markAllRead, messageRows, MESSAGES_TEXT, openMessage, subscribeOnTap, type InboxState } from '../../lib/messages';
import type { SubscriptionOptionsOutput } from '../../../types/messages';
import './index.css';
import { PageRoot } from '../../components/page-root';

type Ready = Extract<InboxState, { status: 'ready' }>;
const IN_WECHAT = process.env.TARO_ENV === 'weapp';

export default function MessagesPage() {
  const [state, setState] = useState<InboxState>({ status: 'loading' });
  const load = useCallback(async () => setState(await loadInbox(api)), []);
  useEffect(() => {
    void load();
  }, [load]);
  useDidShow(() => void load());

  return (
    <PageRoot className='page messages-page'>
      {IN_WECHAT && <SubscribeCard />}
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'error' && <BlockedBlock view={blockedView(state.error, process.env.TARO_ENV)} onRetry={() => void load()} />}
      {state.status === 'ready' && <Inbox state={state} setState={setState} />}
    </PageRoot>
  );
}

function Inbox({ state, setState }: { state: Ready; setState: (s: InboxState) => void }) {
  const rows = messageRows(state.messages);
  const open = async (id: string) => {
    const { state: next, url } = await openMessage(api, state, id);
    setState(next);
    if (url) void Taro.navigateTo({ url });
  };
  if (rows.length === 0) {
    return (
      <View className='card'>
        <Text className='hint messages-empty'>{MESSAGES_TEXT.empty}</Text>
      </View>
    );
  }
  return (
    <View className='message-list'>
      {state.unread > 0 && (
        <Button className='big-button secondary mark-all' onClick={async () => setState(await markAllRead(api, state))}>
          {MESSAGES_TEXT.markAll}
        </Button>
      )}
      {rows.map((m) => (
        <View key={m.messageId} className={`message-item${m.unread ? ' unread' : ''}`} onClick={() => void open(m.messageId)}>
          <View className='message-head'>
            <Text className='message-title'>{m.title}</Text>
            {m.unread && <Text className='message-unread'>{MESSAGES_TEXT.unread}</Text>}
          </View>
          <Text className='message-body'>{m.body}</Text>
          <Text className='message-time'>{m.time}</Text>
        </View>
      ))}
      {state.nextCursor && (
        <Button className='big-button secondary load-more' onClick={async () => setState(await loadMore(api, state))}>
          {MESSAGES_TEXT.more}
        </Button>
      )}
    </View>
  );
}

/** WeChat only: the templates are loaded first, so the tap can open WeChat's dialog synchronously. */
function SubscribeCard() {
  const [templates, setTemplates] = useState<SubscriptionOptionsOutput['templates'] | null>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    void api.messages.subscriptionOptions({}).then((r) => setTemplates(r.ok ? r.data.templates : []));
  }, []);
  if (!templates || templates.length === 0) return null;
  const onTap = async () => {
    const { message } = await subscribeOnTap(api, templates, (tmplIds) =>
      Taro.requestSubscribeMessage({ tmplIds, entityIds: [] } as unknown as Taro.requestSubscribeMessage.Option) as unknown as Promise<Record<string, string>>,
    );
    setNote(message);
  };
  return (
    <View className='card subscribe-card'>
      <Button className='big-button primary subscribe-button' onClick={() => void onTap()}>
        {MESSAGES_TEXT.subscribe}
      </Button>
      <Text className='hint'>{MESSAGES_TEXT.subscribeHint}</Text>
      {note !== '' && <Text className='subscribe-note'>{note}</Text>}
    </View>
  );
}
