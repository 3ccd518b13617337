/**
 * The result part of voting (issue 11 items 5, 6, 8), on both engines: closing after the window by the server
 * clock, voting → counting → publication through the topic state machine, the count by the engine from the frozen
 * electorate and the stored ballots, the published files (no unit ids, names or openids) re-counted and verified
 * by the same pure functions the scripts run, receipts checked, retries after a crash finished, endorsement by
 * community staff only after the objection period — and organisers no longer able to publish or endorse by hand.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimePorts } from '../../server/adapters/runtime';
import { deliberationFunction } from '../../server/app/deliberation';
import { TOPICS, type TopicDoc } from '../../server/app/deliberation/records';
import { readTopic } from '../../server/app/deliberation/topics';
import { MEMBERS, memberId, type MemberDoc } from '../../server/app/identity/records';
import { createCloudFunction } from '../../server/app/handler';
import { votingFunction } from '../../server/app/voting';
import { closeDueVotes, countAndStore } from '../../server/app/voting/result-close';
import { DEFAULT_RULES } from '../../types/procedure-rules';
import { VOTE_PUBLICATIONS, VOTE_RESULTS } from '../../server/app/voting/result-records';
import { ballotsRootHash, recount, sameResult, verifyPublishedBallots, type PublishedFiles } from '../../server/core/voting/publication';
import type { GetTopicOutput, TopicChangeOutput } from '../../types/deliberation';
import type { ApiResult } from '../../types/errors';
import type { CastBallotOutput } from '../../types/voting';
import type { CheckReceiptOutput, PublishedFilesOutput, VoteResultOutput } from '../../types/voting-result';
import { announcedVote } from '../support/vote-fixtures';
import { okOf as ok, refusalOf as refused } from '../support/handler-client';
import { as, freshEnv, type TestEnv } from '../support/ports';

const deliberation = createCloudFunction(deliberationFunction, runtimePorts);
const voting = createCloudFunction(votingFunction, runtimePorts);

const SECRETARY = 'demo-party-secretary';
const COMMITTEE = 'demo-committee';
const OWNER = 'demo-owner';
const CO_OWNER_REP = 'demo-co-owner-rep';
const STAFF = 'demo-community-staff';
const PROPERTY = 'demo-property-manager';
const OWNER_UNIT = 'hemu:1-1-101';
const COMMITTEE_UNIT = 'hemu:1-1-801';
const CO_UNIT = 'hemu:1-2-302';
const CLOSES = '2026-12-18T16:00:00.000Z';
const sha256 = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

/** runs one of the scripts as a third party would (npm run recount / verify:ballots are these files under tsx) */
const runScript = (name: 'recount' | 'verify-ballots', ...args: string[]) =>
  spawnSync(process.execPath, [join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), join(process.cwd(), `scripts/${name}.ts`), ...args], { encoding: 'utf8', timeout: 60_000 });

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

type Result<T> = Promise<ApiResult<T>>;
const delib = <T>(openid: string, action: string, input: unknown) => deliberation({ action, input }, as(openid)) as Result<T>;
const vote = <T>(openid: string, action: string, input: unknown) => voting({ action, input }, as(openid)) as Result<T>;

/** A building-1 topic with two items (matter 7: 3/4; matter 5: more than half), voted by three units, window open. */
async function votedTopic() {
  const { topicId, items } = await announcedVote(env, delib);
  const receipts: Record<string, string> = {};
  for (const [openid, unitId, choices] of [
    [OWNER, OWNER_UNIT, ['yes', 'yes']],
    [COMMITTEE, COMMITTEE_UNIT, ['yes', 'abstain']],
    [CO_OWNER_REP, CO_UNIT, ['no', 'yes']],
  ] as const) {
    await ok(vote(openid, 'confirmDelivery', { estateId: 'hemu', unitId, topicId }));
    const r = await ok(vote<CastBallotOutput>(openid, 'castBallot', {
      estateId: 'hemu', unitId, topicId, idempotencyKey: `key-${unitId.replace(/\W/g, '')}`,
      choices: items.map((itemId, i) => ({ itemId, choice: choices[i] })),
    }));
    receipts[unitId] = r.receipt;
    env.clock.advance(60_000);
  }
  return { topicId, items, receipts, ref: { estateId: 'hemu', topicId } };
}

async function filesOf(ref: { estateId: string; topicId: string }, openid = OWNER): Promise<PublishedFiles> {
  const out = await ok(vote<PublishedFilesOutput>(openid, 'publishedFiles', ref));
  return Object.fromEntries(out.files.map((f) => [f.name, JSON.parse(f.json)])) as unknown as PublishedFiles;
}

