import { fieldError, type ErrorCode, type FieldError, type ParamsArg } from '../../../types/errors';
import { UPLOAD_MAX_BYTES } from '../../../types/identity';
import type * as ExcelJSTypes from 'exceljs';
import { ROSTER_COLUMNS } from '../../../types/identity';
import {
  ROSTER_COLUMN_NOTES,
  ROSTER_GENERAL_NOTES,
  ROSTER_MAX_ROWS,
  ROSTER_TEMPLATE_EXAMPLES,
  rowProblem,
  type CellProblem,
  type RowProblem,
} from '../../core/identity/roster-import';

/**
 * Reading roster files (.xlsx through exceljs, .csv by hand) into string cells for the pure parser,
 * and writing roster workbooks (the template, the demo roster).
 *
 * exceljs is loaded lazily and through a non-literal specifier: only the roster actions pay for it, and the
 * cloud-function bundler leaves it as a runtime require (it is far too big for the bundle budget). A deployed
 * function that serves these actions therefore needs `exceljs` in its package.json dependencies.
 */

/** the same limit as every upload */
export const ROSTER_FILE_MAX_BYTES = UPLOAD_MAX_BYTES;
/** a 5 MB .xlsx is a zip: refuse one that claims to unpack to more than this (zip bombs) */
export const XLSX_MAX_UNPACKED_BYTES = 150 * 1024 * 1024;

type ExcelJSModule = typeof ExcelJSTypes;
const EXCELJS = 'exceljs';
let excelJs: Promise<ExcelJSModule> | null = null;

export function loadExcelJs(): Promise<ExcelJSModule> {
  if (!excelJs) {
    const specifier = EXCELJS;
    excelJs = (import(/* webpackIgnore: true */ specifier) as Promise<ExcelJSModule & { default?: ExcelJSModule }>).then(
      (mod) => (typeof mod.Workbook === 'function' ? mod : (mod.default as ExcelJSModule)),
      (err) => {
        excelJs = null;
        throw new Error(`exceljs is not available (${err instanceof Error ? err.message : String(err)}); add it to the function's dependencies`);
      },
    );
  }
  return excelJs;
}

export type SheetRead =
  | { ok: true; kind: 'xlsx' | 'csv'; rows: string[][]; problems: CellProblem[] }
  | { ok: false; problem: FieldError; reason: string };

/** A file the reader refuses: a coded problem on the fileId field (message rendered from types/errors.ts). */
function refuse<C extends ErrorCode>(code: C, ...params: ParamsArg<C>): SheetRead {
  const problem = fieldError('fileId', code, ...params);
  return { ok: false, problem, reason: problem.message };
}

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Read an uploaded roster file; which reader runs is decided by the content, the name only breaks ties. */
export async function readRosterFile(bytes: Uint8Array, fileName: string): Promise<SheetRead> {
  if (bytes.length === 0) return refuse('ROSTER_FILE_EMPTY');
  if (bytes.length > ROSTER_FILE_MAX_BYTES) return refuse('ROSTER_FILE_TOO_LARGE', { maxMb: Math.round(ROSTER_FILE_MAX_BYTES / 1024 / 1024) });
  if (startsWith(bytes, OLE)) return refuse('ROSTER_FILE_OLD_XLS');
  if (startsWith(bytes, ZIP)) return readXlsx(bytes);
  if (/\.xlsx$/i.test(fileName)) return refuse('ROSTER_FILE_NOT_XLSX');
  return readCsv(bytes);
}

// ───────────────────────── CSV ─────────────────────────

/**
 * Text of a CSV file: UTF-8 with or without BOM, UTF-16 with BOM, otherwise GB18030 (a superset of GBK,
 * which is what Excel on Chinese Windows writes for "CSV (逗号分隔)").
 */
export function decodeCsvText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The delimiter of the header line: comma unless tabs or semicolons clearly dominate. */
function sniffDelimiter(text: string): string {
  const first = text.slice(0, text.search(/\r|\n/) >= 0 ? text.search(/\r|\n/) : text.length);
  const count = (ch: string) => first.split(ch).length - 1;
  const candidates = [',', '\t', ';'].map((d) => ({ d, n: count(d) }));
  const best = candidates.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.d : ',';
}

