import type {
  AnnouncementView,
  GetTopicInput,
  GetTopicOutput,
  ListTopicsInput,
  ListTopicsOutput,
  TopicItemView,
  TopicSummary,
} from '../../../types/deliberation';
import { MATTERS, thresholdText } from '../../../types/matters';
import { allows, type Permission } from '../../../types/permissions';
import { ROLE_LABELS } from '../../../types/roles';
import { TOPIC_MOVE_LABELS, TOPIC_STAGE_LABELS, type TopicMove, type TopicStage } from '../../../types/topics';
import { availableMoves, checkMove, nextStage, sortTopicsForHome, TOPIC_TRANSITIONS, type TopicCaller } from '../../core/deliberation/topic';
import { announceTerms, isTemporaryMeeting } from '../../core/deliberation/voting-window';
import { AppError } from '../../core/errors';
import type { StoredDoc, TxStore } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import type { MemberDoc } from '../identity/records';
import { activeRulesFor } from './rules-store';
import { scopeLabel, TOPIC_PLANS, TOPICS, type StageEntry, type TopicDoc, type TopicItem, type TopicPlanDoc } from './records';

const LIST_LIMIT = 200;
const PLAN_LIMIT = 100;
/** stages only organisers and the proposer see (a proposal not yet accepted) */
const PRIVATE_STAGES: readonly TopicStage[] = ['proposed', 'returned'];

export function toSummary(doc: StoredDoc<TopicDoc>): TopicSummary {
  const t = doc.data;
  return {
    topicId: doc.id,
    title: t.title,
    summary: t.summary,
    stage: t.stage,
    scopeLabel: scopeLabel(t.scope),
    openedAt: t.openedAt,
    openedByLabel: t.openedByLabel,
    proposerKind: t.proposerKind,
    petition: t.petition === true,
    ...(t.announcement ? { votingOpensAt: t.announcement.votingOpensAt } : {}),
  };
}

/** How the caller stands towards topics: proposer is decided per topic. */
export function topicCaller(openid: string, member: MemberDoc | null): TopicCaller {
  const roles = member?.roles ?? [];
  return { openid, prereviewer: allows(roles, 'deliberation.prereview'), organiser: allows(roles, 'deliberation.announce'), endorser: allows(roles, 'voting.endorse') };
}

/** Whether the caller may see a topic in this stage at all. */
function visible(topic: TopicDoc, caller: TopicCaller): boolean {
  if (caller.organiser || caller.prereviewer || topic.proposedBy === caller.openid) return true;
  // an owners' petition is public from the start: owners must be able to read it to co-sign
  if (topic.petition) return true;
  if (PRIVATE_STAGES.includes(topic.stage)) return false;
  // a proposal withdrawn or rejected before it was accepted stays private too
  if ((topic.stage === 'withdrawn' || topic.stage === 'rejected') && !topic.stageHistory.some((h) => h.stage === 'consultation')) return false;
  return true;
}

export async function listTopics({ ports, caller, member }: ActionContext, input: ListTopicsInput): Promise<ListTopicsOutput> {
  const who = topicCaller(caller.openid, member);
  const docs = await ports.storage.find<TopicDoc>(TOPICS, {
    where: { estateId: input.estateId, ...(input.stage ? { stage: input.stage } : {}) },
    orderBy: { field: 'openedAt', direction: 'desc' },
    limit: LIST_LIMIT,
  });
  return { topics: sortTopicsForHome(docs.filter((d) => visible(d.data, who)).map(toSummary)) };
}

/** An attachment as members see it: the file's name, never its fileId (the uploader's private `uploads/<openid>/` path). */
export const attachmentView = (fileId: string): { fileName: string } => ({ fileName: fileId.split('/').pop() || '附件' });

export function itemView(item: TopicItem): TopicItemView {
  return { ...item, matterLabel: MATTERS[item.matter].label, thresholdText: thresholdText(item.matter) };
}

/** Read a topic of this estate (another estate's topic is "not found", never "forbidden"). */
export async function readTopic(reader: Pick<TxStore, 'get'>, estateId: string, topicId: string): Promise<StoredDoc<TopicDoc>> {
  const doc = await reader.get<TopicDoc>(TOPICS, topicId);
  if (!doc || doc.data.estateId !== estateId) throw new AppError('TOPIC_NOT_FOUND');
  return doc;
}

