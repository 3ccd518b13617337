/**
 * The topics part of the deliberation function (issue 10 item 3 and the server side of item 5), on both engines:
 * proposal → pre-review → consultation (items, plan versions) → announcement (the frozen notice) → voting, the
 * later moves, and every refusal (wrong estate, wrong role, wrong stage, early voting, edits after the notice).
 */
import fc from 'fast-check';
import { runtimePorts } from '../../server/adapters/runtime';
import { implement } from '../../server/app/action';
import { auditActor, readAuditEvents, verifyEstateAudit } from '../../server/app/audit/log';
import { sequenceAudit } from '../../server/app/audit/sequence';
import { TOPIC_ELECTORATES, TOPIC_PLANS, TOPICS, type TopicDoc, type TopicElectorateDoc } from '../../server/app/deliberation/records';
import { rulesHandlers } from '../../server/app/deliberation/rules-handlers';
import { topicHandlers } from '../../server/app/deliberation/topic-handlers';
import { accountKeyOf } from '../../server/app/identity/accounts';
import { ESTATES, MEMBERS, memberId, UNIT_LINKS, UNITS, type EstateDoc, type MemberDoc, type UnitDoc, type UnitLinkDoc } from '../../server/app/identity/records';
import { createCloudFunction } from '../../server/app/handler';
import { OUTBOX } from '../../server/app/notifications/records';
import { votableItems } from '../../server/core/deliberation/topic';
import { createBulkJob } from '../../server/app/bulk';
import { notifyScopeOwners, resumeAnnouncementNotices, ROSTER_CONFIRM_KIND } from '../../server/app/deliberation/topic-announce';
import { JOBS, runJobs } from '../../server/app/jobs';
import { setRuntimePorts } from '../../server/adapters/runtime';
import type { Ports, Storage } from '../../server/ports';
import { ROSTER_CONFIRM_JOB } from '../../server/app/identity/roster-confirm';
import { defineCapability } from '../../types/contract';
import { topicActions, topicLabels, type GetTopicOutput, type ListTopicsOutput, type TopicChangeOutput, type TopicOutput } from '../../types/deliberation';
import { rulesActions, rulesLabels, type ActivateRulesOutput, type PreviewRulesOutput, type SaveRulesDraftOutput } from '../../types/deliberation-rules';
import type { ApiResult } from '../../types/errors';
import { notificationPage } from '../../types/notifications';
import { DEFAULT_RULES } from '../../types/procedure-rules';
import { as, freshEnv, TEST_NOW, type TestEnv } from '../support/ports';
import { okOf as ok, refusalOf as refused } from '../support/handler-client';

/** The topics and rules parts, served by the generic handler exactly as server/app/deliberation/index.ts serves them. */
const part = defineCapability('deliberation', { labels: { ...topicLabels, ...rulesLabels }, actions: { ...topicActions, ...rulesActions } });
const main = createCloudFunction(implement(part, { ...topicHandlers, ...rulesHandlers }), runtimePorts);

const SECRETARY = 'demo-party-secretary';
const COMMITTEE = 'demo-committee';
const OWNER = 'demo-owner';
const OTHER_OWNER = 'demo-multi-owner';
const TENANT = 'demo-tenant';
const STAFF = 'demo-community-staff';
const DAY = 86_400_000;

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const call = <T>(openid: string, action: string, input: unknown) => main({ action, input }, as(openid)) as Promise<ApiResult<T>>;
const snapshot = async () => ({
  topics: JSON.stringify((await env.storage.find(TOPICS, { where: { estateId: 'hemu' }, orderBy: { field: 'openedAt', direction: 'asc' } })).map((d) => [d.id, d.version])),
  plans: await env.storage.count(TOPIC_PLANS),
  audit: await env.storage.count('audit_events'),
});

const ELEVATOR = {
  estateId: 'hemu',
  title: '1号楼电梯更新改造',
  summary: '1号楼两部电梯已运行 18 年，多次困人。提议使用维修资金更换为新电梯，请1号楼业主讨论方案和费用。',
  scope: { kind: 'buildings', buildings: ['1号楼'] },
  items: [{ title: '更换1号楼两部电梯', matter: 7, description: '拆除旧电梯，安装两部新电梯，工期约 3 个月。' }],
};

async function propose(by = OWNER, extra: Record<string, unknown> = {}) {
  return (await ok(call<TopicOutput>(by, 'proposeTopic', { ...ELEVATOR, ...extra }))).topic;
}
async function detail(topicId: string, by = SECRETARY) {
  return ok(call<GetTopicOutput>(by, 'getTopic', { estateId: 'hemu', topicId }));
}
/** proposed by the owner, accepted, with a plan: ready to be announced */
async function inConsultation() {
  const t = await propose();
  await ok(call(SECRETARY, 'prereviewTopic', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 1, decision: 'accept', note: '符合法规，进入协商' }));
  await ok(call(OWNER, 'publishPlanVersion', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 2, text: '更换两部电梯\n费用 60 万元，从1号楼维修资金列支', changeNote: '首次发布' }));
  return { topicId: t.topicId, version: 3 };
}
async function announced(votingOpensOn = '2026-12-09', votingDays = 10) {
  const t = await inConsultation();
  const r = await ok(call<TopicChangeOutput>(COMMITTEE, 'announceTopic', { estateId: 'hemu', topicId: t.topicId, expectedVersion: t.version, votingOpensOn, votingDays }));
  return { topicId: t.topicId, version: r.version };
}

