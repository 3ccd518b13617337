import {
  cleanText,
  MOBILE_PATTERN,
  normalizeCode,
  normalizeName,
  normalizePhone as normalizePhoneDigits,
  normalizeUnitPart as normalizeUnitPartText,
  UNIT_PART_PATTERN,
  type UnitPart,
} from '../../../types/normalize';
import type { ParamsArg } from '../../../types/errors';
import {
  ROSTER_COLUMNS,
  rosterRowError,
  type RosterColumnKey,
  type RosterDiff,
  type RosterRowCode,
  type RosterRowError,
  type RosterTotalsView,
  type RosterUnitChange,
} from '../../../types/identity';
import { rosterTotals, type RosterUnit } from './headcount';
import { idTail, maskName, maskPhone } from './masking';
import { rosterFingerprintText } from './roster-fingerprint';

/**
 * Roster (名册) import, pure part: spreadsheet rows as strings in, either row errors (a `ROW_` code with typed
 * params, the row number the spreadsheet shows and the column header; the Chinese reason is rendered from the
 * error table in types/errors.ts) or units + owner-persons out. No I/O, no exceljs.
 *
 * Personal data never leaves this module in clear: the ID number, phone and name are turned into keyed hashes
 * by the injected `hash` (the deployment's HMAC; this module never sees the key) plus masked forms and the
 * ID's last 4 characters (DOMAIN §5).
 */

export const ROSTER_MAX_ROWS = 20_000;
/** errors listed back to the user; the rest are summarised in one line */
export const ROSTER_MAX_ERRORS = 200;
export const AREA_MAX_CENTI = 100_000 * 100; // exclusive: < 100 000 m²

/** keyed hash, domain-separated by purpose: `ports.crypto.keyedHash` */
export type RosterHasher = (purpose: string, value: string) => string;

/** A coded problem (a `ROW_` code of the error table and its typed params), before it is placed in a row. */
export interface RowProblem {
  code: RosterRowCode;
  params?: Record<string, string | number>;
}

/** A row problem with its parameters type-checked against the error table. */
export function rowProblem<C extends RosterRowCode>(code: C, ...[params]: ParamsArg<C>): RowProblem {
  return params && Object.keys(params).length ? { code, params: params as Record<string, string | number> } : { code };
}

/** A problem the file reader found in one cell (a date, a formula error…); `col` is 0-based, `row` 1-based. */
export interface CellProblem extends RowProblem {
  row: number;
  col: number;
}

/** One owner-person of the roster, exactly the owner record's fields (minus the estate). */
export interface ParsedOwner {
  personKey: string;
  nameMasked: string;
  nameHash: string;
  idLast4: string;
  phoneHash: string;
  phoneMasked: string;
}

export interface ParsedUnit {
  /** `${building}-${entrance}-${room}`: the unit's key inside the estate (no part contains '-') */
  ref: string;
  building: string;
  entrance: string;
  room: string;
  areaCenti: number;
  /** owner-person keys in file order (the first row of a co-owned unit first); empty for developer units */
  ownerKeys: string[];
  developerHeld: boolean;
  /** keyed hashes of the certificate numbers given for the unit, sorted, unique */
  certificateKeys: string[];
}

export interface ParsedRoster {
  /** non-blank data rows */
  rowCount: number;
  units: ParsedUnit[];
  owners: ParsedOwner[];
}

export type RosterParseResult = { ok: true; roster: ParsedRoster } | { ok: false; errors: RosterRowError[]; rowCount: number };

const HEADERS = ROSTER_COLUMNS.map((c) => c.header);
const COL: Record<RosterColumnKey, number> = Object.fromEntries(ROSTER_COLUMNS.map((c, i) => [c.key, i])) as Record<RosterColumnKey, number>;
const headerOf = (key: RosterColumnKey) => ROSTER_COLUMNS[COL[key]].header;

// ───────────────────────── field rules (exported for tests and for the verification ladder) ─────────────────────────

/** NFKC folds full-width digits/letters/parentheses and odd spaces; zero-width characters go (types/normalize.ts). */
export const cleanCell = cleanText;

const headerKey = (s: string) => cleanCell(s).replace(/\s+/g, '');

/** How names are compared and hashed everywhere (import and verification): the contract's normaliser. */
export { normalizeName };

