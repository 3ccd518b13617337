import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { api } from '../../api/client';
import { Card, ProgressBar } from '../../components/ui';
import { TURNOUT_LINE, TURNOUT_TEXT, turnoutView, type TurnoutBars, type TurnoutView } from '../../lib/vote-turnout';

/** 表决进度: estate and per-building bars against the 2/3 line (shown while a topic is in voting). */
export function TurnoutPanel({ estateId, topicId, scopeLabel, refreshKey }: { estateId: string; topicId: string; scopeLabel: string; refreshKey?: unknown }) {
  const [view, setView] = useState<TurnoutView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.voting.turnout({ estateId, topicId }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setView(turnoutView(r.data, scopeLabel));
        setError(null);
      } else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [estateId, topicId, scopeLabel, refreshKey]);

  if (!view && !error) return null;
  return (
    <Card title={TURNOUT_TEXT.title} className='turnout-panel'>
      {error && <Text className='hint turnout-error'>{error}</Text>}
      {view && (
        <View>
          <Text className='turnout-hint'>{TURNOUT_TEXT.hint}</Text>
          <Bars bars={view.estate} className='turnout-estate' />
          {view.buildings.length > 1 && (
            <View className='turnout-buildings'>
              <Text className='turnout-subtitle'>{TURNOUT_TEXT.byBuilding}</Text>
              {view.buildings.map((b) => (
                <Bars key={b.label} bars={b} className='turnout-building' />
              ))}
            </View>
          )}
        </View>
      )}
    </Card>
  );
}

function Bars({ bars, className }: { bars: TurnoutBars; className: string }) {
  return (
    <View className={`turnout-bars ${className}${bars.reached ? ' is-reached' : ''}`}>
      <Text className='turnout-label'>{bars.label}</Text>
      <Text className='turnout-summary'>{bars.summary}</Text>
      <ProgressBar className='turnout-area' caption={TURNOUT_TEXT.area} value={bars.area.value} total={bars.area.total} threshold={TURNOUT_LINE} />
      <ProgressBar className='turnout-headcount' caption={TURNOUT_TEXT.headcount} value={bars.headcount.value} total={bars.headcount.total} threshold={TURNOUT_LINE} />
    </View>
  );
}