describe('listing and reading topics', () => {
  it('shows the seeded topics by role: proposals only to organisers and their proposer', async () => {
    const titles = async (openid: string) => (await ok(call<ListTopicsOutput>(openid, 'listTopics', { estateId: 'hemu' }))).topics.map((t) => `${t.stage}:${t.title}`);
    // the seeded votes (server/seed/demo-votes.ts) come first: live, voting
    const votes = ['voting:增设电动自行车充电棚和更换消防水泵', 'voting:外墙修缮和设置智能快递柜'];
    expect(await titles(SECRETARY)).toEqual([
      ...votes,
      'consultation:小区停车位规划调整',
      'proposed:3号楼加装电梯意见征集',
      'returned:小区大门加装人脸识别门禁',
      'closed:2025年度维修资金使用情况说明',
    ]);
    expect(await titles(OWNER)).toEqual([...votes, 'consultation:小区停车位规划调整', 'returned:小区大门加装人脸识别门禁', 'closed:2025年度维修资金使用情况说明']);
    expect(await titles(TENANT)).toEqual([...votes, 'consultation:小区停车位规划调整', 'closed:2025年度维修资金使用情况说明']);
    const byStage = await ok(call<ListTopicsOutput>(SECRETARY, 'listTopics', { estateId: 'hemu', stage: 'proposed' }));
    expect(byStage.topics.map((t) => t.title)).toEqual(['3号楼加装电梯意见征集']);
  });

  it('gives the detail with items in plain language, plan versions, history and the caller’s moves; no openids', async () => {
    const list = await ok(call<ListTopicsOutput>(TENANT, 'listTopics', { estateId: 'hemu' }));
    const parking = list.topics.find((t) => t.title === '小区停车位规划调整')!;
    const tenant = await detail(parking.topicId, TENANT);
    expect(tenant.topic.items).toEqual([
      expect.objectContaining({ matter: 8, matterLabel: '改变共有部分的用途或者利用共有部分从事经营活动', thresholdText: expect.stringContaining('四分之三') }),
    ]);
    expect(tenant.topic.plans.map((p) => p.version)).toEqual([1]);
    expect(tenant.topic.stageHistory).toEqual([expect.objectContaining({ stage: 'consultation', byLabel: '党支部书记', note: '党支部直接发起' })]);
    expect(tenant.moves).toEqual([]);
    expect(JSON.stringify(tenant)).not.toMatch(/demo-/);
    const secretary = await detail(parking.topicId);
    expect(secretary.moves).toEqual(['editItems', 'publishPlan', 'announce', 'withdraw', 'reject']);
  });

  it('shows an owners’ petition to every member from the start, so owners of its scope can read and co-sign it', async () => {
    const t = await propose(OWNER, { petition: true });
    expect((await detail(t.topicId, OTHER_OWNER)).topic).toMatchObject({ stage: 'proposed', petition: true });
    const list = await ok(call<ListTopicsOutput>(TENANT, 'listTopics', { estateId: 'hemu' }));
    expect(list.topics.map((x) => x.topicId)).toContain(t.topicId);
  });

  it('names item fields in Chinese when a proposal is refused field by field', async () => {
    const r = await refused(call(OWNER, 'proposeTopic', { ...ELEVATOR, items: [{ title: '更换电梯', matter: 7, description: '' }] }));
    expect(r).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'items.0.description', message: expect.stringContaining('事项说明') }] });
  });

  it('hides a proposal from other owners and another estate’s topic from everyone (TOPIC_NOT_FOUND)', async () => {
    const t = await propose();
    expect(await refused(call(OTHER_OWNER, 'getTopic', { estateId: 'hemu', topicId: t.topicId }))).toMatchObject({ code: 'TOPIC_NOT_FOUND' });
    await secondEstate();
    expect(await refused(call(SECRETARY, 'getTopic', { estateId: 'lanting', topicId: t.topicId }))).toMatchObject({ code: 'TOPIC_NOT_FOUND', message: '没有找到这个议题' });
  });
});

/** A second estate where the secretary and the owner also hold their roles (so only the estate check can refuse). */
async function secondEstate() {
  const at = env.clock.now().toISOString();
  await env.storage.transaction(async (tx) => {
    const estate: EstateDoc = { name: '兰亭苑', district: '示例市和平区幸福街道', address: '兰亭路 1 号', communityName: '兰亭社区居委会', partyBranchName: '兰亭苑小区党支部', buildings: ['1'], totals: { unitCount: 1, areaCenti: 9000, headcount: 1 }, createdAt: at };
    await tx.create(ESTATES, 'lanting', estate);
    for (const [openid, roles] of [[SECRETARY, ['party_secretary']], [OWNER, ['owner']], [COMMITTEE, ['committee_member']]] as const) {
      const m: MemberDoc = { estateId: 'lanting', openid, accountKey: accountKeyOf(env.ports.crypto, 'lanting', openid), roles: [...roles], displayName: '测*', since: at, history: [] };
      await tx.create(MEMBERS, memberId('lanting', openid), m);
    }
  });
}

