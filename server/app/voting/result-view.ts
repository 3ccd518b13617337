import { MATTERS, thresholdText, type MatterNumber } from '../../../types/matters';
import { allows } from '../../../types/permissions';
import { NON_VOTER_LABELS } from '../../../types/procedure-rules';
import { TOPIC_STAGE_LABELS } from '../../../types/topics';
import type {
  CheckReceiptInput,
  CheckReceiptOutput,
  EndorseResultInput,
  PublishedFilesOutput,
  ResultCondition,
  ResultItemView,
  TopicRefInput,
  VoteResultOutput,
} from '../../../types/voting-result';
import { AppError } from '../../core/errors';
import type { Condition, ConditionName, ItemResult, VoteResult } from '../../core/voting/count';
import { CONDITIONS } from '../../core/voting/count';
import { findReceipt, PUBLISHED_FILES, type PublishedBallot } from '../../core/voting/publication';
import type { StoredDoc } from '../../ports';
import type { ActionContext } from '../action';
import type { TopicDoc } from '../deliberation/records';
import { moveTopic, readTopic } from '../deliberation/topics';
import { publicationId, RESULT_STAGES, VOTE_PUBLICATIONS, VOTE_RESULTS, type PublicationDoc, type ResultDoc } from './result-records';

const CONDITION_LABELS: Record<ConditionName, string> = {
  turnoutArea: '参与表决面积',
  turnoutHeadcount: '参与表决人数',
  approvalArea: '同意面积',
  approvalHeadcount: '同意人数',
};

const FILE_TITLES: Record<string, string> = {
  manifest: '公示清单',
  roster: '名册快照（匿名）',
  ballots: '选票清单（匿名）',
  ledger: '表决账本',
  result: '计票结果',
};

function conditionView(name: ConditionName, c: Condition): ResultCondition {
  return {
    condition: name,
    label: CONDITION_LABELS[name],
    measure: c.measure,
    part: c.part,
    whole: c.whole,
    threshold: c.threshold,
    inclusive: c.inclusive,
    met: c.met,
    percent: c.percent,
    shortfall: c.shortfall,
  };
}

function itemView(item: ItemResult & { itemId: string }, title: string): ResultItemView {
  const f = item.figures;
  return {
    itemId: item.itemId,
    title,
    matter: item.matter,
    matterLabel: MATTERS[item.matter as MatterNumber].label,
    thresholdText: thresholdText(item.matter as MatterNumber),
    passed: item.passed,
    verdict: item.passed ? '通过' : '未通过',
    quorumMet: item.quorumMet,
    reasons: item.reasons.map((r) => r.text),
    conditions: CONDITIONS.flatMap((name) => {
      const c = item.conditions[name];
      return c ? [conditionView(name, c)] : [];
    }),
    figures: {
      totalAreaCenti: f.totals.areaCenti,
      totalHeadcount: f.totals.headcount,
      participatingAreaCenti: f.participating.areaCenti,
      participatingHeadcount: f.participating.headcount,
      approvingAreaCenti: f.approving.areaCenti,
      approvingHeadcount: f.approving.headcount,
      opposingAreaCenti: f.opposing.areaCenti,
      opposingHeadcount: f.opposing.headcount,
      abstainingAreaCenti: f.abstaining.areaCenti,
      abstainingHeadcount: f.abstaining.headcount,
      participatingUnits: f.participating.units,
      totalUnits: f.totals.units,
    },
    invalidCount: item.invalid.length,
    withoutNonVoters: item.nonVoters
      ? { passed: item.nonVoters.withoutNonVoters.passed, reasons: item.nonVoters.withoutNonVoters.reasons.map((r) => r.text) }
      : null,
  };
}

/** The published result of a topic, or RESULT_NOT_PUBLISHED (before publication nobody sees a tally). */
async function publishedResult(ctx: ActionContext, input: TopicRefInput): Promise<{ topic: StoredDoc<TopicDoc>; result: ResultDoc }> {
  const topic = await readTopic(ctx.ports.storage, input.estateId, input.topicId);
  const doc = RESULT_STAGES.includes(topic.data.stage) ? await ctx.ports.storage.get<ResultDoc>(VOTE_RESULTS, topic.id) : null;
  if (!doc || !doc.data.publishedAt) throw new AppError('RESULT_NOT_PUBLISHED', { stage: TOPIC_STAGE_LABELS[topic.data.stage] });
  return { topic, result: doc.data };
}

