import {
  HANDLER_ORG_LABELS,
  LOCATION_KIND_LABELS,
  REQUEST_CATEGORY_LABELS,
  requestsLabels,
  type HandlerOrg,
  type LocationKind,
  type RequestCategory,
  type RoutingTableBody,
  type RoutingTableOutput,
  type UpdateRoutingTableInput,
} from '../../types/requests';

/**
 * 诉求分派规则 page state (issue 12 item 2), without Taro: the table as category × location → organisation with its
 * limits, one row edited at a time, and the save input built from the version the editor opened (the server refuses
 * the save if another one was saved meanwhile: ROUTING_VERSION_MOVED).
 */
export interface RoutingEditState {
  baseVersionNo: number;
  table: RoutingTableBody;
  /** the row being edited, by category and location */
  editing: { category: RequestCategory; location: LocationKind } | null;
  note: string;
  changed: boolean;
}

export type RoutingEditAction =
  | { type: 'edit'; category: RequestCategory; location: LocationKind }
  | { type: 'setRule'; org?: HandlerOrg; respondHours?: number; resolveHours?: number }
  | { type: 'done' }
  | { type: 'note'; note: string }
  | { type: 'reset'; data: RoutingTableOutput };

export function routingEditInit(data: RoutingTableOutput): RoutingEditState {
  const { rules, ladder, confirmDays, remindPercent } = data.current;
  return { baseVersionNo: data.current.versionNo, table: { rules: rules.map((r) => ({ ...r })), ladder: ladder.map((s) => ({ ...s })), confirmDays, remindPercent }, editing: null, note: '', changed: false };
}

export function routingEditReducer(state: RoutingEditState, action: RoutingEditAction): RoutingEditState {
  switch (action.type) {
    case 'edit':
      return { ...state, editing: { category: action.category, location: action.location } };
    case 'done':
      return { ...state, editing: null };
    case 'note':
      return { ...state, note: action.note };
    case 'reset':
      return routingEditInit(action.data);
    case 'setRule': {
      const at = state.editing;
      if (!at) return state;
      const { type: _type, ...patch } = action;
      const rules = state.table.rules.map((r) => (r.category === at.category && r.location === at.location ? { ...r, ...patch } : r));
      return { ...state, table: { ...state.table, rules }, changed: true };
    }
  }
}

/** One line per rule for the page: 类别 · 位置 → 单位, 响应 x 小时 / 解决 y 小时. */
export function routingRows(table: RoutingTableBody): { key: string; category: RequestCategory; location: LocationKind; title: string; org: string; limits: string }[] {
  return table.rules.map((r) => ({
    key: `${r.category}|${r.location}`,
    category: r.category,
    location: r.location,
    title: `${REQUEST_CATEGORY_LABELS[r.category]} · ${LOCATION_KIND_LABELS[r.location]}`,
    org: HANDLER_ORG_LABELS[r.org],
    limits: `响应 ${r.respondHours} 小时，解决 ${r.resolveHours} 小时`,
  }));
}

/** The escalation ladder in words: 网格员 → 居委会 (响应 24 小时，解决 120 小时). */
export const ladderRows = (table: RoutingTableBody): string[] =>
  table.ladder.map((s) => `${HANDLER_ORG_LABELS[s.org]}${s.next ? ` → ${HANDLER_ORG_LABELS[s.next]}` : '（最高一级）'}：响应 ${s.respondHours} 小时，解决 ${s.resolveHours} 小时`);

/** 第 n 版 · who · when (the default is 默认规则). */
export function versionLine(data: RoutingTableOutput, formatTime: (iso: string) => string): string {
  const v = data.current;
  if (v.versionNo === 0) return '第 0 版（默认规则，尚未修改）';
  return `第 ${v.versionNo} 版 · ${v.updatedBy ?? ''} · ${formatTime(v.updatedAt)}${v.note ? ` · ${v.note}` : ''}`;
}

/** The save input, or null while nothing changed or no note is written. */
export function routingSaveInput(estateId: string, state: RoutingEditState): UpdateRoutingTableInput | null {
  if (!state.changed || !state.note.trim()) return null;
  return { estateId, baseVersionNo: state.baseVersionNo, table: state.table, note: state.note.trim() };
}

/** The page's words (UI text in one place). */
export const ROUTING_TEXT = {
  title: '诉求分派规则',
  intro: '每一类诉求按位置派给哪个单位、多长时间内响应和解决。保存后只对之后提交的诉求生效，已提交的诉求仍按原来的版本办理。',
  rulesTitle: '类别 · 位置 → 办理单位',
  edit: '修改这一项',
  done: '完成',
  org: requestsLabels.org,
  respondHours: '响应时限（小时）',
  resolveHours: '解决时限（小时）',
  ladderTitle: '超时升级顺序',
  ladderHint: (confirmDays: number) => `办理完毕后诉求人 ${confirmDays} 天内未确认的，自动办结（不算满意）。`,
  saveTitle: '保存为新版本',
  note: requestsLabels.note,
  noteHint: '写明为什么修改，会和这一版一起保存',
  save: '保存新版本',
  saving: '正在保存…',
  saved: (versionNo: number) => `已保存为第 ${versionNo} 版`,
  unchanged: '还没有修改任何一项',
  readOnly: '分派规则由社区居委会修改。',
};
