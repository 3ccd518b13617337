/**
 * Paper ballots (issue 11 item 3, DOMAIN §4 双人录入复核), on both engines: an owner asks for paper (online entry
 * closes, withdrawable until delivered), staff list and deliver, enter a paper ballot with its scan, a DIFFERENT
 * staff member approves (the unit's one valid ballot, channel paper, same ballot id, ledger event, the owner's
 * receipt) or rejects; a unit that already voted keeps its ballot (the entry is invalid evidence); races give
 * exactly one valid ballot.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { implement } from '../../server/app/action';
import { readAuditEvents } from '../../server/app/audit/log';
import { deliberationFunction } from '../../server/app/deliberation';
import { createCloudFunction } from '../../server/app/handler';
import { MEMBERS, memberId, type MemberDoc } from '../../server/app/identity/records';
import { recordUpload } from '../../server/app/upload-records';
import { castBallot } from '../../server/app/voting/castBallot';
import { confirmDelivery } from '../../server/app/voting/confirmDelivery';
import { sequenceVoteLedgers } from '../../server/app/voting/ledger';
import { myBallot } from '../../server/app/voting/myBallot';
import { myBallots } from '../../server/app/voting/myBallots';
import { paperHandlers } from '../../server/app/voting/paper-handlers';
import { countPendingPaperEntries, VOTE_PAPER_ENTRIES, type PaperEntryDoc } from '../../server/app/voting/paper-records';
import { VOTE_BALLOTS, VOTE_INVALID, voteLedgerKey, type BallotDoc } from '../../server/app/voting/records';
import { turnout } from '../../server/app/voting/turnout';
import { defineCapability } from '../../types/contract';
import type { ApiResult } from '../../types/errors';
import { ballotActions, votingLabels, type CastBallotOutput, type MyBallotOutput, type MyBallotsOutput, type TurnoutOutput } from '../../types/voting';
import {
  paperActions,
  paperLabels,
  type EnterPaperBallotOutput,
  type ListPaperEntriesOutput,
  type ListPaperRequestsOutput,
  type PaperRequestOutput,
  type PaperScanOutput,
  type ReviewPaperEntryOutput,
} from '../../types/voting-paper';
import { announcedVote } from '../support/vote-fixtures';
import { okOf as ok, refusalOf as refused } from '../support/handler-client';
import { as, freshEnv, type TestEnv } from '../support/ports';

// the ballot and paper parts only, so this file does not depend on the other parts' progress
const paperCapability = defineCapability('voting', { labels: { ...votingLabels, ...paperLabels }, actions: { ...ballotActions, ...paperActions } });
const voting = createCloudFunction(implement(paperCapability, { confirmDelivery, castBallot, myBallots, myBallot, turnout, ...paperHandlers }), runtimePorts);
const deliberation = createCloudFunction(deliberationFunction, runtimePorts);

const SECRETARY = 'demo-party-secretary';
const COMMITTEE = 'demo-committee'; // staff B (voting.enterPaper), also an owner
const STAFF = 'demo-community-staff'; // staff A
const STAFF_C = 'demo-community-staff-2'; // a third staff member, made in the test
const OWNER = 'demo-owner';
const CO_OWNER = 'demo-co-owner';
const PROPERTY = 'demo-property-manager';
const OWNER_UNIT = 'hemu:1-1-101';

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

type Result<T> = Promise<ApiResult<T>>;
const delib = <T>(openid: string, action: string, input: unknown) => deliberation({ action, input }, as(openid)) as Result<T>;
const vote = <T>(openid: string, action: string, input: unknown) => voting({ action, input }, as(openid)) as Result<T>;

/** The tests' vote (tests/support/vote-fixtures.ts), opened; optionally other frozen rules/channels. */
const voteOn = (opts: Parameters<typeof announcedVote>[2] = {}) => announcedVote(env, delib, opts);

let uploads = 0;
async function scan(openid = STAFF, name = 'ballot.jpg'): Promise<string> {
  const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, ++uploads]);
  const { fileId } = await env.ports.files.put(`uploads/${openid}/${uploads}-${name}`, bytes, 'image/jpeg');
  await recordUpload(env.ports, openid, fileId, bytes.length); // as the gateway does
  return fileId;
}