/** RFC 4180 CSV: quoted fields with "" escapes and line breaks, CRLF/LF/CR records. Row numbers are record numbers. */
export function parseCsv(text: string, delimiter = sniffDelimiter(text)): { rows: string[][]; problems: CellProblem[] } {
  const rows: string[][] = [];
  const problems: CellProblem[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === delimiter) {
      endField();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) {
    problems.push({ row: rows.length + 1, col: row.length, ...rowProblem('ROW_CELL_UNCLOSED_QUOTE') });
  }
  if (field !== '' || row.length > 0 || quoted) endRow();
  // Excel's ="0123" (quoted or not) keeps leading zeros and long numbers as text: keep what is inside
  for (const r of rows) for (let c = 0; c < r.length; c++) {
    const m = /^="(.*)"$/s.exec(r[c]);
    if (m) r[c] = m[1];
  }
  return { rows, problems };
}

function readCsv(bytes: Uint8Array): SheetRead {
  const text = decodeCsvText(bytes);
  if (text.includes('\u0000')) return refuse('ROSTER_FILE_NOT_TEXT');
  const { rows, problems } = parseCsv(text);
  return { ok: true, kind: 'csv', rows, problems };
}

// ───────────────────────── XLSX ─────────────────────────

/**
 * Sum of the uncompressed sizes declared in a zip's central directory, or null when it cannot be read.
 * A cheap guard before exceljs unpacks everything into memory.
 */
export function zipDeclaredSize(bytes: Uint8Array): number | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const size = buf.readUInt32LE(p + 24);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY; // zip64: far beyond any roster
    total += size;
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return total;
}

/**
 * A number as Excel shows it in General format: at most 15 significant digits, so binary noise such as
 * 89.52000000000001 comes out as "89.52". Numbers too long for that (an 18-digit ID typed into a number
 * cell) come out in scientific notation like Excel shows them, which the parser explains.
 */
export function excelNumberText(n: number): string {
  if (Math.abs(n) >= 1e15) return n.toExponential(5).toUpperCase();
  return String(Number(n.toPrecision(15)));
}

type CellOut = { text: string } | { problem: RowProblem };

function cellText(value: ExcelJSTypes.CellValue): CellOut {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return Number.isFinite(value) ? { text: excelNumberText(value) } : { problem: rowProblem('ROW_CELL_NUMBER_INVALID') };
  if (typeof value === 'boolean') return { text: value ? '是' : '否' };
  if (value instanceof Date) return { problem: rowProblem('ROW_CELL_DATE') };
  if ('error' in value) return { problem: rowProblem('ROW_CELL_ERROR_VALUE', { value: String(value.error) }) };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJSTypes.CellFormulaValue).result;
    if (result === undefined || result === null) {
      return { problem: rowProblem('ROW_CELL_FORMULA_NO_RESULT') };
    }
    if (typeof result === 'object' && !(result instanceof Date) && 'error' in result) return { problem: rowProblem('ROW_CELL_FORMULA_ERROR', { value: String(result.error) }) };
    return cellText(result as ExcelJSTypes.CellValue);
  }
  if ('hyperlink' in value) {
    const t = (value as { text?: unknown }).text;
    if (typeof t === 'string') return { text: t };
    if (t && typeof t === 'object' && 'richText' in t) return cellText(t as ExcelJSTypes.CellRichTextValue);
    return { text: '' };
  }
  return { problem: rowProblem('ROW_CELL_UNKNOWN') };
}

