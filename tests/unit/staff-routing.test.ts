import { defaultRoutingTable, validateRoutingTable } from '../../server/core/requests/routing';
import { ladderRows, routingEditInit, routingEditReducer, routingRows, routingSaveInput, versionLine } from '../../src/lib/staff-routing';
import type { RoutingTableOutput } from '../../types/requests';

const data = (versionNo = 0): RoutingTableOutput => ({
  current: { ...defaultRoutingTable(), versionNo, updatedAt: '2026-12-03T02:00:00.000Z', updatedBy: versionNo ? '吴*' : null, note: versionNo ? '噪音先由物业处理' : null },
  canEdit: true,
});

describe('staff routing page state', () => {
  it('edits one row, needs a note, and saves from the version it opened', () => {
    let s = routingEditInit(data(3));
    expect(routingSaveInput('hemu', s)).toBeNull();
    s = routingEditReducer(s, { type: 'setRule', org: 'property' }); // nothing is being edited
    expect(s.changed).toBe(false);
    s = routingEditReducer(s, { type: 'edit', category: 'noise', location: 'public' });
    s = routingEditReducer(s, { type: 'setRule', org: 'property', respondHours: 12 });
    s = routingEditReducer(s, { type: 'done' });
    expect(routingSaveInput('hemu', s)).toBeNull();
    s = routingEditReducer(s, { type: 'note', note: '  噪音先由物业处理 ' });
    const input = routingSaveInput('hemu', s)!;
    expect(input).toMatchObject({ estateId: 'hemu', baseVersionNo: 3, note: '噪音先由物业处理' });
    expect(input.table.rules.find((r) => r.category === 'noise' && r.location === 'public')).toMatchObject({ org: 'property', respondHours: 12, resolveHours: 120 });
    expect(validateRoutingTable(input.table)).toBeNull();
    // the data it came from is untouched
    expect(data(3).current.rules.find((r) => r.category === 'noise' && r.location === 'public')?.org).toBe('grid');
  });

  it('words the rows, the ladder and the version', () => {
    const rows = routingRows(defaultRoutingTable());
    expect(rows).toHaveLength(30);
    expect(rows.find((r) => r.key === 'noise|public')).toMatchObject({ title: '噪音扰民 · 公共区域', org: '网格员', limits: '响应 24 小时，解决 120 小时' });
    expect(ladderRows(defaultRoutingTable())[0]).toBe('网格员 → 居委会：响应 24 小时，解决 120 小时');
    expect(ladderRows(defaultRoutingTable()).at(-1)).toBe('街道（最高一级）：响应 24 小时，解决 168 小时');
    expect(versionLine(data(0), (t) => t)).toBe('第 0 版（默认规则，尚未修改）');
    expect(versionLine(data(2), () => '12月3日 10:00')).toBe('第 2 版 · 吴* · 12月3日 10:00 · 噪音先由物业处理');
  });
});
