import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { api } from '../../api/client';
import { MessagesEntry } from '../../components/messages-entry';
import { PageRoot } from '../../components/page-root';
import { BlockedBlock, EmptyState, LoadingBlock } from '../../components/page-states';
import { AppButton, asButton, asChoice, Card, StatusChip } from '../../components/ui';
import { publicRowView, REQUEST_TEXT, requestRowView, type PublicRowView, type RequestRowView } from '../../lib/request-view';
import { fileRequestUrl, requestDetailUrl } from '../../lib/request-routes';
import type { MyRequestsOutput, PublicRequestRow } from '../../../types/requests';
import { useRequestPage } from './use-request-page';
import './requests.css';

const navigate = (url: string) => void Taro.navigateTo({ url });

type Tab = 'mine' | 'public';
type PublicState = { status: 'idle' | 'loading' } | { status: 'ready'; rows: PublicRequestRow[]; next: string | null; more: boolean } | { status: 'error'; message: string };

/**
 * 我的诉求 (packages/requests): my requests, newest first, each with who holds it and until when; and 小区公开诉求,
 * the other residents' public requests, to open and co-sign (附议).
 */
export default function MyRequestsPage() {
  const { state, reload } = useRequestPage<MyRequestsOutput>((current) => api.requests.myRequests({ estateId: current.estate.estateId }));
  const [tab, setTab] = useState<Tab>('mine');
  const [pub, setPub] = useState<PublicState>({ status: 'idle' });
  // back from a request (rated, withdrawn, co-signed) or from 提交诉求: the lists may have changed
  const [shown, setShown] = useState(false);
  useDidShow(() => {
    if (shown) {
      void reload(true);
      if (tab === 'public') void loadPublic(false);
    }
    setShown(true);
  });

  const estateId = state.status === 'ready' ? state.current.estate.estateId : null;
  const loadPublic = async (more: boolean) => {
    if (!estateId) return;
    const cursor = more && pub.status === 'ready' ? pub.next ?? undefined : undefined;
    if (more && pub.status === 'ready') setPub({ ...pub, more: true });
    else setPub({ status: 'loading' });
    const res = await api.requests.publicRequests({ estateId, ...(cursor ? { cursor } : {}) });
    if (!res.ok) return setPub({ status: 'error', message: res.error.message });
    setPub((prev) => ({ status: 'ready', rows: more && prev.status === 'ready' ? [...prev.rows, ...res.data.requests] : res.data.requests, next: res.data.next, more: false }));
  };
  const switchTo = (t: Tab) => {
    setTab(t);
    if (t === 'public' && pub.status !== 'ready') void loadPublic(false);
  };

  return (
    <PageRoot className='page my-requests-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void reload()} />}
      {state.status === 'ready' && (
        <View>
          <Card title={`${state.current.estate.name} · ${REQUEST_TEXT.mineTitle}`} className='my-requests-head'>
            <View className='choice-pills request-tabs' role='tablist'>
              {(['mine', 'public'] as const).map((t) => (
                <Text key={t} className={`choice-pill request-tab tab-${t}${tab === t ? ' chosen' : ''}`} {...asChoice('tab', tab === t)} onClick={() => switchTo(t)}>
                  {t === 'mine' ? REQUEST_TEXT.mineTitle : REQUEST_TEXT.publicTab}
                </Text>
              ))}
            </View>
            {(tab === 'public' || state.data.requests.length > 0) && <FileButton estateId={state.current.estate.estateId} />}
          </Card>
          {tab === 'mine' &&
            (state.data.requests.length === 0 ? (
              <Card className='my-requests-empty'>
                <EmptyState title={REQUEST_TEXT.emptyTitle} hint={REQUEST_TEXT.emptyHint}>
                  <FileButton estateId={state.current.estate.estateId} />
                </EmptyState>
              </Card>
            ) : (
              <Card className='my-requests-list'>
                {state.data.requests.map((r) => (
                  <RequestItem key={r.requestId} className='my-request' row={requestRowView(r)} onOpen={() => navigate(requestDetailUrl(state.current.estate.estateId, r.requestId))} />
                ))}
              </Card>
            ))}
          {tab === 'public' && (
            <Card className='public-requests'>
              <Text className='hint public-requests-hint'>{REQUEST_TEXT.publicHint}</Text>
              {(pub.status === 'loading' || pub.status === 'idle') && <LoadingBlock />}
              {pub.status === 'error' && <Text className='form-error-line'>{pub.message}</Text>}
              {pub.status === 'ready' && pub.rows.length === 0 && <EmptyState title={REQUEST_TEXT.publicEmpty} />}
              {pub.status === 'ready' &&
                pub.rows.map((r) => (
                  <RequestItem key={r.requestId} className='public-request' row={publicRowView(r)} onOpen={() => navigate(requestDetailUrl(state.current.estate.estateId, r.requestId))} />
                ))}
              {pub.status === 'ready' && pub.next && (
                <AppButton kind='secondary' className='more-public-requests' disabled={pub.more} onClick={() => void loadPublic(true)}>
                  {REQUEST_TEXT.loadMore}
                </AppButton>
              )}
            </Card>
          )}
        </View>
      )}
    </PageRoot>
  );
}

function RequestItem({ row, className, onOpen }: { row: RequestRowView | PublicRowView; className: string; onOpen: () => void }) {
  return (
    <View className={`list-row list-row-tappable ${className}`} {...asButton()} onClick={onOpen}>
      <View className='row-head'>
        <Text className='row-title my-request-title'>{row.title}</Text>
        <StatusChip tone={row.tone} className='my-request-status'>
          {row.statusLabel}
        </StatusChip>
        <Text className='chevron'>›</Text>
      </View>
      {'summary' in row && <Text className='public-request-summary'>{row.summary}</Text>}
      {row.holder && <Text className='my-request-holder'>{row.holder}</Text>}
      {'coSign' in row && row.coSign && <Text className='public-request-cosign'>{row.coSign}</Text>}
      <Text className='my-request-filed text-secondary'>{row.filed}</Text>
    </View>
  );
}

function FileButton({ estateId }: { estateId: string }) {
  return (
    <AppButton kind='primary' className='go-file-request' onClick={() => navigate(fileRequestUrl(estateId))}>
      {REQUEST_TEXT.fileButton}
    </AppButton>
  );
}
