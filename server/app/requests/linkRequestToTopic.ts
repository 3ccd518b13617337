import type { LinkRequestToTopicInput, LinkRequestToTopicOutput, RequestTopicLink } from '../../../types/requests';
import type { Role } from '../../../types/roles';
import { AppError } from '../../core/errors';
import { viewOf } from '../../core/requests/visibility';
import type { StoredDoc, TxStore } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { TOPICS, type TopicDoc } from '../deliberation/records';
import { openTopic, proposeTopic } from '../deliberation/topic-propose';
import { REQUEST_TIMELINE, REQUESTS, timelineId, type RequestDoc, type TimelineDoc } from './records';

/**
 * The road to a vote (issue 12 item 5): the party branch or the committee takes a request that needs a collective
 * decision to a topic. Either an existing topic of the estate, or a new one started from the request through the
 * deliberation use cases (the party branch opens it into consultation, the committee proposes it for pre-review; the
 * estate's rules of procedure decide who may). Then, in one transaction: the request points to the topic, the topic
 * lists the request, the request's timeline gets 'linked_to_topic' with the topic's title, and the audit event.
 * A new topic is created in its own transaction first (the deliberation use case's); if the link then fails, the
 * topic stays as a draft of its own and can be linked again by its id.
 */
export async function linkRequestToTopic(ctx: ActionContext, input: LinkRequestToTopicInput): Promise<LinkRequestToTopicOutput> {
  const { ports, caller, member } = ctx;
  const { storage, clock, crypto } = ports;
  const fresh = input.topicTitle !== undefined || input.topicSummary !== undefined;
  if (fresh === (input.topicId !== undefined) || (fresh && !(input.topicTitle && input.topicSummary))) throw new AppError('REQUEST_TOPIC_CHOICE');
  const roles = member?.roles ?? [];
  const who = { accountId: caller.openid, roles };
  const visible = (doc: StoredDoc<RequestDoc> | null): doc is StoredDoc<RequestDoc> => !!doc && doc.data.estateId === input.estateId && !!viewOf(doc.data, who);
  const pre = await storage.get<RequestDoc>(REQUESTS, input.requestId);
  if (!visible(pre)) throw new AppError('REQUEST_NOT_FOUND');
  if (pre.data.topicId) throw new AppError('REQUEST_ALREADY_LINKED');
  let topicId = input.topicId;
  if (!topicId) {
    const draft = { estateId: input.estateId, title: input.topicTitle!, summary: input.topicSummary! };
    const created = roles.includes('party_secretary') ? await openTopic(ctx, draft) : await proposeTopic(ctx, draft);
    topicId = created.topic.topicId;
  }
  const actorRole: Role = roles.includes('party_secretary') ? 'party_secretary' : 'committee_member';
  return storage.transaction(async (tx: TxStore) => {
    const doc = await tx.get<RequestDoc>(REQUESTS, input.requestId);
    if (!visible(doc)) throw new AppError('REQUEST_NOT_FOUND');
    if (doc.data.topicId) throw new AppError('REQUEST_ALREADY_LINKED');
    const topic = await tx.get<TopicDoc>(TOPICS, topicId);
    if (!topic || topic.data.estateId !== input.estateId) throw new AppError('TOPIC_NOT_FOUND');
    const at = clock.now().toISOString();
    const seq = doc.data.steps + 1;
    await tx.update<RequestDoc>(REQUESTS, doc.id, doc.version, { ...doc.data, topicId, steps: seq });
    // the topic's own revision (rev) is for its editors; the link is bookkeeping beside it
    await tx.update<TopicDoc>(TOPICS, topicId, topic.version, { ...topic.data, requestIds: [...(topic.data.requestIds ?? []), doc.id] });
    await tx.create<TimelineDoc>(REQUEST_TIMELINE, timelineId(doc.id, seq), {
      estateId: input.estateId, requestId: doc.id, seq, kind: 'linked_to_topic', at, actorRole, holder: doc.data.holder, text: topic.data.title, rating: null,
    });
    await appendAudit(tx, { clock, crypto }, {
      estateId: input.estateId,
      actor: caller.openid,
      action: 'request.linked_to_topic',
      subject: `requests/${doc.id}`,
      data: { topicId, as: actorRole, created: !input.topicId },
    });
    const link: RequestTopicLink = { topicId, title: topic.data.title, stage: topic.data.stage };
    return { topic: link };
  });
}

/** The topic a request was taken to, as the requester follows it (its current stage). */
export async function topicLinkOf(storage: Pick<TxStore, 'get'>, doc: RequestDoc): Promise<RequestTopicLink | null> {
  if (!doc.topicId) return null;
  const topic = await storage.get<TopicDoc>(TOPICS, doc.topicId);
  return topic ? { topicId: doc.topicId, title: topic.data.title, stage: topic.data.stage } : null;
}