describe('proposal and pre-review', () => {
  it('takes an owner’s proposal through pre-review into consultation, audited, with timestamps and roles', async () => {
    const t = await propose();
    expect(t).toMatchObject({ stage: 'proposed', scopeLabel: '1号楼业主', openedByLabel: '业主提议', proposerKind: 'owner', openedAt: TEST_NOW });
    env.clock.advance(3_600_000);
    const r = await ok(call<TopicChangeOutput>(SECRETARY, 'prereviewTopic', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 1, decision: 'accept', note: '符合法规，进入协商' }));
    expect(r).toMatchObject({ version: 2, topic: { stage: 'consultation' } });
    const d = await detail(t.topicId, OWNER);
    expect(d.topic.stageHistory).toEqual([
      { stage: 'proposed', at: TEST_NOW, byLabel: '提议人' },
      { stage: 'consultation', at: new Date(Date.parse(TEST_NOW) + 3_600_000).toISOString(), byLabel: '党支部书记', note: '符合法规，进入协商' },
    ]);
    expect(d.topic.isProposer).toBe(true);
    const events = await readAuditEvents(env.storage, 'hemu');
    expect(events.filter((e) => e.subject === `topics/${t.topicId}`).map((e) => [e.action, e.actor])).toEqual([
      ['topic.proposed', auditActor(env.ports.crypto, 'hemu', OWNER)],
      ['topic.accept', auditActor(env.ports.crypto, 'hemu', SECRETARY)],
    ]);
    await sequenceAudit(env.ports, 'hemu');
    expect(await verifyEstateAudit(env.storage, env.ports.crypto, 'hemu')).toMatchObject({ ok: true, pending: 0 });
  });

  it('returns a proposal with a reason (the proposer is notified), and the proposer resubmits it', async () => {
    const t = await propose();
    await ok(call(SECRETARY, 'prereviewTopic', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 1, decision: 'return', note: '请补充费用分摊方式' }));
    const outbox = await env.storage.find<{ kind: 'topic_returned'; recipient: string; params: Record<string, unknown> }>(OUTBOX, { where: { kind: 'topic_returned' } });
    expect(outbox.map((o) => o.data.recipient)).toEqual([OWNER]);
    // the message opens this topic, not a topic page without one
    expect(notificationPage(outbox[0].data.kind, outbox[0].data.params)).toBe(`pages/topic/index?estateId=hemu&topicId=${t.topicId}`);
    expect(await refused(call(OTHER_OWNER, 'resubmitTopic', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 2, title: ELEVATOR.title, summary: ELEVATOR.summary }))).toMatchObject({ code: 'TOPIC_NOT_FOUND' });
    const r = await ok(call<TopicChangeOutput>(OWNER, 'resubmitTopic', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 2, title: '1号楼电梯更新改造（修改稿）', summary: ELEVATOR.summary, note: '已补充分摊方式' }));
    expect(r).toMatchObject({ version: 3, topic: { stage: 'proposed', title: '1号楼电梯更新改造（修改稿）' } });
  });

  it('lets the party secretary open a topic directly into consultation; others may not', async () => {
    const r = await ok(call<TopicOutput>(SECRETARY, 'openTopic', { estateId: 'hemu', title: '南门增设快递柜', summary: '南门附近快递堆放影响通行，提议在南门内侧增设智能快递柜。' }));
    expect(r.topic).toMatchObject({ stage: 'consultation', openedByLabel: '和睦家园小区党支部', proposerKind: 'party_branch', scopeLabel: '全体业主' });
    for (const openid of [OWNER, COMMITTEE, STAFF, TENANT]) {
      expect(await refused(call(openid, 'openTopic', { estateId: 'hemu', title: '南门增设快递柜', summary: '南门附近快递堆放影响通行，提议增设快递柜。' }))).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('refuses pre-review by anyone but the party secretary, a stale version, and a building the roster lacks', async () => {
    const t = await propose();
    const before = await snapshot();
    for (const openid of [OWNER, COMMITTEE, STAFF, TENANT]) {
      expect(await refused(call(openid, 'prereviewTopic', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 1, decision: 'accept', note: '同意' }))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await refused(call(SECRETARY, 'prereviewTopic', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 0, decision: 'accept', note: '同意' }))).toMatchObject({ code: 'CONFLICT' });
    expect(await snapshot()).toEqual(before);
    expect(await refused(call(OWNER, 'proposeTopic', { ...ELEVATOR, scope: { kind: 'buildings', buildings: ['9'] } }))).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'scope.buildings', code: 'SCOPE_BUILDING_UNKNOWN' }] });
    expect(await refused(call(TENANT, 'proposeTopic', ELEVATOR))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a topic of this estate addressed through another estate (TOPIC_NOT_FOUND), writing nothing', async () => {
    const t = await propose();
    await secondEstate();
    const before = await snapshot();
    const input = { estateId: 'lanting', topicId: t.topicId, expectedVersion: 1 };
    expect(await refused(call(SECRETARY, 'prereviewTopic', { ...input, decision: 'accept', note: '同意' }))).toMatchObject({ code: 'TOPIC_NOT_FOUND' });
    expect(await refused(call(OWNER, 'withdrawTopic', { ...input, reason: '不再需要' }))).toMatchObject({ code: 'TOPIC_NOT_FOUND' });
    expect(await refused(call(COMMITTEE, 'rejectTopic', { ...input, reason: '不符合规定' }))).toMatchObject({ code: 'TOPIC_NOT_FOUND' });
    expect(await snapshot()).toEqual(before);
  });

  it('follows the estate’s rules: who may propose, and whether pre-review is required', async () => {
    const draft = await ok(call<SaveRulesDraftOutput>(STAFF, 'saveRulesDraft', {
      estateId: 'hemu',
      rules: { ...DEFAULT_RULES, whoMayOpenTopics: ['committee_member', 'party_secretary'], prereviewRequired: false },
      changeNote: '只由业委会和党支部提出议题，不再前置审查',
      ...(await rulesDocument()),
    }));
    await activateRules(draft.draft.draftId);
    const before = await snapshot();
    expect(await refused(call(OWNER, 'proposeTopic', ELEVATOR))).toMatchObject({ code: 'TOPIC_PROPOSER_NOT_IN_RULES', message: '本小区议事规则规定由业委会委员、党支部书记提出议题' });
    expect(await snapshot()).toEqual(before);
    // an owners' petition is their own right (指导规则 Art. 21), whatever the rules say about proposals; it stays
    // 'proposed' (open for co-signatures) even where proposals need no pre-review
    expect((await ok(call<TopicOutput>(OWNER, 'proposeTopic', { ...ELEVATOR, petition: true }))).topic).toMatchObject({ stage: 'proposed', petition: true });
    const byCommittee = await ok(call<TopicOutput>(COMMITTEE, 'proposeTopic', ELEVATOR));
    expect(byCommittee.topic).toMatchObject({ stage: 'consultation', proposerKind: 'committee', openedByLabel: '业主委员会提议' });
    expect((await detail(byCommittee.topic.topicId)).topic.stageHistory).toEqual([expect.objectContaining({ stage: 'consultation', note: '本小区议事规则不要求前置审查' })]);
  });

  it('protects a petition that reached 20 % area and headcount: pre-review may not return or reject it', async () => {
    const t = await propose(OWNER, { petition: true });
    await env.storage.transaction(async (tx) => {
      const doc = (await tx.get<TopicDoc>(TOPICS, t.topicId))!;
      await tx.update(TOPICS, t.topicId, doc.version, { ...doc.data, petitionReachedAt: TEST_NOW, rev: doc.data.rev + 1 });
    });
    const input = { estateId: 'hemu', topicId: t.topicId, expectedVersion: 2 };
    expect(await refused(call(SECRETARY, 'prereviewTopic', { ...input, decision: 'return', note: '请补充' }))).toMatchObject({ code: 'TOPIC_PETITION_PROTECTED' });
    expect(await refused(call(SECRETARY, 'rejectTopic', { ...input, reason: '不予通过' }))).toMatchObject({ code: 'TOPIC_PETITION_PROTECTED' });
    expect((await detail(t.topicId)).moves).not.toContain('return');
    await ok(call(SECRETARY, 'prereviewTopic', { ...input, decision: 'accept', note: '联名已达法定比例，进入协商' }));
  });
});

