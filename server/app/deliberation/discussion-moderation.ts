import type { CommentOutput, ModerateCommentInput, ReportCommentInput, ReportCommentOutput } from '../../../types/deliberation-discussion';
import { allows } from '../../../types/permissions';
import { ROLE_LABELS, type Role } from '../../../types/roles';
import { moderatorLabel } from '../../core/deliberation/discussion';
import { AppError } from '../../core/errors';
import { DuplicateKeyError, type Ports, type StoredDoc, type TxStore } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { accountKeyOf, COMMENT_REPORTS, commentOfTopic, rolesOf, commentView, COMMENTS, reportId, topicInEstate, type CommentDoc, type CommentReportDoc } from './discussion-records';
import { activeRulesFor } from './rules-store';

/**
 * Reports and moderation (issue 10 item 6). Anyone in the estate may report a comment, once; a moderator hides it
 * with a reason every reader sees, restores it, or dismisses the reports. Nothing is deleted: the comment keeps its
 * original text (moderators see it; the audit record holds its hash), and every decision is audited with its reason.
 */

export interface Moderation {
  /** the caller holds deliberation.moderate AND a role the estate's rules name as moderator */
  allowed: boolean;
  /** the rules name the moderator's role on hidden comments (hiddenShows = reason_and_role) */
  showRole: boolean;
  moderators: readonly Role[];
}

/** What the estate's active rules of procedure (or the default template) say about moderation, for this caller. */
export async function moderationFor(ports: Pick<Ports, 'storage' | 'crypto'>, estateId: string, roles: readonly Role[]): Promise<Moderation> {
  const { rules } = await activeRulesFor(ports.storage, estateId, ports.crypto);
  const moderators = rules.moderation.moderators as readonly Role[];
  return {
    allowed: allows(roles, 'deliberation.moderate') && roles.some((r) => moderators.includes(r)),
    showRole: rules.moderation.hiddenShows === 'reason_and_role',
    moderators,
  };
}

async function requireModerator(ctx: ActionContext, estateId: string): Promise<Moderation> {
  const moderation = await moderationFor(ctx.ports, estateId, rolesOf(ctx));
  if (!moderation.allowed) throw new AppError('MODERATOR_NOT_IN_RULES', { roles: moderation.moderators.map((r) => ROLE_LABELS[r] ?? r).join('、') });
  return moderation;
}

/** Report a comment: one report per account per comment (the report's id is comment + account; the engine refuses a second). */
export async function reportComment(ctx: ActionContext, input: ReportCommentInput): Promise<ReportCommentOutput> {
  const { storage, clock } = ctx.ports;
  const topic = await topicInEstate(storage, input.estateId, input.topicId);
  const accountKey = accountKeyOf(ctx);
  const id = reportId(input.commentId, accountKey);
  try {
    await storage.transaction(async (tx) => {
      const c = await commentOfTopic(tx, topic.id, input.commentId);
      if (c.data.status === 'hidden') throw new AppError('COMMENT_HIDDEN');
      if (await tx.get(COMMENT_REPORTS, id)) throw new AppError('REPORT_DUPLICATE');
      const report: CommentReportDoc = { estateId: input.estateId, topicId: topic.id, commentId: c.id, reporterKey: accountKey, reason: input.reportReason, at: clock.now().toISOString() };
      await tx.create(COMMENT_REPORTS, id, report);
      await tx.update<CommentDoc>(COMMENTS, c.id, c.version, { ...c.data, reportsPending: c.data.reportsPending + 1, reportCount: c.data.reportCount + 1 });
      await appendAudit(tx, ctx.ports, {
        estateId: input.estateId,
        actor: ctx.caller.openid,
        action: 'topic.comment_reported',
        subject: `${COMMENTS}/${c.id}`,
        data: { topicId: topic.id, reason: input.reportReason },
      });
    });
  } catch (err) {
    // a concurrent report by the same account created the id first
    if (err instanceof DuplicateKeyError && err.collection === COMMENT_REPORTS) throw new AppError('REPORT_DUPLICATE');
    throw err;
  }
  return { reported: true };
}

type Decision = 'hide' | 'unhide' | 'dismiss';
const AUDIT_ACTIONS: Record<Decision, string> = { hide: 'topic.comment_hidden', unhide: 'topic.comment_unhidden', dismiss: 'topic.comment_reports_dismissed' };

async function moderate(ctx: ActionContext, input: ModerateCommentInput, decision: Decision): Promise<CommentOutput> {
  const { storage, clock } = ctx.ports;
  const topic = await topicInEstate(storage, input.estateId, input.topicId);
  await commentOfTopic(storage, topic.id, input.commentId);
  const moderation = await requireModerator(ctx, input.estateId);
  const at = clock.now().toISOString();
  const stored = await storage.transaction(async (tx: TxStore) => {
    const c: StoredDoc<CommentDoc> = await commentOfTopic(tx, topic.id, input.commentId);
    // nobody decides their own case: reports against a moderator's comment, or its hiding, go to another moderator
    if (decision !== 'hide' && c.data.author === ctx.caller.openid) throw new AppError('OWN_COMMENT_DECISION');
    let data: CommentDoc;
    if (decision === 'hide') {
      if (c.data.status === 'hidden') throw new AppError('COMMENT_HIDDEN');
      data = { ...c.data, status: 'hidden', hiddenReason: input.reason, hiddenAt: at, hiddenByLabel: moderation.showRole ? moderatorLabel(rolesOf(ctx)) : null, reportsPending: 0 };
    } else if (decision === 'unhide') {
      if (c.data.status !== 'hidden') throw new AppError('COMMENT_NOT_HIDDEN');
      data = { ...c.data, status: 'visible', hiddenReason: null, hiddenAt: null, hiddenByLabel: null };
    } else {
      if (c.data.reportsPending <= 0) throw new AppError('NO_PENDING_REPORTS');
      data = { ...c.data, reportsPending: 0 };
    }
    const updated = await tx.update<CommentDoc>(COMMENTS, c.id, c.version, data);
    await appendAudit(tx, ctx.ports, {
      estateId: input.estateId,
      actor: ctx.caller.openid,
      action: AUDIT_ACTIONS[decision],
      subject: `${COMMENTS}/${c.id}`,
      // the text's hash ties the record to the original, which the comment keeps (never overwritten)
      data: { topicId: topic.id, reason: input.reason, textHash: c.data.textHash, reportsResolved: c.data.reportsPending },
    });
    return updated;
  });
  return { comment: commentView(stored, { accountKey: accountKeyOf(ctx), moderator: true, reported: new Set() }) };
}

/** Hide a comment with a reason every reader sees (该评论已被隐藏：<reason>); its reports count as handled. */
export const hideComment = (ctx: ActionContext, input: ModerateCommentInput) => moderate(ctx, input, 'hide');
/** Show a hidden comment again, with a reason (audited). */
export const unhideComment = (ctx: ActionContext, input: ModerateCommentInput) => moderate(ctx, input, 'unhide');
/** Keep the comment and mark its reports handled, with a reason (audited). */
export const dismissReports = (ctx: ActionContext, input: ModerateCommentInput) => moderate(ctx, input, 'dismiss');
