/**
 * Proxy voting with a written mandate (issue 11 item 4; Shanghai Art. 18), on both engines: the owner's mandate
 * with per-item instructions and the signed scan, the one-time acceptance code (only its keyed hash stored,
 * wrong codes limited), the staff check BEFORE the proxy's vote, the proxy's package within the instructions
 * under the SAME ballot id as online (channel 'proxy', the mandate recorded), revocation, the owner's own vote
 * winning before the proxy votes (the mandate lapses), and the frozen rules' proxyAllowed / mandateRequired.
 *
 * The function is built from the ballot and proxy parts of the contract only, so other parts in progress do
 * not hold these tests up.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { implement } from '../../server/app/action';
import { readAuditEvents } from '../../server/app/audit/log';
import { deliberationFunction } from '../../server/app/deliberation';
import { TOPICS, type TopicDoc } from '../../server/app/deliberation/records';
import { RULES_VERSIONS } from '../../server/app/deliberation/rules-store';
import { createCloudFunction } from '../../server/app/handler';
import { castBallot } from '../../server/app/voting/castBallot';
import { confirmDelivery } from '../../server/app/voting/confirmDelivery';
import { myBallot } from '../../server/app/voting/myBallot';
import { myBallots } from '../../server/app/voting/myBallots';
import { proxyHandlers } from '../../server/app/voting/proxy-handlers';
import { VOTE_MANDATE_HISTORY, VOTE_MANDATES, type MandateDoc } from '../../server/app/voting/proxy-records';
import { VOTE_BALLOTS, VOTE_INVALID, voteLedgerKey, type BallotDoc, type InvalidBallotDoc } from '../../server/app/voting/records';
import { turnout } from '../../server/app/voting/turnout';
import { defineCapability } from '../../types/contract';
import type { ApiResult } from '../../types/errors';
import { DEFAULT_RULES } from '../../types/procedure-rules';
import { ballotActions, votingLabels, type CastBallotOutput, type MyBallotsOutput } from '../../types/voting';
import {
  proxyActions,
  proxyLabels,
  type AcceptMandateOutput,
  type CastProxyBallotOutput,
  type CreateMandateOutput,
  type ListMandatesOutput,
  type MandateScanOutput,
  type MyMandatesOutput,
  type ReviewMandateOutput,
  type UnitMandateOutput,
} from '../../types/voting-proxy';
import { announcedVote } from '../support/vote-fixtures';
import { okOf as ok, refusalOf as refused } from '../support/handler-client';
import { as, freshEnv, type TestEnv } from '../support/ports';

const votingPart = defineCapability('voting', { labels: { ...votingLabels, ...proxyLabels }, actions: { ...ballotActions, ...proxyActions } });
const deliberation = createCloudFunction(deliberationFunction, runtimePorts);
const voting = createCloudFunction(implement(votingPart, { confirmDelivery, castBallot, myBallots, myBallot, turnout, ...proxyHandlers }), runtimePorts);

const OWNER = 'demo-owner';
const STAFF = 'demo-community-staff';
const PROPERTY = 'demo-property-manager';
const PROXY = 'proxy-friend-openid';
const STRANGER = 'someone-else-openid';
const OWNER_UNIT = 'hemu:1-1-101';

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

type Result<T> = Promise<ApiResult<T>>;
const delib = <T>(openid: string, action: string, input: unknown) => deliberation({ action, input }, as(openid)) as Result<T>;
const vote = <T>(openid: string, action: string, input: unknown) => voting({ action, input }, as(openid)) as Result<T>;
const ref = (topicId: string, unitId = OWNER_UNIT) => ({ estateId: 'hemu', unitId, topicId });

/** The tests' vote (tests/support/vote-fixtures.ts), optionally under other frozen rules; optionally opened. */
const voteOn = (opts: Parameters<typeof announcedVote>[2] = {}) => announcedVote(env, delib, opts);