/** 11-digit mainland mobile number, or null. Accepts spaces/dashes and a +86 / 0086 prefix. */
export function normalizePhone(raw: string): string | null {
  const digits = normalizePhoneDigits(raw);
  return MOBILE_PATTERN.test(digits) ? digits : null;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check character for the first 17 digits. */
export function idCheckChar(body17: string): string {
  const sum = body17.split('').reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i], 0);
  return ID_CHECK[sum % 11];
}

type Checked<T> = { ok: true; value: T } | { ok: false; problem: RowProblem };
const refused = <C extends RosterRowCode>(code: C, ...params: ParamsArg<C>): { ok: false; problem: RowProblem } => ({ ok: false, problem: rowProblem(code, ...params) });

/** Upper-cased 18-character ID number, or the coded problem with it. */
export function checkIdNumber(raw: string): Checked<string> {
  const v = cleanCell(raw).replace(/\s+/g, '').toUpperCase();
  if (/^\d(\.\d+)?E\+?\d+$/.test(v)) return refused('ROW_ID_SCIENTIFIC');
  if (/^\d{15}$/.test(v)) return refused('ROW_ID_OLD_15');
  if (!/^\d{17}[\dX]$/.test(v)) return refused('ROW_ID_FORMAT');
  if (idCheckChar(v.slice(0, 17)) !== v[17]) return refused('ROW_ID_CHECKSUM');
  return { ok: true, value: v };
}

/**
 * Registry area as integer 0.01 m², parsed from the text: never through floating point.
 * "89.5" → 8950, "89.52" → 8952; "89.525", "1e3", "89.", "1,234" are refused.
 */
export function parseAreaCenti(raw: string): Checked<number> {
  const v = cleanCell(raw);
  const plain = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(v);
  if (!plain) {
    if (/^\d+\.\d{3,}$/.test(v)) return refused('ROW_AREA_DECIMALS');
    if (/(㎡|m2|平方米|平米)$/i.test(v)) return refused('ROW_AREA_UNIT');
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) return refused('ROW_AREA_THOUSANDS');
    return refused('ROW_AREA_FORMAT');
  }
  const centi = Number(plain[1]) * 100 + Number((plain[2] ?? '').padEnd(2, '0'));
  if (centi <= 0) return refused('ROW_AREA_NOT_POSITIVE');
  if (centi >= AREA_MAX_CENTI) return refused('ROW_AREA_TOO_LARGE', { maximum: AREA_MAX_CENTI / 100 });
  return { ok: true, value: centi };
}

/** "89.52" for 8952: exact, from the integer. */
export function centiText(areaCenti: number): string {
  return `${Math.floor(areaCenti / 100)}.${String(areaCenti % 100).padStart(2, '0')}`;
}

const PART_FORMAT = { building: 'ROW_BUILDING_FORMAT', entrance: 'ROW_ENTRANCE_FORMAT', room: 'ROW_ROOM_FORMAT' } as const;
/** the longest building, entrance or room UNIT_PART_PATTERN accepts */
const UNIT_PART_MAX = 10;
/** owner names in the roster: 2–30 characters */
const NAME_LENGTH = { minimum: 2, maximum: 30 };
const CERTIFICATE_MAX = 60;

/** "1号楼" → "1", "2单元" → "2", "b301" → "B301" (the same normaliser as the contract's schemas); null when not letters/digits. */
export function normalizeUnitPart(kind: UnitPart, raw: string): string | null {
  const v = normalizeUnitPartText(kind, raw);
  return UNIT_PART_PATTERN.test(v) ? v : null;
}

const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1']);
const NO = new Set(['', '否', 'N', 'NO', 'FALSE', '0']);

/** Certificate numbers are compared without spaces, in upper case. */
export const normalizeCertificate = normalizeCode;

// ───────────────────────── template examples ─────────────────────────

const exampleId = (body17: string) => body17 + idCheckChar(body17);

/** The template's example rows: one unit co-owned on two rows, one developer-held unit. */
export const ROSTER_TEMPLATE_EXAMPLES: string[][] = [
  ['1', '1', '101', '89.52', '张三', exampleId('11010119800101001'), '13800000001', '京(2020)示例区不动产权第0000001号', '否'],
  ['1', '1', '101', '89.52', '李四', exampleId('11010119820202002'), '13800000002', '京(2020)示例区不动产权第0000001号', '否'],
  ['1', '2', '1002', '143.65', '', '', '', '', '是'],
];
const EXAMPLE_IDS = new Set(ROSTER_TEMPLATE_EXAMPLES.map((r) => r[COL.idNumber]).filter(Boolean));
const EXAMPLE_DEVELOPER_ROW = ROSTER_TEMPLATE_EXAMPLES[2].join('\u0001');

