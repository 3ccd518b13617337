import { createHmac } from 'node:crypto';
import { ROSTER_COLUMNS } from '../../types/identity';
import {
  centiText,
  checkIdNumber,
  diffRosters,
  idCheckChar,
  naturalCompare,
  normalizePhone,
  parseAreaCenti,
  parseRoster,
  ROSTER_MAX_ERRORS,
  ROSTER_MAX_ROWS,
  ROSTER_TEMPLATE_EXAMPLES,
  rosterFigures,
  type CellProblem,
  type SnapshotUnit,
} from '../../server/core/identity/roster-import';
import { rosterTotals } from '../../server/core/identity/headcount';
import { buildDemoRoster } from '../../server/seed/demo-estate';
import { demoRosterRows } from '../../server/seed/demo-roster-file';

const KEY = 'unit-test-key-0123456789';
const hash = (purpose: string, value: string) => createHmac('sha256', KEY).update(`${purpose}\u0000${value}`).digest('hex');
const HEADER = ROSTER_COLUMNS.map((c) => c.header);

/** A valid synthetic ID number for a serial. */
function id(serial: number): string {
  const body = `3301061990${String((serial % 12) + 1).padStart(2, '0')}${String((serial % 28) + 1).padStart(2, '0')}${String(serial % 1000).padStart(3, '0')}`;
  return body + idCheckChar(body);
}
const phone = (serial: number) => `138${String(serial).padStart(8, '0')}`;
/** building, entrance, room, area, name, id, phone, certificate, developer */
const row = (b: string, e: string, r: string, area: string, name = '', idNo = '', ph = '', cert = '', dev = '') => [b, e, r, area, name, idNo, ph, cert, dev];
const owner = (b: string, e: string, r: string, area: string, n: number, name = `业主${'甲乙丙丁戊己庚辛壬癸'[n % 10]}`) =>
  row(b, e, r, area, name, id(n), phone(n));

function parse(rows: string[][], cellProblems?: CellProblem[]) {
  return parseRoster([HEADER, ...rows], hash, { cellProblems });
}
function errorsOf(rows: string[][]) {
  const r = parse(rows);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}
function okOf(rows: string[][]) {
  const r = parse(rows);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.roster;
}