/** a file the owner uploaded (the gateway / WeChat put it under uploads/<openid>/) */
async function upload(openid = OWNER, name = 'mandate.jpg') {
  const { fileId } = await env.ports.files.put(`uploads/${openid}/r${Math.random().toString(36).slice(2, 8)}-${name}`, new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]), 'image/jpeg');
  return fileId;
}

const mandateInput = async (topicId: string, items: string[], instructions: string[], extra: Record<string, unknown> = {}) => ({
  ...ref(topicId),
  proxyName: '李建国',
  proxyPhone: '139 1234 5678',
  instructions: items.map((itemId, i) => ({ itemId, instruction: instructions[i] })),
  scanFileId: await upload(),
  ...extra,
});
const proxyBallot = (topicId: string, items: string[], choices: string[], key = 'proxy-key-0001') => ({
  ...ref(topicId),
  idempotencyKey: key,
  choices: items.map((itemId, i) => ({ itemId, choice: choices[i] })),
});
const approve = (topicId: string) => ok(vote<ReviewMandateOutput>(STAFF, 'reviewMandate', { ...ref(topicId), decision: 'approve' }));

describe('a mandate from creation to the proxy’s ballot', () => {
  it('creates, accepts, checks, then the proxy votes within the instructions under the online ballot id', async () => {
    const { topicId, items } = await voteOn();
    const input = await mandateInput(topicId, items, ['yes', 'proxy']);
    const created = await ok(vote<CreateMandateOutput>(OWNER, 'createMandate', input));
    expect(created.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(created.mandate).toMatchObject({ status: 'awaiting', proxyName: '李*国', proxyPhone: '139****5678', hasScan: true, acceptedAt: null });
    expect(created.mandate.instructions).toEqual([
      { itemId: items[0], title: '更换1号楼两部电梯', instruction: 'yes' },
      { itemId: items[1], title: '使用1号楼维修资金', instruction: 'proxy' },
    ]);
    // only a keyed hash of the code is stored; the deterministic id is topic:unit
    const stored = (await env.storage.get<MandateDoc>(VOTE_MANDATES, `${topicId}:${OWNER_UNIT}`))!.data;
    const plainCode = created.code.replace(/-/g, '');
    expect(JSON.stringify(stored)).not.toContain(plainCode);
    expect(stored.codeHash).toBe(env.ports.crypto.keyedHash('mandate-code', plainCode));

    // the proxy (no role in the estate) accepts with the code as typed (lower case, spaces)
    const accepted = await ok(vote<AcceptMandateOutput>(PROXY, 'acceptMandate', { code: ` ${created.code.toLowerCase().replace(/-/g, ' ')} ` }));
    expect(accepted.mandate).toMatchObject({ topicId, unitId: OWNER_UNIT, unitLabel: '1号楼1单元101', title: '1号楼电梯更新改造', status: 'awaiting', canVote: false });
    // entering it again is the same answer
    expect((await ok(vote<AcceptMandateOutput>(PROXY, 'acceptMandate', { code: created.code }))).mandate.status).toBe('awaiting');

    // the check precedes the vote
    expect(await refused(vote(PROXY, 'castProxyBallot', proxyBallot(topicId, items, ['yes', 'no'])))).toMatchObject({ code: 'MANDATE_NOT_CHECKED' });
    expect(await env.storage.count(VOTE_BALLOTS, { topicId })).toBe(0);

    // staff: the queue, the scan, the check (recorded who checked)
    const queue = await ok(vote<ListMandatesOutput>(STAFF, 'listMandates', { estateId: 'hemu' }));
    expect(queue.mandates).toHaveLength(1);
    expect(queue.mandates[0]).toMatchObject({ unitLabel: '1号楼1单元101', proxyName: '李建国', proxyPhone: '139****5678', accepted: true, hasScan: true, status: 'awaiting' });
    const scan = await ok(vote<MandateScanOutput>(STAFF, 'mandateScan', ref(topicId)));
    expect(scan.dataUrl).toBe(`data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]).toString('base64')}`);
    const checked = await approve(topicId);
    expect(checked.mandate).toMatchObject({ status: 'approved', checkedByLabel: '社区居委会' });
    expect((await ok(vote<ListMandatesOutput>(STAFF, 'listMandates', { estateId: 'hemu' }))).mandates).toHaveLength(0);
    expect(await refused(vote(STAFF, 'reviewMandate', { ...ref(topicId), decision: 'reject', reason: '签名不符' }))).toMatchObject({ code: 'MANDATE_REVIEWED' });

    // outside the instructions: refused, naming the item
    const off = await refused(vote(PROXY, 'castProxyBallot', proxyBallot(topicId, items, ['no', 'no'])));
    expect(off).toMatchObject({ code: 'MANDATE_INSTRUCTION_MISMATCH', params: { item: '更换1号楼两部电梯', instruction: '同意' } });
    expect(off.message).toContain('更换1号楼两部电梯');
    expect((await ok(vote<MyMandatesOutput>(PROXY, 'myMandates', {}))).mandates[0]).toMatchObject({ status: 'approved', canVote: true });

    const cast = await ok(vote<CastProxyBallotOutput>(PROXY, 'castProxyBallot', proxyBallot(topicId, items, ['yes', 'abstain'])));
    expect(cast.receipt).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    // the retry answers the same receipt
    expect(await ok(vote<CastProxyBallotOutput>(PROXY, 'castProxyBallot', proxyBallot(topicId, items, ['yes', 'abstain'])))).toEqual(cast);
    const ballot = (await env.storage.get<BallotDoc>(VOTE_BALLOTS, `${topicId}:${items[1]}:${OWNER_UNIT}`))!.data;
    expect(ballot).toMatchObject({ choice: 'abstain', channel: 'proxy', mandateId: `${topicId}:${OWNER_UNIT}`, receipt: cast.receipt });
    expect(await env.storage.count(VOTE_BALLOTS, { topicId })).toBe(2);
    // the ballot event is in the vote's ledger, with no choice and no name
    const events = await readAuditEvents(env.storage, voteLedgerKey(topicId));
    expect(events.map((e) => e.action)).toEqual(['ballot.accepted']);
    expect(JSON.stringify(events)).not.toMatch(/abstain|李建国|proxy-friend/);
    // the mandate's life in the estate's record
    expect((await readAuditEvents(env.storage, 'hemu')).map((e) => e.action).filter((a) => a.startsWith('mandate.')).sort()).toEqual(['mandate.accepted', 'mandate.approved', 'mandate.created']);

    // the owner sees their unit voted by proxy, with the receipt
    const mine = await ok(vote<MyBallotsOutput>(OWNER, 'myBallots', { estateId: 'hemu' }));
    expect(mine.ballots.find((b) => b.topicId === topicId)).toMatchObject({ status: 'done', channel: 'proxy', receipt: cast.receipt });
    const unit = await ok(vote<UnitMandateOutput>(OWNER, 'unitMandate', ref(topicId)));
    expect(unit.mandate).toMatchObject({ status: 'voted', receipt: cast.receipt });
    // used: no revocation, and the owner's own ballot afterwards is invalid evidence
    expect(await refused(vote(OWNER, 'revokeMandate', ref(topicId)))).toMatchObject({ code: 'MANDATE_ALREADY_USED' });
    await ok(vote(OWNER, 'confirmDelivery', ref(topicId)));
    const late = await refused(vote(OWNER, 'castBallot', { ...ref(topicId), idempotencyKey: 'owner-key-01', choices: items.map((itemId) => ({ itemId, choice: 'no' })) }));
    expect(late).toMatchObject({ code: 'ALREADY_VOTED', params: { receipt: cast.receipt } });
    expect((await env.storage.get<BallotDoc>(VOTE_BALLOTS, `${topicId}:${items[1]}:${OWNER_UNIT}`))!.data.channel).toBe('proxy');
    // a second proxy submission with another key is evidence too
    expect(await refused(vote(PROXY, 'castProxyBallot', proxyBallot(topicId, items, ['yes', 'yes'], 'proxy-key-0002')))).toMatchObject({ code: 'ALREADY_VOTED' });
    expect((await env.storage.find<InvalidBallotDoc>(VOTE_INVALID, { where: { topicId } })).map((d) => d.data.channel ?? 'online').sort()).toEqual(['online', 'proxy']);
  });
});

describe('the owner’s side', () => {
  it('requires the scan where the frozen rules say so, deletes a refused upload, and keeps one live mandate per unit', async () => {
    const { topicId, items } = await voteOn();
    const noScan = { ...(await mandateInput(topicId, items, ['yes', 'no'])), scanFileId: undefined };
    expect(await refused(vote(OWNER, 'createMandate', noScan))).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'scanFileId', code: 'MANDATE_SCAN_REQUIRED' }] });
    // a refusal deletes the scan it named (here: an item left without an instruction)
    const partial = await mandateInput(topicId, items.slice(0, 1), ['yes']);
    expect(await refused(vote(OWNER, 'createMandate', partial))).toMatchObject({ code: 'BALLOT_ITEM_MISSING', params: { item: '使用1号楼维修资金' } });
    expect(await env.ports.files.get(partial.scanFileId)).toBeNull();
    // somebody else's upload is not accepted
    expect(await refused(vote(OWNER, 'createMandate', { ...(await mandateInput(topicId, items, ['yes', 'no'])), scanFileId: await upload(STRANGER) }))).toMatchObject({ code: 'NOT_OWN_UPLOAD' });
    // only the representative
    expect(await refused(vote(PROPERTY, 'createMandate', await mandateInput(topicId, items, ['yes', 'no'])))).toMatchObject({ code: 'FORBIDDEN' });

    const first = await ok(vote<CreateMandateOutput>(OWNER, 'createMandate', await mandateInput(topicId, items, ['yes', 'no'])));
    expect(await refused(vote(OWNER, 'createMandate', await mandateInput(topicId, items, ['no', 'no'])))).toMatchObject({ code: 'MANDATE_EXISTS', params: { status: '等待社区核验' } });
    // revoked: the old code is dead, a new mandate replaces it and the old one stays on record
    expect((await ok(vote<{ mandate: { status: string } }>(OWNER, 'revokeMandate', ref(topicId)))).mandate.status).toBe('revoked');
    expect(await refused(vote(PROXY, 'acceptMandate', { code: first.code }))).toMatchObject({ code: 'MANDATE_CODE_WRONG', params: { attemptsLeft: 4 } });
    const second = await ok(vote<CreateMandateOutput>(OWNER, 'createMandate', await mandateInput(topicId, items, ['no', 'proxy'])));
    expect(second.code).not.toBe(first.code);
    expect((await env.storage.find(VOTE_MANDATE_HISTORY)).map((d) => [d.id, (d.data as MandateDoc).status])).toEqual([[`${topicId}:${OWNER_UNIT}:r1`, 'revoked']]);
    expect((await ok(vote<UnitMandateOutput>(OWNER, 'unitMandate', ref(topicId)))).mandate).toMatchObject({ status: 'awaiting', instructions: [{ instruction: 'no' }, { instruction: 'proxy' }] });
  });

  it('refuses a mandate where the frozen rules do not allow proxies; without mandateRequired the scan is optional', async () => {
    const closed = await voteOn({ rules: { proxyAllowed: false, mandateRequired: false } });
    expect(await refused(vote(OWNER, 'createMandate', await mandateInput(closed.topicId, closed.items, ['yes', 'no'])))).toMatchObject({ code: 'MANDATE_NOT_ALLOWED' });
    expect((await ok(vote<UnitMandateOutput>(OWNER, 'unitMandate', ref(closed.topicId))))).toMatchObject({ proxyAllowed: false, mandate: null });
    // a notice frozen under rules allowing proxies without a written mandate (a fixture: repoint the notice to another version)
    await env.storage.transaction(async (tx) => {
      await tx.create(RULES_VERSIONS, 'hemu:10', { estateId: 'hemu', versionNo: 10, rules: { ...DEFAULT_RULES, proxyAllowed: true, mandateRequired: false }, document: null, note: '', fingerprint: 'g', activatedAt: '2026-01-02T00:00:00.000Z', activatedBy: 'x', draftId: 'd' });
      const t = (await tx.get<TopicDoc>(TOPICS, closed.topicId))!;
      await tx.update(TOPICS, closed.topicId, t.version, { ...t.data, announcement: { ...t.data.announcement!, rules: { ...t.data.announcement!.rules, versionId: 'hemu:10', versionNo: 10 } } });
    });
    expect((await ok(vote<UnitMandateOutput>(OWNER, 'unitMandate', ref(closed.topicId))))).toMatchObject({ proxyAllowed: true, mandateRequired: false });
    const created = await ok(vote<CreateMandateOutput>(OWNER, 'createMandate', { ...(await mandateInput(closed.topicId, closed.items, ['yes', 'no'])), scanFileId: undefined }));
    expect(created.mandate).toMatchObject({ status: 'awaiting', hasScan: false });
  });

  it('lets the owner’s own online vote win before the proxy votes: the mandate lapses and the proxy’s ballot is evidence', async () => {
    const { topicId, items } = await voteOn();
    const { code } = await ok(vote<CreateMandateOutput>(OWNER, 'createMandate', await mandateInput(topicId, items, ['proxy', 'proxy'])));
    await ok(vote(PROXY, 'acceptMandate', { code }));
    await approve(topicId);
    await ok(vote(OWNER, 'confirmDelivery', ref(topicId)));
    const own = await ok(vote<CastBallotOutput>(OWNER, 'castBallot', { ...ref(topicId), idempotencyKey: 'owner-key-01', choices: items.map((itemId) => ({ itemId, choice: 'yes' })) }));
    expect((await ok(vote<UnitMandateOutput>(OWNER, 'unitMandate', ref(topicId)))).mandate!.status).toBe('lapsed');
    expect((await ok(vote<MyMandatesOutput>(PROXY, 'myMandates', {}))).mandates[0]).toMatchObject({ status: 'lapsed', canVote: false });
    expect(await refused(vote(PROXY, 'castProxyBallot', proxyBallot(topicId, items, ['no', 'no'])))).toMatchObject({ code: 'MANDATE_LAPSED' });
    const ballots = await env.storage.find<BallotDoc>(VOTE_BALLOTS, { where: { topicId } });
    expect(ballots.map((b) => [b.data.choice, b.data.channel, b.data.receipt])).toEqual([['yes', 'online', own.receipt], ['yes', 'online', own.receipt]]);
    expect((await env.storage.find<InvalidBallotDoc>(VOTE_INVALID, { where: { topicId } })).map((d) => [d.data.channel, d.data.validReceipt])).toEqual([['proxy', own.receipt]]);
    expect((await env.storage.get<MandateDoc>(VOTE_MANDATES, `${topicId}:${OWNER_UNIT}`))!.data.status).toBe('lapsed');
    // the staff queue drops a lapsed mandate; a new mandate after the unit voted is refused
    expect(await refused(vote(OWNER, 'createMandate', await mandateInput(topicId, items, ['yes', 'no'])))).toMatchObject({ code: 'ALREADY_VOTED' });
  });
});