describe('items and plan versions (before the notice only)', () => {
  it('keeps every plan version with its change note, immutable, in order', async () => {
    const t = await inConsultation();
    await ok(call(OWNER, 'publishPlanVersion', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 3, text: '更换两部电梯\n费用 56 万元，从1号楼维修资金列支\n低层住户不分摊', changeNote: '根据业主意见降低费用' }));
    const d = await detail(t.topicId, OWNER);
    expect(d.topic.plans.map((p) => [p.version, p.changeNote])).toEqual([[1, '首次发布'], [2, '根据业主意见降低费用']]);
    expect(d.topic.planVersion).toBe(2);
    // a second v2 cannot be written: the id is the version (append-only collection)
    await expect(env.storage.transaction((tx) => tx.create(TOPIC_PLANS, `${t.topicId}:v2`, { estateId: 'hemu' }))).rejects.toThrow();
  });

  it('refuses plan attachments that are not the caller’s uploads, and edits by owners who did not propose it', async () => {
    const t = await inConsultation();
    expect(await refused(call(OWNER, 'publishPlanVersion', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 3, text: '新的方案内容，共十个字以上', changeNote: '修改', attachments: [`uploads/${OTHER_OWNER}/plan.pdf`] }))).toMatchObject({ code: 'NOT_OWN_UPLOAD' });
    expect(await refused(call(OTHER_OWNER, 'setTopicItems', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 3, items: ELEVATOR.items }))).toMatchObject({ code: 'TOPIC_ACTOR_NOT_ALLOWED', message: '你不能对这个议题编辑表决事项' });
    expect(await refused(call(TENANT, 'publishPlanVersion', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 3, text: '新的方案内容，共十个字以上', changeNote: '修改' }))).toMatchObject({ code: 'TOPIC_ACTOR_NOT_ALLOWED' });
    await ok(call(COMMITTEE, 'setTopicItems', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 3, items: [...ELEVATOR.items, { title: '电梯维保合同', matter: 9, description: '新电梯维保 5 年。' }] }));
    expect((await detail(t.topicId)).topic.items.map((i) => [i.itemId, i.matter])).toEqual([['i1', 7], ['i2', 9]]);
  });
});

