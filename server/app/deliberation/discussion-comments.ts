import type {
  AddCommentInput,
  AnswerQuestionInput,
  AskQuestionInput,
  CommentFilter,
  CommentKind,
  CommentOutput,
  CommentStance,
  ListCommentsInput,
  ListCommentsOutput,
} from '../../../types/deliberation-discussion';
import { discussionLabels } from '../../../types/deliberation-discussion';
import { allows } from '../../../types/permissions';
import { authorOf, openerLabel, stanceKey } from '../../core/deliberation/discussion';
import { AppError } from '../../core/errors';
import { InvalidCursorError, type Page, type Where } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { enqueueNotification } from '../notifications/outbox';
import {
  accountKeyOf,
  callerUnits,
  COMMENT_REPORTS,
  commentOfTopic,
  commentView,
  COMMENTS,
  inScope,
  reportId,
  rolesOf,
  stageLabel,
  topicInEstate,
  type CommentDoc,
} from './discussion-records';
import { moderationFor } from './discussion-moderation';

const PAGE_SIZE = 20;
/** stages in which the opener may still answer questions asked during consultation */
const ANSWERING_STAGES = ['consultation', 'announced'] as const;


function whereFor(topicId: string, filter: CommentFilter): Where {
  switch (filter) {
    case 'comments':
      return { topicId, kind: 'comment' };
    case 'questions':
      return { topicId, kind: 'question' };
    case 'unanswered':
      return { topicId, kind: 'question', answered: false, status: 'visible' };
    case 'reported':
      return { topicId, reportsPending: { gt: 0 } };
    default:
      return { topicId };
  }
}

/** A page of the topic's comments and questions, oldest first; authors by relation only, hidden ones by their reason. */
export async function listComments(ctx: ActionContext, input: ListCommentsInput): Promise<ListCommentsOutput> {
  const { storage } = ctx.ports;
  const topic = await topicInEstate(storage, input.estateId, input.topicId);
  const roles = rolesOf(ctx);
  const moderation = await moderationFor(ctx.ports, input.estateId, roles);
  const filter = input.filter ?? 'all';
  if (filter === 'reported' && !moderation.allowed) throw new AppError('FORBIDDEN');
  let page: Page<CommentDoc>;
  try {
    page = await storage.page<CommentDoc>(COMMENTS, {
      where: whereFor(topic.id, filter),
      orderBy: { field: 'createdAt', direction: 'asc' },
      limit: input.limit ?? PAGE_SIZE,
      after: input.cursor ?? null,
    });
  } catch (err) {
    if (err instanceof InvalidCursorError) throw AppError.field('cursor', 'FIELD_INVALID', { label: discussionLabels.cursor });
    throw err;
  }
  const accountKey = accountKeyOf(ctx);
  const reportIds = page.docs.map((d) => reportId(d.id, accountKey));
  const reports = reportIds.length ? await storage.getMany(COMMENT_REPORTS, reportIds) : [];
  const reported = new Set(reports.filter((r) => !!r).map((r) => r!.id));
  const consultation = topic.data.stage === 'consultation';
  const mayComment = allows(roles, 'deliberation.comment');
  return {
    comments: page.docs.map((d) => commentView(d, { accountKey, moderator: moderation.allowed, reported })),
    next: page.next,
    can: {
      comment: consultation && mayComment,
      ask: consultation && mayComment,
      answer: ctx.caller.openid === topic.data.proposedBy && (ANSWERING_STAGES as readonly string[]).includes(topic.data.stage),
      report: true,
      moderate: moderation.allowed,
    },
  };
}

