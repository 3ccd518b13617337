/**
 * The voting function (issue 11 items 1, 2, 7 and the ballot part of 8), on both engines: delivery, the package
 * ballot with its receipt, one valid ballot per (item, unit) decided by the storage engine, idempotent retries,
 * duplicates kept as invalid evidence, changes only under the frozen rules, the vote's own ledger, 我的投票 and
 * live turnout — and every refusal.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { readAuditEvents } from '../../server/app/audit/log';
import { deliberationFunction } from '../../server/app/deliberation';
import { TOPICS, type TopicDoc } from '../../server/app/deliberation/records';
import { RULES_VERSIONS } from '../../server/app/deliberation/rules-store';
import { createCloudFunction } from '../../server/app/handler';
import { ESTATES, MEMBERS, memberId, UNIT_LINKS, UNITS, unitLinkId, type EstateDoc, type MemberDoc, type UnitDoc, type UnitLinkDoc } from '../../server/app/identity/records';
import { accountKeyOf } from '../../server/app/identity/accounts';
import { ledgerHasReceipt, sequenceVoteLedgers, verifyVoteLedger } from '../../server/app/voting/ledger';
import { VOTE_BALLOT_VERSIONS, VOTE_BALLOTS, VOTE_INVALID, VOTE_REQUESTS, voteLedgerKey, type BallotDoc } from '../../server/app/voting/records';
import { votingFunction } from '../../server/app/voting';
import type { GetTopicOutput } from '../../types/deliberation';
import type { ApiResult } from '../../types/errors';
import { DEFAULT_RULES } from '../../types/procedure-rules';
import type { CastBallotOutput, ConfirmDeliveryOutput, MyBallotOutput, MyBallotsOutput, TurnoutOutput } from '../../types/voting';
import { as, freshEnv, type TestEnv } from '../support/ports';
import { announcedVote } from '../support/vote-fixtures';
import { okOf as ok, refusalOf as refused } from '../support/handler-client';

const deliberation = createCloudFunction(deliberationFunction, runtimePorts);
const voting = createCloudFunction(votingFunction, runtimePorts);

const SECRETARY = 'demo-party-secretary';
const COMMITTEE = 'demo-committee';
const OWNER = 'demo-owner';
const MULTI_OWNER = 'demo-multi-owner';
const CO_OWNER = 'demo-co-owner';
const CO_OWNER_REP = 'demo-co-owner-rep';
const PROPERTY = 'demo-property-manager';
const OWNER_UNIT = 'hemu:1-1-101';
const COMMITTEE_UNIT = 'hemu:1-1-801';
const CO_UNIT = 'hemu:1-2-302';
const OPENS = '2026-12-08T16:00:00.000Z';
const CLOSES = '2026-12-18T16:00:00.000Z';

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

type Result<T> = Promise<ApiResult<T>>;
const delib = <T>(openid: string, action: string, input: unknown) => deliberation({ action, input }, as(openid)) as Result<T>;
const vote = <T>(openid: string, action: string, input: unknown) => voting({ action, input }, as(openid)) as Result<T>;

/** The tests' vote (tests/support/vote-fixtures.ts): announced for 2026-12-09 (Beijing) for 10 days; optionally opened. */
const voteOn = (opts: { open?: boolean } = {}) => announcedVote(env, delib, opts);

const ballot = (topicId: string, items: string[], choices: string[], key = 'key-00000001', unitId = OWNER_UNIT) => ({
  estateId: 'hemu',
  unitId,
  topicId,
  idempotencyKey: key,
  choices: items.map((itemId, i) => ({ itemId, choice: choices[i] })),
});
const deliver = (openid: string, topicId: string, unitId = OWNER_UNIT) => ok(vote<ConfirmDeliveryOutput>(openid, 'confirmDelivery', { estateId: 'hemu', unitId, topicId }));
const ballotsOf = async (topicId: string) => (await env.storage.find<BallotDoc>(VOTE_BALLOTS, { where: { topicId } })).map((d) => d.data);

