import type {
  AdvanceTopicInput,
  PrereviewTopicInput,
  PublishPlanInput,
  SetTopicItemsInput,
  TopicChangeOutput,
  TopicMoveInput,
  TopicReasonInput,
} from '../../../types/deliberation';
import { AppError } from '../../core/errors';
import type { ActionContext } from '../action';
import { enqueueNotification } from '../notifications/outbox';
import { isOwnUpload } from '../uploads';
import { planId, TOPIC_PLANS, type TopicPlanDoc } from './records';
import { numberItems } from './topic-propose';
import { moveTopic } from './topics';

/** Pre-review by the party branch: accept into consultation with a note, or return to the proposer with a reason. */
export async function prereviewTopic(ctx: ActionContext, input: PrereviewTopicInput): Promise<TopicChangeOutput> {
  if (input.decision === 'accept') return moveTopic(ctx, input, 'accept', { note: input.note });
  return moveTopic(ctx, input, 'return', {
    note: input.note,
    after: async (tx, topic) => {
      await enqueueNotification(tx, ctx.ports, {
        kind: 'topic_returned',
        estateId: input.estateId,
        eventKey: `topic-returned:${topic.id}:${topic.data.rev}`,
        recipients: [topic.data.proposedBy],
        params: { estateId: input.estateId, topicId: topic.id, title: topic.data.title },
      });
    },
  });
}

/** Replace the items to be voted on (before the notice only; each with its Art. 278 matter type). */
export async function setTopicItems(ctx: ActionContext, input: SetTopicItemsInput): Promise<TopicChangeOutput> {
  const items = numberItems(input.items);
  return moveTopic(ctx, input, 'editItems', { patch: () => ({ items }), audit: { items } });
}

/** Publish the next plan version: immutable (id topic:vN), with its change note and attachments. */
export async function publishPlanVersion(ctx: ActionContext, input: PublishPlanInput): Promise<TopicChangeOutput> {
  const attachments = input.attachments ?? [];
  if (!attachments.every((id) => isOwnUpload(id, ctx.caller.openid))) throw new AppError('NOT_OWN_UPLOAD');
  return moveTopic(ctx, input, 'publishPlan', {
    patch: (topic) => ({ planVersion: topic.planVersion + 1 }),
    audit: { changeNote: input.changeNote, attachments: attachments.length },
    after: async (tx, topic) => {
      const version = topic.data.planVersion;
      const plan: TopicPlanDoc = {
        estateId: input.estateId,
        topicId: topic.id,
        planNo: version,
        text: input.text,
        changeNote: input.changeNote,
        attachments,
        publishedAt: ctx.ports.clock.now().toISOString(),
        publishedBy: ctx.caller.openid,
      };
      await tx.create(TOPIC_PLANS, planId(topic.id, version), plan);
    },
  });
}

/** Open the vote once the notice period has passed by the server clock (and while the window lasts). */
export async function openVoting(ctx: ActionContext, input: TopicMoveInput): Promise<TopicChangeOutput> {
  return moveTopic(ctx, input, 'openVoting');
}

export async function withdrawTopic(ctx: ActionContext, input: TopicReasonInput): Promise<TopicChangeOutput> {
  return moveTopic(ctx, input, 'withdraw', { note: input.reason });
}

export async function rejectTopic(ctx: ActionContext, input: TopicReasonInput): Promise<TopicChangeOutput> {
  return moveTopic(ctx, input, 'reject', { note: input.reason });
}

/** The later steps after a vote: counting, publication, the community's endorsement, implementation, closing. */
export async function advanceTopic(ctx: ActionContext, input: AdvanceTopicInput): Promise<TopicChangeOutput> {
  return moveTopic(ctx, input, input.move, { note: input.note });
}
