import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { api } from '../../api/client';
import { MessagesEntry } from '../../components/messages-entry';
import { PageRoot } from '../../components/page-root';
import { BlockedBlock, EmptyState, LoadingBlock } from '../../components/page-states';
import { AppButton, asButton, Card, StatusChip } from '../../components/ui';
import { REQUEST_TEXT, requestRowView } from '../../lib/request-view';
import { fileRequestUrl, requestDetailUrl } from '../../lib/request-routes';
import type { MyRequestsOutput } from '../../../types/requests';
import { useRequestPage } from './use-request-page';
import './requests.css';

const navigate = (url: string) => void Taro.navigateTo({ url });

/** 我的诉求 (packages/requests): my requests, newest first, each with who holds it and until when. */
export default function MyRequestsPage() {
  const { state, reload } = useRequestPage<MyRequestsOutput>((current) => api.requests.myRequests({ estateId: current.estate.estateId }));
  // back from a request (rated, withdrawn) or from 提交诉求: the list may have changed
  const [shown, setShown] = useState(false);
  useDidShow(() => {
    if (shown) void reload(true);
    setShown(true);
  });
  return (
    <PageRoot className='page my-requests-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void reload()} />}
      {state.status === 'ready' && (
        <View>
          {state.data.requests.length === 0 ? (
            <Card className='my-requests-empty'>
              <EmptyState title={REQUEST_TEXT.emptyTitle} hint={REQUEST_TEXT.emptyHint}>
                <FileButton estateId={state.current.estate.estateId} />
              </EmptyState>
            </Card>
          ) : (
            <Card title={`${state.current.estate.name} · ${REQUEST_TEXT.mineTitle}`} className='my-requests-head'>
              <FileButton estateId={state.current.estate.estateId} />
            </Card>
          )}
          {state.data.requests.length > 0 && (
            <Card className='my-requests-list'>
              {state.data.requests.map(requestRowView).map((r) => (
                <View
                  key={r.requestId}
                  className='list-row list-row-tappable my-request'
                  {...asButton()}
                  onClick={() => navigate(requestDetailUrl(state.current.estate.estateId, r.requestId))}
                >
                  <View className='row-head'>
                    <Text className='row-title my-request-title'>{r.title}</Text>
                    <StatusChip tone={r.tone} className='my-request-status'>
                      {r.statusLabel}
                    </StatusChip>
                    <Text className='chevron'>›</Text>
                  </View>
                  {r.holder && <Text className='my-request-holder'>{r.holder}</Text>}
                  <Text className='my-request-filed text-secondary'>{r.filed}</Text>
                </View>
              ))}
            </Card>
          )}
        </View>
      )}
    </PageRoot>
  );
}

function FileButton({ estateId }: { estateId: string }) {
  return (
    <AppButton kind='primary' className='go-file-request' onClick={() => navigate(fileRequestUrl(estateId))}>
      {REQUEST_TEXT.fileButton}
    </AppButton>
  );
}