async function post(ctx: ActionContext, input: { estateId: string; topicId: string }, kind: CommentKind, stance: CommentStance | null, text: string): Promise<CommentOutput> {
  const { storage, clock, crypto } = ctx.ports;
  const topic = await topicInEstate(storage, input.estateId, input.topicId);
  if (topic.data.stage !== 'consultation') throw new AppError('DISCUSSION_CLOSED', { stage: stageLabel(topic.data.stage) });
  const roles = rolesOf(ctx);
  const units = roles.includes('owner') ? await callerUnits(storage, input.estateId, ctx.caller.openid) : [];
  const author = authorOf(roles, {
    all: units.map((u) => u.data.building),
    inScope: units.filter((u) => inScope(topic.data.scope, u.data.building)).map((u) => u.data.building),
  });
  const now = clock.now().toISOString();
  const commentId = crypto.newId('cm');
  const textHash = crypto.sha256(text);
  const doc: CommentDoc = {
    estateId: input.estateId,
    topicId: topic.id,
    kind,
    stance,
    stanceKey: stance ? stanceKey(author.relation, stance) : null,
    relation: author.relation,
    authorLabel: author.label,
    author: ctx.caller.openid,
    authorKey: accountKeyOf(ctx),
    text,
    textHash,
    createdAt: now,
    status: 'visible',
    hiddenReason: null,
    hiddenAt: null,
    hiddenByLabel: null,
    answered: kind === 'question' ? false : null,
    answer: null,
    reportsPending: 0,
    reportCount: 0,
  };
  const stored = await storage.transaction(async (tx) => {
    const created = await tx.create(COMMENTS, commentId, doc);
    await appendAudit(tx, ctx.ports, {
      estateId: input.estateId,
      actor: ctx.caller.openid,
      action: kind === 'question' ? 'topic.question_asked' : 'topic.commented',
      subject: `${COMMENTS}/${commentId}`,
      data: { topicId: topic.id, kind, stance, relation: author.relation, textHash },
    });
    return created;
  });
  return { comment: commentView(stored, { accountKey: doc.authorKey, moderator: false, reported: new Set() }) };
}

/** A comment with a stance (支持/反对/建议) during consultation. */
export const addComment = (ctx: ActionContext, input: AddCommentInput) => post(ctx, input, 'comment', input.stance, input.comment);

/** A question to the topic's opener during consultation. */
export const askQuestion = (ctx: ActionContext, input: AskQuestionInput) => post(ctx, input, 'question', null, input.question);

/** The topic's opener answers a question (once); the asker is notified. */
export async function answerQuestion(ctx: ActionContext, input: AnswerQuestionInput): Promise<CommentOutput> {
  const { storage, clock, crypto } = ctx.ports;
  const topic = await topicInEstate(storage, input.estateId, input.topicId);
  await commentOfTopic(storage, topic.id, input.commentId);
  if (ctx.caller.openid !== topic.data.proposedBy) throw new AppError('NOT_TOPIC_OPENER');
  if (!(ANSWERING_STAGES as readonly string[]).includes(topic.data.stage)) throw new AppError('ANSWERING_CLOSED', { stage: stageLabel(topic.data.stage) });
  const at = clock.now().toISOString();
  const answer = { text: input.answer, at, byLabel: openerLabel(topic.data.proposerKind) };
  const stored = await storage.transaction(async (tx) => {
    const c = await commentOfTopic(tx, topic.id, input.commentId);
    if (c.data.kind !== 'question') throw new AppError('NOT_A_QUESTION');
    if (c.data.status === 'hidden') throw new AppError('COMMENT_HIDDEN');
    if (c.data.answered) throw new AppError('QUESTION_ALREADY_ANSWERED');
    const updated = await tx.update<CommentDoc>(COMMENTS, c.id, c.version, { ...c.data, answered: true, answer });
    await appendAudit(tx, ctx.ports, {
      estateId: input.estateId,
      actor: ctx.caller.openid,
      action: 'topic.question_answered',
      subject: `${COMMENTS}/${c.id}`,
      data: { topicId: topic.id, answerHash: crypto.sha256(input.answer) },
    });
    if (c.data.author !== ctx.caller.openid) {
      await enqueueNotification(tx, ctx.ports, {
        kind: 'question_answered',
        estateId: input.estateId,
        eventKey: `answer:${c.id}`,
        recipients: [c.data.author],
        params: { estateId: input.estateId, topicId: topic.id, title: topic.data.title },
      });
    }
    return updated;
  });
  return { comment: commentView(stored, { accountKey: accountKeyOf(ctx), moderator: false, reported: new Set() }) };
}