describe('closing and counting a vote', () => {
  it('refuses before the window ends, then counts, publishes and shows figures with denominators and reasons', async () => {
    const { ref, items, receipts } = await votedTopic();
    expect(await refused(vote(SECRETARY, 'closeVote', ref))).toMatchObject({ code: 'VOTING_WINDOW_OPEN' });
    expect(await refused(vote(OWNER, 'closeVote', ref))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused(vote(OWNER, 'voteResult', ref))).toMatchObject({ code: 'RESULT_NOT_PUBLISHED' });
    env.clock.set(CLOSES);
    const result = await ok(vote<VoteResultOutput>(COMMITTEE, 'closeVote', ref));
    expect(result).toMatchObject({ stage: 'publication', ballotCount: 3, endorsedAt: null, can: { endorse: false } });
    // objection period from the frozen (default) rules, counted from publication by the server clock
    expect(Date.parse(result.objectionEndsAt) - Date.parse(result.publishedAt)).toBeGreaterThan(0);
    expect(result.rootHash).toMatch(/^[0-9a-f]{64}$/);
    const [lift, fund] = result.items;
    expect(lift).toMatchObject({ itemId: items[0], title: '更换1号楼两部电梯', matter: 7, verdict: '未通过', passed: false, invalidCount: 0 });
    expect(fund!.itemId).toBe(items[1]);
    // denominators: building 1's frozen totals; participation = the three units that voted
    expect(lift!.figures.participatingUnits).toBe(3);
    expect(lift!.figures.totalUnits).toBe(result.unitCount);
    expect(lift!.conditions[0]).toMatchObject({ condition: 'turnoutArea', label: '参与表决面积', threshold: '2/3', whole: lift!.figures.totalAreaCenti, part: lift!.figures.participatingAreaCenti });
    expect(lift!.reasons[0]).toMatch(/^参与表决面积 \d+(\.\d)?% < 2\/3（参与 [\d.]+ m²，总面积 [\d.]+ m²，还差 [\d.]+ m²）$/);

    // the topic's history: voting → counting → publication, by the committee member
    const d = await ok(delib<GetTopicOutput>(OWNER, 'getTopic', ref));
    expect(d.topic.stageHistory.map((h) => h.stage).slice(-3)).toEqual(['voting', 'counting', 'publication']);
    expect(d.topic.stageHistory.slice(-2).map((h) => h.byLabel)).toEqual(['业委会委员', '业委会委员']);

    // every role reads the same result; a retry answers it again without a second count
    expect(await ok(vote<VoteResultOutput>(PROPERTY, 'voteResult', ref))).toEqual({ ...result, can: { endorse: false } });
    expect(await ok(vote<VoteResultOutput>(SECRETARY, 'closeVote', ref))).toEqual(result);
    expect(await env.storage.count(VOTE_PUBLICATIONS, { topicId: ref.topicId })).toBe(5);

    // receipts: in the list, with their place; a made-up one is not
    const check = await ok(vote<CheckReceiptOutput>(OWNER, 'checkReceipt', { ...ref, receipt: receipts[OWNER_UNIT]!.toLowerCase() }));
    expect(check).toMatchObject({ found: true, position: 1, total: 3, channel: 'online', rootHash: result.rootHash });
    expect(await ok(vote<CheckReceiptOutput>(OWNER, 'checkReceipt', { ...ref, receipt: '0000-0000-0000-0000' }))).toMatchObject({ found: false, position: null });
  });

  it('publishes files without unit ids, names or openids that recount to the same result and verify', async () => {
    const { ref, receipts } = await votedTopic();
    env.clock.set(CLOSES);
    await ok(vote(SECRETARY, 'closeVote', ref));
    const out = await ok(vote<PublishedFilesOutput>(OWNER, 'publishedFiles', ref));
    const all = out.files.map((f) => f.json).join('\n');
    expect(out.files.map((f) => f.fileName)).toEqual(['manifest.json', 'roster.json', 'ballots.json', 'ledger.json', 'result.json']);
    expect(all).not.toMatch(/hemu:|1-1-101|demo-|王建国|孙伟|周明|wang|sun\b|zhou/);
    const files = await filesOf(ref);
    expect(files.ballots.ballots.map((b) => b.receipt)).toEqual([receipts[OWNER_UNIT], receipts[COMMITTEE_UNIT], receipts[CO_UNIT]]);
    expect(files.ballots.ballots.every((b) => /^U[0-9A-F]{12}$/.test(b.unit) && /^P[0-9A-F]{12}$/.test(b.person))).toBe(true);
    expect(files.roster.roster.length).toBe(files.manifest.unitCount);
    expect(sameResult(recount(files), files.result)).toBe(true);
    const stored = await env.storage.get<{ resultJson: string }>(VOTE_RESULTS, ref.topicId);
    expect(sameResult(JSON.parse(stored!.data.resultJson), files.result)).toBe(true);
    expect(verifyPublishedBallots(sha256, files, out.rootHash)).toMatchObject({ ok: true, problems: [] });

    // the scripts on the downloaded files: recount prints the same result, verify passes; then one edited ballot fails
    const dir = mkdtempSync(join(tmpdir(), 'gongyi-published-'));
    try {
      for (const f of out.files) writeFileSync(join(dir, f.fileName), f.json);
      const rc = runScript('recount', dir);
      expect(rc.status).toBe(0);
      expect(sameResult(JSON.parse(rc.stdout), files.result)).toBe(true);
      expect(rc.stderr).toMatch(/一致 SAME/);
      expect(runScript('verify-ballots', dir, out.rootHash).status).toBe(0);
      const edited = JSON.parse(out.files.find((f) => f.name === 'ballots')!.json) as PublishedFiles['ballots'];
      edited.ballots[0]!.choices[files.manifest.items[1]!.itemId] = 'no';
      writeFileSync(join(dir, 'ballots.json'), JSON.stringify(edited, null, 2));
      const bad = runScript('verify-ballots', dir);
      expect(bad.status).toBe(1);
      expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^根哈希不符/), expect.stringMatching(/^根哈希不符/)] });
      expect(runScript('recount', dir).status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('detects an altered, removed, reordered or inserted ballot in the real published files', async () => {
    const { ref } = await votedTopic();
    env.clock.set(CLOSES);
    const { rootHash } = await ok(vote<VoteResultOutput>(SECRETARY, 'closeVote', ref));
    const original = await filesOf(ref);
    const item = original.manifest.items[0]!.itemId;
    const mutate = (change: (list: PublishedFiles['ballots']['ballots']) => void) => {
      const files = structuredClone(original);
      change(files.ballots.ballots);
      return verifyPublishedBallots(sha256, files, rootHash);
    };
    expect(verifyPublishedBallots(sha256, original, rootHash).ok).toBe(true);
    const altered = mutate((l) => { l[2]!.choices[item] = l[2]!.choices[item] === 'yes' ? 'no' : 'yes'; });
    const removed = mutate((l) => { l.splice(1, 1); l.forEach((b, i) => { b.position = i + 1; }); });
    const reordered = mutate((l) => { [l[0], l[1]] = [l[1]!, l[0]!]; l.forEach((b, i) => { b.position = i + 1; }); });
    const inserted = mutate((l) => { l.push({ ...l[0]!, position: 4, receipt: 'AAAA-BBBB-CCCC-DDDD', unit: 'U000000000000', ledgerSeq: null }); });
    for (const v of [altered, removed, reordered, inserted]) expect(v.ok).toBe(false);
    expect(altered.problems).toEqual([expect.stringMatching(/^根哈希不符/), expect.stringMatching(/^根哈希不符/), expect.stringMatching(/^根哈希不符/)]);
    // beyond the root: the ledger still lists the removed receipt; the reordered ones are out of ledger order
    expect(removed.problems).toContainEqual(expect.stringMatching(/^账本中的有效回执 .* 不在选票清单中$/));
    expect(reordered.problems).toContainEqual(expect.stringMatching(/位置与账本顺序不符$/));
    expect(inserted.problems).toContainEqual(expect.stringMatching(/^选票数不符/));
    // even with the manifest's root and count rewritten to match, the ledger exposes a removal
    const forged = structuredClone(original);
    forged.ballots.ballots.splice(0, 1);
    forged.ballots.ballots.forEach((b, i) => { b.position = i + 1; });
    forged.ballots.rootHash = forged.manifest.rootHash = ballotsRootHash(sha256, forged.ballots.ballots);
    forged.manifest.ballotCount = 2;
    expect(verifyPublishedBallots(sha256, forged).problems).toEqual([expect.stringMatching(/^账本中的有效回执/)]);
  });

  it('finishes after a crash between counting and publication, and between the start of counting and the count', async () => {
    const { ref } = await votedTopic();
    env.clock.set(CLOSES);
    // crash 1: the topic moved to counting, nothing else happened
    const doc = await readTopic(env.storage, 'hemu', ref.topicId);
    await env.storage.transaction(async (tx) => {
      await tx.update<TopicDoc>(TOPICS, doc.id, doc.version, { ...doc.data, stage: 'counting', rev: doc.data.rev + 1 });
    });
    // crash 2: counted and stored, not yet published
    await countAndStore(env.ports, await readTopic(env.storage, 'hemu', ref.topicId));
    expect(await refused(vote(OWNER, 'voteResult', ref))).toMatchObject({ code: 'RESULT_NOT_PUBLISHED' });
    const r = await ok(vote<VoteResultOutput>(SECRETARY, 'closeVote', ref));
    expect(r).toMatchObject({ stage: 'publication', ballotCount: 3 });
    expect(await env.storage.count(VOTE_PUBLICATIONS, { topicId: ref.topicId })).toBe(5);
  });
});