describe('the proxy’s and the staff’s side', () => {
  it('limits wrong codes per account, refuses the owner’s own code and a code another account accepted', async () => {
    const { topicId, items } = await voteOn({ open: false });
    const { code } = await ok(vote<CreateMandateOutput>(OWNER, 'createMandate', await mandateInput(topicId, items, ['yes', 'no'])));
    expect(await refused(vote(OWNER, 'acceptMandate', { code }))).toMatchObject({ code: 'MANDATE_SELF' });
    expect(await refused(vote(STRANGER, 'acceptMandate', { code: 'ABCD-EFGH-JKMN' }))).toMatchObject({ code: 'MANDATE_CODE_WRONG', params: { attemptsLeft: 4 } });
    expect(await refused(vote(STRANGER, 'acceptMandate', { code: 'ABCD' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    await ok(vote(PROXY, 'acceptMandate', { code }));
    // the code is used up: another account gets the same answer as for a wrong code
    for (const left of [3, 2, 1]) expect(await refused(vote(STRANGER, 'acceptMandate', { code }))).toMatchObject({ code: 'MANDATE_CODE_WRONG', params: { attemptsLeft: left } });
    const locked = await refused(vote(STRANGER, 'acceptMandate', { code: 'ABCD-EFGH-JKMP' }));
    expect(locked).toMatchObject({ code: 'MANDATE_CODE_LOCKED' });
    // locked even with a code that would be right; an hour later the count starts afresh
    expect(await refused(vote(STRANGER, 'acceptMandate', { code }))).toMatchObject({ code: 'MANDATE_CODE_LOCKED' });
    env.clock.advance(3_600_000 + 1);
    expect(await refused(vote(STRANGER, 'acceptMandate', { code: 'ABCD-EFGH-JKMP' }))).toMatchObject({ code: 'MANDATE_CODE_WRONG', params: { attemptsLeft: 4 } });
    // the proxy cannot vote before the window opens
    await approve(topicId);
    expect(await refused(vote(PROXY, 'castProxyBallot', proxyBallot(topicId, items, ['yes', 'no'])))).toMatchObject({ code: 'BALLOT_STAGE' });
    // nobody but the bound proxy
    expect(await refused(vote(STRANGER, 'castProxyBallot', proxyBallot(topicId, items, ['yes', 'no'])))).toMatchObject({ code: 'MANDATE_NOT_FOUND' });
  });

  it('rejects with a reason the owner and the proxy see; the proxy cannot vote; the window closes on the proxy too', async () => {
    const { topicId, items } = await voteOn();
    const { code } = await ok(vote<CreateMandateOutput>(OWNER, 'createMandate', await mandateInput(topicId, items, ['yes', 'no'])));
    await ok(vote(PROXY, 'acceptMandate', { code }));
    expect(await refused(vote(STAFF, 'reviewMandate', { ...ref(topicId), decision: 'reject' }))).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'reason' }] });
    // the property company does not check mandates
    expect(await refused(vote(PROPERTY, 'reviewMandate', { ...ref(topicId), decision: 'approve' }))).toMatchObject({ code: 'FORBIDDEN' });
    const rejected = await ok(vote<ReviewMandateOutput>(STAFF, 'reviewMandate', { ...ref(topicId), decision: 'reject', reason: '委托书上的签名与业主不符' }));
    expect(rejected.mandate).toMatchObject({ status: 'rejected', rejectReason: '委托书上的签名与业主不符' });
    expect((await ok(vote<UnitMandateOutput>(OWNER, 'unitMandate', ref(topicId)))).mandate).toMatchObject({ status: 'rejected', rejectReason: '委托书上的签名与业主不符' });
    expect(await refused(vote(PROXY, 'castProxyBallot', proxyBallot(topicId, items, ['yes', 'no'])))).toMatchObject({ code: 'MANDATE_REJECTED', params: { reason: '委托书上的签名与业主不符' } });
    expect((await ok(vote<ListMandatesOutput>(STAFF, 'listMandates', { estateId: 'hemu', filter: 'all' }))).mandates.map((m) => m.status)).toEqual(['rejected']);

    // a new, approved mandate; past the window the proxy is refused like everyone
    const again = await ok(vote<CreateMandateOutput>(OWNER, 'createMandate', await mandateInput(topicId, items, ['yes', 'no'])));
    await ok(vote(PROXY, 'acceptMandate', { code: again.code }));
    await approve(topicId);
    env.clock.set('2026-12-19T16:00:00.000Z');
    expect(await refused(vote(PROXY, 'castProxyBallot', proxyBallot(topicId, items, ['yes', 'no'])))).toMatchObject({ code: 'BALLOT_WINDOW_CLOSED' });
    expect(await env.storage.count(VOTE_BALLOTS, { topicId })).toBe(0);
  });
});