/** What each column means, in the template's notes sheet (and for the UI). */
export const ROSTER_COLUMN_NOTES: Record<RosterColumnKey, { required: string; note: string }> = {
  building: { required: '必填', note: '楼栋号，只填数字或字母，例如 1、12、A（写成“1号楼”也可以，会自动去掉“号楼”）。' },
  entrance: { required: '选填', note: '单元号，例如 1、2（写成“2单元”也可以）。没有单元的楼栋留空。' },
  room: { required: '必填', note: '房号，只填数字或字母，例如 101、1202、B301。' },
  area: { required: '必填', note: '不动产登记簿记载的建筑面积（没有登记的填实测面积，再没有填合同面积），单位 ㎡，只填数字，最多两位小数，例如 89.52。共有人的各行面积必须相同。' },
  ownerName: { required: '业主必填', note: '业主姓名，2–30 个字。一套房有几位共有人就填几行，每行一人，楼栋、单元、房号、面积都相同。' },
  idNumber: { required: '业主必填', note: '18 位居民身份证号（最后一位可以是 X）。请先把这一列设为“文本”格式，否则 Excel 会把号码变成科学计数法、丢掉后几位。同一人有多套房时每行都填同一个号码，按《最高法建筑物区分所有权解释》第九条只计为一人。' },
  phone: { required: '业主必填', note: '11 位手机号，用于业主在线核验身份时比对。' },
  certificateNo: { required: '选填', note: '不动产权证号，便于审核产权证照片时核对。' },
  developerHeld: { required: '选填', note: '开发商（建设单位）尚未出售或已售未交付的房屋填“是”，此时不填业主姓名、身份证号和手机号；其他留空或填“否”。开发商持有的全部房屋合计计为一人。' },
};

export const ROSTER_GENERAL_NOTES: string[] = [
  '第一行是表头，请勿修改、删除或调换列的顺序；从第二行起每行填写一位业主。',
  '导入前请删除模板中的示例行（张三、李四和 1 单元 1002 开发商房屋）。',
  '每次导入的是完整名册：名册中没有的房屋会被标记为“已移出名册”（记录保留，不会删除）。',
  '身份证号、手机号只以加密摘要保存（另存身份证后 4 位和脱敏手机号），姓名只显示脱敏形式；上传的文件在校验后即删除。',
  '支持 .xlsx 和 .csv（UTF-8 或 GBK 编码），文件不超过 5 MB，最多 20000 行。',
];

// ───────────────────────── parsing ─────────────────────────

interface RowFields {
  row: number;
  ref: string;
  building: string;
  entrance: string;
  room: string;
  areaCenti: number;
  developerHeld: boolean;
  owner: { personKey: string; name: string; phone: string; idNumber: string } | null;
  certificateKey: string | null;
}

/** Problems as they are found; only the listed ones are rendered into Chinese reasons. */
class ErrorList {
  readonly items: (RowProblem & { row: number; col: number; column: string })[] = [];
  /** a problem in one template column (0-based `col`): its header comes from ROSTER_COLUMNS */
  add<C extends RosterRowCode>(row: number, col: number, code: C, ...params: ParamsArg<C>) {
    this.at(row, col, col >= 0 && col < HEADERS.length ? HEADERS[col] : '', rowProblem(code, ...params));
  }
  /** a whole-row problem, or one in a column that is not the template's */
  addAt<C extends RosterRowCode>(row: number, column: string, code: C, ...params: ParamsArg<C>) {
    this.at(row, -1, column, rowProblem(code, ...params));
  }
  at(row: number, col: number, column: string, problem: RowProblem) {
    this.items.push({ row, col, column, ...problem });
  }
  sorted(): RosterRowError[] {
    const all = [...this.items].sort((a, b) => a.row - b.row || a.col - b.col);
    const shown = all.slice(0, ROSTER_MAX_ERRORS).map(({ row, column, code, params }) => rosterRowError(row, column, code, params as never));
    if (all.length > ROSTER_MAX_ERRORS) {
      shown.push(rosterRowError(all[ROSTER_MAX_ERRORS].row, '', 'ROW_MORE_PROBLEMS', { count: all.length - ROSTER_MAX_ERRORS }));
    }
    return shown;
  }
}

