import { createHmac } from 'node:crypto';
import type * as ExcelJSTypes from 'exceljs';
import { ROSTER_COLUMNS, type RosterColumnKey } from '../../types/identity';
import { renderError } from '../../types/errors';
import {
  buildRosterTemplate,
  decodeCsvText,
  excelNumberText,
  loadExcelJs,
  parseCsv,
  readRosterFile,
  ROSTER_FILE_MAX_BYTES,
  zipDeclaredSize,
} from '../../server/app/identity/roster-file';
import { idCheckChar, parseRoster, ROSTER_TEMPLATE_EXAMPLES } from '../../server/core/identity/roster-import';

const HEADER = ROSTER_COLUMNS.map((c) => c.header);
const H = (key: RosterColumnKey) => ROSTER_COLUMNS.find((c) => c.key === key)!.header;
const hash = (purpose: string, value: string) => createHmac('sha256', 'k-0123456789abcdef').update(`${purpose}\u0000${value}`).digest('hex');
const ID1 = '33010619900101001' + idCheckChar('33010619900101001');
const ID2 = '33010619900202002' + idCheckChar('33010619900202002');

/** GBK encoder for the test, built by inverting Node's GBK decoder over every two-byte code. */
function gbkEncoder(): (text: string) => Uint8Array {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  return (text) => {
    const out: number[] = [];
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) out.push(code);
      else {
        const pair = table.get(ch);
        if (!pair) throw new Error(`no GBK code for ${ch}`);
        out.push(...pair);
      }
    }
    return new Uint8Array(out);
  };
}

const csvLine = (cells: string[]) => cells.map((c) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
const CSV_ROWS = [
  HEADER,
  ['1', '1', '101', '89.52', '王建国', ID1, '13900000001', '', '否'],
  ['1', '1', '101', '89.52', '李秀英', ID2, '13900000002', '', '否'],
  ['3', '2', '901', '100', '', '', '', '', '是'],
];
const CSV_TEXT = CSV_ROWS.map(csvLine).join('\r\n') + '\r\n';

describe('CSV: encodings', () => {
  it('reads UTF-8 with and without BOM, UTF-16 with BOM, and GBK (what Excel on Chinese Windows writes)', async () => {
    const utf8 = new TextEncoder().encode(CSV_TEXT);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    const gbk = gbkEncoder()(CSV_TEXT);
    expect(Buffer.from(gbk).equals(Buffer.from(utf8))).toBe(false); // really a different encoding
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(CSV_TEXT, 'utf16le')]);
    for (const bytes of [utf8, withBom, gbk, utf16]) {
      expect(decodeCsvText(bytes)).toBe(CSV_TEXT);
      const sheet = await readRosterFile(bytes, '名册.csv');
      expect(sheet).toMatchObject({ ok: true, kind: 'csv' });
      if (!sheet.ok) continue;
      expect(sheet.rows.slice(0, 4)).toEqual(CSV_ROWS);
      const parsed = parseRoster(sheet.rows, hash);
      expect(parsed.ok && parsed.roster.units.length).toBe(2);
    }
  });

  it('header with a BOM still matches (the BOM is not part of “楼栋”)', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(CSV_TEXT)]);
    expect(parseCsv(decodeCsvText(bytes)).rows[0][0]).toBe('楼栋');
  });
});

describe('CSV: quoting', () => {
  it('handles quoted fields, "" escapes, line breaks inside quotes (row numbers are records), CR, LF and CRLF', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\n1,2,3\r4,5,6';
    expect(parseCsv(text)).toEqual({
      rows: [
        ['a', 'b', 'c'],
        ['x, y', 'say "hi"', 'two\nlines'],
        ['1', '2', '3'],
        ['4', '5', '6'],
      ],
      problems: [],
    });
  });

  it('unwraps Excel’s ="…" text trick, quoted or not', () => {
    expect(parseCsv(`a,"=""0123""",="${ID1}"`).rows).toEqual([['a', '0123', ID1]]);
  });

  it('sniffs tab-separated files', () => {
    expect(parseCsv('楼栋\t单元\t房号\n1\t2\t101').rows).toEqual([
      ['楼栋', '单元', '房号'],
      ['1', '2', '101'],
    ]);
  });

  it('reports an unterminated quote at its row', () => {
    const r = parseCsv('a,b\n1,"open\n2,3');
    expect(r.problems).toEqual([{ row: 2, col: 1, code: 'ROW_CELL_UNCLOSED_QUOTE' }]);
    expect(renderError('ROW_CELL_UNCLOSED_QUOTE')).toContain('引号没有闭合');
  });
});

