/** The staff request pages' view logic: which queues a role may open, the queue reducer, rows; the metrics board's months and figures. */
import { defaultOrg, initialQueueState, queueKey, queueOrgs, queueReducer, queueRowView } from '../../src/lib/request-queue';
import { monthChoices, orgMetricsView } from '../../src/lib/request-metrics-view';
import { ROUTES, workbenchEntries } from '../../src/lib/workbench';
import type { RequestRow } from '../../types/requests';

describe('诉求工作台', () => {
  it('own queue for handler roles; every queue for community and sub-district staff; none for residents', () => {
    expect(queueOrgs(['grid_worker'])).toEqual(['grid']);
    expect(queueOrgs(['property_manager'])).toEqual(['property']);
    expect(queueOrgs(['committee_member', 'owner'])).toEqual(['committee']);
    expect(queueOrgs(['community_staff'])).toEqual(['property', 'grid', 'community', 'committee', 'subdistrict']);
    expect(queueOrgs(['owner'])).toEqual([]);
    expect(defaultOrg(['community_staff'])).toBe('community');
    expect(defaultOrg(['subdistrict_staff'])).toBe('subdistrict');
    expect(defaultOrg(['resident'])).toBeNull();
  });

  it('the reducer keeps the answer for the current choice only', () => {
    let s = queueReducer(initialQueueState, { type: 'start', roles: ['community_staff'] });
    expect(queueKey(s)).toBe('community:mine');
    s = queueReducer(s, { type: 'loading', key: 'community:mine' });
    s = queueReducer(s, { type: 'pickOrg', org: 'grid' });
    s = queueReducer(s, { type: 'loaded', key: 'community:mine', requests: [] });
    expect(s.rows.status).toBe('idle');
    s = queueReducer(s, { type: 'loading', key: 'grid:mine' });
    s = queueReducer(s, { type: 'pickView', view: 'overdue' });
    s = queueReducer(s, { type: 'loading', key: 'grid:overdue' });
    s = queueReducer(s, { type: 'failed', key: 'grid:mine', message: 'x' });
    expect(s.rows.status).toBe('loading');
    s = queueReducer(s, { type: 'loaded', key: 'grid:overdue', requests: [] });
    expect(s.rows).toEqual({ status: 'ready', requests: [] });
  });

  it('a row: category, status, the limit owed in Shanghai time, overdue, the detail link', () => {
    const row: RequestRow = { requestId: 'req_1', category: 'noise', status: 'dispatched', holder: 'grid', filedAt: '2026-11-23T02:00:00.000Z', respondBy: '2026-11-24T02:00:00.000Z', resolveBy: '2026-11-28T02:00:00.000Z', coSignCount: 0 } as RequestRow;
    const v = queueRowView('hemu', row, Date.parse('2026-11-24T01:00:00.000Z'));
    expect(v).toMatchObject({ title: '噪音扰民', statusLabel: '已派单', deadline: '答复期限 11月24日 10:00', overdue: false, url: '/packages/requests/detail/index?estateId=hemu&requestId=req_1' });
    expect(queueRowView('hemu', row, Date.parse('2026-11-24T02:00:00.000Z')).overdue).toBe(true);
    expect(queueRowView('hemu', { ...row, status: 'contacted' }, 0).deadline).toBe('办结期限 11月28日 10:00');
    expect(queueRowView('hemu', { ...row, status: 'handled' }, 0)).toMatchObject({ deadline: null, overdue: false });
  });
});

describe('诉求统计', () => {
  it('months: this month first in Shanghai time, across the year boundary', () => {
    // 2027-01-01 00:30 in Beijing is still 2026-12-31 in UTC
    const m = monthChoices(Date.parse('2026-12-31T16:30:00.000Z'), 3);
    expect(m).toEqual([
      { value: '2027-01', label: '2027年1月' },
      { value: '2026-12', label: '2026年12月' },
      { value: '2026-11', label: '2026年11月' },
    ]);
  });

  it('figures: rates as % with the fraction, 0 of 0 as —, medians in hours, counts', () => {
    const v = orgMetricsView({
      org: 'committee',
      rank: 5,
      figures: {
        filed: 1,
        responseRate: { numerator: 2, denominator: 3 },
        resolutionRate: { numerator: 0, denominator: 1 },
        satisfactionRate: { numerator: 0, denominator: 0 },
        medianResponseMinutes: 100,
        medianResolutionMinutes: null,
        overdueCount: 1,
        reopenCount: 2,
      },
    });
    expect(v.orgLabel).toBe('业委会');
    expect(v.rank).toBe('第 5 名');
    expect(v.lines.map((l) => [l.label, l.value, l.detail])).toEqual([
      ['响应率', '66.7%', '2/3 件'],
      ['解决率', '0.0%', '0/1 件'],
      ['满意率', '—', '0/0 件'],
      ['响应时长中位数', '1.7 小时', undefined],
      ['解决时长中位数', '—', undefined],
      ['超时件数', '1 件', undefined],
      ['重办次数', '2 次', undefined],
    ]);
  });
});

describe('workbench entries', () => {
  const keys = (roles: Parameters<typeof workbenchEntries>[0]) => workbenchEntries(roles, 'hemu').map((e) => e.key);
  it('诉求工作台 for every handler organisation; 诉求统计 for community and sub-district staff', () => {
    expect(keys(['grid_worker'])).toEqual(['requestQueue']);
    expect(keys(['property_manager'])).toEqual(['requestQueue']);
    expect(keys(['committee_member'])).toContain('requestQueue');
    expect(keys(['community_staff'])).toEqual(expect.arrayContaining(['requestQueue', 'requestMetrics']));
    expect(keys(['subdistrict_staff'])).toEqual(expect.arrayContaining(['requestQueue', 'requestMetrics']));
    expect(keys(['owner'])).toEqual([]);
    expect(workbenchEntries(['grid_worker'], 'hemu')[0].url).toBe(`${ROUTES.staffRequestQueue}?estateId=hemu`);
  });
});