describe('announcement: the frozen notice', () => {
  it('refuses a window that opens before the notice period or is too short/long, with the earliest day', async () => {
    const t = await inConsultation();
    const input = { estateId: 'hemu', topicId: t.topicId, expectedVersion: t.version };
    expect(await refused(call(COMMITTEE, 'announceTopic', { ...input, votingOpensOn: '2026-12-08', votingDays: 10 }))).toMatchObject({
      code: 'VOTING_OPENS_TOO_EARLY',
      message: '公告期至少 15 天，表决最早从 2026-12-09 00:00 开始',
    });
    expect(await refused(call(COMMITTEE, 'announceTopic', { ...input, votingOpensOn: '2026-12-09', votingDays: 4 }))).toMatchObject({ code: 'VOTING_WINDOW_LENGTH', message: '表决期应为 5 至 60 天' });
    expect(await refused(call(COMMITTEE, 'announceTopic', { ...input, votingOpensOn: '2026-02-30', votingDays: 10 }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await refused(call(OWNER, 'announceTopic', { ...input, votingOpensOn: '2026-12-09', votingDays: 10 }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await detail(t.topicId)).topic.stage).toBe('consultation');
    // the announce form is told the same terms by the server clock and the active rules, before anyone tries
    expect((await detail(t.topicId, COMMITTEE)).announceTerms).toEqual({ noticeDays: 15, earliestOpensOn: '2026-12-09', minDays: 5, maxDays: 60 });
    expect((await detail(t.topicId, OWNER)).announceTerms).toBeUndefined();
  });

  it('freezes items, plan, rules, the scope’s roster with its bases and fingerprint, and notifies staff and the scope’s owners', async () => {
    const t = await announced();
    const d = await detail(t.topicId, OWNER);
    const a = d.topic.announcement!;
    expect(a).toMatchObject({
      announcedAt: TEST_NOW,
      noticeDays: 15,
      votingOpensAt: '2026-12-08T16:00:00.000Z',
      votingClosesAt: '2026-12-18T16:00:00.000Z',
      planVersion: 1,
      rulesVersionNo: 0,
      rulesIsDefault: true,
      channels: ['online'],
      scopeLabel: '1号楼业主',
      items: [expect.objectContaining({ itemId: 'i1', matter: 7, thresholdText: expect.stringContaining('四分之三') })],
    });
    // the bases are the roster's units of building 1 only
    const units = (await env.storage.find<UnitDoc>(UNITS, { where: { estateId: 'hemu', building: '1' } })).filter((u) => !u.data.removed);
    expect(a.unitCount).toBe(units.length);
    expect(a.areaCenti).toBe(units.reduce((s, u) => s + u.data.areaCenti, 0));
    const electorate = (await env.storage.get<TopicElectorateDoc>(TOPIC_ELECTORATES, t.topicId))!;
    expect(electorate.data.units.map((u) => u.unitId).sort()).toEqual(units.map((u) => u.id).sort());
    expect(electorate.data.fingerprint).toBe(a.rosterFingerprint);
    expect(a.headcount).toBe(new Set(electorate.data.units.map((u) => u.headKey)).size);
    // who is told
    const outbox = await env.storage.find<{ kind: string; recipient: string }>(OUTBOX, {});
    expect(outbox.filter((o) => o.data.kind === 'topic_announced').map((o) => o.data.recipient)).toEqual([STAFF]);
    const owners = outbox.filter((o) => o.data.kind === 'topic_announced_owner').map((o) => o.data.recipient).sort();
    expect(owners).toEqual(expect.arrayContaining([OWNER, COMMITTEE]));
    expect(owners).not.toContain(OTHER_OWNER); // owns units in buildings 2 and 3 only
    // only the notice's items can be voted on
    const doc = (await env.storage.get<TopicDoc>(TOPICS, t.topicId))!;
    expect(votableItems(doc.data).map((i) => i.itemId)).toEqual(['i1']);
  });

  it('refuses to freeze the roster while a roster version is being written (no mix of two versions)', async () => {
    expect(ROSTER_CONFIRM_KIND).toBe(ROSTER_CONFIRM_JOB);
    const t = await inConsultation();
    await env.storage.transaction((tx) => createBulkJob(tx, env.clock, 'roster:test', { kind: ROSTER_CONFIRM_JOB, estateId: 'hemu', subject: 'roster_imports/test', total: 10, startedBy: STAFF }));
    const before = await snapshot();
    expect(await refused(call(COMMITTEE, 'announceTopic', { estateId: 'hemu', topicId: t.topicId, expectedVersion: t.version, votingOpensOn: '2026-12-09', votingDays: 10 }))).toMatchObject({ code: 'ROSTER_WRITING' });
    expect(await snapshot()).toEqual(before);
    expect(await env.storage.get(TOPIC_ELECTORATES, t.topicId)).toBeNull();
  });

  it('refuses editing items or plan after the notice (TOPIC_FROZEN) and keeps the votable items', async () => {
    const t = await announced();
    const before = await snapshot();
    expect(await refused(call(COMMITTEE, 'setTopicItems', { estateId: 'hemu', topicId: t.topicId, expectedVersion: t.version, items: [{ title: '新增事项', matter: 9, description: '公告后加的事项' }] }))).toMatchObject({
      code: 'TOPIC_FROZEN',
      message: '表决公告已发布，表决事项和方案不能再修改',
    });
    expect(await refused(call(OWNER, 'publishPlanVersion', { estateId: 'hemu', topicId: t.topicId, expectedVersion: t.version, text: '公告后的新方案内容文本', changeNote: '修改' }))).toMatchObject({ code: 'TOPIC_FROZEN' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses opening the vote before the notice period has passed by the server clock, then opens it', async () => {
    const t = await announced();
    const input = { estateId: 'hemu', topicId: t.topicId, expectedVersion: t.version };
    env.clock.set('2026-12-08T15:59:59.999Z');
    expect(await refused(call(SECRETARY, 'openVoting', input))).toEqual({
      code: 'VOTING_NOTICE_PERIOD',
      params: { opensAt: '2026-12-08T16:00:00.000Z' },
      message: '公告期还没有结束，表决要到 2026-12-09 00:00 才能开始',
    });
    expect((await detail(t.topicId)).moves).not.toContain('openVoting');
    env.clock.set('2026-12-08T16:00:00.000Z');
    expect((await detail(t.topicId)).moves).toContain('openVoting');
    expect(await ok(call<TopicChangeOutput>(SECRETARY, 'openVoting', input))).toMatchObject({ topic: { stage: 'voting' } });
  });

  it('refuses opening the vote after the window is over', async () => {
    const t = await announced();
    env.clock.set('2026-12-18T16:00:00.000Z');
    expect(await refused(call(SECRETARY, 'openVoting', { estateId: 'hemu', topicId: t.topicId, expectedVersion: t.version }))).toMatchObject({ code: 'VOTING_WINDOW_OVER' });
  });

  it('uses the estate’s active rules at announcement time (longer notice), and never after', async () => {
    const draft = await ok(call<SaveRulesDraftOutput>(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules: { ...DEFAULT_RULES, noticeDays: 20, votingWindowMinDays: 7 }, changeNote: '公告期改为 20 天', ...(await rulesDocument()) }));
    await activateRules(draft.draft.draftId);
    const t = await inConsultation();
    const input = { estateId: 'hemu', topicId: t.topicId, expectedVersion: t.version };
    expect(await refused(call(COMMITTEE, 'announceTopic', { ...input, votingOpensOn: '2026-12-09', votingDays: 10 }))).toMatchObject({ code: 'VOTING_OPENS_TOO_EARLY', params: { noticeDays: 20 } });
    expect(await refused(call(COMMITTEE, 'announceTopic', { ...input, votingOpensOn: '2026-12-14', votingDays: 6 }))).toMatchObject({ code: 'VOTING_WINDOW_LENGTH', params: { min: 7, max: 60 } });
    // what getTopic offered the announce form (it used to assume 15 days) is exactly what the server accepts
    const terms = (await detail(t.topicId, COMMITTEE)).announceTerms!;
    expect(terms).toEqual({ noticeDays: 20, earliestOpensOn: '2026-12-14', minDays: 7, maxDays: 60 });
    await ok(call(COMMITTEE, 'announceTopic', { ...input, votingOpensOn: terms.earliestOpensOn, votingDays: terms.minDays }));
    expect((await detail(t.topicId)).topic.announcement).toMatchObject({ noticeDays: 20, rulesVersionNo: 1, rulesIsDefault: false });
  });
});

let uploaded = 0;
async function rulesDocument() {
  const { fileId } = await env.ports.files.put(`uploads/${STAFF}/${++uploaded}-rules.pdf`, new TextEncoder().encode('%PDF-1.4 rules'), 'application/pdf');
  return { documentFileId: fileId, documentName: '议事规则.pdf' };
}
async function activateRules(draftId: string) {
  const preview = await ok(call<PreviewRulesOutput>(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId }));
  return ok(call<ActivateRulesOutput>(STAFF, 'activateRules', { estateId: 'hemu', draftId, fingerprint: preview.fingerprint, activeVersionNo: preview.activeVersionNo }));
}

describe('the frozen notice never changes (property)', () => {
  it('stays byte-identical whatever happens after the announcement: rules activations, roster changes, refused edits, later moves', async () => {
    const t = await announced();
    const frozen = async () => {
      const topic = (await env.storage.get<TopicDoc>(TOPICS, t.topicId))!;
      const electorate = (await env.storage.get<TopicElectorateDoc>(TOPIC_ELECTORATES, t.topicId))!;
      return JSON.stringify({ announcement: topic.data.announcement, electorate: electorate.data, version: electorate.version });
    };
    const original = await frozen();
    const noticeDays = fc.integer({ min: 7, max: 30 });
    const op = fc.oneof(
      noticeDays.map((n) => ({ kind: 'rules' as const, n })),
      fc.integer({ min: 1, max: 20_000 }).map((delta) => ({ kind: 'area' as const, delta })),
      fc.constant({ kind: 'removeUnit' as const }),
      fc.constant({ kind: 'editItems' as const }),
      fc.integer({ min: 0, max: 12 * DAY }).map((ms) => ({ kind: 'time' as const, ms })),
      fc.constant({ kind: 'advance' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops) => {
        for (const o of ops) {
          if (o.kind === 'rules') {
            const d = await call<SaveRulesDraftOutput>(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules: { ...DEFAULT_RULES, noticeDays: o.n }, changeNote: `公告期 ${o.n} 天`, ...(await rulesDocument()) });
            if (d.ok) await call(STAFF, 'activateRules', { estateId: 'hemu', draftId: d.data.draft.draftId, fingerprint: (await ok(call<PreviewRulesOutput>(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: d.data.draft.draftId }))).fingerprint, activeVersionNo: (await ok(call<PreviewRulesOutput>(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: d.data.draft.draftId }))).activeVersionNo });
          } else if (o.kind === 'area' || o.kind === 'removeUnit') {
            // what a roster import does to the current units (server/app/identity/roster-confirm.ts)
            const [unit] = await env.storage.find<UnitDoc>(UNITS, { where: { estateId: 'hemu', building: '1' }, limit: 1 });
            await env.storage.transaction(async (tx) => {
              const u = (await tx.get<UnitDoc>(UNITS, unit.id))!;
              await tx.update(UNITS, unit.id, u.version, o.kind === 'area' ? { ...u.data, areaCenti: u.data.areaCenti + o.delta } : { ...u.data, removed: true });
            });
          } else if (o.kind === 'editItems') {
            const v = (await detail(t.topicId)).topic.version;
            await call(COMMITTEE, 'setTopicItems', { estateId: 'hemu', topicId: t.topicId, expectedVersion: v, items: [{ title: '公告后偷加的事项', matter: 9, description: '不应生效' }] });
          } else if (o.kind === 'time') {
            env.clock.advance(o.ms);
          } else {
            const d = await detail(t.topicId);
            const move = d.moves.find((m) => m === 'openVoting') ? 'openVoting' : undefined;
            if (move) await call(SECRETARY, 'openVoting', { estateId: 'hemu', topicId: t.topicId, expectedVersion: d.topic.version });
            else if (d.moves.includes('startCounting')) await call(SECRETARY, 'advanceTopic', { estateId: 'hemu', topicId: t.topicId, expectedVersion: d.topic.version, move: 'startCounting' });
          }
          expect(await frozen()).toBe(original);
        }
      }),
      { numRuns: 4 },
    );
  }, 120_000);
});

