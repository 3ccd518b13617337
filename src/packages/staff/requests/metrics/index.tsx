import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { api } from '../../../../api/client';
import { MessagesEntry } from '../../../../components/messages-entry';
import { PageRoot } from '../../../../components/page-root';
import { BlockedBlock, EmptyState, LoadingBlock } from '../../../../components/page-states';
import { AppButton, asChoice, Card, WhyDisclosure } from '../../../../components/ui';
import { METRICS_TEXT, metricDefinitions, monthChoices, orgMetricsView } from '../../../../lib/request-metrics-view';
import { saveCsv } from '../../../../platform/files';
import type { RequestMetricsOutput } from '../../../../../types/requests';
import { useStaffPage } from '../../use-staff-page';
import '../../staff.css';
import './index.css';

/** 诉求统计 (packages/staff/requests/metrics): each handler organisation's figures for a month, the ranking, the CSV export. */
export default function RequestMetricsPage() {
  const months = useRef(monthChoices(Date.now())).current;
  const [month, setMonth] = useState(months[0].value);
  const { state, reload } = useStaffPage<RequestMetricsOutput>((estateId) => api.requests.requestMetrics({ estateId, month }));
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [month]);
  const [exporting, setExporting] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const exportCsv = async (estateId: string) => {
    if (exporting) return;
    setExporting(true);
    setMessage(null);
    const r = await api.requests.exportRequestMetrics({ estateId, month });
    const problem = r.ok ? await saveCsv(r.data.fileName, r.data.contentBase64) : r.error.message;
    setExporting(false);
    setMessage(problem ?? METRICS_TEXT.exported);
  };

  return (
    <PageRoot className='page request-metrics-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void reload()} />}
      {state.status === 'ready' && (
        <View>
          <Card title={`${state.context.estateName} · ${METRICS_TEXT.title}`}>
            <Text className='metrics-label'>{METRICS_TEXT.month}</Text>
            <View className='choice-pills metrics-months' role='radiogroup'>
              {months.slice(0, 6).map((m) => (
                <Text key={m.value} className={`choice-pill metrics-month month-${m.value}${month === m.value ? ' chosen' : ''}`} {...asChoice('radio', month === m.value)} onClick={() => setMonth(m.value)}>
                  {m.label}
                </Text>
              ))}
            </View>
            <WhyDisclosure label={METRICS_TEXT.explain} className='metrics-explain'>
              {metricDefinitions().map((d) => (
                <View key={d.label} className='metrics-definition'>
                  <Text className='metrics-definition-label'>{d.label}</Text>
                  <Text className='metrics-definition-text'>{d.text}</Text>
                </View>
              ))}
            </WhyDisclosure>
            <AppButton kind='secondary' className='metrics-export' disabled={exporting} onClick={() => void exportCsv(state.context.estateId)}>
              {exporting ? METRICS_TEXT.exporting : METRICS_TEXT.export}
            </AppButton>
            {message && (
              <Text className='metrics-message' {...{ role: 'status' }}>
                {message}
              </Text>
            )}
          </Card>
          {state.data.rows.every((r) => r.figures.filed === 0) && <EmptyState title={METRICS_TEXT.empty} />}
          {state.data.rows.map((row) => {
            const v = orgMetricsView(row);
            return (
              <Card key={v.org} className={`metrics-org org-${v.org}${v.ranked ? '' : ' unranked'}`}>
                <View className='metrics-org-head'>
                  <Text className='metrics-rank'>{v.rank}</Text>
                  <Text className='metrics-org-name'>{v.orgLabel}</Text>
                  <Text className='metrics-filed'>{v.filed}</Text>
                </View>
                {v.ranked && (
                  <View className='metrics-lines'>
                    {v.lines.map((l) => (
                      <View key={l.key} className={`metrics-line line-${l.key}`}>
                        <Text className='metrics-line-label'>{l.label}</Text>
                        <Text className='metrics-line-value'>
                          {l.value}
                          {l.detail ? <Text className='metrics-line-detail'>（{l.detail}）</Text> : null}
                        </Text>
                      </View>
                    ))}
                  </View>
                )}
              </Card>
            );
          })}
        </View>
      )}
    </PageRoot>
  );
}
