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
import { ROSTER_COLUMNS, type RosterColumnKey, type RosterDiff, type RosterRowError, type RosterTotalsView } from '../../../types/identity';
import { rosterTotals, type RosterUnit } from './headcount';
import { idTail, maskName, maskPhone } from './masking';
import { rosterFingerprintText } from './roster-fingerprint';

/**
 * Roster (名册) import, pure part: spreadsheet rows as strings in, either row errors (in Chinese, with the
 * row number the spreadsheet shows and the column header) or units + owner-persons out. No I/O, no exceljs.
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

/** A problem the file reader found in one cell (a date, a formula error…); `col` is 0-based, `row` 1-based. */
export interface CellProblem {
  row: number;
  col: number;
  reason: string;
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

/** Upper-cased 18-character ID number, or a Chinese reason it is not one. */
export function checkIdNumber(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  const v = cleanCell(raw).replace(/\s+/g, '').toUpperCase();
  if (/^\d(\.\d+)?E\+?\d+$/.test(v)) {
    return { ok: false, reason: '身份证号被 Excel 存成了数字（科学计数法），后几位已经丢失：请把这一列设为“文本”格式，重新填写后再导入' };
  }
  if (/^\d{15}$/.test(v)) return { ok: false, reason: '请填写 18 位身份证号（15 位旧号码请换成 18 位）' };
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, reason: '身份证号应为 18 位，前 17 位是数字，最后一位是数字或 X' };
  if (idCheckChar(v.slice(0, 17)) !== v[17]) return { ok: false, reason: '身份证号校验位不正确，请核对是否有抄错的数字' };
  return { ok: true, value: v };
}

/**
 * Registry area as integer 0.01 m², parsed from the text: never through floating point.
 * "89.5" → 8950, "89.52" → 8952; "89.525", "1e3", "89.", "1,234" are refused.
 */
export function parseAreaCenti(raw: string): { ok: true; value: number } | { ok: false; reason: string } {
  const v = cleanCell(raw);
  const plain = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(v);
  if (!plain) {
    if (/^\d+\.\d{3,}$/.test(v)) return { ok: false, reason: '登记面积最多保留两位小数（以不动产登记为准，例如 89.52）' };
    if (/(㎡|m2|平方米|平米)$/i.test(v)) return { ok: false, reason: '登记面积只填数字，不要带单位' };
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) return { ok: false, reason: '登记面积不要使用千位分隔符（逗号）' };
    return { ok: false, reason: '登记面积应为数字，最多两位小数，例如 89.52' };
  }
  const centi = Number(plain[1]) * 100 + Number((plain[2] ?? '').padEnd(2, '0'));
  if (centi <= 0) return { ok: false, reason: '登记面积必须大于 0' };
  if (centi >= AREA_MAX_CENTI) return { ok: false, reason: '登记面积应小于 100000 ㎡，请核对' };
  return { ok: true, value: centi };
}

/** "89.52" for 8952: exact, from the integer. */
export function centiText(areaCenti: number): string {
  return `${Math.floor(areaCenti / 100)}.${String(areaCenti % 100).padStart(2, '0')}`;
}

const PART_HINT: Record<'building' | 'entrance' | 'room', string> = {
  building: '楼栋只填数字或字母（如 1、12、A），不超过 10 个字符',
  entrance: '单元只填数字或字母（如 1、2），不超过 10 个字符；没有单元可以留空',
  room: '房号只填数字或字母（如 101、1202、B301），不超过 10 个字符',
};

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

class ErrorList {
  readonly items: (RosterRowError & { col: number })[] = [];
  add(row: number, col: number, reason: string) {
    this.items.push({ row, col, column: col >= 0 && col < HEADERS.length ? HEADERS[col] : '', reason });
  }
  addAt(row: number, column: string, reason: string) {
    this.items.push({ row, col: -1, column, reason });
  }
  sorted(): RosterRowError[] {
    const all = [...this.items].sort((a, b) => a.row - b.row || a.col - b.col);
    const shown = all.slice(0, ROSTER_MAX_ERRORS).map(({ row, column, reason }) => ({ row, column, reason }));
    if (all.length > ROSTER_MAX_ERRORS) {
      const next = all[ROSTER_MAX_ERRORS];
      shown.push({ row: next.row, column: '', reason: `从这一行起还有 ${all.length - ROSTER_MAX_ERRORS} 处错误没有列出，请先改正上面的错误再重新上传` });
    }
    return shown;
  }
}

const isBlank = (cells: string[] | undefined) => !cells || cells.every((c) => cleanCell(c) === '');