const isBlank = (cells: string[] | undefined) => !cells || cells.every((c) => cleanCell(c) === '');

function checkHeader(header: string[] | undefined, errors: ErrorList): void {
  const cells = header ?? [];
  if (isBlank(cells)) {
    errors.addAt(1, '', 'ROW_HEADER_MISSING', { headers: HEADERS.join('、') });
    return;
  }
  HEADERS.forEach((expected, i) => {
    const actual = cleanCell(cells[i]);
    if (actual === '') {
      const elsewhere = cells.findIndex((c, j) => j !== i && headerKey(c) === headerKey(expected));
      if (elsewhere >= 0) errors.add(1, i, 'ROW_HEADER_COLUMN_MOVED', { header: expected, position: i + 1, foundAt: elsewhere + 1 });
      else errors.add(1, i, 'ROW_HEADER_COLUMN_MISSING', { header: expected, position: i + 1 });
    } else if (headerKey(actual) !== headerKey(expected)) {
      const known = HEADERS.some((h) => headerKey(h) === headerKey(actual));
      if (known) errors.add(1, i, 'ROW_HEADER_ORDER', { position: i + 1, header: expected, actual });
      else errors.add(1, i, 'ROW_HEADER_RENAMED', { position: i + 1, header: expected, actual: actual.slice(0, 20) });
    }
  });
  for (let j = HEADERS.length; j < cells.length; j++) {
    const extra = cleanCell(cells[j]);
    // listed at its position, after the template's columns
    if (extra) errors.at(1, j, extra.slice(0, 20), rowProblem('ROW_HEADER_EXTRA', { position: j + 1, actual: extra.slice(0, 20) }));
  }
}

/**
 * Validate the rows of a roster file (rows[0] is the header, rows[i] is spreadsheet row i+1) and turn them
 * into units and owner-persons. One row per owner; rows with the same building, entrance and room are the
 * co-owners of one unit. `cellProblems` are what the file reader could not turn into text (dates, formula
 * errors); they are reported instead of the cell's own checks.
 */
