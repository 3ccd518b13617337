import type {
  OpenTopicInput,
  OpenTopicOutput,
  ProposeTopicInput,
  ResubmitTopicInput,
  TopicChangeOutput,
  TopicOutput,
} from '../../../types/deliberation';
import { ROLE_LABELS } from '../../../types/roles';
import { PROPOSER_KIND_LABELS, type ProposerKind, type TopicStage } from '../../../types/topics';
import { checkScope } from '../../core/deliberation/scope';
import { AppError } from '../../core/errors';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { ESTATES, type EstateDoc } from '../identity/records';
import { TOPICS, type TopicDoc, type TopicItem, type TopicScope } from './records';
import { activeRulesFor } from './rules-store';
import { moveTopic, toSummary } from './topics';

/** Items as the contract sends them, with stable ids i1, i2, ... in the order given. */
export function numberItems(items: readonly Omit<TopicItem, 'itemId'>[]): TopicItem[] {
  return items.map((item, n) => ({ itemId: `i${n + 1}`, title: item.title, matter: item.matter, description: item.description }));
}

async function createTopic(
  ctx: ActionContext,
  input: { estateId: string; title: string; summary: string; scope?: TopicScope; items?: Omit<TopicItem, 'itemId'>[]; petition?: boolean },
  initial: { stage: TopicStage; proposerKind: ProposerKind; move: 'propose' | 'open'; byLabel: string; note?: string },
): Promise<TopicOutput> {
  const { ports, caller } = ctx;
  let how = initial;
  const { storage, clock, crypto } = ports;
  const estate = await storage.get<EstateDoc>(ESTATES, input.estateId);
  if (!estate) throw new AppError('ESTATE_NOT_FOUND');
  const scope = checkScope(estate.data.buildings ?? [], input.scope ?? { kind: 'estate' });
  // the estate's rules say who may put topics forward (an owners' petition is a right of its own, 指导规则 Art. 21)
  const { rules } = await activeRulesFor(storage, input.estateId, crypto);
  const roles = ctx.member?.roles ?? [];
  if (!input.petition && !roles.some((r) => (rules.whoMayOpenTopics as readonly string[]).includes(r))) {
    throw new AppError('TOPIC_PROPOSER_NOT_IN_RULES', { roles: rules.whoMayOpenTopics.map((r) => ROLE_LABELS[r]).join('、') });
  }
  // a petition stays 'proposed' whatever the rules say: that is the only stage in which owners can co-sign it
  if (how.move === 'propose' && !rules.prereviewRequired && !input.petition) how = { ...how, stage: 'consultation', note: '本小区议事规则不要求前置审查' };
  const at = clock.now().toISOString();
  const topicId = crypto.newId('t');
  const doc: TopicDoc = {
    estateId: input.estateId,
    title: input.title,
    summary: input.summary,
    stage: how.stage,
    stageHistory: [{ stage: how.stage, at, by: caller.openid, byLabel: how.byLabel, move: how.move, ...(how.note ? { note: how.note } : {}) }],
    scope,
    items: numberItems(input.items ?? []),
    proposedBy: caller.openid,
    proposerKind: how.proposerKind,
    ...(input.petition ? { petition: true } : {}),
    planVersion: 0,
    openedAt: at,
    openedByLabel: how.proposerKind === 'party_branch' ? estate.data.partyBranchName : PROPOSER_KIND_LABELS[how.proposerKind],
    rev: 1,
    updatedAt: at,
  };
  const stored = await storage.transaction(async (tx) => {
    const created = await tx.create(TOPICS, topicId, doc);
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: how.move === 'open' ? 'topic.opened' : 'topic.proposed',
      subject: `${TOPICS}/${topicId}`,
      data: { title: input.title, stage: doc.stage, scope, proposerKind: how.proposerKind, items: doc.items.length, petition: doc.petition === true },
    });
    return created;
  });
  return { topic: toSummary(stored) };
}

/** The party branch opens a topic directly into consultation (no pre-review of its own topic). */
export async function openTopic(ctx: ActionContext, input: OpenTopicInput): Promise<OpenTopicOutput> {
  return createTopic(ctx, input, { stage: 'consultation', proposerKind: 'party_branch', move: 'open', byLabel: '党支部书记', note: '党支部直接发起' });
}

/** An owner or a committee member proposes a topic; it waits for the party branch's pre-review. */
export async function proposeTopic(ctx: ActionContext, input: ProposeTopicInput): Promise<TopicOutput> {
  const committee = ctx.member?.roles.includes('committee_member') ?? false;
  const proposerKind: ProposerKind = committee && !input.petition ? 'committee' : 'owner';
  return createTopic(ctx, input, { stage: 'proposed', proposerKind, move: 'propose', byLabel: proposerKind === 'committee' ? '业委会委员' : '提议人' });
}

/** The proposer changes a returned proposal and sends it back to pre-review. */
export async function resubmitTopic(ctx: ActionContext, input: ResubmitTopicInput): Promise<TopicChangeOutput> {
  return moveTopic(ctx, input, 'resubmit', {
    note: input.note,
    patch: () => ({ title: input.title, summary: input.summary }),
    audit: { title: input.title },
  });
}
