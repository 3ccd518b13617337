import { TOPIC_STAGE_LABELS, type TopicStage } from '../../../types/topics';
import type { TopicRefInput, VoteResultOutput } from '../../../types/voting-result';
import { AppError } from '../../core/errors';
import { buildPublication, PUBLISHED_FILES, type StoredBallotIn } from '../../core/voting/publication';
import type { Ports, StoredDoc } from '../../ports';
import type { ActionContext } from '../action';
import { TOPICS, type TopicDoc } from '../deliberation/records';
import { moveTopic, readTopic } from '../deliberation/topics';
import { frozenElectorate, frozenRules } from './context';
import { readVoteLedger, sequenceVoteLedgers } from './ledger';
import { VOTE_BALLOTS, type BallotDoc } from './records';
import { publicationId, RESULT_STAGES, VOTE_PUBLICATIONS, VOTE_RESULTS, type PublicationDoc, type ResultDoc } from './result-records';
import { resultView } from './result-view';

const DAY_MS = 86_400_000;
/** ballots read per page at close (a large estate never loads them in one request) */
const BALLOT_PAGE = 500;
/** paper entries still waiting for the second staff member's review (helper paper's collection) */
const PAPER_ENTRIES = 'vote_paper_entries';

/**
 * 结束表决并计票 (issue 11 items 5, 8): once the server clock has passed the frozen window, voting → counting (the
 * topic state machine, with stage history and audit), the vote's ledger fully chained, the count by the engine
 * from the frozen electorate and every valid ballot (all channels) under the frozen rules' non-voter handling,
 * the result and the published files stored in ONE transaction, then counting → publication with the objection
 * deadline from the frozen rules. Each step checks what is already done, so a retry after a crash between any two
 * steps finishes the work (and a retry after the end answers the stored result).
 */
export async function closeVote(ctx: ActionContext, input: TopicRefInput): Promise<VoteResultOutput> {
  await closeAndPublish(ctx, input);
  return resultView(ctx, input);
}

/** label of the moves the scheduled job makes (closeDueVotes) */
const JOB_LABEL = '系统（结果公布期限将到，自动计票）';
/** the job closes a vote this long before its publication deadline, when organisers have not */
const JOB_MARGIN_MS = 12 * 3_600_000;

async function closeAndPublish(ctx: ActionContext, input: TopicRefInput, job = false): Promise<void> {
  const { storage, clock } = ctx.ports;
  const acting = job ? { organiser: true } : {};
  const label = job ? { byLabel: JOB_LABEL } : {};
  let topic = await readTopic(storage, input.estateId, input.topicId);
  if (RESULT_STAGES.includes(topic.data.stage) && (await storage.get(VOTE_RESULTS, topic.id))) return;
  const announcement = topic.data.announcement;
  if (!announcement || (topic.data.stage !== 'voting' && topic.data.stage !== 'counting')) {
    throw new AppError('BALLOT_STAGE', { stage: stageLabelOf(topic.data.stage) });
  }
  if (clock.now().getTime() < Date.parse(announcement.votingClosesAt)) throw new AppError('VOTING_WINDOW_OPEN', { closesAt: announcement.votingClosesAt });
  await refuseWhilePaperPending(ctx.ports, topic.id);
  if (topic.data.stage === 'voting') {
    await moveTopic(ctx, { ...input, expectedVersion: topic.data.rev }, 'startCounting', { acting, ...label });
    topic = await readTopic(storage, input.estateId, input.topicId);
  }
  await countAndStore(ctx.ports, topic);
  topic = await readTopic(storage, input.estateId, input.topicId);
  if (topic.data.stage === 'counting') {
    const rules = await frozenRules(storage, announcement);
    await moveTopic(ctx, { ...input, expectedVersion: topic.data.rev }, 'publish', {
      acting: { ...acting, counter: true },
      ...label,
      after: async (tx) => {
        const doc = await tx.get<ResultDoc>(VOTE_RESULTS, topic.id);
        if (!doc) throw new AppError('INTERNAL');
        const publishedAt = ctx.ports.clock.now();
        await tx.update<ResultDoc>(VOTE_RESULTS, topic.id, doc.version, {
          ...doc.data,
          publishedAt: publishedAt.toISOString(),
          objectionEndsAt: new Date(publishedAt.getTime() + rules.objectionPeriodDays * DAY_MS).toISOString(),
        });
      },
      audit: { rootHash: (await storage.get<ResultDoc>(VOTE_RESULTS, topic.id))?.data.rootHash },
    });
  }
}

/**
 * Job: a vote whose organisers have not closed it is closed and published by the server 12 hours before the
 * publication deadline of its frozen rules (publicationDeadlineDays after the window), so the deadline is kept.
 * A vote with unreviewed paper entries is left (and reported) until they are reviewed.
 */
