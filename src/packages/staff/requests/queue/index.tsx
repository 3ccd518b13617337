import { useCallback, useEffect, useReducer } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api } from '../../../../api/client';
import { MessagesEntry } from '../../../../components/messages-entry';
import { PageRoot } from '../../../../components/page-root';
import { BlockedBlock, EmptyState, ErrorState, LoadingBlock } from '../../../../components/page-states';
import { asChoice, Card, ListRow, StatusChip } from '../../../../components/ui';
import { initialQueueState, orgChoices, QUEUE_TEXT, queueKey, queueReducer, queueRowView, queueTabs } from '../../../../lib/request-queue';
import type { PageContext } from '../../../../lib/page-access';
import { useStaffPage } from '../../use-staff-page';
import '../../staff.css';
import './index.css';

/** 诉求工作台 (packages/staff/requests/queue): 我的待办 / 已超时 / 今日到期 of one handler organisation; staff pick which. */
export default function WorkQueuePage() {
  // the page context (estate, roles) only: the queue loads by the reducer's choice below
  const { state: page, reload } = useStaffPage<PageContext>(async (_estateId, context) => ({ ok: true, data: context }));
  const [s, dispatch] = useReducer(queueReducer, initialQueueState);
  const ready = page.status === 'ready' ? page.context : null;

  useEffect(() => {
    if (ready) dispatch({ type: 'start', roles: ready.roles });
  }, [ready]);

  const load = useCallback(async () => {
    if (!ready || !s.org) return;
    const key = queueKey(s);
    dispatch({ type: 'loading', key });
    const r = await api.requests.workQueue({ estateId: ready.estateId, org: s.org, view: s.view });
    if (r.ok) dispatch({ type: 'loaded', key, requests: r.data.requests });
    else dispatch({ type: 'failed', key, message: r.error.message });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, s.org, s.view]);

  useEffect(() => {
    if (s.rows.status === 'idle') void load();
  }, [s.rows.status, load]);

  // back from a request's page: read the queue again (a step may have moved it out)
  useDidShow(() => {
    if (s.rows.status === 'ready') void load();
  });

  const orgs = ready ? orgChoices(ready.roles) : [];
  const now = Date.now();
  return (
    <PageRoot className='page request-queue-page'>
      <MessagesEntry />
      {page.status === 'loading' && <LoadingBlock />}
      {page.status === 'blocked' && <BlockedBlock view={page.view} onRetry={() => void reload()} />}
      {ready && (
        <View>
          <Card title={`${ready.estateName} · ${QUEUE_TEXT.title}`}>
            {orgs.length > 1 && (
              <View className='queue-orgs'>
                <Text className='queue-label'>{QUEUE_TEXT.orgPicker}</Text>
                <View className='choice-pills' role='radiogroup'>
                  {orgs.map((o) => (
                    <Text key={o.org} className={`choice-pill queue-org org-${o.org}${s.org === o.org ? ' chosen' : ''}`} {...asChoice('radio', s.org === o.org)} onClick={() => dispatch({ type: 'pickOrg', org: o.org })}>
                      {o.label}
                    </Text>
                  ))}
                </View>
              </View>
            )}
            <View className='choice-pills queue-tabs' role='tablist'>
              {queueTabs.map((t) => (
                <Text key={t.view} className={`choice-pill queue-tab tab-${t.view}${s.view === t.view ? ' chosen' : ''}`} {...asChoice('tab', s.view === t.view)} onClick={() => dispatch({ type: 'pickView', view: t.view })}>
                  {t.label}
                </Text>
              ))}
            </View>
          </Card>
          {(s.rows.status === 'loading' || s.rows.status === 'idle') && <LoadingBlock />}
          {s.rows.status === 'error' && <ErrorState message={s.rows.message} onRetry={() => void load()} />}
          {s.rows.status === 'ready' && s.rows.requests.length === 0 && <EmptyState title={QUEUE_TEXT.empty[s.view]} hint={QUEUE_TEXT.emptyHint} />}
          {s.rows.status === 'ready' && s.rows.requests.length > 0 && (
            <Card className='queue-list'>
              {s.rows.requests.map((r) => {
                const v = queueRowView(ready.estateId, r, now);
                return (
                  <ListRow
                    key={v.requestId}
                    className={`queue-row${v.overdue ? ' is-overdue' : ''}`}
                    title={v.title}
                    trailing={<StatusChip tone={v.tone}>{v.statusLabel}</StatusChip>}
                    onClick={() => void Taro.navigateTo({ url: v.url })}
                  >
                    {v.deadline && (
                      <Text className={`queue-deadline${v.overdue ? ' overdue' : ''}`}>
                        {v.overdue ? `⚠ ${QUEUE_TEXT.overdue} · ` : ''}
                        {v.deadline}
                      </Text>
                    )}
                    <Text className='queue-filed text-secondary'>{v.filed}</Text>
                  </ListRow>
                );
              })}
            </Card>
          )}
        </View>
      )}
    </PageRoot>
  );
}
