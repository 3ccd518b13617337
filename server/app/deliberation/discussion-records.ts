import type { AuthorRelation, CommentKind, CommentStance, CommentView, ReportReason } from '../../../types/deliberation-discussion';
import { hiddenNoticeText } from '../../../types/deliberation-discussion';
import type { TopicStage } from '../../../types/topics';
import { TOPIC_STAGE_LABELS } from '../../../types/topics';
import { AppError } from '../../core/errors';
import type { StoredDoc, Storage, TxStore } from '../../ports';
import { UNIT_LINKS, UNITS, type UnitDoc, type UnitLinkDoc } from '../identity/records';
import type { Role } from '../../../types/roles';
import type { ActionContext } from '../action';
import { TOPICS, type TopicDoc, type TopicScope } from './records';

/** Stored shapes of the discussion part of deliberation (comments, reports, petition co-signatures). */

export const COMMENTS = 'topic_comments';
export const COMMENT_REPORTS = 'comment_reports';
export const PETITION_SIGNATURES = 'petition_signatures';
export const PETITION_TALLIES = 'petition_tallies';

/** One report per account per comment: the engine's primary key refuses the second. */
export const reportId = (commentId: string, accountKey: string) => `${commentId}:${accountKey}`;
/** One signature per unit per petition. */
export const signatureId = (topicId: string, unitId: string) => `${topicId}:${unitId}`;

export interface CommentDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  kind: CommentKind;
  stance: CommentStance | null;
  /** `${relation}:${stance}` for comments (what summaries group by), null for questions */
  stanceKey: string | null;
  relation: AuthorRelation;
  authorLabel: string;
  /** openid of the author: to notify an asker and to mark "mine"; never returned */
  author: string;
  authorKey: string;
  /** the original text: never overwritten, also when hidden */
  text: string;
  /** sha256 of the text, as the audit record holds it */
  textHash: string;
  createdAt: string;
  status: 'visible' | 'hidden';
  hiddenReason: string | null;
  hiddenAt: string | null;
  /** the moderator's role, shown when the rules ask for it (null: not shown) */
  hiddenByLabel: string | null;
  /** questions: false until answered; comments: null */
  answered: boolean | null;
  answer: { text: string; at: string; byLabel: string } | null;
  /** reports not yet handled by a moderator */
  reportsPending: number;
  reportCount: number;
}

export interface CommentReportDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  commentId: string;
  reporterKey: string;
  reason: ReportReason;
  at: string;
}

export interface SignatureDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  unitId: string;
  unitLabel: string;
  areaCenti: number;
  headKey: string;
  /** account key of the owner who signed (the only one who may withdraw it) */
  signerKey: string;
  active: boolean;
  signedAt: string;
  withdrawnAt: string | null;
}

export interface TallyDoc extends Record<string, unknown> {
  estateId: string;
  topicId: string;
  /** the signed units (active signatures only): the tally is computed from these */
  units: { unitId: string; areaCenti: number; headKey: string }[];
  updatedAt: string;
}

export const rolesOf = (ctx: ActionContext): readonly Role[] => ctx.member?.roles ?? [];
export const accountKeyOf = (ctx: ActionContext): string => ctx.member?.accountKey ?? '';

export const stageLabel = (stage: TopicStage) => TOPIC_STAGE_LABELS[stage] ?? stage;

/** The topic, if it is in the estate the caller acts in (the handler only checked the caller's role there). */
export async function topicInEstate(reader: Pick<Storage | TxStore, 'get'>, estateId: string, topicId: string): Promise<StoredDoc<TopicDoc>> {
  const doc = await reader.get<TopicDoc>(TOPICS, topicId);
  if (!doc || doc.data.estateId !== estateId) throw new AppError('TOPIC_NOT_FOUND');
  return doc;
}

export async function commentOfTopic(reader: Pick<Storage | TxStore, 'get'>, topicId: string, commentId: string): Promise<StoredDoc<CommentDoc>> {
  const doc = await reader.get<CommentDoc>(COMMENTS, commentId);
  if (!doc || doc.data.topicId !== topicId) throw new AppError('COMMENT_NOT_FOUND');
  return doc;
}

/** Units the caller holds an active link to in the estate (roster units not removed), in label order. */
export async function callerUnits(storage: Storage, estateId: string, openid: string): Promise<StoredDoc<UnitDoc>[]> {
  const links = await storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { estateId, openid, active: true }, limit: 200 });
  const ids = [...new Set(links.map((l) => l.data.unitId))];
  const units = ids.length ? await storage.getMany<UnitDoc>(UNITS, ids) : [];
  return units
    .filter((u): u is StoredDoc<UnitDoc> => !!u && u.data.estateId === estateId && !u.data.removed)
    .sort((a, b) => a.data.label.localeCompare(b.data.label, 'zh', { numeric: true }));
}

export const inScope = (scope: TopicScope, building: string) => scope.kind === 'estate' || scope.buildings.includes(building);

export interface ViewerContext {
  accountKey: string;
  moderator: boolean;
  /** ids of reports the caller made among the comments shown */
  reported: Set<string>;
}

export function commentView(doc: StoredDoc<CommentDoc>, viewer: ViewerContext): CommentView {
  const c = doc.data;
  const hidden = c.status === 'hidden';
  const view: CommentView = {
    commentId: doc.id,
    kind: c.kind,
    stance: c.stance,
    authorRelation: c.relation,
    authorLabel: c.authorLabel,
    text: hidden ? null : c.text,
    hidden: hidden ? { reason: c.hiddenReason ?? '', at: c.hiddenAt ?? c.createdAt, byLabel: c.hiddenByLabel } : null,
    hiddenNotice: hidden ? hiddenNoticeText(c.hiddenReason ?? '', c.hiddenByLabel) : null,
    createdAt: c.createdAt,
    mine: c.authorKey === viewer.accountKey,
    reportedByMe: viewer.reported.has(reportId(doc.id, viewer.accountKey)),
    answer: c.answer ? { ...c.answer } : null,
  };
  if (viewer.moderator) {
    view.reportsPending = c.reportsPending;
    if (hidden) view.originalText = c.text;
  }
  return view;
}
