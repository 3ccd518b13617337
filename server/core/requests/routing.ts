import type { ErrorCode, ErrorParams } from '../../../types/errors';
import {
  HANDLER_ORG_LABELS,
  LOCATION_KIND_LABELS,
  LOCATION_KINDS,
  REQUEST_CATEGORIES,
  REQUEST_CATEGORY_LABELS,
  type HandlerOrg,
  type LadderStep,
  type LocationKind,
  type RequestCategory,
  type RoutingRule,
  type RoutingTableBody,
  type RoutingTableVersion,
} from '../../../types/requests';

/**
 * The routing table as data (issue 12 item 2): category × location kind → handler organisation with its time
 * limits, plus the escalation ladder. The default below is what a new estate starts with; community staff edit
 * it as a new version (every version kept), and validateRoutingTable is the one check a version must pass.
 */

/** Who takes a request of each category first, per location kind (own unit / building / public area). */
const DEFAULT_ORGS: Record<RequestCategory, Record<LocationKind, HandlerOrg>> = {
  repair: { unit: 'property', building: 'property', public: 'property' },
  public_facility: { unit: 'property', building: 'property', public: 'property' },
  environment: { unit: 'grid', building: 'property', public: 'property' },
  greenery: { unit: 'property', building: 'property', public: 'property' },
  parking: { unit: 'property', building: 'property', public: 'property' },
  noise: { unit: 'grid', building: 'grid', public: 'grid' },
  safety: { unit: 'grid', building: 'grid', public: 'grid' },
  property_service: { unit: 'committee', building: 'committee', public: 'committee' },
  neighbour: { unit: 'grid', building: 'grid', public: 'grid' },
  other: { unit: 'grid', building: 'grid', public: 'grid' },
};

/** Default limits per organisation: respond within a working day's reach, resolve within a week or so. */
const DEFAULT_LIMITS: Record<HandlerOrg, { respondHours: number; resolveHours: number }> = {
  property: { respondHours: 24, resolveHours: 72 },
  grid: { respondHours: 24, resolveHours: 120 },
  committee: { respondHours: 48, resolveHours: 168 },
  community: { respondHours: 24, resolveHours: 120 },
  subdistrict: { respondHours: 24, resolveHours: 168 },
};

/** 网格员 → 居委会 → 街道; the property company and the owners' committee answer to the 居委会 too. */
export const DEFAULT_LADDER: LadderStep[] = [
  { org: 'grid', next: 'community', ...DEFAULT_LIMITS.grid },
  { org: 'property', next: 'community', ...DEFAULT_LIMITS.property },
  { org: 'committee', next: 'community', ...DEFAULT_LIMITS.committee },
  { org: 'community', next: 'subdistrict', ...DEFAULT_LIMITS.community },
  { org: 'subdistrict', ...DEFAULT_LIMITS.subdistrict },
];

export function defaultRoutingTable(): RoutingTableBody {
  const rules: RoutingRule[] = [];
  for (const category of REQUEST_CATEGORIES) {
    for (const location of LOCATION_KINDS) {
      const org = DEFAULT_ORGS[category][location];
      rules.push({ category, location, org, ...DEFAULT_LIMITS[org] });
    }
  }
  return { rules, ladder: DEFAULT_LADDER.map((s) => ({ ...s })), confirmDays: 7, remindPercent: 20 };
}

/** Version 0: what an estate uses until staff save their own (never stored; updatedBy null). */
export const DEFAULT_ROUTING_VERSION: RoutingTableVersion = { ...defaultRoutingTable(), versionNo: 0, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: null };

export type RoutingProblem = { [C in ErrorCode]: { code: C; params: ErrorParams<C> } }[ErrorCode];

/**
 * Every category × location kind exactly once; response limit ≤ resolution limit everywhere; every organisation a
 * rule or a ladder step names has exactly one ladder step, and following `next` from any step ends at a top.
 * Returns the first problem, or null.
 */
export function validateRoutingTable(table: RoutingTableBody): RoutingProblem | null {
  const seen = new Set<string>();
  for (const r of table.rules) {
    const key = `${r.category}|${r.location}`;
    const params = { category: REQUEST_CATEGORY_LABELS[r.category], location: LOCATION_KIND_LABELS[r.location] };
    if (seen.has(key)) return { code: 'ROUTING_RULE_TWICE', params };
    seen.add(key);
    if (r.respondHours > r.resolveHours) return { code: 'ROUTING_LIMIT_ORDER', params: { org: HANDLER_ORG_LABELS[r.org] } };
  }
  for (const category of REQUEST_CATEGORIES) {
    for (const location of LOCATION_KINDS) {
      if (!seen.has(`${category}|${location}`)) {
        return { code: 'ROUTING_RULE_MISSING', params: { category: REQUEST_CATEGORY_LABELS[category], location: LOCATION_KIND_LABELS[location] } };
      }
    }
  }
  const steps = new Map<HandlerOrg, LadderStep>();
  for (const s of table.ladder) {
    if (steps.has(s.org)) return { code: 'ROUTING_LADDER_TWICE', params: { org: HANDLER_ORG_LABELS[s.org] } };
    if (s.respondHours > s.resolveHours) return { code: 'ROUTING_LIMIT_ORDER', params: { org: HANDLER_ORG_LABELS[s.org] } };
    steps.set(s.org, s);
  }
  const named = new Set<HandlerOrg>([...table.rules.map((r) => r.org), ...table.ladder.flatMap((s) => (s.next ? [s.next] : []))]);
  for (const org of named) if (!steps.has(org)) return { code: 'ROUTING_LADDER_MISSING', params: { org: HANDLER_ORG_LABELS[org] } };
  for (const start of steps.keys()) {
    const visited = new Set<HandlerOrg>();
    let at: HandlerOrg | undefined = start;
    while (at) {
      if (visited.has(at)) return { code: 'ROUTING_LADDER_CYCLE', params: { org: HANDLER_ORG_LABELS[start] } };
      visited.add(at);
      at = steps.get(at)?.next;
    }
  }
  return null;
}

/** The rule that routes a new request (the table is validated, so there is exactly one). */
export function route(table: RoutingTableBody, category: RequestCategory, location: LocationKind): RoutingRule {
  const rule = table.rules.find((r) => r.category === category && r.location === location);
  if (!rule) throw new Error(`routing table has no rule for ${category} × ${location}`);
  return rule;
}

/** The ladder step of an organisation: its limits when a request reaches it by escalation, and who is next. */
export function ladderStep(table: RoutingTableBody, org: HandlerOrg): LadderStep {
  const step = table.ladder.find((s) => s.org === org);
  if (!step) throw new Error(`escalation ladder has no step for ${org}`);
  return step;
}

/** Who takes over from `org` when it lets a limit pass (or the requester is not satisfied); null at the top. */
export function nextLevel(table: RoutingTableBody, org: HandlerOrg): LadderStep | null {
  const next = ladderStep(table, org).next;
  return next ? ladderStep(table, next) : null;
}