const unitRef = (topicId: string, unitId = OWNER_UNIT) => ({ estateId: 'hemu', topicId, unitId });
const choicesOf = (items: string[], choices: string[]) => items.map((itemId, i) => ({ itemId, choice: choices[i] }));
async function enter(openid: string, topicId: string, items: string[], choices: string[], extra: Record<string, unknown> = {}) {
  return vote<EnterPaperBallotOutput>(openid, 'enterPaperBallot', {
    ...unitRef(topicId),
    idempotencyKey: `paper-entry-${++uploads}`,
    choices: choicesOf(items, choices),
    receivedAt: '2026-12-09T00:30:00.000Z', // 08:30 Beijing, the morning voting opened
    scanFileId: await scan(openid),
    ...extra,
  });
}
const review = (openid: string, entryId: string, decision: 'approve' | 'reject', rejectReason?: string) =>
  vote<ReviewPaperEntryOutput>(openid, 'reviewPaperEntry', { estateId: 'hemu', entryId, decision, ...(rejectReason === undefined ? {} : { rejectReason }) });
const ballotsOf = async (topicId: string) => (await env.storage.find<BallotDoc>(VOTE_BALLOTS, { where: { topicId } })).map((d) => d.data);
const estateActions = async () => (await readAuditEvents(env.storage, 'hemu')).map((e) => e.action).filter((a) => a.startsWith('paper.'));

async function thirdStaff() {
  const staff = (await env.storage.get<MemberDoc>(MEMBERS, memberId('hemu', STAFF)))!.data;
  const { accountKeyOf } = await import('../../server/app/identity/accounts');
  await env.storage.transaction(async (tx) => {
    await tx.create(MEMBERS, memberId('hemu', STAFF_C), { ...staff, openid: STAFF_C, accountKey: accountKeyOf(env.ports.crypto, 'hemu', STAFF_C), displayName: '郑*' });
  });
}