describe('casting a package ballot', () => {
  it('delivers, casts every item in one go, returns a receipt that is in the vote’s ledger and reveals no choice', async () => {
    const { topicId, items } = await voteOn();
    const delivered = await deliver(OWNER, topicId);
    expect(delivered.deliveredAt).toBe('2026-12-09T01:00:00.000Z');
    // a second confirmation keeps the first instant
    env.clock.advance(60_000);
    expect((await deliver(OWNER, topicId)).deliveredAt).toBe(delivered.deliveredAt);

    const r = await ok(vote<CastBallotOutput>(OWNER, 'castBallot', ballot(topicId, items, ['yes', 'abstain'])));
    expect(r.receipt).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(r.changed).toBe(false);
    const stored = await ballotsOf(topicId);
    expect(stored.map((b) => [b.itemId, b.unitId, b.choice, b.receipt]).sort()).toEqual(
      [[items[0], OWNER_UNIT, 'yes', r.receipt], [items[1], OWNER_UNIT, 'abstain', r.receipt]].sort(),
    );
    // one ballot per (item, unit) under the deterministic id
    expect((await env.storage.get(VOTE_BALLOTS, `${topicId}:${items[0]}:${OWNER_UNIT}`))?.data).toMatchObject({ choice: 'yes' });

    // the ledger: an unsequenced event under the vote's chain key, chained by the job, holding the receipt and no choice
    const events = await readAuditEvents(env.storage, voteLedgerKey(topicId));
    expect(events.map((e) => e.action)).toEqual(['ballot.accepted']);
    expect(JSON.stringify(events)).not.toMatch(/abstain|"yes"|demo-/);
    expect(await ledgerHasReceipt(env.storage, topicId, r.receipt)).toBe(false);
    // (the demo seed's votes are already chained: nothing new to sequence there)
    const seq = (await sequenceVoteLedgers(env.ports)).find((s) => s.estateId === voteLedgerKey(topicId));
    expect(seq).toMatchObject({ estateId: voteLedgerKey(topicId), sequenced: 1 });
    expect(await ledgerHasReceipt(env.storage, topicId, r.receipt)).toBe(true);
    expect((await verifyVoteLedger(env.storage, env.ports.crypto, topicId)).ok).toBe(true);
    // the owner's own receipt view: their choices and the receipt's place in the chain
    const own = await ok(vote<MyBallotOutput>(OWNER, 'myBallot', { estateId: 'hemu', unitId: OWNER_UNIT, topicId }));
    expect(own).toMatchObject({ receipt: r.receipt, choices: [{ itemId: items[0], title: '更换1号楼两部电梯', choice: 'yes' }, { itemId: items[1], choice: 'abstain' }], ledger: { seq: 1, eventHash: events[0]!.eventHash } });
    // the estate's own chain is not touched by ballots
    expect((await readAuditEvents(env.storage, 'hemu')).some((e) => e.action.startsWith('ballot.'))).toBe(false);
    expect((await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action === 'vote.delivered' && e.subject === `topics/${topicId}`)).toHaveLength(1);
  });

  it('answers an idempotent retry with the same receipt and refuses the same key with other content', async () => {
    const { topicId, items } = await voteOn();
    await deliver(OWNER, topicId);
    const first = await ok(vote<CastBallotOutput>(OWNER, 'castBallot', ballot(topicId, items, ['yes', 'no'])));
    env.clock.advance(5_000);
    const retry = await ok(vote<CastBallotOutput>(OWNER, 'castBallot', ballot(topicId, items, ['yes', 'no'])));
    expect(retry).toEqual(first);
    expect(await refused(vote(OWNER, 'castBallot', ballot(topicId, items, ['no', 'no'])))).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await env.storage.count(VOTE_BALLOTS, { topicId })).toBe(2);
    expect(await env.storage.count(VOTE_INVALID, { topicId })).toBe(0);
    expect((await ballotsOf(topicId)).map((b) => b.choice).sort()).toEqual(['no', 'yes']);
  });

  it('keeps a second, different submission as invalid evidence and never overwrites the valid ballot', async () => {
    const { topicId, items } = await voteOn();
    await deliver(OWNER, topicId);
    const first = await ok(vote<CastBallotOutput>(OWNER, 'castBallot', ballot(topicId, items, ['yes', 'yes'])));
    const again = await refused(vote(OWNER, 'castBallot', ballot(topicId, items, ['no', 'no'], 'key-00000002')));
    expect(again).toMatchObject({ code: 'ALREADY_VOTED', params: { receipt: first.receipt } });
    expect((await ballotsOf(topicId)).map((b) => [b.choice, b.receipt])).toEqual([['yes', first.receipt], ['yes', first.receipt]]);
    const evidence = await env.storage.find(VOTE_INVALID, { where: { topicId } });
    expect(evidence.map((d) => d.data)).toEqual([expect.objectContaining({ unitId: OWNER_UNIT, reason: 'duplicate', validReceipt: first.receipt, choices: [{ itemId: items[0], choice: 'no' }, { itemId: items[1], choice: 'no' }] })]);
    // its retry answers the same and adds no second piece of evidence
    expect(await refused(vote(OWNER, 'castBallot', ballot(topicId, items, ['no', 'no'], 'key-00000002')))).toMatchObject({ code: 'ALREADY_VOTED' });
    expect(await env.storage.count(VOTE_INVALID, { topicId })).toBe(1);
    await sequenceVoteLedgers(env.ports);
    const actions = (await readAuditEvents(env.storage, voteLedgerKey(topicId))).map((e) => e.action).sort();
    expect(actions).toEqual(['ballot.accepted', 'ballot.duplicate']);
  });

  it('lets the latest ballot count where the frozen rules allow a change, keeping every version', async () => {
    const { topicId, items } = await voteOn();
    // the notice froze a rules version that allows changing a ballot
    await env.storage.transaction(async (tx) => {
      await tx.create(RULES_VERSIONS, 'hemu:9', { estateId: 'hemu', versionNo: 9, rules: { ...DEFAULT_RULES, ballotChangeAllowed: true }, document: null, note: '', fingerprint: 'f', activatedAt: '2026-01-01T00:00:00.000Z', activatedBy: 'x', draftId: 'd' });
      const t = (await tx.get<TopicDoc>(TOPICS, topicId))!;
      await tx.update(TOPICS, topicId, t.version, { ...t.data, announcement: { ...t.data.announcement!, rules: { ...t.data.announcement!.rules, versionId: 'hemu:9', versionNo: 9 } } });
    });
    await deliver(OWNER, topicId);
    const first = await ok(vote<CastBallotOutput>(OWNER, 'castBallot', ballot(topicId, items, ['yes', 'yes'])));
    env.clock.advance(60_000);
    const second = await ok(vote<CastBallotOutput>(OWNER, 'castBallot', ballot(topicId, items, ['no', 'abstain'], 'key-00000002')));
    expect(second.changed).toBe(true);
    expect(second.receipt).not.toBe(first.receipt);
    expect((await ballotsOf(topicId)).map((b) => [b.itemId, b.choice, b.revision]).sort()).toEqual([[items[0], 'no', 2], [items[1], 'abstain', 2]].sort());
    const versions = await env.storage.find<BallotDoc>(VOTE_BALLOT_VERSIONS);
    expect(versions.map((v) => [v.id, v.data.choice, v.data.receipt]).sort()).toEqual([
      [`${topicId}:${items[0]}:${OWNER_UNIT}:r1`, 'yes', first.receipt],
      [`${topicId}:${items[1]}:${OWNER_UNIT}:r1`, 'yes', first.receipt],
    ].sort());
    const mine = await ok(vote<MyBallotsOutput>(OWNER, 'myBallots', { estateId: 'hemu' }));
    expect(mine.ballots.find((b) => b.topicId === topicId)).toMatchObject({ receipt: second.receipt, status: 'done' });
  });

  it('admits exactly one valid ballot out of 50 parallel submissions for one unit', async () => {
    const { topicId, items } = await voteOn();
    await deliver(OWNER, topicId);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => voting({ action: 'castBallot', input: ballot(topicId, items, i % 2 ? ['yes', 'no'] : ['no', 'yes'], `key-par-${String(i).padStart(4, '0')}`) }, as(OWNER)) as Result<CastBallotOutput>),
    );
    const accepted = results.filter((r) => r.ok);
    const codes = results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code));
    expect(accepted).toHaveLength(1);
    expect(new Set(codes)).toEqual(new Set(codes.length ? ['ALREADY_VOTED'] : []));
    const stored = await ballotsOf(topicId);
    expect(stored).toHaveLength(2);
    expect(new Set(stored.map((b) => b.receipt))).toEqual(new Set([(accepted[0] as { data: CastBallotOutput }).data.receipt]));
    expect(await env.storage.count(VOTE_INVALID, { topicId })).toBe(codes.length);
  }, 120_000);
});

