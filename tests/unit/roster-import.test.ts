import { createHmac } from 'node:crypto';
import { ROSTER_COLUMNS, type RosterColumnKey, type RosterRowError } from '../../types/identity';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERRORS, renderError } from '../../types/errors';
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
/** a column's header as the template has it (never retyped in assertions) */
const H = (key: RosterColumnKey) => ROSTER_COLUMNS.find((c) => c.key === key)!.header;
/** what the assertions compare: where, which code, which params (the reason is checked against the table below) */
const coded = (errors: RosterRowError[]) => errors.map(({ row, column, code, params }) => ({ row, column, code, ...(params ? { params } : {}) }));

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
  // every reason is the table's rendering of its code and params
  for (const e of r.errors) expect(e.reason).toBe(renderError(e.code, e.params as never));
  return coded(r.errors);
}
function headerErrors(header: string[], rows: string[][]) {
  const r = parseRoster([header, ...rows], hash);
  if (r.ok) throw new Error('expected errors');
  return coded(r.errors);
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
    ['89.525', 'ROW_AREA_DECIMALS'],
    ['1e3', 'ROW_AREA_FORMAT'],
    ['89.', 'ROW_AREA_FORMAT'],
    ['.5', 'ROW_AREA_FORMAT'],
    ['-3', 'ROW_AREA_FORMAT'],
    ['1,234.50', 'ROW_AREA_THOUSANDS'],
    ['89.52㎡', 'ROW_AREA_UNIT'],
    ['0', 'ROW_AREA_NOT_POSITIVE'],
    ['0.00', 'ROW_AREA_NOT_POSITIVE'],
    ['abc', 'ROW_AREA_FORMAT'],
    ['NaN', 'ROW_AREA_FORMAT'],
    ['Infinity', 'ROW_AREA_FORMAT'],
  ])('refuses "%s" (%s)', (text, code) => {
    expect(parseAreaCenti(text)).toEqual({ ok: false, problem: { code } });
  });

  it('refuses 100000 m² and more with the limit as a parameter', () => {
    expect(parseAreaCenti('100000')).toEqual({ ok: false, problem: { code: 'ROW_AREA_TOO_LARGE', params: { maximum: 100000 } } });
    expect(renderError('ROW_AREA_TOO_LARGE', { maximum: 100000 })).toBe('登记面积应小于 100000 ㎡，请核对');
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

  it('refuses a wrong check digit, 15-digit IDs, scientific notation and junk with distinct codes', () => {
    const good = id(7);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(checkIdNumber(bad)).toEqual({ ok: false, problem: { code: 'ROW_ID_CHECKSUM' } });
    expect(checkIdNumber('110105491231002')).toEqual({ ok: false, problem: { code: 'ROW_ID_OLD_15' } });
    expect(checkIdNumber('1.10105E+17')).toEqual({ ok: false, problem: { code: 'ROW_ID_SCIENTIFIC' } });
    expect(checkIdNumber('11010519491231002Y')).toEqual({ ok: false, problem: { code: 'ROW_ID_FORMAT' } });
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
    expect(headerErrors(HEADER.slice(0, 8), [row('1', '1', '101', '89.52')])).toEqual([
      { row: 1, column: H('developerHeld'), code: 'ROW_HEADER_COLUMN_MISSING', params: { header: H('developerHeld'), position: 9 } },
    ]);

    const renamed: string[] = [...HEADER];
    renamed[3] = '面积';
    expect(headerErrors(renamed, [owner('1', '1', '101', '89.52', 1)])).toEqual([
      { row: 1, column: H('area'), code: 'ROW_HEADER_RENAMED', params: { position: 4, header: H('area'), actual: '面积' } },
    ]);

    const swapped: string[] = [...HEADER];
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    expect(headerErrors(swapped, [owner('1', '1', '101', '89.52', 1)])).toEqual([
      { row: 1, column: H('entrance'), code: 'ROW_HEADER_ORDER', params: { position: 2, header: H('entrance'), actual: H('room') } },
      { row: 1, column: H('room'), code: 'ROW_HEADER_ORDER', params: { position: 3, header: H('room'), actual: H('entrance') } },
    ]);

    const moved: string[] = [...HEADER];
    moved[8] = '';
    moved[10] = H('developerHeld');
    expect(headerErrors(moved, [owner('1', '1', '101', '89.52', 1)])).toEqual([
      { row: 1, column: H('developerHeld'), code: 'ROW_HEADER_COLUMN_MOVED', params: { header: H('developerHeld'), position: 9, foundAt: 11 } },
      { row: 1, column: H('developerHeld'), code: 'ROW_HEADER_EXTRA', params: { position: 11, actual: H('developerHeld') } },
    ]);

    expect(headerErrors([...HEADER, '备注'], [owner('1', '1', '101', '89.52', 1)])).toEqual([
      { row: 1, column: '备注', code: 'ROW_HEADER_EXTRA', params: { position: 10, actual: '备注' } },
    ]);

    expect(headerErrors([], [owner('1', '1', '101', '89.52', 1)])).toEqual([{ row: 1, column: '', code: 'ROW_HEADER_MISSING', params: { headers: HEADER.join('、') } }]);
  });

  it('renders header problems from the table, with the headers of ROSTER_COLUMNS', () => {
    const swapped: string[] = [...HEADER];
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    const r = parseRoster([swapped, owner('1', '1', '101', '89.52', 1)], hash);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].reason).toBe('列的顺序与模板不同：第 2 列应为“单元”，现在是“房号”，请按模板的列顺序排列');
    expect(renderError('ROW_HEADER_COLUMN_MISSING', { header: H('developerHeld'), position: 9 })).toBe('缺少“开发商持有”列（应在第 9 列）');
    expect(renderError('ROW_HEADER_MISSING', { headers: HEADER.join('、') })).toBe(`第 1 行应为表头（${HEADER.join('、')}），请使用名册模板`);
  });

  it('refuses a file with no data rows, and one over the row cap', () => {
    expect(parseRoster([HEADER, [], ['', ' ']], hash)).toEqual({
      ok: false,
      rowCount: 0,
      errors: [{ row: 2, column: '', code: 'ROW_NO_DATA', reason: renderError('ROW_NO_DATA') }],
    });
    const many = Array.from({ length: ROSTER_MAX_ROWS + 1 }, (_, i) => owner('1', '1', String(i + 1), '50', i + 1));
    const r = parse(many);
    expect(r).toMatchObject({ ok: false, rowCount: ROSTER_MAX_ROWS + 1, errors: [{ row: ROSTER_MAX_ROWS + 2, code: 'ROW_TOO_MANY', params: { maximum: ROSTER_MAX_ROWS } }] });
    if (!r.ok) expect(r.errors[0].reason).toContain('最多 20000 行');
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

  it('reports each bad cell with its row, column header and a code (rendered into a Chinese reason)', () => {
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
      { row: 2, column: H('area'), code: 'ROW_AREA_DECIMALS' },
      { row: 3, column: H('building'), code: 'ROW_REQUIRED', params: { column: H('building') } },
      { row: 4, column: H('room'), code: 'ROW_ROOM_FORMAT', params: { column: H('room'), maximum: 10 } },
      { row: 5, column: H('ownerName'), code: 'ROW_OWNER_NAME_LENGTH', params: { column: H('ownerName'), minimum: 2, maximum: 30 } },
      { row: 6, column: H('idNumber'), code: 'ROW_ID_FORMAT' },
      { row: 7, column: H('phone'), code: 'ROW_PHONE_FORMAT' },
      { row: 8, column: H('developerHeld'), code: 'ROW_DEVELOPER_FORMAT', params: { column: H('developerHeld') } },
      { row: 9, column: H('ownerName'), code: 'ROW_OWNER_NAME_MISSING', params: { column: H('ownerName'), developerColumn: H('developerHeld') } },
      { row: 9, column: H('idNumber'), code: 'ROW_REQUIRED', params: { column: H('idNumber') } },
      { row: 9, column: H('phone'), code: 'ROW_REQUIRED', params: { column: H('phone') } },
    ]);
  });

  it('renders cell problems from the table (one per family: required, format, length)', () => {
    const r = parse([row('', '1', '1-03', '89.52', '张', id(2), phone(2)), row('1', '1', '102', '89.52', '', '', '', '', '也许')]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.reason)).toEqual([
        '楼栋不能为空',
        '房号只填数字或字母（如 101、1202、B301），不超过 10 个字符',
        '业主姓名应为 2–30 个字',
        '开发商持有只能填“是”或“否”（留空表示否）',
      ]);
    }
  });

  it('requires developer units to carry no owner, and refuses a second row for one', () => {
    expect(okOf([row('3', '2', '901', '100', '', '', '', '京(2020)不动产权第1号', '是')]).units[0].certificateKeys).toHaveLength(1);
    const errors = errorsOf([
      row('3', '2', '901', '100', '王五', id(9), phone(9), '', '是'), // row 2
      row('3', '2', '902', '100', '', '', '', '', '是'), // row 3
      row('3', '2', '902', '100', '', '', '', '', '是'), // row 4
    ]);
    const developerColumn = H('developerHeld');
    expect(errors).toEqual([
      { row: 2, column: H('ownerName'), code: 'ROW_DEVELOPER_WITH_OWNER', params: { column: H('ownerName'), developerColumn } },
      { row: 2, column: H('idNumber'), code: 'ROW_DEVELOPER_WITH_OWNER', params: { column: H('idNumber'), developerColumn } },
      { row: 2, column: H('phone'), code: 'ROW_DEVELOPER_WITH_OWNER', params: { column: H('phone'), developerColumn } },
      { row: 4, column: '', code: 'ROW_DEVELOPER_DUPLICATE', params: { otherRow: 3 } },
    ]);
    expect(renderError('ROW_DEVELOPER_WITH_OWNER', { column: H('ownerName'), developerColumn })).toBe(
      '开发商持有的房屋不填写业主姓名；如果已经卖给业主，请把“开发商持有”改为“否”',
    );
  });

  it('makes co-owner rows agree on area and developer flag, and refuses the same ID twice in one unit', () => {
    const errors = errorsOf([
      owner('1', '1', '101', '89.52', 1), // row 2
      owner('1', '1', '101', '90', 2), // row 3: area differs
      owner('1', '1', '101', '89.52', 1), // row 4: same person again
      row('1', '1', '101', '89.52', '', '', '', '', '是'), // row 5: developer flag differs
    ]);
    expect(errors).toEqual([
      { row: 3, column: H('area'), code: 'ROW_AREA_MISMATCH', params: { otherRow: 2, otherArea: 8952, area: 9000 } },
      { row: 4, column: H('idNumber'), code: 'ROW_DUPLICATE_ID', params: { otherRow: 2 } },
      { row: 5, column: H('developerHeld'), code: 'ROW_DEVELOPER_MISMATCH', params: { otherRow: 2, column: H('developerHeld') } },
    ]);
  });

  it('renders problems across rows from the table: areas in m², other rows by number', () => {
    expect(renderError('ROW_AREA_MISMATCH', { otherRow: 2, otherArea: 8952, area: 9000 })).toBe('同一房屋在第 2 行的面积是 89.52，这里是 90.00；共有人各行的面积必须相同');
    expect(renderError('ROW_DUPLICATE_ID', { otherRow: 2 })).toBe('同一房屋中这个身份证号在第 2 行已经出现过，每位共有人只填一行');
    expect(renderError('ROW_DEVELOPER_MISMATCH', { otherRow: 2, column: H('developerHeld') })).toBe('同一房屋在第 2 行的“开发商持有”与这一行不同，各行必须一致');
  });

  it('lets one ID own several units only under one name and one phone', () => {
    expect(okOf([owner('1', '1', '101', '80', 1, '陈志强'), owner('2', '1', '301', '80', 1, '陈志强')]).owners).toHaveLength(1);
    const errors = errorsOf([
      owner('1', '1', '101', '80', 1, '陈志强'),
      owner('2', '1', '301', '80', 1, '陈智强'),
      row('3', '1', '501', '80', '陈志强', id(1), phone(99)),
    ]);
    expect(errors).toEqual([
      { row: 3, column: H('ownerName'), code: 'ROW_PERSON_NAME_MISMATCH', params: { otherRow: 2 } },
      { row: 4, column: H('phone'), code: 'ROW_PERSON_PHONE_MISMATCH', params: { otherRow: 2 } },
    ]);
    // neither the params nor the rendered reasons repeat a name, ID number or phone
    const full = parse([owner('1', '1', '101', '80', 1, '陈志强'), owner('2', '1', '301', '80', 1, '陈智强'), row('3', '1', '501', '80', '陈志强', id(1), phone(99))]);
    expect(JSON.stringify(full)).not.toMatch(/陈|\d{11}/);
  });

  it('refuses the template example rows left in the file', () => {
    const errors = errorsOf(ROSTER_TEMPLATE_EXAMPLES);
    expect(errors).toEqual([2, 3, 4].map((r) => ({ row: r, column: '', code: 'ROW_TEMPLATE_EXAMPLE' })));
    expect(renderError('ROW_TEMPLATE_EXAMPLE')).toBe('这是名册模板中的示例行，请删除后再导入');
  });

  it('reports cells the reader could not read instead of checking them, and text right of the header', () => {
    const errors = parse(
      [owner('1', '1', '101', '89.52', 1), [...owner('1', '1', '102', '80', 2), '', '备注写在这里']],
      [
        { row: 2, col: 2, code: 'ROW_CELL_DATE' },
        { row: 2, col: 2, code: 'ROW_CELL_UNKNOWN' }, // the first problem of a cell wins
        { row: 2, col: 3, code: 'ROW_CELL_FORMULA_ERROR', params: { value: '#DIV/0!' } },
      ],
    );
    expect(errors).toEqual({
      ok: false,
      rowCount: 2,
      errors: [
        { row: 2, column: H('room'), code: 'ROW_CELL_DATE', reason: renderError('ROW_CELL_DATE') },
        { row: 2, column: H('area'), code: 'ROW_CELL_FORMULA_ERROR', params: { value: '#DIV/0!' }, reason: '公式的结果是错误值 #DIV/0!，请改正' },
        { row: 3, column: '', code: 'ROW_UNHEADED_CONTENT', params: { position: 11 }, reason: '第 11 列没有表头却填了内容，请删除或移到正确的列' },
      ],
    });
  });

  it('lists at most ROSTER_MAX_ERRORS errors and says how many more there are', () => {
    const rows = Array.from({ length: 300 }, (_, i) => row('1', '1', String(i + 1), 'x', '', '', '', '', '是'));
    const errors = errorsOf(rows);
    expect(errors).toHaveLength(ROSTER_MAX_ERRORS + 1);
    expect(errors[ROSTER_MAX_ERRORS]).toEqual({ row: ROSTER_MAX_ERRORS + 2, column: '', code: 'ROW_MORE_PROBLEMS', params: { count: 100 } });
    expect(renderError('ROW_MORE_PROBLEMS', { count: 100 })).toBe('从这一行起还有 100 处错误没有列出，请先改正上面的错误再重新上传');
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

describe('row problem codes', () => {
  it('every ROW_ code of the error table is produced by the roster parser or file reader, and renders without a hole', () => {
    const source = ['server/core/identity/roster-import.ts', 'server/app/identity/roster-file.ts'].map((f) => readFileSync(join(__dirname, '../..', f), 'utf8')).join('\n');
    const codes = Object.keys(ERRORS).filter((c) => c.startsWith('ROW_'));
    expect(codes.length).toBeGreaterThan(30);
    for (const code of codes) expect({ code, used: source.includes(`'${code}'`) }).toEqual({ code, used: true });
    // the only sentences left in the parser and reader are the template's notes: no reason is built there
    expect(source).not.toMatch(/reason: ['`]/);
  });
});

describe('diff between roster versions', () => {
  const u = (ref: string, areaCenti: number, ownerKeys: string[], developerHeld = false, certificateKeys: string[] = []): SnapshotUnit => {
    const [building, entrance, room] = ref.split('-');
    return { ref, building, entrance, room, areaCenti, ownerKeys, developerHeld, certificateKeys };
  };
  const label = (x: SnapshotUnit) => `${x.building}号楼${x.entrance}单元${x.room}`;

  it('lists added, removed and changed units in natural order, with what changed as structured changes', () => {
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
        { label: '1号楼1单元101', what: [{ kind: 'area', from: 8952, to: 9000 }] },
        { label: '1号楼2单元101', what: [{ kind: 'developerHeld', from: true, to: false }] },
        { label: '1号楼10单元101', what: [{ kind: 'certificate' }] },
      ],
      unchangedCount: 1,
    });
    expect(diffRosters([u('1-1-101', 1, ['a'])], [u('1-1-101', 1, ['a', 'b'])], label).changed).toEqual([{ label: '1号楼1单元101', what: [{ kind: 'owners', from: 1, to: 2 }] }]);
    expect(diffRosters([u('1-1-101', 1, ['a'])], [u('1-1-101', 1, ['b'])], label).changed).toEqual([{ label: '1号楼1单元101', what: [{ kind: 'owners', from: 1, to: 1 }] }]);
    expect(diffRosters([u('1-1-101', 1, ['a'])], [u('1-1-101', 1, [], true)], label).changed).toEqual([{ label: '1号楼1单元101', what: [{ kind: 'developerHeld', from: false, to: true }] }]);
    // several changes of one unit, in a fixed order; the diff carries no words
    const many = diffRosters([u('1-1-101', 100, ['a'], false, ['x'])], [u('1-1-101', 200, ['b', 'c'], false, ['y'])], label);
    expect(many.changed[0].what).toEqual([{ kind: 'area', from: 100, to: 200 }, { kind: 'owners', from: 1, to: 2 }, { kind: 'certificate' }]);
    expect(JSON.stringify(many.changed[0].what)).not.toMatch(/[\u4e00-\u9fa5]/);
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