export async function resultView(ctx: ActionContext, input: TopicRefInput): Promise<VoteResultOutput> {
  const { topic, result } = await publishedResult(ctx, input);
  const counted = JSON.parse(result.resultJson) as VoteResult;
  const titles = new Map((topic.data.announcement?.items ?? []).map((i) => [i.itemId, i.title]));
  const now = ctx.ports.clock.now().getTime();
  return {
    topicId: topic.id,
    title: topic.data.title,
    stage: topic.data.stage,
    stageLabel: TOPIC_STAGE_LABELS[topic.data.stage],
    closedAt: result.closedAt,
    publishedAt: result.publishedAt!,
    objectionEndsAt: result.objectionEndsAt!,
    publicationDeadline: result.publicationDeadline,
    endorsedAt: result.endorsedAt,
    rootHash: result.rootHash,
    rosterFingerprint: result.rosterFingerprint,
    ballotCount: result.ballotCount,
    unitCount: result.unitCount,
    nonVoterLabel: NON_VOTER_LABELS[result.nonVoters],
    items: counted.items.map((i) => itemView(i, titles.get(i.itemId) ?? i.itemId)),
    can: {
      endorse: topic.data.stage === 'publication' && allows(ctx.member?.roles ?? [], 'voting.endorse') && now >= Date.parse(result.objectionEndsAt!),
    },
  };
}

export const voteResult = (ctx: ActionContext, input: TopicRefInput) => resultView(ctx, input);

async function readFiles(ctx: ActionContext, topicId: string): Promise<Map<string, string>> {
  const docs = await ctx.ports.storage.getMany<PublicationDoc>(VOTE_PUBLICATIONS, PUBLISHED_FILES.map((n) => publicationId(topicId, n)));
  return new Map(docs.filter((d) => d !== null).map((d) => [d.data.name, d.data.json]));
}

/** The published files, as JSON text for download (what recount and verify:ballots read). */
export async function publishedFiles(ctx: ActionContext, input: TopicRefInput): Promise<PublishedFilesOutput> {
  const { topic, result } = await publishedResult(ctx, input);
  const files = await readFiles(ctx, topic.id);
  return {
    topicId: topic.id,
    rootHash: result.rootHash,
    files: PUBLISHED_FILES.filter((n) => files.has(n)).map((name) => ({ name, fileName: `${name}.json`, title: FILE_TITLES[name] ?? name, json: files.get(name)! })),
  };
}

/** 核对回执: is the owner's receipt in the published ballot list, and where. */
export async function checkReceipt(ctx: ActionContext, input: CheckReceiptInput): Promise<CheckReceiptOutput> {
  const { topic, result } = await publishedResult(ctx, input);
  const json = (await readFiles(ctx, topic.id)).get('ballots');
  const ballots = json ? (JSON.parse(json) as { ballots: PublishedBallot[] }).ballots : [];
  const receipt = input.receipt.trim().toUpperCase();
  const hit = findReceipt(ballots, receipt);
  return { receipt, found: hit !== null, position: hit?.position ?? null, total: ballots.length, channel: hit?.channel ?? null, rootHash: result.rootHash };
}

/** 社区确认: community staff confirm the result once the objection period is over by the server clock. */
export async function endorseResult(ctx: ActionContext, input: EndorseResultInput): Promise<VoteResultOutput> {
  const { topic, result } = await publishedResult(ctx, input);
  if (topic.data.stage === 'publication' && ctx.ports.clock.now().getTime() < Date.parse(result.objectionEndsAt!)) {
    throw new AppError('RESULT_OBJECTION_PERIOD', { endsAt: result.objectionEndsAt! });
  }
  await moveTopic(ctx, { estateId: input.estateId, topicId: input.topicId, expectedVersion: topic.data.rev }, 'endorse', {
    ...(input.note ? { note: input.note } : {}),
    audit: { rootHash: result.rootHash },
    after: async (tx) => {
      const doc = await tx.get<ResultDoc>(VOTE_RESULTS, topic.id);
      if (!doc) throw new AppError('INTERNAL');
      await tx.update<ResultDoc>(VOTE_RESULTS, topic.id, doc.version, { ...doc.data, endorsedAt: ctx.ports.clock.now().toISOString() });
    },
  });
  return resultView(ctx, input);
}