describe('the closeDueVotes job', () => {
  it('leaves a closed window to the organisers, and closes and publishes 12 hours before the publication deadline', async () => {
    const { ref } = await votedTopic();
    env.clock.set(CLOSES);
    expect((await closeDueVotes(env.ports)).closed).not.toContain(ref.topicId);
    const deadline = Date.parse(CLOSES) + DEFAULT_RULES.publicationDeadlineDays * 86_400_000;
    env.clock.set(new Date(deadline - 12 * 3_600_000 - 1).toISOString());
    expect((await closeDueVotes(env.ports)).closed).not.toContain(ref.topicId);
    env.clock.set(new Date(deadline - 12 * 3_600_000).toISOString());
    const run = await closeDueVotes(env.ports);
    expect(run.closed).toContain(ref.topicId);
    const r = await ok(vote<VoteResultOutput>(OWNER, 'voteResult', ref));
    expect(r).toMatchObject({ stage: 'publication', ballotCount: 3 });
    const d = await ok(delib<GetTopicOutput>(OWNER, 'getTopic', ref));
    expect(d.topic.stageHistory.slice(-2).map((h) => [h.stage, h.byLabel])).toEqual([
      ['counting', '系统（结果公布期限将到，自动计票）'],
      ['publication', '系统（结果公布期限将到，自动计票）'],
    ]);
    // a second run finds nothing to do
    expect((await closeDueVotes(env.ports)).closed).not.toContain(ref.topicId);
  });
});