describe('file kind and size', () => {
  it('refuses old .xls, a fake .xlsx, an empty file and files over 5 MB with coded problems', async () => {
    expect(await readRosterFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'a.xlsx')).toMatchObject({ ok: false, problem: { code: 'ROSTER_FILE_OLD_XLS' } });
    expect(await readRosterFile(new TextEncoder().encode('not a zip'), 'a.xlsx')).toMatchObject({ ok: false, problem: { code: 'ROSTER_FILE_NOT_XLSX' } });
    expect(await readRosterFile(new Uint8Array(0), 'a.csv')).toMatchObject({ ok: false, reason: '文件是空的', problem: { field: 'fileId', code: 'ROSTER_FILE_EMPTY' } });
    expect(await readRosterFile(new Uint8Array(ROSTER_FILE_MAX_BYTES + 1), 'a.csv')).toMatchObject({ ok: false, reason: '文件不能超过 5 MB', problem: { code: 'ROSTER_FILE_TOO_LARGE', params: { maxMb: 5 } } });
    const corrupt = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(await readRosterFile(corrupt, 'a.xlsx')).toMatchObject({ ok: false, problem: { code: 'ROSTER_FILE_CORRUPT' }, reason: renderError('ROSTER_FILE_CORRUPT') });
  });

  it('refuses a zip that declares more than the unpacked limit before exceljs unpacks it', async () => {
    // local header stub + one central-directory entry claiming 200 MB + end of central directory
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt32LE(200 * 1024 * 1024, 24);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 8);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(46, 12);
    eocd.writeUInt32LE(30, 16);
    const bomb = new Uint8Array(Buffer.concat([local, cd, eocd]));
    expect(zipDeclaredSize(bomb)).toBe(200 * 1024 * 1024);
    expect(await readRosterFile(bomb, 'a.xlsx')).toMatchObject({ ok: false, problem: { code: 'ROSTER_FILE_UNPACKED_TOO_LARGE' } });
  });
});