describe('refusals (nothing written)', () => {
  // this test's vote only (the demo seed's votes have ballots and requests of their own)
  const written = async (topicId: string) => [await env.storage.count(VOTE_BALLOTS, { topicId }), await env.storage.count(VOTE_REQUESTS, { topicId }), await env.storage.count(VOTE_INVALID, { topicId })];

  it('refuses a caller who is not the unit’s representative, a unit outside the frozen scope, and another owner’s unit', async () => {
    const { topicId, items } = await voteOn();
    expect(await refused(vote(CO_OWNER, 'castBallot', ballot(topicId, items, ['yes', 'yes'], 'key-00000001', CO_UNIT)))).toMatchObject({ code: 'NOT_REPRESENTATIVE' });
    expect(await refused(vote(MULTI_OWNER, 'castBallot', ballot(topicId, items, ['yes', 'yes'], 'key-00000001', 'hemu:2-1-301')))).toMatchObject({ code: 'NOT_IN_ELECTORATE' });
    expect(await refused(vote(MULTI_OWNER, 'confirmDelivery', { estateId: 'hemu', unitId: 'hemu:2-1-301', topicId }))).toMatchObject({ code: 'NOT_IN_ELECTORATE' });
    expect(await refused(vote(OWNER, 'castBallot', ballot(topicId, items, ['yes', 'yes'], 'key-00000001', COMMITTEE_UNIT)))).toMatchObject({ code: 'UNIT_OWNERS_ONLY' });
    expect(await refused(vote(PROPERTY, 'castBallot', ballot(topicId, items, ['yes', 'yes'])))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await written(topicId)).toEqual([0, 0, 0]);
  });

  it('refuses before the notice is voting, outside the window by the server clock, and without delivery', async () => {
    const { topicId, items } = await voteOn({ open: false });
    await deliver(OWNER, topicId); // delivery is possible once announced
    expect(await refused(vote(OWNER, 'castBallot', ballot(topicId, items, ['yes', 'yes'])))).toMatchObject({ code: 'BALLOT_STAGE', message: '议题现在是“已公告”阶段，不在表决中' });
    const announced = await ok(delib<GetTopicOutput>(SECRETARY, 'getTopic', { estateId: 'hemu', topicId }));
    env.clock.set(OPENS);
    await ok(delib(SECRETARY, 'openVoting', { estateId: 'hemu', topicId, expectedVersion: announced.topic.version }));
    // the window is [opensAt, closesAt): move the server clock around it
    env.clock.set('2026-12-08T15:59:59.999Z');
    expect(await refused(vote(OWNER, 'castBallot', ballot(topicId, items, ['yes', 'yes'])))).toMatchObject({ code: 'BALLOT_WINDOW_NOT_OPEN', params: { opensAt: OPENS } });
    env.clock.set(CLOSES);
    expect(await refused(vote(OWNER, 'castBallot', ballot(topicId, items, ['yes', 'yes'])))).toMatchObject({ code: 'BALLOT_WINDOW_CLOSED', message: '表决已于 2026-12-19 00:00 结束，不能再投票' });
    env.clock.set('2026-12-18T15:59:59.999Z');
    expect(await refused(vote(CO_OWNER_REP, 'castBallot', ballot(topicId, items, ['yes', 'yes'], 'key-00000001', CO_UNIT)))).toMatchObject({ code: 'DELIVERY_REQUIRED' });
    expect(await written(topicId)).toEqual([0, 0, 0]);
    expect((await ok(vote<CastBallotOutput>(OWNER, 'castBallot', ballot(topicId, items, ['yes', 'yes'])))).receipt).toBeTruthy();
  });

  it('refuses an online ballot when the notice froze paper as the only channel', async () => {
    const { topicId, items } = await voteOn();
    await deliver(OWNER, topicId);
    await env.storage.transaction(async (tx) => {
      const t = (await tx.get<TopicDoc>(TOPICS, topicId))!;
      await tx.update(TOPICS, topicId, t.version, { ...t.data, announcement: { ...t.data.announcement!, channels: ['paper'] } });
    });
    expect(await refused(vote(OWNER, 'castBallot', ballot(topicId, items, ['yes', 'yes'])))).toMatchObject({ code: 'BALLOT_ONLINE_CLOSED' });
    expect(await written(topicId)).toEqual([0, 0, 0]);
  });

  it('refuses a missing item, an item twice and an item not in the notice', async () => {
    const { topicId, items } = await voteOn();
    await deliver(OWNER, topicId);
    expect(await refused(vote(OWNER, 'castBallot', ballot(topicId, [items[0]!], ['yes'])))).toMatchObject({ code: 'BALLOT_ITEM_MISSING', params: { item: '使用1号楼维修资金' } });
    expect(await refused(vote(OWNER, 'castBallot', ballot(topicId, [items[0]!, items[0]!, items[1]!], ['yes', 'no', 'yes'])))).toMatchObject({ code: 'BALLOT_ITEM_TWICE' });
    expect(await refused(vote(OWNER, 'castBallot', ballot(topicId, [...items, 'it_not_in_notice'], ['yes', 'yes', 'yes'])))).toMatchObject({ code: 'BALLOT_ITEM_UNKNOWN' });
    expect(await written(topicId)).toEqual([0, 0, 0]);
  });

  it('refuses a topic of another estate as not found', async () => {
    const { topicId, items } = await voteOn();
    const at = env.clock.now().toISOString();
    await env.storage.transaction(async (tx) => {
      const estate: EstateDoc = { name: '兰亭苑', district: '区', address: '路', communityName: '社区', partyBranchName: '支部', buildings: ['1'], totals: { unitCount: 1, areaCenti: 9000, headcount: 1 }, createdAt: at };
      await tx.create(ESTATES, 'lanting', estate);
      const member: MemberDoc = { estateId: 'lanting', openid: OWNER, accountKey: accountKeyOf(env.ports.crypto, 'lanting', OWNER), roles: ['owner'], displayName: '王*', since: at, history: [] };
      await tx.create(MEMBERS, memberId('lanting', OWNER), member);
      const unit: UnitDoc = { estateId: 'lanting', building: '1', entrance: '1', room: '101', label: '1号楼1单元101', areaCenti: 9000, ownerKeys: [], developerHeld: false };
      await tx.create(UNITS, 'lanting:1-1-101', unit);
      const link: UnitLinkDoc = { estateId: 'lanting', unitId: 'lanting:1-1-101', openid: OWNER, accountKey: member.accountKey, active: true, method: 'roster_match', personKey: null, since: at };
      await tx.create(UNIT_LINKS, unitLinkId('lanting:1-1-101', OWNER), link);
    });
    expect(await refused(vote(OWNER, 'confirmDelivery', { estateId: 'lanting', unitId: 'lanting:1-1-101', topicId }))).toMatchObject({ code: 'TOPIC_NOT_FOUND' });
    expect(await refused(vote(OWNER, 'turnout', { estateId: 'lanting', topicId }))).toMatchObject({ code: 'TOPIC_NOT_FOUND' });
    // the own unit in the other estate cannot be used for this estate's vote either
    expect(await refused(vote(OWNER, 'castBallot', { ...ballot(topicId, items, ['yes', 'yes']), unitId: 'lanting:1-1-101' }))).toMatchObject({ code: 'UNIT_OWNERS_ONLY' });
  });
});

