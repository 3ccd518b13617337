import type {
  ConsultationSummariesOutput,
  EstateRefInput,
  TopicDiscussionSummaryOutput,
  TopicRefInput,
  UnansweredQuestion,
} from '../../../types/deliberation-discussion';
import { emptySummary, summarise } from '../../core/deliberation/discussion';
import type { Storage, StoredDoc, Where } from '../../ports';
import type { ActionContext } from '../action';
import { COMMENTS, topicInEstate, type CommentDoc } from './discussion-records';

/**
 * Consultation summaries (issue 10 item 5): counts by stance (owners apart from residents), questions, unanswered
 * questions and pending reports, computed by the engine's grouped aggregates (no comment is loaded to count), for
 * one topic or for every topic of the estate at once (the party-branch console: five queries however many topics).
 */

async function counts(storage: Storage, scope: Where) {
  const [stances, questions, hidden, reported] = await Promise.all([
    storage.aggregate(COMMENTS, { where: { ...scope, kind: 'comment', status: 'visible' }, groupBy: ['topicId', 'stanceKey'] }),
    storage.aggregate(COMMENTS, { where: { ...scope, kind: 'question', status: 'visible' }, groupBy: ['topicId', 'answered'] }),
    storage.aggregate(COMMENTS, { where: { ...scope, status: 'hidden' }, groupBy: ['topicId'] }),
    storage.aggregate(COMMENTS, { where: { ...scope, reportsPending: { gt: 0 } }, groupBy: ['topicId'] }),
  ]);
  return summarise({ stances, questions, hidden, reported });
}

async function unanswered(storage: Storage, scope: Where, limit: number): Promise<UnansweredQuestion[]> {
  const page = await storage.page<CommentDoc>(COMMENTS, {
    where: { ...scope, kind: 'question', answered: false, status: 'visible' },
    orderBy: { field: 'createdAt', direction: 'asc' },
    limit,
  });
  return page.docs.map((d: StoredDoc<CommentDoc>) => ({ topicId: d.data.topicId, commentId: d.id, text: d.data.text, authorLabel: d.data.authorLabel, createdAt: d.data.createdAt }));
}

export async function topicDiscussionSummary(ctx: ActionContext, input: TopicRefInput): Promise<TopicDiscussionSummaryOutput> {
  const { storage } = ctx.ports;
  const topic = await topicInEstate(storage, input.estateId, input.topicId);
  const scope = { topicId: topic.id };
  const [summaries, open] = await Promise.all([counts(storage, scope), unanswered(storage, scope, 20)]);
  return { summary: summaries[0] ?? emptySummary(topic.id), unanswered: open };
}

export async function consultationSummaries(ctx: ActionContext, input: EstateRefInput): Promise<ConsultationSummariesOutput> {
  const { storage } = ctx.ports;
  const scope = { estateId: input.estateId };
  const [topics, open] = await Promise.all([counts(storage, scope), unanswered(storage, scope, 50)]);
  return { topics, unanswered: open };
}