function checkHeader(header: string[] | undefined, errors: ErrorList): void {
  const cells = header ?? [];
  if (isBlank(cells)) {
    errors.addAt(1, '', `第 1 行应为表头（${HEADERS.join('、')}），请使用名册模板`);
    return;
  }
  HEADERS.forEach((expected, i) => {
    const actual = cleanCell(cells[i]);
    if (actual === '') {
      const elsewhere = cells.findIndex((c, j) => j !== i && headerKey(c) === headerKey(expected));
      errors.add(1, i, elsewhere >= 0 ? `“${expected}”应在第 ${i + 1} 列，现在在第 ${elsewhere + 1} 列，请按模板的列顺序排列` : `缺少“${expected}”列（应在第 ${i + 1} 列）`);
    } else if (headerKey(actual) !== headerKey(expected)) {
      const known = HEADERS.some((h) => headerKey(h) === headerKey(actual));
      errors.add(
        1,
        i,
        known
          ? `列的顺序与模板不同：第 ${i + 1} 列应为“${expected}”，现在是“${actual}”，请按模板的列顺序排列`
          : `第 ${i + 1} 列的表头应为“${expected}”，现在是“${actual.slice(0, 20)}”，请使用名册模板，不要改动表头`,
      );
    }
  });
  for (let j = HEADERS.length; j < cells.length; j++) {
    const extra = cleanCell(cells[j]);
    if (extra) errors.addAt(1, extra.slice(0, 20), `第 ${j + 1} 列“${extra.slice(0, 20)}”不是名册模板中的列，请删除这一列`);
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
  if (rowCount === 0) return { ok: false, errors: [{ row: 2, column: '', reason: '表头下面没有任何数据行：请从第 2 行起每行填写一位业主' }], rowCount };
  if (rowCount > ROSTER_MAX_ROWS) {
    return { ok: false, errors: [{ row: dataRows[ROSTER_MAX_ROWS].row, column: '', reason: `名册最多 ${ROSTER_MAX_ROWS} 行数据，这个文件超过了上限（从这一行起是多出的部分），请核对是否有多余的行` }], rowCount };
  }

  // cell problems by row, then column (first one wins)
  const problems = new Map<number, Map<number, string>>();
  for (const p of options.cellProblems ?? []) {
    const inRow = problems.get(p.row) ?? new Map<number, string>();
    if (!inRow.has(p.col)) inRow.set(p.col, p.reason);
    problems.set(p.row, inRow);
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
      if (p) errors.add(row, COL[key], p);
      return !p;
    };
    if (cells.slice(0, HEADERS.length).map(cleanCell).join('\u0001') === EXAMPLE_DEVELOPER_ROW) {
      errors.addAt(row, '', '这是名册模板中的示例行，请删除后再导入');
      continue;
    }
    // columns right of the header have no header: nothing may be filled in there
    for (let j = HEADERS.length; j < cells.length; j++) {
      if (cleanCell(cells[j]) !== '' || problem(j)) {
        errors.addAt(row, '', `第 ${j + 1} 列没有表头却填了内容，请删除或移到正确的列`);
        break;
      }
    }

    const partOf = (kind: 'building' | 'entrance' | 'room') => {
      if (!readable(kind)) return null;
      const raw = cell(kind);
      if (raw === '') {
        if (kind === 'entrance') return '';
        errors.add(row, COL[kind], `${headerOf(kind)}不能为空`);
        return null;
      }
      const v = normalizeUnitPart(kind, raw);
      if (v === null) errors.add(row, COL[kind], PART_HINT[kind]);
      return v;
    };
    const building = partOf('building');
    const entrance = partOf('entrance');
    const room = partOf('room');

    let areaCenti: number | null = null;
    if (readable('area')) {
      if (cell('area') === '') errors.add(row, COL.area, '登记面积不能为空');
      else {
        const a = parseAreaCenti(cell('area'));
        if (a.ok) areaCenti = a.value;
        else errors.add(row, COL.area, a.reason);
      }
    }

    let developerHeld: boolean | null = null;
    if (readable('developerHeld')) {
      const d = cell('developerHeld').toUpperCase();
      if (YES.has(d)) developerHeld = true;
      else if (NO.has(d)) developerHeld = false;
      else errors.add(row, COL.developerHeld, '开发商持有只能填“是”或“否”（留空表示否）');
    }

    let owner: RowFields['owner'] = null;
    let certificateKey: string | null = null;
    if (readable('certificateNo')) {
      const cert = normalizeCertificate(cell('certificateNo'));
      if (Array.from(cert).length > 60) errors.add(row, COL.certificateNo, '不动产权证号不超过 60 个字');
      else if (cert) certificateKey = hash('certificate', cert);
    }

    const ownerCols: RosterColumnKey[] = ['ownerName', 'idNumber', 'phone'];
    if (developerHeld === true) {
      for (const key of ownerCols) {
        if (problem(COL[key]) || cell(key) !== '') errors.add(row, COL[key], `开发商持有的房屋不填写${headerOf(key)}；如果已经卖给业主，请把“开发商持有”改为“否”`);
      }
    } else if (developerHeld === false) {
      let name: string | null = null;
      if (readable('ownerName')) {
        const n = normalizeName(cell('ownerName'));
        const len = Array.from(n).length;
        if (n === '') errors.add(row, COL.ownerName, '业主姓名不能为空（开发商持有的房屋请在“开发商持有”填“是”）');
        else if (len < 2 || len > 30) errors.add(row, COL.ownerName, '业主姓名应为 2–30 个字');
        else if (/\d/.test(n)) errors.add(row, COL.ownerName, '业主姓名不能包含数字，请检查是否填错了列');
        else name = n;
      }
      let idNumber: string | null = null;
      if (readable('idNumber')) {
        if (cell('idNumber') === '') errors.add(row, COL.idNumber, '身份证号不能为空');
        else {
          const id = checkIdNumber(cell('idNumber'));
          if (!id.ok) errors.add(row, COL.idNumber, id.reason);
          else if (EXAMPLE_IDS.has(id.value)) errors.addAt(row, '', '这是名册模板中的示例行，请删除后再导入');
          else idNumber = id.value;
        }
      }
      let phone: string | null = null;
      if (readable('phone')) {
        if (cell('phone') === '') errors.add(row, COL.phone, '手机号不能为空');
        else {
          phone = normalizePhone(cell('phone'));
          if (!phone) errors.add(row, COL.phone, '手机号应为 11 位中国大陆手机号，例如 13812345678');
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
        if (f.developerHeld !== r.developerHeld) errors.add(r.row, COL.developerHeld, `同一房屋在第 ${f.row} 行的“开发商持有”是“${f.developerHeld ? '是' : '否'}”，各行必须一致`);
        else errors.addAt(r.row, '', `开发商持有的房屋只填一行，这套房屋在第 ${f.row} 行已经有了`);
        ok = false;
      }
      if (f.areaCenti !== r.areaCenti) {
        errors.add(r.row, COL.area, `同一房屋在第 ${f.row} 行的面积是 ${centiText(f.areaCenti)}，这里是 ${centiText(r.areaCenti)}；共有人各行的面积必须相同`);
        ok = false;
      }
      const again = r.owner ? unit.rows.find((x) => x.owner?.personKey === r.owner!.personKey) : undefined;
      if (again) {
        errors.add(r.row, COL.idNumber, `同一房屋中这个身份证号在第 ${again.row} 行已经出现过，每位共有人只填一行`);
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
        if (seen.name !== r.owner.name) errors.add(r.row, COL.ownerName, `与第 ${seen.row} 行身份证号相同但姓名不同：同一人名下多套房屋时姓名必须一致`);
        if (seen.phone !== r.owner.phone) errors.add(r.row, COL.phone, `与第 ${seen.row} 行身份证号相同但手机号不同：同一人只能登记一个手机号`);
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

/** What changed for one unit between two rosters, in words; empty when nothing did. */
export function unitChanges(before: SnapshotUnit, after: SnapshotUnit): string[] {
  const what: string[] = [];
  if (before.areaCenti !== after.areaCenti) what.push(`面积 ${centiText(before.areaCenti)} → ${centiText(after.areaCenti)} ㎡`);
  if (before.developerHeld !== after.developerHeld) what.push(before.developerHeld ? '开发商持有 → 已售' : '已售 → 开发商持有');
  else if (!sameSet(before.ownerKeys, after.ownerKeys)) {
    const n = new Set(before.ownerKeys).size;
    const m = new Set(after.ownerKeys).size;
    what.push(n === m ? '业主变更' : `业主变更（${n} 人 → ${m} 人）`);
  }
  if (!sameSet(before.certificateKeys, after.certificateKeys)) what.push('产权证号变更');
  return what;
}

/** The difference between the current roster and an imported one, by unit, in natural unit order. */
export function diffRosters(current: SnapshotUnit[], next: SnapshotUnit[], labelOf: (u: SnapshotUnit) => string): RosterDiff {
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
      const what = unitChanges(b, a);
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