describe('after the vote', () => {
  it('walks counting → publication → endorsement → implementation → closed, refusing counting while the window is open', async () => {
    const t = await announced();
    env.clock.set('2026-12-09T02:00:00.000Z');
    let v = (await ok(call<TopicChangeOutput>(SECRETARY, 'openVoting', { estateId: 'hemu', topicId: t.topicId, expectedVersion: t.version }))).version;
    const ref = { estateId: 'hemu', topicId: t.topicId };
    expect(await refused(call(SECRETARY, 'advanceTopic', { ...ref, expectedVersion: v, move: 'startCounting' }))).toMatchObject({ code: 'VOTING_WINDOW_OPEN' });
    expect(await refused(call(SECRETARY, 'withdrawTopic', { ...ref, expectedVersion: v, reason: '中途撤回' }))).toMatchObject({ code: 'TOPIC_MOVE_NOT_ALLOWED', message: '议题现在是“表决中”阶段，不能撤回议题' });
    env.clock.set('2026-12-18T16:00:00.000Z');
    expect(await refused(call(OWNER, 'advanceTopic', { ...ref, expectedVersion: v, move: 'startCounting' }))).toMatchObject({ code: 'FORBIDDEN' });
    v = (await ok(call<TopicChangeOutput>(COMMITTEE, 'advanceTopic', { ...ref, expectedVersion: v, move: 'startCounting' }))).version;
    // publication comes only with the count (voting.closeVote), endorsement only from community staff
    // (voting.endorseResult): tests/functions/voting-result.test.ts walks on from here
    for (const move of ['publish', 'endorse'] as const) {
      expect(await refused(call(COMMITTEE, 'advanceTopic', { ...ref, expectedVersion: v, move }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    // the later steps stay the organisers' (implement, close) once community staff endorsed
    const doc = await env.storage.get<TopicDoc>(TOPICS, t.topicId);
    await env.storage.transaction(async (tx) => {
      await tx.update<TopicDoc>(TOPICS, t.topicId, doc!.version, { ...doc!.data, stage: 'endorsement', rev: doc!.data.rev + 1 });
    });
    v += 1;
    for (const move of ['implement', 'close'] as const) {
      expect(await refused(call(OWNER, 'advanceTopic', { ...ref, expectedVersion: v, move }))).toMatchObject({ code: 'FORBIDDEN' });
      v = (await ok(call<TopicChangeOutput>(COMMITTEE, 'advanceTopic', { ...ref, expectedVersion: v, move }))).version;
    }
    const d = await detail(t.topicId);
    expect(d.topic.stage).toBe('closed');
    expect(d.topic.stageHistory.map((h) => h.stage)).toEqual(['proposed', 'consultation', 'announced', 'voting', 'counting', 'implementation', 'closed']);
    expect(d.moves).toEqual([]);
    expect(await refused(call(COMMITTEE, 'rejectTopic', { ...ref, expectedVersion: v, reason: '已办结后不予通过' }))).toMatchObject({ code: 'TOPIC_MOVE_NOT_ALLOWED' });
  });

  it('lets the proposer withdraw before the notice but not after; organisers may cancel the notice before voting', async () => {
    const a = await inConsultation();
    await ok(call(OWNER, 'withdrawTopic', { estateId: 'hemu', topicId: a.topicId, expectedVersion: a.version, reason: '业主已协商解决' }));
    const b = await announced();
    expect(await refused(call(OWNER, 'withdrawTopic', { estateId: 'hemu', topicId: b.topicId, expectedVersion: b.version, reason: '不想表决了' }))).toMatchObject({ code: 'TOPIC_ACTOR_NOT_ALLOWED' });
    await ok(call(COMMITTEE, 'withdrawTopic', { estateId: 'hemu', topicId: b.topicId, expectedVersion: b.version, reason: '公告有误，撤回重发' }));
    expect((await detail(b.topicId)).topic.stageHistory.at(-1)).toMatchObject({ stage: 'withdrawn', byLabel: '业委会委员', note: '公告有误，撤回重发' });
  });
});

describe('owner notices of an announcement survive a crash (issue 10: resumeAnnouncementNotices)', () => {
  type OutboxRow = { kind: string; recipient: string; params: Record<string, unknown> };
  const ownerNotices = async (topicId: string) =>
    (await env.storage.find<OutboxRow>(OUTBOX, { where: { kind: 'topic_announced_owner' } })).filter((o) => o.data.params.topicId === topicId).map((o) => o.data.recipient);
  /** the accounts actively linked to a unit of the frozen electorate */
  const scopeOwnerIds = async (topicId: string) => {
    const electorate = (await env.storage.get<TopicElectorateDoc>(TOPIC_ELECTORATES, topicId))!;
    const unitIds = new Set(electorate.data.units.map((u) => u.unitId));
    const links = await env.storage.find<UnitLinkDoc>(UNIT_LINKS, { where: { estateId: 'hemu', active: true } });
    return [...new Set(links.filter((l) => unitIds.has(l.data.unitId)).map((l) => l.data.openid))].sort();
  };
  /** the function dies (throws) in the first transaction that writes an owner notice, after the announcement committed */
  const dyingOnOwnerNotices = (): Ports => {
    const storage = env.storage;
    const wrap: Storage['transaction'] = (work) =>
      storage.transaction((tx) =>
        work({
          get: (c, id) => tx.get(c, id),
          update: (c, id, v, d) => tx.update(c, id, v, d),
          create: (c, id, d) => {
            if (c === OUTBOX && (d as { kind?: string }).kind === 'topic_announced_owner') throw new Error('function timed out');
            return tx.create(c, id, d);
          },
        }),
      );
    const failing = new Proxy(storage, {
      get: (target, key) => {
        if (key === 'transaction') return wrap;
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    return { ...env.ports, storage: failing };
  };

  it('a crash after the announcement leaves a pending marker; the job notifies every scope owner exactly once', async () => {
    const t = await inConsultation();
    setRuntimePorts(dyingOnOwnerNotices());
    const input = { estateId: 'hemu', topicId: t.topicId, expectedVersion: t.version, votingOpensOn: '2026-12-09', votingDays: 10 };
    expect((await call(COMMITTEE, 'announceTopic', input)).ok).toBe(false);
    setRuntimePorts(env.ports);
    // the announcement committed, the owners were not told, and a retry is refused
    expect((await detail(t.topicId)).topic.stage).toBe('announced');
    expect(await ownerNotices(t.topicId)).toEqual([]);
    expect((await call(COMMITTEE, 'announceTopic', { ...input, expectedVersion: t.version + 1 })).ok).toBe(false);
    // the timer job finishes it (a marker younger than two minutes may belong to a running announce: left alone)
    expect(await resumeAnnouncementNotices(env.ports)).toEqual([]);
    env.clock.set(new Date(env.clock.now().getTime() + 3 * 60_000).toISOString());
    const owners = await scopeOwnerIds(t.topicId);
    expect(owners).toEqual(expect.arrayContaining([OWNER, COMMITTEE]));
    const runs = await runJobs(env.ports, JOBS.filter((j) => j.name === 'resumeAnnouncementNotices'));
    expect(runs).toEqual([{ name: 'resumeAnnouncementNotices', ok: true, result: [{ estateId: 'hemu', topicId: t.topicId }] }]);
    expect((await ownerNotices(t.topicId)).sort()).toEqual(owners); // each owner exactly once
    // done now: a second run does nothing
    const outbox = await env.storage.count(OUTBOX);
    expect(await resumeAnnouncementNotices(env.ports)).toEqual([]);
    expect(await env.storage.count(OUTBOX)).toBe(outbox);
  });

  it('is a no-op after an announcement that finished its notices (the marker is done)', async () => {
    const t = await announced();
    const owners = (await ownerNotices(t.topicId)).sort();
    expect(owners).toEqual(await scopeOwnerIds(t.topicId));
    const outbox = await env.storage.count(OUTBOX);
    expect(await resumeAnnouncementNotices(env.ports)).toEqual([]);
    expect(await env.storage.count(OUTBOX)).toBe(outbox);
    expect((await ownerNotices(t.topicId)).sort()).toEqual(owners);
  });

  it('writes nothing twice when the chunks run again for the same topic (deterministic outbox ids)', async () => {
    const t = await announced();
    const before = (await ownerNotices(t.topicId)).sort();
    await notifyScopeOwners(env.ports, 'hemu', t.topicId);
    expect((await ownerNotices(t.topicId)).sort()).toEqual(before);
  });
});