export function parseRoster(rows: string[][], hash: RosterHasher, options: { cellProblems?: CellProblem[] } = {}): RosterParseResult {
  const errors = new ErrorList();
  const dataRows: { row: number; cells: string[] }[] = [];
  for (let i = 1; i < rows.length; i++) if (!isBlank(rows[i])) dataRows.push({ row: i + 1, cells: rows[i] });
  const rowCount = dataRows.length;

  checkHeader(rows[0], errors);
  if (errors.items.length > 0) return { ok: false, errors: errors.sorted(), rowCount };
  if (rowCount === 0) return { ok: false, errors: [rosterRowError(2, '', 'ROW_NO_DATA')], rowCount };
  if (rowCount > ROSTER_MAX_ROWS) {
    return { ok: false, errors: [rosterRowError(dataRows[ROSTER_MAX_ROWS].row, '', 'ROW_TOO_MANY', { maximum: ROSTER_MAX_ROWS })], rowCount };
  }

  // cell problems by row, then column (first one wins)
  const problems = new Map<number, Map<number, RowProblem>>();
  for (const { row, col, code, params } of options.cellProblems ?? []) {
    const inRow = problems.get(row) ?? new Map<number, RowProblem>();
    if (!inRow.has(col)) inRow.set(col, params ? { code, params } : { code });
    problems.set(row, inRow);
  }

  const parsed: RowFields[] = [];
  for (const { row, cells } of dataRows) {
    const before = errors.items.length;
    const rowProblems = problems.get(row);
    const problem = (col: number) => rowProblems?.get(col);
    const cell = (key: RosterColumnKey) => cleanCell(cells[COL[key]]);
    // a cell the reader could not read is reported as such, and none of its own checks run
    const readable = (key: RosterColumnKey) => {
      const p = problem(COL[key]);
      if (p) errors.at(row, COL[key], headerOf(key), p);
      return !p;
    };
    if (cells.slice(0, HEADERS.length).map(cleanCell).join('\u0001') === EXAMPLE_DEVELOPER_ROW) {
      errors.addAt(row, '', 'ROW_TEMPLATE_EXAMPLE');
      continue;
    }
    // columns right of the header have no header: nothing may be filled in there
    for (let j = HEADERS.length; j < cells.length; j++) {
      if (cleanCell(cells[j]) !== '' || problem(j)) {
        errors.addAt(row, '', 'ROW_UNHEADED_CONTENT', { position: j + 1 });
        break;
      }
    }

    const partOf = (kind: 'building' | 'entrance' | 'room') => {
      if (!readable(kind)) return null;
      const raw = cell(kind);
      if (raw === '') {
        if (kind === 'entrance') return '';
        errors.add(row, COL[kind], 'ROW_REQUIRED', { column: headerOf(kind) });
        return null;
      }
      const v = normalizeUnitPart(kind, raw);
      if (v === null) errors.add(row, COL[kind], PART_FORMAT[kind], { column: headerOf(kind), maximum: UNIT_PART_MAX });
      return v;
    };
    const building = partOf('building');
    const entrance = partOf('entrance');
    const room = partOf('room');

    let areaCenti: number | null = null;
    if (readable('area')) {
      if (cell('area') === '') errors.add(row, COL.area, 'ROW_REQUIRED', { column: headerOf('area') });
      else {
        const a = parseAreaCenti(cell('area'));
        if (a.ok) areaCenti = a.value;
        else errors.at(row, COL.area, headerOf('area'), a.problem);
      }
    }

    let developerHeld: boolean | null = null;
    if (readable('developerHeld')) {
      const d = cell('developerHeld').toUpperCase();
      if (YES.has(d)) developerHeld = true;
      else if (NO.has(d)) developerHeld = false;
      else errors.add(row, COL.developerHeld, 'ROW_DEVELOPER_FORMAT', { column: headerOf('developerHeld') });
    }

    let owner: RowFields['owner'] = null;
    let certificateKey: string | null = null;
    if (readable('certificateNo')) {
      const cert = normalizeCertificate(cell('certificateNo'));
      if (Array.from(cert).length > CERTIFICATE_MAX) errors.add(row, COL.certificateNo, 'ROW_CERTIFICATE_TOO_LONG', { column: headerOf('certificateNo'), maximum: CERTIFICATE_MAX });
      else if (cert) certificateKey = hash('certificate', cert);
    }

    const ownerCols: RosterColumnKey[] = ['ownerName', 'idNumber', 'phone'];
    if (developerHeld === true) {
      for (const key of ownerCols) {
        if (problem(COL[key]) || cell(key) !== '') errors.add(row, COL[key], 'ROW_DEVELOPER_WITH_OWNER', { column: headerOf(key), developerColumn: headerOf('developerHeld') });
      }
    } else if (developerHeld === false) {
      let name: string | null = null;
      if (readable('ownerName')) {
        const n = normalizeName(cell('ownerName'));
        const len = Array.from(n).length;
        const column = headerOf('ownerName');
        if (n === '') errors.add(row, COL.ownerName, 'ROW_OWNER_NAME_MISSING', { column, developerColumn: headerOf('developerHeld') });
        else if (len < NAME_LENGTH.minimum || len > NAME_LENGTH.maximum) errors.add(row, COL.ownerName, 'ROW_OWNER_NAME_LENGTH', { column, ...NAME_LENGTH });
        else if (/\d/.test(n)) errors.add(row, COL.ownerName, 'ROW_OWNER_NAME_DIGITS', { column });
        else name = n;
      }
      let idNumber: string | null = null;
      if (readable('idNumber')) {
        if (cell('idNumber') === '') errors.add(row, COL.idNumber, 'ROW_REQUIRED', { column: headerOf('idNumber') });
        else {
          const id = checkIdNumber(cell('idNumber'));
          if (!id.ok) errors.at(row, COL.idNumber, headerOf('idNumber'), id.problem);
          else if (EXAMPLE_IDS.has(id.value)) errors.addAt(row, '', 'ROW_TEMPLATE_EXAMPLE');
          else idNumber = id.value;
        }
      }
      let phone: string | null = null;
      if (readable('phone')) {
        if (cell('phone') === '') errors.add(row, COL.phone, 'ROW_REQUIRED', { column: headerOf('phone') });
        else {
          phone = normalizePhone(cell('phone'));
          if (!phone) errors.add(row, COL.phone, 'ROW_PHONE_FORMAT');
        }
      }
      if (name && idNumber && phone) owner = { personKey: hash('person-id', idNumber), name, phone, idNumber };
    }

    if (errors.items.length === before && building !== null && entrance !== null && room !== null && areaCenti !== null && developerHeld !== null) {
      parsed.push({ row, ref: `${building}-${entrance}-${room}`, building, entrance, room, areaCenti, developerHeld, owner, certificateKey });
    }
  }

  // ── across rows: co-owners of one unit, one person across units ──
  const units = new Map<string, { first: RowFields; rows: RowFields[] }>();
  const people = new Map<string, { row: number; name: string; phone: string; idNumber: string }>();
  for (const r of parsed) {
    const unit = units.get(r.ref);
    if (unit) {
      const f = unit.first;
      let ok = true;
      if (f.developerHeld || r.developerHeld) {
        if (f.developerHeld !== r.developerHeld) errors.add(r.row, COL.developerHeld, 'ROW_DEVELOPER_MISMATCH', { otherRow: f.row, column: headerOf('developerHeld') });
        else errors.addAt(r.row, '', 'ROW_DEVELOPER_DUPLICATE', { otherRow: f.row });
        ok = false;
      }
      if (f.areaCenti !== r.areaCenti) {
        errors.add(r.row, COL.area, 'ROW_AREA_MISMATCH', { otherRow: f.row, otherArea: f.areaCenti, area: r.areaCenti });
        ok = false;
      }
      const again = r.owner ? unit.rows.find((x) => x.owner?.personKey === r.owner!.personKey) : undefined;
      if (again) {
        errors.add(r.row, COL.idNumber, 'ROW_DUPLICATE_ID', { otherRow: again.row });
        ok = false;
      }
      if (ok) unit.rows.push(r);
    } else {
      units.set(r.ref, { first: r, rows: [r] });
    }
    if (r.owner) {
      const seen = people.get(r.owner.personKey);
      if (!seen) people.set(r.owner.personKey, { row: r.row, name: r.owner.name, phone: r.owner.phone, idNumber: r.owner.idNumber });
      else {
        if (seen.name !== r.owner.name) errors.add(r.row, COL.ownerName, 'ROW_PERSON_NAME_MISMATCH', { otherRow: seen.row });
        if (seen.phone !== r.owner.phone) errors.add(r.row, COL.phone, 'ROW_PERSON_PHONE_MISMATCH', { otherRow: seen.row });
      }
    }
  }

  if (errors.items.length > 0) return { ok: false, errors: errors.sorted(), rowCount };

  const outUnits: ParsedUnit[] = [...units.values()]
    .map(({ first, rows: unitRows }) => ({
      ref: first.ref,
      building: first.building,
      entrance: first.entrance,
      room: first.room,
      areaCenti: first.areaCenti,
      ownerKeys: unitRows.flatMap((r) => (r.owner ? [r.owner.personKey] : [])),
      developerHeld: first.developerHeld,
      certificateKeys: [...new Set(unitRows.flatMap((r) => (r.certificateKey ? [r.certificateKey] : [])))].sort(),
    }))
    .sort((a, b) => naturalCompare(a.ref, b.ref));
  const owners: ParsedOwner[] = [...people.entries()].map(([personKey, p]) => ({
    personKey,
    nameMasked: maskName(p.name),
    nameHash: hash('name', p.name),
    idLast4: idTail(p.idNumber),
    phoneHash: hash('phone', p.phone),
    phoneMasked: maskPhone(p.phone),
  }));
  return { ok: true, roster: { rowCount, units: outUnits, owners } };
}