describe('registry area: exact decimal text to 0.01 m² integers, never floats', () => {
  it.each([
    ['89.5', 8950],
    ['89.52', 8952],
    ['89', 8900],
    ['0.01', 1],
    ['99999.99', 9999999],
    [' 120.1 ', 12010],
    ['０８９．５２', 8952], // full-width digits and point
    ['89.50', 8950],
  ])('"%s" → %i', (text, centi) => {
    expect(parseAreaCenti(text)).toEqual({ ok: true, value: centi });
  });

  it.each([
    ['89.525', '最多保留两位小数'],
    ['1e3', '应为数字'],
    ['89.', '应为数字'],
    ['.5', '应为数字'],
    ['-3', '应为数字'],
    ['1,234.50', '千位分隔符'],
    ['89.52㎡', '不要带单位'],
    ['0', '必须大于 0'],
    ['0.00', '必须大于 0'],
    ['100000', '应小于 100000'],
    ['abc', '应为数字'],
    ['NaN', '应为数字'],
    ['Infinity', '应为数字'],
  ])('refuses "%s" (%s)', (text, reason) => {
    const r = parseAreaCenti(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('formats back exactly', () => {
    expect(centiText(8952)).toBe('89.52');
    expect(centiText(8950)).toBe('89.50');
    expect(centiText(1)).toBe('0.01');
  });
});

describe('ID numbers (GB 11643) and phones', () => {
  it('accepts a valid ID, trims and upper-cases a final x', () => {
    // 11010519491231002X is the well-known specimen with check character X
    expect(checkIdNumber(' 11010519491231002x ')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(checkIdNumber(id(7))).toEqual({ ok: true, value: id(7) });
  });

  it('refuses a wrong check digit, 15-digit IDs, scientific notation and junk with distinct reasons', () => {
    const good = id(7);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(checkIdNumber(bad)).toMatchObject({ ok: false, reason: expect.stringContaining('校验位') });
    expect(checkIdNumber('110105491231002')).toMatchObject({ ok: false, reason: expect.stringContaining('18 位') });
    expect(checkIdNumber('1.10105E+17')).toMatchObject({ ok: false, reason: expect.stringContaining('科学计数法') });
    expect(checkIdNumber('11010519491231002Y')).toMatchObject({ ok: false, reason: expect.stringContaining('18 位') });
  });

  it('normalises mainland mobile numbers and refuses others', () => {
    expect(normalizePhone('138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('12812345678')).toBeNull();
    expect(normalizePhone('010-12345678')).toBeNull();
    expect(normalizePhone('1381234567')).toBeNull();
  });
});

describe('parseRoster: header', () => {
  it('accepts the exact header, full-width parentheses, m² spelled out and extra empty trailing columns', () => {
    const rows = [owner('1', '1', '101', '89.52', 1)];
    expect(parseRoster([HEADER, ...rows], hash).ok).toBe(true);
    const loose = HEADER.map((h) => h.replace('(㎡)', '（m²）'));
    expect(parseRoster([[...loose, '', ''], ...rows], hash).ok).toBe(true);
  });

  it('names a missing column, a renamed column, a moved column and an extra column', () => {
    const missing = parseRoster([HEADER.slice(0, 8), row('1', '1', '101', '89.52')], hash);
    expect(missing).toMatchObject({ ok: false, errors: [{ row: 1, column: '开发商持有', reason: expect.stringContaining('缺少“开发商持有”列') }] });

    const renamed: string[] = [...HEADER];
    renamed[3] = '面积';
    const r = parseRoster([renamed, owner('1', '1', '101', '89.52', 1)], hash);
    expect(r).toMatchObject({ ok: false, errors: [{ row: 1, column: '登记面积(㎡)', reason: expect.stringContaining('现在是“面积”') }] });

    const swapped: string[] = [...HEADER];
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    expect(parseRoster([swapped, owner('1', '1', '101', '89.52', 1)], hash)).toMatchObject({
      ok: false,
      errors: [
        { row: 1, column: '单元', reason: '列的顺序与模板不同：第 2 列应为“单元”，现在是“房号”，请按模板的列顺序排列' },
        { row: 1, column: '房号', reason: expect.stringContaining('第 3 列应为“房号”') },
      ],
    });

    const extra = parseRoster([[...HEADER, '备注'], owner('1', '1', '101', '89.52', 1)], hash);
    expect(extra).toMatchObject({ ok: false, errors: [{ row: 1, column: '备注', reason: expect.stringContaining('不是名册模板中的列') }] });

    const blankHeader = parseRoster([[], owner('1', '1', '101', '89.52', 1)], hash);
    expect(blankHeader).toMatchObject({ ok: false, errors: [{ row: 1, column: '', reason: expect.stringContaining('第 1 行应为表头') }] });
  });

  it('refuses a file with no data rows, and one over the row cap', () => {
    expect(parseRoster([HEADER, [], ['', ' ']], hash)).toEqual({ ok: false, rowCount: 0, errors: [{ row: 2, column: '', reason: expect.stringContaining('没有任何数据行') }] });
    const many = Array.from({ length: ROSTER_MAX_ROWS + 1 }, (_, i) => owner('1', '1', String(i + 1), '50', i + 1));
    const r = parse(many);
    expect(r).toMatchObject({ ok: false, rowCount: ROSTER_MAX_ROWS + 1, errors: [{ row: ROSTER_MAX_ROWS + 2, reason: expect.stringContaining('最多 20000 行') }] });
  });
});

describe('parseRoster: rows', () => {
  it('reads owners, co-owners, multi-unit owners and developer units; ignores blank lines; numbers rows like the sheet', () => {
    const roster = okOf([
      owner('1', '1', '101', '89.52', 1),
      owner('1', '1', '101', '89.52', 2), // co-owner
      [],
      owner('1号楼', '2单元', '201', '120.1', 1), // same person, another unit; suffixes are dropped
      row('2', '', 'B301', '60', '', '', '', '', '是'),
      row('2', '', 'b302', '60', '', '', '', '', 'Y'),
    ]);
    expect(roster.rowCount).toBe(5);
    expect(roster.units.map((u) => [u.ref, u.areaCenti, u.ownerKeys.length, u.developerHeld])).toEqual([
      ['1-1-101', 8952, 2, false],
      ['1-2-201', 12010, 1, false],
      ['2--B301', 6000, 0, true],
      ['2--B302', 6000, 0, true],
    ]);
    expect(roster.owners).toHaveLength(2);
    const p1 = hash('person-id', id(1));
    expect(roster.units[0].ownerKeys).toEqual([p1, hash('person-id', id(2))]);
    expect(roster.units[1].ownerKeys).toEqual([p1]);
    const o1 = roster.owners.find((o) => o.personKey === p1)!;
    expect(o1).toEqual({
      personKey: p1,
      nameMasked: expect.stringMatching(/^业\*+/),
      nameHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      idLast4: id(1).slice(-4),
      phoneHash: hash('phone', phone(1)),
      phoneMasked: `138****${phone(1).slice(-4)}`,
    });
    // nothing in the parsed roster holds an ID number, phone or full name in clear
    const text = JSON.stringify(roster);
    expect(text).not.toContain(id(1));
    expect(text).not.toContain(phone(1));
    // Art. 9: the co-owned unit and the sole unit of one co-owner are different buyers; developer units are one head
    const figures = rosterFigures(roster.units, (u) => `e:${u.ref}`);
    expect(figures.totals).toEqual({ unitCount: 4, areaCenti: 8952 + 12010 + 6000 + 6000, headcount: 3 });
  });

  it('reports each bad cell with its row, column header and a Chinese reason', () => {
    const errors = errorsOf([
      owner('1', '1', '101', '89.525', 1), // row 2
      row('', '1', '102', '89.52', '张三丰', id(2), phone(2)), // row 3: no building
      row('1', '1', '1-03', '89.52', '张三丰', id(3), phone(3)), // row 4: bad room
      row('1', '1', '104', '89.52', '张', id(4), phone(4)), // row 5: name too short
      row('1', '1', '105', '89.52', '张三丰', id(5).slice(0, 17) + 'Y', phone(5)), // row 6
      row('1', '1', '106', '89.52', '张三丰', id(6), '1234'), // row 7
      row('1', '1', '107', '89.52', '张三丰', id(7), phone(7), '', '也许'), // row 8
      row('1', '1', '108', '89.52', '', '', ''), // row 9: owner missing, not developer
    ]);
    expect(errors).toEqual([
      { row: 2, column: '登记面积(㎡)', reason: expect.stringContaining('两位小数') },
      { row: 3, column: '楼栋', reason: '楼栋不能为空' },
      { row: 4, column: '房号', reason: expect.stringContaining('房号只填数字或字母') },
      { row: 5, column: '业主姓名', reason: '业主姓名应为 2–30 个字' },
      { row: 6, column: '身份证号', reason: expect.stringContaining('18 位') },
      { row: 7, column: '手机号', reason: expect.stringContaining('11 位') },
      { row: 8, column: '开发商持有', reason: expect.stringContaining('“是”或“否”') },
      { row: 9, column: '业主姓名', reason: expect.stringContaining('不能为空') },
      { row: 9, column: '身份证号', reason: '身份证号不能为空' },
      { row: 9, column: '手机号', reason: '手机号不能为空' },
    ]);
  });

  it('requires developer units to carry no owner, and refuses a second row for one', () => {
    expect(okOf([row('3', '2', '901', '100', '', '', '', '京(2020)不动产权第1号', '是')]).units[0].certificateKeys).toHaveLength(1);
    const errors = errorsOf([
      row('3', '2', '901', '100', '王五', id(9), phone(9), '', '是'), // row 2
      row('3', '2', '902', '100', '', '', '', '', '是'), // row 3
      row('3', '2', '902', '100', '', '', '', '', '是'), // row 4
    ]);
    expect(errors).toEqual([
      { row: 2, column: '业主姓名', reason: expect.stringContaining('开发商持有的房屋不填写业主姓名') },
      { row: 2, column: '身份证号', reason: expect.stringContaining('不填写身份证号') },
      { row: 2, column: '手机号', reason: expect.stringContaining('不填写手机号') },
      { row: 4, column: '', reason: expect.stringContaining('开发商持有的房屋只填一行') },
    ]);
  });

  it('makes co-owner rows agree on area and developer flag, and refuses the same ID twice in one unit', () => {
    const errors = errorsOf([
      owner('1', '1', '101', '89.52', 1), // row 2
      owner('1', '1', '101', '90', 2), // row 3: area differs
      owner('1', '1', '101', '89.52', 1), // row 4: same person again
      row('1', '1', '101', '89.52', '', '', '', '', '是'), // row 5: developer flag differs
    ]);
    expect(errors).toEqual([
      { row: 3, column: '登记面积(㎡)', reason: '同一房屋在第 2 行的面积是 89.52，这里是 90.00；共有人各行的面积必须相同' },
      { row: 4, column: '身份证号', reason: expect.stringContaining('第 2 行已经出现过') },
      { row: 5, column: '开发商持有', reason: expect.stringContaining('第 2 行的“开发商持有”是“否”') },
    ]);
  });

  it('lets one ID own several units only under one name and one phone', () => {
    expect(okOf([owner('1', '1', '101', '80', 1, '陈志强'), owner('2', '1', '301', '80', 1, '陈志强')]).owners).toHaveLength(1);
    const errors = errorsOf([
      owner('1', '1', '101', '80', 1, '陈志强'),
      owner('2', '1', '301', '80', 1, '陈智强'),
      row('3', '1', '501', '80', '陈志强', id(1), phone(99)),
    ]);
    expect(errors).toEqual([
      { row: 3, column: '业主姓名', reason: expect.stringContaining('与第 2 行身份证号相同但姓名不同') },
      { row: 4, column: '手机号', reason: expect.stringContaining('与第 2 行身份证号相同但手机号不同') },
    ]);
    // the error text never repeats a name, ID number or phone
    expect(JSON.stringify(errors)).not.toMatch(/陈|\d{11}/);
  });

  it('refuses the template example rows left in the file', () => {
    const errors = errorsOf(ROSTER_TEMPLATE_EXAMPLES);
    expect(errors.map((e) => [e.row, e.reason])).toEqual([
      [2, '这是名册模板中的示例行，请删除后再导入'],
      [3, '这是名册模板中的示例行，请删除后再导入'],
      [4, '这是名册模板中的示例行，请删除后再导入'],
    ]);
  });

  it('reports cells the reader could not read instead of checking them, and text right of the header', () => {
    const errors = parse(
      [owner('1', '1', '101', '89.52', 1), [...owner('1', '1', '102', '80', 2), '', '备注写在这里']],
      [{ row: 2, col: 2, reason: 'Excel 把这一格当成了日期' }],
    );
    expect(errors).toEqual({
      ok: false,
      rowCount: 2,
      errors: [
        { row: 2, column: '房号', reason: 'Excel 把这一格当成了日期' },
        { row: 3, column: '', reason: expect.stringContaining('第 11 列没有表头却填了内容') },
      ],
    });
  });

  it('lists at most ROSTER_MAX_ERRORS errors and says how many more there are', () => {
    const rows = Array.from({ length: 300 }, (_, i) => row('1', '1', String(i + 1), 'x', '', '', '', '', '是'));
    const errors = errorsOf(rows);
    expect(errors).toHaveLength(ROSTER_MAX_ERRORS + 1);
    expect(errors[ROSTER_MAX_ERRORS]).toEqual({ row: ROSTER_MAX_ERRORS + 2, column: '', reason: expect.stringContaining('还有 100 处错误') });
  });

  it('parses the demo roster rows into the demo estate (120 units, 113 heads), with the seed’s person keys', () => {
    const roster = okOf(demoRosterRows().slice(1));
    const demo = buildDemoRoster();
    expect(roster.units).toHaveLength(120);
    expect(rosterFigures(roster.units, (u) => u.ref).totals).toEqual(rosterTotals(demo.units.map((u, i) => ({ unitId: String(i), areaCenti: u.areaCenti, ownerKeys: u.owners, developerHeld: u.developerHeld }))));
    const wang = demo.people.find((p) => p.name === '王建国')!;
    expect(roster.owners.some((o) => o.personKey === hash('person-id', wang.idNumber.toUpperCase()))).toBe(true);
  });
});

describe('diff between roster versions', () => {
  const u = (ref: string, areaCenti: number, ownerKeys: string[], developerHeld = false, certificateKeys: string[] = []): SnapshotUnit => {
    const [building, entrance, room] = ref.split('-');
    return { ref, building, entrance, room, areaCenti, ownerKeys, developerHeld, certificateKeys };
  };
  const label = (x: SnapshotUnit) => `${x.building}号楼${x.entrance}单元${x.room}`;

  it('lists added, removed and changed units in natural order, with what changed in words', () => {
    const before = [u('1-1-101', 8952, ['a']), u('1-1-102', 9000, ['b']), u('1-2-101', 5000, [], true), u('1-10-101', 100, ['c']), u('2-1-101', 100, ['d', 'e'])];
    const after = [
      u('1-1-101', 9000, ['a']),
      u('1-2-101', 5000, ['f']),
      u('1-10-101', 100, ['c'], false, ['cert']),
      u('2-1-101', 100, ['e', 'd']), // same owners, other order: unchanged
      u('1-9-101', 100, ['g']),
      u('1-1-103', 100, ['b', 'h']),
    ];
    expect(diffRosters(before, after, label)).toEqual({
      added: ['1号楼1单元103', '1号楼9单元101'],
      removed: ['1号楼1单元102'],
      changed: [
        { label: '1号楼1单元101', what: ['面积 89.52 → 90.00 ㎡'] },
        { label: '1号楼2单元101', what: ['开发商持有 → 已售'] },
        { label: '1号楼10单元101', what: ['产权证号变更'] },
      ],
      unchangedCount: 1,
    });
    expect(diffRosters([u('1-1-101', 1, ['a'])], [u('1-1-101', 1, ['a', 'b'])], label).changed).toEqual([{ label: '1号楼1单元101', what: ['业主变更（1 人 → 2 人）'] }]);
    expect(diffRosters([u('1-1-101', 1, ['a'])], [u('1-1-101', 1, ['b'])], label).changed).toEqual([{ label: '1号楼1单元101', what: ['业主变更'] }]);
    expect(diffRosters([u('1-1-101', 1, ['a'])], [u('1-1-101', 1, [], true)], label).changed).toEqual([{ label: '1号楼1单元101', what: ['已售 → 开发商持有'] }]);
  });

  it('sorts naturally', () => {
    expect(['1-10-1', '1-2-1', '10-1-1', '2-1-1', 'A-1-1'].sort(naturalCompare)).toEqual(['1-2-1', '1-10-1', '2-1-1', '10-1-1', 'A-1-1']);
  });

  it('computes per-building totals with Art. 9 applied inside each building', () => {
    const units = [u('1-1-101', 100, ['a']), u('1-1-102', 100, ['a']), u('2-1-101', 100, ['a']), u('2-1-102', 100, [], true), u('2-1-103', 100, [], true)];
    const f = rosterFigures(units, (x) => `e:${x.ref}`);
    expect(f.totals).toEqual({ unitCount: 5, areaCenti: 500, headcount: 2 });
    expect(f.buildings).toEqual([
      { building: '1', totals: { unitCount: 2, areaCenti: 200, headcount: 1 } },
      { building: '2', totals: { unitCount: 3, areaCenti: 300, headcount: 2 } },
    ]);
    expect(f.fingerprintText).toBe(rosterFigures([...units].reverse(), (x) => `e:${x.ref}`).fingerprintText);
  });
});
