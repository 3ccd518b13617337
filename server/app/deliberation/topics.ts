import type {
  ListTopicsInput,
  ListTopicsOutput,
  OpenTopicInput,
  OpenTopicOutput,
  TopicSummary,
} from '../../../types/deliberation';
import { sortTopicsForHome } from '../../core/deliberation/topic';
import { AppError } from '../../core/errors';
import type { StoredDoc } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { ESTATES, type EstateDoc } from '../identity/records';
import { scopeLabel, TOPICS, type TopicDoc } from './records';

const HOME_TOPIC_LIMIT = 200;

function toSummary(doc: StoredDoc<TopicDoc>): TopicSummary {
  const t = doc.data;
  return {
    topicId: doc.id,
    title: t.title,
    summary: t.summary,
    stage: t.stage,
    scopeLabel: scopeLabel(t.scope),
    openedAt: t.openedAt,
    openedByLabel: t.openedByLabel,
  };
}

export async function listTopics({ ports, caller }: ActionContext, input: ListTopicsInput): Promise<ListTopicsOutput> {
  const docs = await ports.storage.find<TopicDoc>(TOPICS, {
    where: { estateId: input.estateId },
    orderBy: { field: 'openedAt', direction: 'desc' },
    limit: HOME_TOPIC_LIMIT,
  });
  return { topics: sortTopicsForHome(docs.map(toSummary)) };
}

/** The party branch opens a topic for the whole estate; it starts by collecting opinions. */
export async function openTopic({ ports, caller }: ActionContext, input: OpenTopicInput): Promise<OpenTopicOutput> {
  const { storage, clock, crypto } = ports;
  const estate = await storage.get<EstateDoc>(ESTATES, input.estateId);
  if (!estate) throw new AppError('ESTATE_NOT_FOUND');

  const topicId = crypto.newId('t');
  const doc: TopicDoc = {
    estateId: input.estateId,
    title: input.title,
    summary: input.summary,
    stage: 'collecting',
    scope: { kind: 'estate' },
    openedAt: clock.now().toISOString(),
    openedBy: caller.openid,
    openedByLabel: estate.data.partyBranchName,
  };
  const stored = await storage.transaction(async (tx) => {
    const created = await tx.create(TOPICS, topicId, doc);
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: 'topic.opened',
      subject: `${TOPICS}/${topicId}`,
      data: { title: input.title, stage: doc.stage, scope: doc.scope },
    });
    return created;
  });
  return { topic: toSummary(stored) };
}