// ───────────────────────── totals, fingerprint, diff ─────────────────────────

/** "1-2-101" < "1-10-101"; digits compare as numbers, the rest as text. */
export function naturalCompare(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i];
    const y = tb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length;
}

/** The roster as stored and compared: a parsed unit (snapshots written before certificates may lack their keys). */
export type SnapshotUnit = Omit<ParsedUnit, 'certificateKeys'> & { certificateKeys?: string[] };

export interface RosterFigures {
  totals: RosterTotalsView;
  buildings: { building: string; totals: RosterTotalsView }[];
  /** hash this with SHA-256 for the published fingerprint */
  fingerprintText: string;
}

/**
 * Totals (Art. 8/9) for the whole estate and per building, and the fingerprint text. Per building, the
 * developer's units in that building count as one head and a person's units in that building as one,
 * which is the count a building-scope vote uses (Shanghai Art. 69).
 */
export function rosterFigures(units: SnapshotUnit[], unitIdOf: (u: SnapshotUnit) => string): RosterFigures {
  const asRoster = (list: SnapshotUnit[]): RosterUnit[] =>
    list.map((u) => ({ unitId: unitIdOf(u), areaCenti: u.areaCenti, ownerKeys: u.ownerKeys, developerHeld: u.developerHeld }));
  const byBuilding = new Map<string, SnapshotUnit[]>();
  for (const u of units) byBuilding.set(u.building, [...(byBuilding.get(u.building) ?? []), u]);
  const all = asRoster(units);
  return {
    totals: rosterTotals(all),
    buildings: [...byBuilding.keys()].sort(naturalCompare).map((building) => ({ building, totals: rosterTotals(asRoster(byBuilding.get(building)!)) })),
    fingerprintText: rosterFingerprintText(all),
  };
}

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) => {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/** What changed for one unit between two rosters, as structured changes (worded by the page); empty when nothing did. */
export function unitChanges(before: SnapshotUnit, after: SnapshotUnit): RosterUnitChange[] {
  const what: RosterUnitChange[] = [];
  if (before.areaCenti !== after.areaCenti) what.push({ kind: 'area', from: before.areaCenti, to: after.areaCenti });
  if (before.developerHeld !== after.developerHeld) what.push({ kind: 'developerHeld', from: before.developerHeld, to: after.developerHeld });
  else if (!sameSet(before.ownerKeys, after.ownerKeys)) {
    what.push({ kind: 'owners', from: new Set(before.ownerKeys).size, to: new Set(after.ownerKeys).size });
  }
  if (!sameSet(before.certificateKeys, after.certificateKeys)) what.push({ kind: 'certificate' });
  return what;
}

/**
 * The difference between the current roster and an imported one, by unit, in natural unit order.
 * `ownerChanges`: changes of the owner-persons' own records (a new phone) a unit of both rosters lists.
 */
export function diffRosters(
  current: SnapshotUnit[],
  next: SnapshotUnit[],
  labelOf: (u: SnapshotUnit) => string,
  ownerChanges: ReadonlyMap<string, RosterUnitChange[]> = new Map(),
): RosterDiff {
  const before = new Map(current.map((u) => [u.ref, u]));
  const after = new Map(next.map((u) => [u.ref, u]));
  const refs = [...new Set([...before.keys(), ...after.keys()])].sort(naturalCompare);
  const diff: RosterDiff = { added: [], removed: [], changed: [], unchangedCount: 0 };
  for (const ref of refs) {
    const b = before.get(ref);
    const a = after.get(ref);
    if (!b && a) diff.added.push(labelOf(a));
    else if (b && !a) diff.removed.push(labelOf(b));
    else if (a && b) {
      const what = [...unitChanges(b, a), ...[...new Set(a.ownerKeys)].flatMap((k) => ownerChanges.get(k) ?? [])];
      if (what.length) diff.changed.push({ label: labelOf(a), what });
      else diff.unchangedCount++;
    }
  }
  return diff;
}

/** Plain words for staff and owners: how the roster is counted (SPC interpretation Art. 8 and 9). */
export const HEADCOUNT_RULE_TEXT = [
  '面积：按不动产登记簿记载的专有部分面积计算；尚未登记的，按测绘机构的实测面积；再没有的，按房屋买卖合同记载的面积（《最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第八条），精确到 0.01 ㎡。',
  '人数：按专有部分（房屋）的套数计算，一套房屋计为一人（第九条）。但有两个例外：开发商（建设单位）尚未出售和虽已出售但尚未交付的房屋，全部合计只算一人；同一买受人拥有多套房屋的，也只算一人。',
  '几位共有人共同拥有一套房屋的，这套房屋计为一人，由共有人推举的表决权代表投票；同样的几位共有人共同拥有多套房屋的，也只算一人。',
  '所以“业主人数”是按上述规则合并后的人数，通常少于房屋套数。按楼栋统计时，只计算该楼栋内的房屋，规则相同。',
].join('\n');