describe('an owner asks for paper', () => {
  it('closes online entry until withdrawn, and keeps the request once staff delivered the paper', async () => {
    const { topicId, items } = await voteOn();
    const before = await ok(vote<PaperRequestOutput>(OWNER, 'paperRequest', unitRef(topicId)));
    expect(before).toEqual({ offered: true, state: null, requestedAt: null, deliveredAt: null, canRequest: true, canWithdraw: false });
    // a co-owner who is not the voting representative sees the state but may not ask
    expect((await ok(vote<PaperRequestOutput>(CO_OWNER, 'paperRequest', unitRef(topicId, 'hemu:1-2-302')))).canRequest).toBe(false);
    expect(await refused(vote(CO_OWNER, 'requestPaperBallot', unitRef(topicId, 'hemu:1-2-302')))).toMatchObject({ code: 'NOT_REPRESENTATIVE' });

    const asked = await ok(vote<PaperRequestOutput>(OWNER, 'requestPaperBallot', unitRef(topicId)));
    expect(asked).toMatchObject({ state: 'requested', requestedAt: '2026-12-09T01:00:00.000Z', canRequest: false, canWithdraw: true });
    expect(await refused(vote(OWNER, 'requestPaperBallot', unitRef(topicId)))).toMatchObject({ code: 'PAPER_ALREADY_REQUESTED' });

    // online entry is closed for the unit
    await ok(vote(OWNER, 'confirmDelivery', unitRef(topicId)));
    const online = { ...unitRef(topicId), idempotencyKey: 'key-00000001', choices: choicesOf(items, ['yes', 'no']) };
    const closed = await refused(vote(OWNER, 'castBallot', online));
    expect(closed).toMatchObject({ code: 'BALLOT_PAPER_REQUESTED' });
    expect(closed.message).toContain('纸质选票');
    expect(await env.storage.count(VOTE_BALLOTS, { topicId })).toBe(0);

    // staff see it to print and deliver; the property company does not
    const list = await ok(vote<ListPaperRequestsOutput>(STAFF, 'listPaperRequests', { estateId: 'hemu', topicId }));
    expect(list.requests).toEqual([{ unitId: OWNER_UNIT, unitLabel: '1号楼1单元101', building: '1', state: 'requested', requestedAt: '2026-12-09T01:00:00.000Z', deliveredAt: null }]);
    expect(await refused(vote(PROPERTY, 'listPaperRequests', { estateId: 'hemu', topicId }))).toMatchObject({ code: 'FORBIDDEN' });

    // withdrawn: online opens again, and staff no longer list it
    const withdrawn = await ok(vote<PaperRequestOutput>(OWNER, 'withdrawPaperRequest', unitRef(topicId)));
    expect(withdrawn).toMatchObject({ state: 'withdrawn', canRequest: true, canWithdraw: false });
    expect((await ok(vote<ListPaperRequestsOutput>(STAFF, 'listPaperRequests', { estateId: 'hemu', topicId }))).requests).toEqual([]);
    expect(await refused(vote(OWNER, 'withdrawPaperRequest', unitRef(topicId)))).toMatchObject({ code: 'PAPER_NOT_REQUESTED' });

    // asked again and delivered: no withdrawing any more
    env.clock.advance(60_000);
    await ok(vote(OWNER, 'requestPaperBallot', unitRef(topicId)));
    const delivered = await ok(vote<{ deliveredAt: string }>(STAFF, 'markPaperDelivered', unitRef(topicId)));
    expect(delivered.deliveredAt).toBe('2026-12-09T01:01:00.000Z');
    expect(await ok(vote(COMMITTEE, 'markPaperDelivered', unitRef(topicId)))).toEqual(delivered);
    expect(await refused(vote(OWNER, 'withdrawPaperRequest', unitRef(topicId)))).toMatchObject({ code: 'PAPER_ALREADY_DELIVERED' });
    expect(await ok(vote<PaperRequestOutput>(OWNER, 'paperRequest', unitRef(topicId)))).toMatchObject({ state: 'delivered', deliveredAt: delivered.deliveredAt, canWithdraw: false, canRequest: false });
    expect(await refused(vote(OWNER, 'castBallot', { ...online, idempotencyKey: 'key-00000002' }))).toMatchObject({ code: 'BALLOT_PAPER_REQUESTED' });
    expect((await estateActions()).sort()).toEqual(['paper.delivered', 'paper.requested', 'paper.requested', 'paper.withdrawn']);
  });

  it('is refused where the notice offers no paper, and once the unit voted', async () => {
    const none = await voteOn({ rules: { paperOnRequest: false } });
    expect((await ok(vote<PaperRequestOutput>(OWNER, 'paperRequest', unitRef(none.topicId)))).offered).toBe(false);
    expect(await refused(vote(OWNER, 'requestPaperBallot', unitRef(none.topicId)))).toMatchObject({ code: 'PAPER_NOT_OFFERED' });
    // online voting is unaffected
    await ok(vote(OWNER, 'confirmDelivery', unitRef(none.topicId)));
    const cast = await ok(vote<CastBallotOutput>(OWNER, 'castBallot', { ...unitRef(none.topicId), idempotencyKey: 'key-00000001', choices: choicesOf(none.items, ['yes', 'yes']) }));
    expect(cast.receipt).toBeTruthy();
  });

  it('is refused once the unit has a valid ballot', async () => {
    const { topicId, items } = await voteOn();
    await ok(vote(OWNER, 'confirmDelivery', unitRef(topicId)));
    const cast = await ok(vote<CastBallotOutput>(OWNER, 'castBallot', { ...unitRef(topicId), idempotencyKey: 'key-00000001', choices: choicesOf(items, ['yes', 'yes']) }));
    expect((await ok(vote<PaperRequestOutput>(OWNER, 'paperRequest', unitRef(topicId)))).canRequest).toBe(false);
    expect(await refused(vote(OWNER, 'requestPaperBallot', unitRef(topicId)))).toMatchObject({ code: 'ALREADY_VOTED', params: { receipt: cast.receipt } });
  });
});