describe('endorsement', () => {
  it('community staff confirm after the objection period; organisers cannot publish or endorse through advanceTopic', async () => {
    const { ref } = await votedTopic();
    env.clock.set(CLOSES);
    // counting by hand is still possible, publishing by hand is not (only closeVote publishes, with the count)
    const v = (await ok(delib<GetTopicOutput>(SECRETARY, 'getTopic', ref))).topic.version;
    const counting = await ok(delib<TopicChangeOutput>(SECRETARY, 'advanceTopic', { ...ref, expectedVersion: v, move: 'startCounting' }));
    expect(await refused(delib(SECRETARY, 'advanceTopic', { ...ref, expectedVersion: counting.version, move: 'publish' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    const published = await ok(vote<VoteResultOutput>(COMMITTEE, 'closeVote', ref));
    const pv = (await ok(delib<GetTopicOutput>(SECRETARY, 'getTopic', ref))).topic.version;
    // regression: organisers could endorse their own vote's result through advanceTopic
    for (const who of [SECRETARY, COMMITTEE]) {
      expect(await refused(delib(who, 'advanceTopic', { ...ref, expectedVersion: pv, move: 'endorse' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await refused(vote(who, 'endorseResult', ref))).toMatchObject({ code: 'FORBIDDEN' });
    }
    // regression (review): someone who is community staff AND a committee member passed advanceTopic's permission
    // (committee) and the endorse move's actor check (staff), skipping the objection period
    const staffMember = await env.storage.get<MemberDoc>(MEMBERS, memberId('hemu', STAFF));
    await env.storage.transaction(async (tx) => {
      await tx.update<MemberDoc>(MEMBERS, memberId('hemu', STAFF), staffMember!.version, { ...staffMember!.data, roles: [...staffMember!.data.roles, 'committee_member'] });
    });
    expect(await refused(delib(STAFF, 'advanceTopic', { ...ref, expectedVersion: pv, move: 'endorse' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await ok(delib<GetTopicOutput>(STAFF, 'getTopic', ref))).topic.stage).toBe('publication');
    expect(await refused(vote(STAFF, 'endorseResult', ref))).toMatchObject({ code: 'RESULT_OBJECTION_PERIOD' });
    expect((await ok(vote<VoteResultOutput>(STAFF, 'voteResult', ref))).can.endorse).toBe(false);
    env.clock.set(published.objectionEndsAt);
    expect((await ok(vote<VoteResultOutput>(STAFF, 'voteResult', ref))).can.endorse).toBe(true);
    const endorsed = await ok(vote<VoteResultOutput>(STAFF, 'endorseResult', { ...ref, note: '公示期内无异议' }));
    expect(endorsed).toMatchObject({ stage: 'endorsement', endorsedAt: published.objectionEndsAt, can: { endorse: false } });
    const d = await ok(delib<GetTopicOutput>(OWNER, 'getTopic', ref));
    expect(d.topic.stageHistory.at(-1)).toMatchObject({ stage: 'endorsement', byLabel: '社区居委会', note: '公示期内无异议' });
    expect(await refused(vote(STAFF, 'endorseResult', ref))).toMatchObject({ code: 'TOPIC_MOVE_NOT_ALLOWED' });
    // organisers continue from there
    await ok(delib(SECRETARY, 'advanceTopic', { ...ref, expectedVersion: d.topic.version, move: 'implement' }));
  });
});
