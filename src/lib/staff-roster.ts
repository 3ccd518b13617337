/**
 * View logic of 名册导入 (packages/staff/identity/roster): the current roster's summary and versions,
 * the preview's row-error table (nothing is imported while any row is wrong) or its diff against the
 * current version, and the confirmed result.
 */
import type { Role } from '../../types/common';
import { ROSTER_COLUMNS } from '../../types/identity-labels';
import type {
  ConfirmRosterOutput,
  PreviewRosterOutput,
  RosterDiff,
  RosterRowError,
  RosterSummaryOutput,
  RosterTotalsView,
  RosterUnitChange,
} from '../../types/identity';
import { formatArea, formatShanghai } from '../../types/time';
import { canImportRoster } from './workbench';

export const ROSTER_TEXT = {
  title: '名册导入',
  viewTitle: '业主名册',
  summaryTitle: '当前名册',
  noRoster: '尚未导入名册',
  buildingsTitle: '各楼栋',
  historyTitle: '版本记录',
  ruleTitle: '面积和人数怎么算',
  areaRule: '面积按不动产登记簿记载的面积计算（尚未登记的按测绘面积，再没有的按买卖合同），精确到 0.01 ㎡（最高法《建筑物区分所有权解释》第八条）。',
  headcountRule:
    '业主人数按户计算：一套专有部分按一人计算；建设单位尚未出售和虽已出售但尚未交付的房屋合计按一人计算；同一买受人拥有多套房屋的按一人计算（同解释第九条）。',
  importTitle: '导入新名册',
  importSteps: '第一步：下载模板，按列填写（一位业主一行，共有人重复填写同一房号）。第二步：选择填好的文件，系统先检查、显示变更，确认后才生效。',
  columnsLine: `模板列：${ROSTER_COLUMNS.map((c) => c.header).join('、')}`,
  downloadTemplate: '下载名册模板',
  downloading: '正在准备模板…',
  pickFile: '选择名册文件（.xlsx / .csv）',
  pickHintWeapp: '请先把名册文件发到微信聊天（如文件传输助手），再从聊天中选择。',
  uploading: '正在上传并检查…',
  errorsTitle: '名册有错误，本次没有导入任何数据',
  errorsHint: '请按下表修改文件后重新选择。',
  previewTitle: '检查通过，请核对变更',
  firstImport: '这是首次导入。',
  confirm: '确认导入',
  confirming: '正在导入…',
  writing: '正在写入名册',
  writingHint: '名册较大，正在分批写入，请勿离开本页；写完之前当前名册保持不变，中断后再次打开会继续写入。',
  cancel: '放弃本次导入',
  doneTitle: '导入完成',
  privacy: '名册中的身份证号和手机号只以加密摘要保存，界面不会显示。',
  viewOnly: '你可以查看名册汇总；导入名册由社区居委会或业委会进行。',
} as const;

/** "共 120 套房屋 · 总面积 10840.50 ㎡ · 业主人数 113 人", as parts the page keeps on one line each. */
export function totalsParts(t: RosterTotalsView): string[] {
  return [`共 ${t.unitCount} 套房屋`, `总面积 ${formatArea(t.areaCenti)} ㎡`, `业主人数 ${t.headcount} 人`];
}

export const shortFingerprint = (fp: string | null | undefined) => (fp ? fp.slice(0, 12) : '');

/** "1" → "1号楼"; already labelled names are kept. */
export const buildingLabel = (b: string) => (/[楼栋幢座]$/.test(b) ? b : `${b}号楼`);

export interface SummaryView {
  versionLine: string;
  totals: string[];
  buildings: { building: string; label: string; line: string }[];
  history: { version: number; line: string; current: boolean }[];
  /** the area (Art. 8) and headcount (Art. 9) rules in plain words: the server's text, else ours */
  ruleLines: string[];
}

export function summaryView(s: RosterSummaryOutput): SummaryView {
  return {
    versionLine:
      s.version === 0
        ? ROSTER_TEXT.noRoster
        : `第 ${s.version} 版${s.importedAt ? ` · ${formatShanghai(s.importedAt)} 导入` : ''}${s.fingerprint ? ` · 内容编号 ${shortFingerprint(s.fingerprint)}` : ''}`,
    totals: totalsParts(s.totals),
    buildings: s.buildings.map((b) => ({ building: b.building, label: buildingLabel(b.building), line: totalsParts(b.totals).join(' · ') })),
    history: [...s.history]
      .sort((a, b) => b.version - a.version)
      .map((h) => ({
        version: h.version,
        line: `第 ${h.version} 版 · ${formatShanghai(h.importedAt)} · ${h.unitCount} 套 · 内容编号 ${shortFingerprint(h.fingerprint)}`,
        current: h.version === s.version,
      })),
    ruleLines: (s.headcountRule.trim() ? s.headcountRule.split('\n') : [ROSTER_TEXT.areaRule, ROSTER_TEXT.headcountRule])
      .map((l) => l.trim())
      .filter(Boolean),
  };
}

/* ------------------------------------------------------------------ preview: errors */

export interface RowErrorRow {
  key: string;
  rowText: string; // 第3行
  column: string; // 登记面积(㎡) or 整行
  reason: string;
  /** "第3行 · 登记面积(㎡) · 面积格式不正确" */
  line: string;
}