describe('XLSX through exceljs', () => {
  let ExcelJS: typeof ExcelJSTypes;
  beforeAll(async () => {
    ExcelJS = await loadExcelJs();
  });

  async function xlsx(fill: (ws: ExcelJSTypes.Worksheet, wb: ExcelJSTypes.Workbook) => void): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(HEADER);
    fill(ws, wb);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it('writes numbers the way Excel shows them: 89.52, not binary noise; long numbers in scientific notation', () => {
    expect(excelNumberText(89.52)).toBe('89.52');
    expect(excelNumberText(89.52000000000001)).toBe('89.52');
    expect(excelNumberText(0.1 + 0.2)).toBe('0.3');
    expect(excelNumberText(13912345678)).toBe('13912345678');
    expect(excelNumberText(101)).toBe('101');
    expect(excelNumberText(110105194912310020)).toBe('1.10105E+17');
  });

  it('reads numbers, text, rich text, hyperlinks, booleans, formulas with results, and merged co-owner cells', async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow([1, 1, 101, 89.52000000000001, { richText: [{ text: '王' }, { text: '建国' }] }, ID1, 13900000001, { text: 'X001', hyperlink: 'http://x' }, false]);
      ws.addRow([null, null, null, null, '李秀英', ID2, '13900000002', '', '否']);
      ws.mergeCells('A2:A3');
      ws.mergeCells('B2:B3');
      ws.mergeCells('C2:C3');
      ws.mergeCells('D2:D3');
      ws.addRow([3, 2, 901, { formula: '50*2', result: 100 }, '', '', '', '', true]);
    });
    const sheet = await readRosterFile(bytes, 'r.xlsx');
    if (!sheet.ok) throw new Error(sheet.reason);
    expect(sheet.problems).toEqual([]);
    expect(sheet.rows).toEqual([
      HEADER,
      ['1', '1', '101', '89.52', '王建国', ID1, '13900000001', 'X001', '否'],
      ['1', '1', '101', '89.52', '李秀英', ID2, '13900000002', '', '否'],
      ['3', '2', '901', '100', '', '', '', '', '是'],
    ]);
    const parsed = parseRoster(sheet.rows, hash);
    expect(parsed.ok && parsed.roster.units.map((u) => [u.ref, u.areaCenti, u.ownerKeys.length, u.developerHeld])).toEqual([
      ['1-1-101', 8952, 2, false],
      ['3-2-901', 10000, 0, true],
    ]);
  });

  it('reports dates, formula errors and formulas without results at their cells; an ID typed as a number is explained', async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow([1, 1, new Date(Date.UTC(2026, 0, 2)), 89.52, '王建国', 110105194912310020, 13900000001, '', '否']);
      ws.addRow([1, 1, 102, { formula: '1/0', result: { error: '#DIV/0!' } }, '李秀英', ID2, 13900000002, '', '否']);
      ws.addRow([1, 1, 103, { formula: 'A1*2' }, '周明', ID1, 13900000003, '', { error: '#N/A' }]);
    });
    const sheet = await readRosterFile(bytes, 'r.xlsx');
    if (!sheet.ok) throw new Error(sheet.reason);
    expect(sheet.problems).toEqual([
      { row: 2, col: 2, code: 'ROW_CELL_DATE' },
      { row: 3, col: 3, code: 'ROW_CELL_FORMULA_ERROR', params: { value: '#DIV/0!' } },
      { row: 4, col: 3, code: 'ROW_CELL_FORMULA_NO_RESULT' },
      { row: 4, col: 8, code: 'ROW_CELL_ERROR_VALUE', params: { value: '#N/A' } },
    ]);
    const parsed = parseRoster(sheet.rows, hash, { cellProblems: sheet.problems });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map(({ row, column, code, params }) => ({ row, column, code, params }))).toEqual([
      { row: 2, column: H('room'), code: 'ROW_CELL_DATE', params: undefined },
      { row: 2, column: H('idNumber'), code: 'ROW_ID_SCIENTIFIC', params: undefined },
      { row: 3, column: H('area'), code: 'ROW_CELL_FORMULA_ERROR', params: { value: '#DIV/0!' } },
      { row: 4, column: H('area'), code: 'ROW_CELL_FORMULA_NO_RESULT', params: undefined },
      { row: 4, column: H('developerHeld'), code: 'ROW_CELL_ERROR_VALUE', params: { value: '#N/A' } },
    ]);
    // the reasons the page shows are the table's, with the cell's error value filled in
    expect(parsed.errors.map((e) => e.reason)).toEqual([
      renderError('ROW_CELL_DATE'),
      renderError('ROW_ID_SCIENTIFIC'),
      '公式的结果是错误值 #DIV/0!，请改正',
      renderError('ROW_CELL_FORMULA_NO_RESULT'),
      '这一格是错误值 #N/A，请改正',
    ]);
    expect(renderError('ROW_CELL_DATE')).toContain('日期');
  });

  it('reads the first visible worksheet, with row numbers as the sheet shows them', async () => {
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('隐藏');
    hidden.state = 'hidden';
    hidden.addRow(['x']);
    const ws = wb.addWorksheet('名册');
    ws.addRow(HEADER);
    ws.getRow(5).values = ['1', '1', '101', '89.52', '王建国', ID1, '13900000001', '', '否'];
    const sheet = await readRosterFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'r.xlsx');
    if (!sheet.ok) throw new Error(sheet.reason);
    expect(sheet.rows[0]).toEqual(HEADER);
    expect(sheet.rows[4][4]).toBe('王建国');
    const bad = [...sheet.rows];
    bad[4] = [...bad[4]];
    bad[4][3] = '89.555';
    const parsed = parseRoster(bad, hash);
    expect(parsed).toMatchObject({ ok: false, errors: [{ row: 5, column: '登记面积(㎡)' }] });
  });

  it('builds the template: roster sheet with the header and example rows (text-formatted columns), and a notes sheet', async () => {
    const bytes = await buildRosterTemplate();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['业主名册', '填写说明']);
    const ws = wb.worksheets[0];
    expect(ws.getColumn(6).numFmt).toBe('@'); // ID numbers stay text when staff type them
    const notes = wb.worksheets[1];
    const noteText: string[] = [];
    notes.eachRow((r) => noteText.push(r.values && Array.isArray(r.values) ? r.values.join('|') : ''));
    for (const c of ROSTER_COLUMNS) expect(noteText.some((t) => t.includes(c.header))).toBe(true);
    expect(noteText.join('\n')).toContain('第九条');

    const sheet = await readRosterFile(bytes, '业主名册模板.xlsx');
    if (!sheet.ok) throw new Error(sheet.reason);
    expect(sheet.rows[0]).toEqual(HEADER);
    expect(sheet.rows.slice(1)).toEqual(ROSTER_TEMPLATE_EXAMPLES);
    // the examples cannot be imported by mistake
    const parsed = parseRoster(sheet.rows, hash);
    expect(parsed.ok).toBe(false);
  });
});