export async function getTopic({ ports, caller, member }: ActionContext, input: GetTopicInput): Promise<GetTopicOutput> {
  const doc = await readTopic(ports.storage, input.estateId, input.topicId);
  const who = topicCaller(caller.openid, member);
  if (!visible(doc.data, who)) throw new AppError('TOPIC_NOT_FOUND');
  const plans = await ports.storage.find<TopicPlanDoc>(TOPIC_PLANS, {
    where: { topicId: doc.id },
    orderBy: { field: 'planNo', direction: 'asc' },
    limit: PLAN_LIMIT,
  });
  const t = doc.data;
  const now = ports.clock.now().getTime();
  const moves = availableMoves(t, who, now);
  const a = t.announcement;
  const announcement: AnnouncementView | undefined = a && {
    announcedAt: a.announcedAt,
    noticeDays: a.noticeDays,
    votingOpensAt: a.votingOpensAt,
    votingClosesAt: a.votingClosesAt,
    planVersion: a.planVersion,
    rulesVersionNo: a.rules.versionNo,
    rulesIsDefault: a.rules.isDefault,
    rulesFingerprint: a.rules.fingerprint,
    channels: a.channels,
    scopeLabel: scopeLabel(a.scope),
    unitCount: a.roster.unitCount,
    areaCenti: a.roster.areaCenti,
    headcount: a.roster.headcount,
    rosterFingerprint: a.roster.fingerprint,
    items: a.items.map(itemView),
  };
  return {
    topic: {
      ...toSummary(doc),
      version: t.rev,
      scope: t.scope,
      stageHistory: t.stageHistory.map((h) => ({ stage: h.stage, at: h.at, byLabel: h.byLabel, ...(h.note ? { note: h.note } : {}) })),
      items: t.items.map(itemView),
      plans: plans.filter((p) => p.data.estateId === input.estateId).map((p) => ({
        version: p.data.planNo,
        text: p.data.text,
        changeNote: p.data.changeNote,
        attachments: p.data.attachments.map(attachmentView),
        publishedAt: p.data.publishedAt,
      })),
      planVersion: t.planVersion,
      ...(t.petitionReachedAt ? { petitionReachedAt: t.petitionReachedAt } : {}),
      ...(announcement ? { announcement } : {}),
      isProposer: t.proposedBy === caller.openid,
      requestIds: t.requestIds ?? [],
    },
    moves,
    ...(moves.includes('announce')
      ? { announceTerms: announceTerms(now, (await activeRulesFor(ports.storage, input.estateId, ports.crypto)).rules, isTemporaryMeeting(t)) }
      : {}),
  };
}

// ───────────────────────── making a move ─────────────────────────

/** The permission each actor kind acts under (for the role label in the stage history). */
const ACTOR_PERMISSION: Record<'prereviewer' | 'organiser' | 'counter' | 'endorser', Permission> = {
  prereviewer: 'deliberation.prereview',
  organiser: 'deliberation.announce',
  counter: 'voting.close',
  endorser: 'voting.endorse',
};

/** The role the caller acts in for this move: 提议人 when they proposed it and the move is theirs, else their staff role. */
export function actingLabel(topic: TopicDoc, move: TopicMove, who: TopicCaller, member: MemberDoc | null): string {
  const t = TOPIC_TRANSITIONS[move];
  if (topic.proposedBy === who.openid && t.who.includes('proposer') && !(who.organiser && move === 'withdraw' && topic.stage === 'announced')) return '提议人';
  for (const actor of ['prereviewer', 'organiser', 'counter', 'endorser'] as const) {
    if (!t.who.includes(actor) || !who[actor]) continue;
    const role = (member?.roles ?? []).find((r) => allows([r], ACTOR_PERMISSION[actor]));
    if (role) return ROLE_LABELS[role];
  }
  return '提议人';
}