describe('staff enter a paper ballot and a second staff member reviews it', () => {
  it('counts it only after another staff member approves: channel paper, same ballot id, ledger event, the owner’s receipt, turnout', async () => {
    const { topicId, items } = await voteOn();
    // the notice names online only (paper on request): no entry without the owner's request
    expect(await refused(enter(STAFF, topicId, items, ['no', 'abstain']))).toMatchObject({ code: 'PAPER_NOT_REQUESTED' });
    await ok(vote(OWNER, 'requestPaperBallot', unitRef(topicId)));
    const entered = await ok(enter(STAFF, topicId, items, ['no', 'abstain']));
    expect(entered.state).toBe('pending');
    // the paper came back: the request counts as delivered
    expect((await ok(vote<PaperRequestOutput>(OWNER, 'paperRequest', unitRef(topicId)))).state).toBe('delivered');
    expect(await countPendingPaperEntries(env.storage, topicId)).toBe(1);

    const queue = await ok(vote<ListPaperEntriesOutput>(STAFF, 'listPaperEntries', { estateId: 'hemu', topicId }));
    expect(queue.entries).toEqual([expect.objectContaining({
      entryId: entered.entryId, unitLabel: '1号楼1单元101', state: 'pending', enteredByMe: true, receivedAt: '2026-12-09T00:30:00.000Z',
      choices: [{ itemId: items[0], title: '更换1号楼两部电梯', choice: 'no' }, { itemId: items[1], title: '使用1号楼维修资金', choice: 'abstain' }],
    })]);
    expect((await ok(vote<ListPaperEntriesOutput>(COMMITTEE, 'listPaperEntries', { estateId: 'hemu', topicId }))).entries[0]!.enteredByMe).toBe(false);
    const image = await ok(vote<PaperScanOutput>(COMMITTEE, 'paperScan', { estateId: 'hemu', entryId: entered.entryId }));
    expect(image.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    expect(image.fileName).toBe('ballot.jpg');

    // nobody decides their own entry; nothing counts yet
    expect(await refused(review(STAFF, entered.entryId, 'approve'))).toMatchObject({ code: 'PAPER_OWN_ENTRY' });
    expect(await env.storage.count(VOTE_BALLOTS, { topicId })).toBe(0);
    expect((await ok(vote<TurnoutOutput>(SECRETARY, 'turnout', { estateId: 'hemu', topicId }))).estate.units).toBe(0);

    env.clock.advance(3_600_000);
    const approved = await ok(review(COMMITTEE, entered.entryId, 'approve'));
    expect(approved).toEqual({ state: 'approved', reviewedAt: '2026-12-09T02:00:00.000Z' });
    const stored = await ballotsOf(topicId);
    expect(stored.map((b) => [b.itemId, b.unitId, b.choice, b.channel]).sort()).toEqual([[items[0], OWNER_UNIT, 'no', 'paper'], [items[1], OWNER_UNIT, 'abstain', 'paper']].sort());
    expect((await env.storage.get(VOTE_BALLOTS, `${topicId}:${items[0]}:${OWNER_UNIT}`))?.data).toMatchObject({ channel: 'paper' });
    const entry = (await env.storage.get<PaperEntryDoc>(VOTE_PAPER_ENTRIES, entered.entryId))!.data;
    expect(entry).toMatchObject({ state: 'approved', reviewedAt: '2026-12-09T02:00:00.000Z' });
    expect(entry.reviewedBy).not.toBe(entry.enteredBy);
    expect(entry.reviewedBy).toMatch(/^a/);
    expect(await refused(review(COMMITTEE, entered.entryId, 'reject', '重复'))).toMatchObject({ code: 'PAPER_ENTRY_DECIDED' });

    // the turnout moves, the owner sees 已完成 with the receipt, and the receipt is in the vote's ledger
    expect((await ok(vote<TurnoutOutput>(SECRETARY, 'turnout', { estateId: 'hemu', topicId }))).estate.units).toBe(1);
    const mine = await ok(vote<MyBallotsOutput>(OWNER, 'myBallots', { estateId: 'hemu' }));
    const row = mine.ballots.find((b) => b.topicId === topicId)!;
    expect(row).toMatchObject({ status: 'done', receipt: stored[0]!.receipt });
    const own = await ok(vote<MyBallotOutput>(OWNER, 'myBallot', unitRef(topicId)));
    expect(own.receipt).toBe(stored[0]!.receipt);
    expect(own.choices.map((c) => c.choice)).toEqual(['no', 'abstain']);
    await sequenceVoteLedgers(env.ports);
    const ledger = await readAuditEvents(env.storage, voteLedgerKey(topicId));
    expect(ledger.map((e) => [e.action, e.data.receipt, e.data.channel])).toEqual([['ballot.accepted', own.receipt, 'paper']]);
    expect(JSON.stringify(ledger)).not.toMatch(/abstain|"no"|demo-/);
    expect((await estateActions()).sort()).toEqual(['paper.approved', 'paper.entered', 'paper.requested']);
  });

  it('rejects with a reason and keeps the entry; a refused entry deletes its scan; received time inside the window, not in the future', async () => {
    const { topicId, items } = await voteOn({ channels: ['online', 'paper'] });
    // the notice names paper: no request needed
    const entered = await ok(enter(STAFF, topicId, items, ['yes', 'yes']));
    expect(await refused(enter(STAFF, topicId, items, ['no', 'no']))).toMatchObject({ code: 'PAPER_ENTRY_PENDING' });
    const noReason = await refused(review(COMMITTEE, entered.entryId, 'reject', '  '));
    expect(noReason.fields?.[0]).toMatchObject({ field: 'rejectReason', code: 'PAPER_REASON_REQUIRED' });
    expect(await ok(review(COMMITTEE, entered.entryId, 'reject', '扫描件上没有签名'))).toMatchObject({ state: 'rejected' });
    const rejected = await ok(vote<ListPaperEntriesOutput>(STAFF, 'listPaperEntries', { estateId: 'hemu', topicId, state: 'rejected' }));
    expect(rejected.entries).toEqual([expect.objectContaining({ entryId: entered.entryId, rejectReason: '扫描件上没有签名', state: 'rejected' })]);
    expect(await env.storage.count(VOTE_BALLOTS, { topicId })).toBe(0);

    // received before the window opened: refused, and the uploaded scan is deleted
    const early = await scan(STAFF);
    const before = await refused(vote(STAFF, 'enterPaperBallot', { ...unitRef(topicId), idempotencyKey: 'paper-early', choices: choicesOf(items, ['yes', 'no']), receivedAt: '2026-12-08T15:59:59.000Z', scanFileId: early }));
    expect(before.fields?.[0]).toMatchObject({ field: 'receivedAt', code: 'PAPER_RECEIVED_OUTSIDE_WINDOW' });
    expect(await env.ports.files.get(early)).toBeNull();
    const future = await refused(enter(STAFF, topicId, items, ['yes', 'no'], { receivedAt: '2026-12-09T02:00:00.000Z' }));
    expect(future.fields?.[0]).toMatchObject({ field: 'receivedAt', code: 'PAPER_RECEIVED_IN_FUTURE' });
    // someone else's upload is never read
    const other = await scan(COMMITTEE);
    expect((await refused(enter(STAFF, topicId, items, ['yes', 'no'], { scanFileId: other }))).fields?.[0]).toMatchObject({ field: 'scanFileId', code: 'NOT_OWN_UPLOAD' });
  });

  it('answers a retried entry with the same entry and refuses the key with other content', async () => {
    const { topicId, items } = await voteOn({ channels: ['online', 'paper'] });
    const fileId = await scan(STAFF);
    const input = { ...unitRef(topicId), idempotencyKey: 'paper-retry-1', choices: choicesOf(items, ['yes', 'no']), receivedAt: '2026-12-09T00:30:00+08:00', scanFileId: fileId };
    const first = await ok(vote<EnterPaperBallotOutput>(STAFF, 'enterPaperBallot', input));
    const retry = await ok(vote<EnterPaperBallotOutput>(STAFF, 'enterPaperBallot', input));
    expect(retry).toEqual(first);
    expect(await refused(vote(STAFF, 'enterPaperBallot', { ...input, choices: choicesOf(items, ['no', 'no']) }))).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await env.storage.count(VOTE_PAPER_ENTRIES, { topicId })).toBe(1);
    // '+08:00' was read as Beijing time
    expect((await env.storage.get<PaperEntryDoc>(VOTE_PAPER_ENTRIES, first.entryId))!.data.receivedAt).toBe('2026-12-08T16:30:00.000Z');
  });

  it('keeps an online ballot cast first and records the paper entry as invalid evidence', async () => {
    const { topicId, items } = await voteOn({ channels: ['online', 'paper'] });
    await ok(vote(OWNER, 'confirmDelivery', unitRef(topicId)));
    const online = await ok(vote<CastBallotOutput>(OWNER, 'castBallot', { ...unitRef(topicId), idempotencyKey: 'key-00000001', choices: choicesOf(items, ['yes', 'yes']) }));
    const entered = await ok(enter(STAFF, topicId, items, ['no', 'no']));
    const r = await ok(review(COMMITTEE, entered.entryId, 'approve'));
    expect(r.state).toBe('invalid');
    expect(JSON.stringify(r)).not.toContain(online.receipt);
    expect((await ballotsOf(topicId)).map((b) => [b.choice, b.channel, b.receipt])).toEqual([['yes', 'online', online.receipt], ['yes', 'online', online.receipt]]);
    const evidence = await env.storage.find(VOTE_INVALID, { where: { topicId } });
    expect(evidence.map((e) => e.data)).toEqual([expect.objectContaining({ unitId: OWNER_UNIT, reason: 'duplicate', channel: 'paper' })]);
    // staff never see the online choices: only paper entries are listed
    const invalid = await ok(vote<ListPaperEntriesOutput>(STAFF, 'listPaperEntries', { estateId: 'hemu', topicId, state: 'invalid' }));
    expect(invalid.entries.map((e) => e.choices.map((c) => c.choice))).toEqual([['no', 'no']]);
    expect(await ok(vote<ListPaperEntriesOutput>(STAFF, 'listPaperEntries', { estateId: 'hemu', topicId, state: 'approved' }))).toEqual({ entries: [] });
  });
});