/** The error table, by row then column order of the template. */
export function rowErrorRows(errors: readonly RosterRowError[]): RowErrorRow[] {
  const colIndex = (c: string) => {
    const i = ROSTER_COLUMNS.findIndex((x) => x.header === c);
    return i < 0 ? (c ? ROSTER_COLUMNS.length : -1) : i;
  };
  return [...errors]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.row - b.e.row || colIndex(a.e.column) - colIndex(b.e.column) || a.i - b.i)
    .map(({ e, i }) => {
      const rowText = e.row > 0 ? `第${e.row}行` : '整个文件';
      const column = e.column || '整行';
      return { key: `${e.row}-${i}`, rowText, column, reason: e.reason, line: `${rowText} · ${column} · ${e.reason}` };
    });
}

export function errorSummaryLine(rowCount: number, errors: readonly RosterRowError[]): string {
  const rows = new Set(errors.map((e) => e.row)).size;
  return `共检查 ${rowCount} 行数据，${rows} 行有 ${errors.length} 处问题。本次没有导入任何数据，当前名册保持不变。`;
}

/* ------------------------------------------------------------------ preview: diff */

/** The one place a roster change is put into words: "面积 89.52 → 90.00 ㎡", "业主变更（1 人 → 2 人）", "开发商持有 → 已售". */
export function rosterChangeText(c: RosterUnitChange): string {
  switch (c.kind) {
    case 'area':
      return `面积 ${formatArea(c.from)} → ${formatArea(c.to)} ㎡`;
    case 'developerHeld': {
      const state = (held: boolean) => (held ? '开发商持有' : '已售');
      return `${state(c.from)} → ${state(c.to)}`;
    }
    case 'owners':
      return c.from === c.to ? '业主变更' : `业主变更（${c.from} 人 → ${c.to} 人）`;
    case 'certificate':
      return '产权证号变更';
    case 'phone':
      return `${c.owner} 手机号变更`;
  }
}

/** "1号楼1单元101：面积 89.52 → 90.00 ㎡，业主变更" */
export const changedUnitLine = (c: RosterDiff['changed'][number]) => `${c.label}：${c.what.map(rosterChangeText).join('，')}`;

export interface DiffView {
  /** "新增 2 套", "变更 1 套", "移除 0 套", "未变化 117 套" */
  summary: string[];
  added: string[];
  changed: string[]; // "1号楼1单元101：面积 89.52 → 90.00，业主变更"
  removed: string[];
}

export function diffView(diff: RosterDiff | null, unitCount: number): DiffView {
  if (!diff) return { summary: [`${ROSTER_TEXT.firstImport}共 ${unitCount} 套房屋`], added: [], changed: [], removed: [] };
  return {
    summary: [
      `新增 ${diff.added.length} 套`,
      `变更 ${diff.changed.length} 套`,
      `移除 ${diff.removed.length} 套`,
      `未变化 ${diff.unchangedCount} 套`,
    ],
    added: [...diff.added],
    changed: diff.changed.map(changedUnitLine),
    removed: [...diff.removed],
  };
}

export const hasChanges = (diff: RosterDiff | null) =>
  !diff || diff.added.length + diff.changed.length + diff.removed.length > 0;

export type PreviewView =
  | { kind: 'errors'; title: string; summary: string; hint: string; rows: RowErrorRow[] }
  | {
      kind: 'diff';
      title: string;
      importId: string;
      baseLine: string;
      totals: string[];
      buildings: { label: string; line: string }[];
      diff: DiffView;
      noChanges: boolean;
    };

export function previewView(p: PreviewRosterOutput): PreviewView {
  if (!p.valid) {
    return { kind: 'errors', title: ROSTER_TEXT.errorsTitle, summary: errorSummaryLine(p.rowCount, p.errors), hint: ROSTER_TEXT.errorsHint, rows: rowErrorRows(p.errors) };
  }
  return {
    kind: 'diff',
    title: ROSTER_TEXT.previewTitle,
    importId: p.importId,
    baseLine: p.baseVersion > 0 ? `与当前第 ${p.baseVersion} 版比较（文件共 ${p.rowCount} 行）` : `首次导入（文件共 ${p.rowCount} 行）`,
    totals: totalsParts(p.totals),
    buildings: p.buildings.map((b) => ({ label: buildingLabel(b.building), line: totalsParts(b.totals).join(' · ') })),
    diff: diffView(p.diff, p.totals.unitCount),
    noChanges: !hasChanges(p.diff),
  };
}

export function confirmedLine(out: Extract<ConfirmRosterOutput, { status: 'done' }>): string {
  return `名册已更新为第 ${out.version} 版：${totalsParts(out.totals).join(' · ')}`;
}

/** "正在写入名册：已完成 6000 / 40000 项（15%）" while a large import is written in chunks. */
export function confirmProgressLine(done: number, total: number): string {
  const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
  return `${ROSTER_TEXT.writing}：已完成 ${done} / ${total} 项（${pct}%）`;
}

/** What the page shows after a confirm or a poll: done (the new version), or still writing (poll again). */
export function confirmStep(out: ConfirmRosterOutput): { kind: 'done'; line: string } | { kind: 'running'; line: string } {
  return out.status === 'done' ? { kind: 'done', line: confirmedLine(out) } : { kind: 'running', line: confirmProgressLine(out.done, out.total) };
}

/** Which parts of the page a role sees: the import tools only for those who may import. */
export function rosterPageMode(roles: readonly Role[]): { title: string; showImport: boolean } {
  const showImport = canImportRoster(roles);
  return { title: showImport ? ROSTER_TEXT.title : ROSTER_TEXT.viewTitle, showImport };
}

/** A roster file name the server will accept (.xlsx or .csv). */
export function rosterFileProblem(name: string): string | null {
  return /\.(xlsx|csv)$/i.test(name.trim()) ? null : '请选择 .xlsx 或 .csv 格式的名册文件';
}