async function readXlsx(bytes: Uint8Array): Promise<SheetRead> {
  const unpacked = zipDeclaredSize(bytes);
  if (unpacked === null) return refuse('ROSTER_FILE_CORRUPT');
  if (unpacked > XLSX_MAX_UNPACKED_BYTES) return refuse('ROSTER_FILE_UNPACKED_TOO_LARGE');

  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    return refuse('ROSTER_FILE_UNREADABLE');
  }
  const ws = wb.worksheets.find((w) => w.state === undefined || w.state === 'visible') ?? wb.worksheets[0];
  if (!ws) return refuse('ROSTER_FILE_NO_SHEET');

  const rows: string[][] = [];
  const problems: CellProblem[] = [];
  let nonBlank = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // one row past the cap is enough for the parser to report it; do not hold more in memory
    if (nonBlank > ROSTER_MAX_ROWS + 1) return;
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      if (colNumber > 64) return; // far right of any roster column
      const out = cellText(cell.value);
      if ('problem' in out) {
        problems.push({ row: rowNumber, col: colNumber - 1, ...out.problem });
        cells[colNumber - 1] = '';
      } else cells[colNumber - 1] = out.text;
    });
    for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = '';
    if (cells.some((c) => c.trim() !== '')) nonBlank++;
    rows[rowNumber - 1] = cells;
  });
  for (let r = 0; r < rows.length; r++) if (rows[r] === undefined) rows[r] = [];
  return { ok: true, kind: 'xlsx', rows, problems };
}

// ───────────────────────── writing workbooks ─────────────────────────

const TEXT_COLUMNS = new Set(['building', 'entrance', 'room', 'ownerName', 'idNumber', 'phone', 'certificateNo', 'developerHeld']);
const WIDTHS: Record<string, number> = { building: 8, entrance: 8, room: 10, area: 14, ownerName: 12, idNumber: 22, phone: 15, certificateNo: 34, developerHeld: 12 };

/**
 * A roster workbook: the roster sheet (header + rows; text columns formatted as text so Excel keeps ID
 * numbers and leading zeros; area as a number with two decimals) and a notes sheet in Chinese.
 */
export async function writeRosterWorkbook(dataRows: string[][], options: { notes?: boolean } = {}): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  wb.creator = '共议';
  const ws = wb.addWorksheet('业主名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = ROSTER_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: WIDTHS[c.key],
    style: TEXT_COLUMNS.has(c.key) ? { numFmt: '@' } : { numFmt: '0.00' },
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F1FB' } };
  });
  const areaCol = ROSTER_COLUMNS.findIndex((c) => c.key === 'area');
  for (const r of dataRows) {
    const values: (string | number)[] = r.map((v, i) => (i === areaCol && /^\d+(\.\d{1,2})?$/.test(v) ? Number(v) : v));
    ws.addRow(values);
  }
  const devCol = String.fromCharCode(65 + ROSTER_COLUMNS.findIndex((c) => c.key === 'developerHeld'));
  // worksheet.dataValidations exists at runtime (exceljs 4.x) but is missing from its type definitions
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJSTypes.DataValidation): void } }).dataValidations;
  validations.add(`${devCol}2:${devCol}${ROSTER_MAX_ROWS + 1}`, {
    type: 'list',
    allowBlank: true,
    formulae: ['"是,否"'],
    showErrorMessage: true,
    errorTitle: '开发商持有',
    error: '请填写“是”或“否”，也可以留空',
  });

  if (options.notes) {
    const notes = wb.addWorksheet('填写说明');
    notes.columns = [
      { header: '列名', key: 'col', width: 16 },
      { header: '是否必填', key: 'req', width: 10 },
      { header: '填写说明', key: 'note', width: 90 },
    ];
    notes.getRow(1).font = { bold: true };
    for (const c of ROSTER_COLUMNS) notes.addRow([c.header, ROSTER_COLUMN_NOTES[c.key].required, ROSTER_COLUMN_NOTES[c.key].note]);
    notes.addRow([]);
    notes.addRow(['注意事项']).font = { bold: true };
    for (const line of ROSTER_GENERAL_NOTES) notes.addRow(['', '', line]);
    notes.getColumn('note').alignment = { wrapText: true, vertical: 'top' };
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export const ROSTER_TEMPLATE_FILE_NAME = '业主名册模板.xlsx';

/** The template staff download: header, the example rows (one co-owned unit on two rows, one developer unit), notes. */
export function buildRosterTemplate(): Promise<Uint8Array> {
  return writeRosterWorkbook(ROSTER_TEMPLATE_EXAMPLES, { notes: true });
}