describe('races', () => {
  it('two reviewers approving one entry at once: exactly one valid ballot, the other is told it was decided', async () => {
    await thirdStaff();
    const { topicId, items } = await voteOn({ channels: ['online', 'paper'] });
    const entered = await ok(enter(STAFF, topicId, items, ['yes', 'no']));
    const results = await Promise.all([review(COMMITTEE, entered.entryId, 'approve'), review(STAFF_C, entered.entryId, 'approve')]);
    const wins = results.filter((r) => r.ok);
    expect(wins).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: { code: 'PAPER_ENTRY_DECIDED' } });
    expect((await ballotsOf(topicId)).map((b) => b.channel)).toEqual(['paper', 'paper']);
    expect(await env.storage.count(VOTE_INVALID)).toBe(0);
    expect((await readAuditEvents(env.storage, voteLedgerKey(topicId))).map((e) => e.action)).toEqual(['ballot.accepted']);
  });

  it('paper approval against an online ballot for the same unit: exactly one valid package, the other kept as evidence', async () => {
    const { topicId, items } = await voteOn({ channels: ['online', 'paper'] });
    await ok(vote(OWNER, 'confirmDelivery', unitRef(topicId)));
    const entered = await ok(enter(STAFF, topicId, items, ['no', 'no']));
    const [online, paper] = await Promise.all([
      vote<CastBallotOutput>(OWNER, 'castBallot', { ...unitRef(topicId), idempotencyKey: 'key-00000001', choices: choicesOf(items, ['yes', 'yes']) }),
      review(COMMITTEE, entered.entryId, 'approve'),
    ]);
    const ballots = await ballotsOf(topicId);
    expect(ballots).toHaveLength(2);
    expect(new Set(ballots.map((b) => b.channel)).size).toBe(1);
    expect(await env.storage.count(VOTE_INVALID)).toBe(1);
    if (ballots[0]!.channel === 'paper') {
      expect(paper).toMatchObject({ ok: true, data: { state: 'approved' } });
      expect(online).toMatchObject({ ok: false, error: { code: 'ALREADY_VOTED' } });
    } else {
      expect(online.ok).toBe(true);
      expect(paper).toMatchObject({ ok: true, data: { state: 'invalid' } });
    }
  });
});