describe('我的投票 and turnout', () => {
  it('shows choices only to the account that cast the ballot: not a co-owner, another owner or the property company', async () => {
    const { topicId, items } = await voteOn();
    await deliver(CO_OWNER_REP, topicId, CO_UNIT);
    await ok(vote(CO_OWNER_REP, 'castBallot', ballot(topicId, items, ['no', 'yes'], 'key-00000001', CO_UNIT)));
    const mine = await ok(vote<MyBallotOutput>(CO_OWNER_REP, 'myBallot', { estateId: 'hemu', unitId: CO_UNIT, topicId }));
    expect(mine.choices.map((c) => c.choice)).toEqual(['no', 'yes']);
    expect(mine.ledger.seq).toBeNull(); // not chained yet
    expect(await refused(vote(CO_OWNER, 'myBallot', { estateId: 'hemu', unitId: CO_UNIT, topicId }))).toMatchObject({ code: 'BALLOT_NOT_FOUND' });
    expect(await refused(vote(OWNER, 'myBallot', { estateId: 'hemu', unitId: CO_UNIT, topicId }))).toMatchObject({ code: 'UNIT_OWNERS_ONLY' });
    expect(await refused(vote(PROPERTY, 'myBallot', { estateId: 'hemu', unitId: CO_UNIT, topicId }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused(vote(OWNER, 'myBallot', { estateId: 'hemu', unitId: OWNER_UNIT, topicId }))).toMatchObject({ code: 'BALLOT_NOT_FOUND' });
  });

  it('shows the owner 已完成 with the receipt, never choices; turnout counts area and persons against 2/3 per building', async () => {
    const { topicId, items } = await voteOn();
    const before = await ok(vote<MyBallotsOutput>(OWNER, 'myBallots', { estateId: 'hemu' }));
    expect(before.ballots.filter((b) => b.topicId === topicId)).toEqual([expect.objectContaining({ unitId: OWNER_UNIT, status: 'pending', receipt: null, deliveredAt: null, votingClosesAt: CLOSES })]);
    const empty = await ok(vote<TurnoutOutput>(PROPERTY, 'turnout', { estateId: 'hemu', topicId }));
    expect(empty.estate).toMatchObject({ areaCenti: 0, headcount: 0, units: 0, areaReached: false });

    await deliver(OWNER, topicId);
    const r = await ok(vote<CastBallotOutput>(OWNER, 'castBallot', ballot(topicId, items, ['yes', 'no'])));
    await deliver(COMMITTEE, topicId, COMMITTEE_UNIT);
    await ok(vote(COMMITTEE, 'castBallot', ballot(topicId, items, ['no', 'no'], 'key-00000009', COMMITTEE_UNIT)));

    const mine = await ok(vote<MyBallotsOutput>(OWNER, 'myBallots', { estateId: 'hemu' }));
    expect(mine.ballots.filter((b) => b.topicId === topicId)).toEqual([
      { topicId, title: '1号楼电梯更新改造', unitId: OWNER_UNIT, unitLabel: '1号楼1单元101', status: 'done', receipt: r.receipt, castAt: r.castAt, channel: 'online', deliveredAt: expect.any(String), votingClosesAt: CLOSES },
    ]);
    expect(JSON.stringify(mine)).not.toMatch(/"(yes|no|abstain)"/);

    // turnout: expected figures from the frozen electorate itself
    const electorate = (await env.storage.get<{ units: { unitId: string; building: string; areaCenti: number; headKey: string }[] }>('topic_electorates', topicId))!.data.units;
    const voted = electorate.filter((u) => u.unitId === OWNER_UNIT || u.unitId === COMMITTEE_UNIT);
    const t = await ok(vote<TurnoutOutput>(PROPERTY, 'turnout', { estateId: 'hemu', topicId }));
    expect(t.estate).toMatchObject({
      areaCenti: voted.reduce((s, u) => s + u.areaCenti, 0),
      totalAreaCenti: electorate.reduce((s, u) => s + u.areaCenti, 0),
      headcount: new Set(voted.map((u) => u.headKey)).size,
      totalHeadcount: new Set(electorate.map((u) => u.headKey)).size,
      units: 2,
      totalUnits: electorate.length,
    });
    expect(t.buildings.map((b) => b.building)).toEqual(['1']);
    expect(t.lineLabel).toBe('2/3');
    // the property company (and everyone) sees figures only, never a choice or a receipt
    expect(JSON.stringify(t)).not.toMatch(/"(yes|no|abstain)"|receipt/);
    expect(await refused(vote(PROPERTY, 'myBallots', { estateId: 'hemu' }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reaches the 2/3 line exactly at the boundary (area and headcount)', async () => {
    const { topicId } = await voteOn();
    // a building-1 electorate small enough to reach: vote every unit's ballot in directly, then remove one by one
    const electorate = (await env.storage.get<{ units: { unitId: string; building: string; areaCenti: number; headKey: string }[] }>('topic_electorates', topicId))!.data.units;
    const t0 = await ok(vote<TurnoutOutput>(OWNER, 'turnout', { estateId: 'hemu', topicId }));
    expect(t0.estate.totalUnits).toBe(electorate.length);
    const topic = (await env.storage.get<TopicDoc>(TOPICS, topicId))!.data;
    const first = topic.announcement!.items[0]!.itemId;
    // ballots for units in id order until area reaches 2/3 (written as the ballot transaction writes them)
    const total = electorate.reduce((s, u) => s + u.areaCenti, 0);
    let area = 0;
    const chosen: typeof electorate = [];
    for (const u of electorate) {
      if (area * 3 >= total * 2) break;
      area += u.areaCenti;
      chosen.push(u);
    }
    await env.storage.transaction(async (tx) => {
      for (const u of chosen) {
        const doc: BallotDoc = { estateId: 'hemu', topicId, itemId: first, unitId: u.unitId, building: u.building, areaCenti: u.areaCenti, headKey: u.headKey, choice: 'yes', channel: 'online', castBy: 'k', castAt: 'x', receipt: 'R', revision: 1 };
        await tx.create(VOTE_BALLOTS, `${topicId}:${first}:${u.unitId}`, doc);
      }
    });
    const t = await ok(vote<TurnoutOutput>(OWNER, 'turnout', { estateId: 'hemu', topicId }));
    expect(t.estate.areaCenti).toBe(area);
    expect(t.estate.areaReached).toBe(area * 3 >= total * 2);
    const heads = new Set(chosen.map((u) => u.headKey)).size;
    const allHeads = new Set(electorate.map((u) => u.headKey)).size;
    expect(t.estate.headcount).toBe(heads);
    expect(t.estate.headcountReached).toBe(heads * 3 >= allHeads * 2);
  });
});