export async function closeDueVotes(ports: Ports): Promise<{ closed: string[]; waiting: { topicId: string; code: string }[] }> {
  const now = ports.clock.now().getTime();
  const topics = await ports.storage.find<TopicDoc>(TOPICS, { where: { stage: ['voting', 'counting'] }, limit: 200 });
  const closed: string[] = [];
  const waiting: { topicId: string; code: string }[] = [];
  for (const t of topics) {
    const a = t.data.announcement;
    if (!a) continue;
    const rules = await frozenRules(ports.storage, a);
    const deadline = Date.parse(a.votingClosesAt) + rules.publicationDeadlineDays * DAY_MS;
    if (now < deadline - JOB_MARGIN_MS) continue;
    const ctx: ActionContext = { ports, caller: { openid: 'system' }, member: null, event: {} };
    try {
      await closeAndPublish(ctx, { estateId: t.data.estateId, topicId: t.id }, true);
      closed.push(t.id);
    } catch (err) {
      waiting.push({ topicId: t.id, code: err instanceof AppError ? err.code : 'INTERNAL' });
    }
  }
  return { closed, waiting };
}

const stageLabelOf = (stage: TopicStage) => TOPIC_STAGE_LABELS[stage];

/** A paper entry not yet reviewed must not be left out silently: closing waits until staff review it. */
async function refuseWhilePaperPending(ports: Pick<Ports, 'storage'>, topicId: string): Promise<void> {
  const pending = await ports.storage.count(PAPER_ENTRIES, { topicId, state: 'pending' });
  if (pending > 0) throw new AppError('RESULT_PAPER_PENDING', { count: pending });
}

/** Every valid ballot of the vote, read in pages. */
async function readBallots(ports: Pick<Ports, 'storage'>, topicId: string): Promise<StoredBallotIn[]> {
  const out: StoredBallotIn[] = [];
  let after: string | null = null;
  do {
    const page: { docs: StoredDoc<BallotDoc>[]; next: string | null } = await ports.storage.page<BallotDoc>(VOTE_BALLOTS, {
      where: { topicId },
      orderBy: { field: 'unitId', direction: 'asc' },
      limit: BALLOT_PAGE,
      after,
    });
    for (const d of page.docs) {
      out.push({ itemId: d.data.itemId, unitId: d.data.unitId, choice: d.data.choice, channel: d.data.channel, receipt: d.data.receipt, castAt: d.data.castAt });
    }
    after = page.next;
  } while (after);
  return out;
}

/** Chain the ledger completely, count, and store the result with the published files (once). */
export async function countAndStore(ports: Pick<Ports, 'storage' | 'clock' | 'crypto'>, topic: StoredDoc<TopicDoc>): Promise<void> {
  const { storage, crypto, clock } = ports;
  if (await storage.get(VOTE_RESULTS, topic.id)) return;
  const announcement = topic.data.announcement!;
  for (let i = 0; i < 10_000; i++) {
    const [r] = await sequenceVoteLedgers(ports, topic.id);
    if (!r?.more) break;
  }
  const [electorate, ballots, ledger, rules] = await Promise.all([
    frozenElectorate(storage, topic.id),
    readBallots(ports, topic.id),
    readVoteLedger(storage, topic.id),
    frozenRules(storage, announcement),
  ]);
  const countingEntry = [...topic.data.stageHistory].reverse().find((h) => h.stage === 'counting');
  const closedAt = countingEntry?.at ?? clock.now().toISOString();
  const files = buildPublication({
    topicId: topic.id,
    title: topic.data.title,
    scope: announcement.scope,
    items: announcement.items.map((i) => ({ itemId: i.itemId, title: i.title, matter: i.matter })),
    nonVoters: rules.nonVoterHandling,
    rosterFingerprint: announcement.roster.fingerprint,
    closedAt,
    electorate: electorate.units,
    ballots,
    ledger,
    // keyed per vote: tokens of two votes cannot be joined, and nobody without the server key can compute one
    unitToken: (unitId) => `U${crypto.keyedHash('vote-unit-token', `${topic.id}\u0000${unitId}`).slice(0, 12).toUpperCase()}`,
    personToken: (headKey) => `P${crypto.keyedHash('vote-person-token', `${topic.id}\u0000${headKey}`).slice(0, 12).toUpperCase()}`,
    sha256: crypto.sha256,
  });
  const now = clock.now().toISOString();
  const result: ResultDoc = {
    estateId: topic.data.estateId,
    topicId: topic.id,
    closedAt,
    countedAt: now,
    publishedAt: null,
    objectionEndsAt: null,
    publicationDeadline: new Date(Date.parse(announcement.votingClosesAt) + rules.publicationDeadlineDays * DAY_MS).toISOString(),
    endorsedAt: null,
    rootHash: files.manifest.rootHash,
    ballotCount: files.manifest.ballotCount,
    unitCount: files.manifest.unitCount,
    rosterFingerprint: announcement.roster.fingerprint,
    nonVoters: rules.nonVoterHandling,
    resultJson: JSON.stringify(files.result),
  };
  await storage.transaction(async (tx) => {
    if (await tx.get(VOTE_RESULTS, topic.id)) return;
    for (const name of PUBLISHED_FILES) {
      const doc: PublicationDoc = { estateId: topic.data.estateId, topicId: topic.id, name, json: JSON.stringify(files[name], null, 2) };
      await tx.create(VOTE_PUBLICATIONS, publicationId(topic.id, name), doc);
    }
    await tx.create(VOTE_RESULTS, topic.id, result);
  });
}