/** Turn a state-machine refusal into the AppError the client sees. */
export function refuse(topic: TopicDoc, move: TopicMove, who: TopicCaller, now: number): void {
  const r = checkMove(topic, move, who, now);
  if (!r) return;
  switch (r.code) {
    case 'TOPIC_MOVE_NOT_ALLOWED':
      if ((move === 'editItems' || move === 'publishPlan') && topic.announcement) throw new AppError('TOPIC_FROZEN');
      throw new AppError('TOPIC_MOVE_NOT_ALLOWED', { stage: TOPIC_STAGE_LABELS[r.params.stage], move: TOPIC_MOVE_LABELS[move] });
    case 'TOPIC_ACTOR_NOT_ALLOWED':
      throw new AppError('TOPIC_ACTOR_NOT_ALLOWED', { move: TOPIC_MOVE_LABELS[move] });
    case 'VOTING_NOTICE_PERIOD':
      throw new AppError('VOTING_NOTICE_PERIOD', { opensAt: r.params.opensAt });
    case 'VOTING_WINDOW_OVER':
      throw new AppError('VOTING_WINDOW_OVER', { closesAt: r.params.closesAt });
    case 'VOTING_WINDOW_OPEN':
      throw new AppError('VOTING_WINDOW_OPEN', { closesAt: r.params.closesAt });
    default:
      throw new AppError(r.code);
  }
}

export interface MoveOptions {
  note?: string;
  /** fields the move changes besides the stage (items, plan version, announcement) */
  patch?: (topic: TopicDoc, tx: TxStore) => Promise<Partial<TopicDoc>> | Partial<TopicDoc>;
  /** audit data beyond the stage change */
  audit?: Record<string, unknown>;
  /** more writes in the same transaction (notifications, frozen records) */
  after?: (tx: TxStore, topic: StoredDoc<TopicDoc>) => Promise<void>;
  /** acting as an actor no role gives (the result part's closeVote acts as 'counter'; its job also as 'organiser') */
  acting?: Partial<Pick<TopicCaller, 'counter' | 'organiser'>>;
  /** the stage history's label when no role names the actor (a scheduled job) */
  byLabel?: string;
}

/**
 * One move on one topic, in one transaction: read by id, check the estate, the caller's expected version and the
 * state machine, write the new stage with its history line (+1 version), audit.
 */
export async function moveTopic(
  { ports, caller, member }: ActionContext,
  input: { estateId: string; topicId: string; expectedVersion: number },
  move: TopicMove,
  options: MoveOptions = {},
): Promise<{ topic: TopicSummary; version: number }> {
  const { storage, clock } = ports;
  const who = { ...topicCaller(caller.openid, member), ...options.acting };
  const stored = await storage.transaction(async (tx) => {
    const doc = await readTopic(tx, input.estateId, input.topicId);
    const topic = doc.data;
    // a proposal the caller may not see does not exist for them (same answer as getTopic)
    if (!visible(topic, who)) throw new AppError('TOPIC_NOT_FOUND');
    if (topic.rev !== input.expectedVersion) throw new AppError('CONFLICT');
    const now = clock.now();
    refuse(topic, move, who, now.getTime());
    const at = now.toISOString();
    const to = nextStage(topic.stage, move);
    const patch = options.patch ? await options.patch(topic, tx) : {};
    const entry: StageEntry = { stage: to, at, by: caller.openid, byLabel: options.byLabel ?? actingLabel(topic, move, who, member), move, ...(options.note ? { note: options.note } : {}) };
    const next: TopicDoc = {
      ...topic,
      ...patch,
      stage: to,
      stageHistory: TOPIC_TRANSITIONS[move].to ? [...topic.stageHistory, entry] : topic.stageHistory,
      rev: topic.rev + 1,
      updatedAt: at,
    };
    const updated = await tx.update(TOPICS, doc.id, doc.version, next);
    await appendAudit(tx, ports, {
      estateId: input.estateId,
      actor: caller.openid,
      action: `topic.${move}`,
      subject: `${TOPICS}/${doc.id}`,
      data: { from: topic.stage, to, rev: next.rev, ...(options.note ? { note: options.note } : {}), ...options.audit },
    });
    if (options.after) await options.after(tx, updated);
    return updated;
  });
  return { topic: toSummary(stored), version: stored.data.rev };
}
