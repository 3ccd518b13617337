import type { Role } from '../../../types/roles';
import type { AuthorRelation, CommentStance, DiscussionSummary, StanceCounts } from '../../../types/deliberation-discussion';
import type { ProposerKind } from '../../../types/topics';

/**
 * Who is speaking in a consultation, as readers see it: a relation and a label, never a name. Organisers speak
 * for their body (党支部 / 业委会 / 社区 / 网格员); otherwise an owner is shown with the building of a unit they
 * own (in the topic's scope when they have one there: "3号楼业主"); anyone else is a resident (住户), whose
 * opinions are counted apart and never in any vote.
 */
const ORGANISER_LABELS: [Role, string][] = [
  ['party_secretary', '党支部'],
  ['committee_member', '业委会'],
  ['community_staff', '社区'],
  ['grid_worker', '网格员'],
];

export interface Author {
  relation: AuthorRelation;
  label: string;
}

/**
 * @param roles the caller's roles in the estate
 * @param buildings buildings of the caller's active units (any order); `inScope` those inside the topic's scope
 */
export function authorOf(roles: readonly Role[], buildings: { all: readonly string[]; inScope: readonly string[] }): Author {
  for (const [role, label] of ORGANISER_LABELS) if (roles.includes(role)) return { relation: 'organiser', label };
  if (roles.includes('owner')) {
    const pick = [...(buildings.inScope.length ? buildings.inScope : buildings.all)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))[0];
    return { relation: 'owner', label: pick ? `${pick}号楼业主` : '业主' };
  }
  if (roles.includes('party_member')) return { relation: 'organiser', label: '党员' };
  return { relation: 'resident', label: '住户' };
}

/** The answerer as readers see them. */
export function openerLabel(kind: ProposerKind): string {
  return kind === 'party_branch' ? '党支部' : kind === 'committee' ? '业委会' : '提议人';
}

/** How a moderator appears when the rules ask to name the role (moderation.hiddenShows = reason_and_role). */
export function moderatorLabel(roles: readonly Role[]): string {
  if (roles.includes('community_staff')) return '社区居委会';
  if (roles.includes('party_secretary')) return '小区党支部';
  if (roles.includes('committee_member')) return '业主委员会';
  return '管理员';
}

/** The field the summaries group comments by: relation and stance in one value (aggregates group by two fields at most). */
export const stanceKey = (relation: AuthorRelation, stance: CommentStance) => `${relation}:${stance}`;

const zero = (): StanceCounts => ({ support: 0, oppose: 0, suggest: 0 });
export const emptySummary = (topicId: string): DiscussionSummary => ({
  topicId,
  stances: zero(),
  residentStances: zero(),
  organiserStances: zero(),
  comments: 0,
  questions: 0,
  unanswered: 0,
  hidden: 0,
  reportsPending: 0,
});

/** Rows as the storage aggregates return them (group values, count). */
export interface CountRow {
  group: Record<string, unknown>;
  count: number;
}

/**
 * Assemble per-topic summaries from grouped counts: `stances` grouped by (topicId, stanceKey) over visible
 * comments, `questions` by (topicId, answered) over visible questions, `hidden` and `reported` by topicId.
 * Topics appear in first-seen order of the rows given.
 */
export function summarise(rows: { stances: CountRow[]; questions: CountRow[]; hidden: CountRow[]; reported: CountRow[] }): DiscussionSummary[] {
  const byTopic = new Map<string, DiscussionSummary>();
  const get = (row: CountRow) => {
    const topicId = String(row.group.topicId);
    let s = byTopic.get(topicId);
    if (!s) byTopic.set(topicId, (s = emptySummary(topicId)));
    return s;
  };
  for (const row of rows.stances) {
    const s = get(row);
    const [relation, stance] = String(row.group.stanceKey).split(':') as [AuthorRelation, CommentStance];
    const counts = relation === 'owner' ? s.stances : relation === 'resident' ? s.residentStances : s.organiserStances;
    if (stance in counts) counts[stance] += row.count;
    s.comments += row.count;
  }
  for (const row of rows.questions) {
    const s = get(row);
    s.questions += row.count;
    if (row.group.answered === false) s.unanswered += row.count;
  }
  for (const row of rows.hidden) get(row).hidden += row.count;
  for (const row of rows.reported) get(row).reportsPending += row.count;
  return [...byTopic.values()];
}
