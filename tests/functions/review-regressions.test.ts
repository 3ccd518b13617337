/**
 * Regressions found by the review of the deliberation work (f175d6b..a99de3a), on both engines. Each case failed
 * before its fix.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { implement } from '../../server/app/action';
import { rulesHandlers } from '../../server/app/deliberation/rules-handlers';
import { topicHandlers } from '../../server/app/deliberation/topic-handlers';
import { deliberationFunction } from '../../server/app/deliberation';
import { TOPICS, type TopicDoc } from '../../server/app/deliberation/records';
import { createCloudFunction } from '../../server/app/handler';
import { defineCapability } from '../../types/contract';
import { deliberation, topicActions, topicLabels, type GetTopicOutput, type TopicChangeOutput, type TopicOutput } from '../../types/deliberation';
import { rulesActions, rulesLabels, type ActivateRulesOutput, type PreviewRulesOutput, type RulesDocumentOutput, type SaveRulesDraftOutput } from '../../types/deliberation-rules';
import { DEFAULT_RULES } from '../../types/procedure-rules';
import { uploadAs } from '../support/uploads';
import { freshEnv, type TestEnv } from '../support/ports';
import { callerOf, okOf as ok, refusalOf as refused } from '../support/handler-client';

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const STAFF = 'demo-community-staff';
const upload = (openid: string, name = 'rules.pdf') => uploadAs(env, openid, { bytes: new TextEncoder().encode('%PDF-1.4 rules'), name, mime: 'application/pdf' });

describe('a refused action never deletes an upload that something already keeps', () => {
  const rulesPart = defineCapability('deliberation', { labels: { ...deliberation.labels, ...rulesLabels }, actions: rulesActions });
  const call = callerOf(createCloudFunction(implement(rulesPart, rulesHandlers), runtimePorts));

  it('keeps the active rules’ original document when a refused draft names the same file', async () => {
    const fileId = await upload(STAFF);
    const rules = { ...DEFAULT_RULES, noticeDays: 20 };
    const d = (await ok<SaveRulesDraftOutput>(call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules, changeNote: '', documentFileId: fileId }))).draft;
    const p = await ok<PreviewRulesOutput>(call(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: d.draftId }));
    await ok<ActivateRulesOutput>(call(STAFF, 'activateRules', { estateId: 'hemu', draftId: d.draftId, fingerprint: p.fingerprint, activeVersionNo: 0 }));

    // a new draft naming the active version's document, refused by validation
    const bad = { ...DEFAULT_RULES, votingWindowMinDays: 30, votingWindowMaxDays: 10 };
    expect(await refused(call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules: bad, changeNote: '', documentFileId: fileId }))).toMatchObject({ code: 'VALIDATION_FAILED' });

    expect(await env.ports.files.get(fileId)).not.toBeNull();
    expect(await ok<RulesDocumentOutput>(call('demo-owner', 'rulesDocument', { estateId: 'hemu', versionNo: 1 }))).toMatchObject({ fileName: expect.any(String) });
  });

  it('still deletes a fresh upload of a refused action', async () => {
    const fileId = await upload(STAFF);
    const bad = { ...DEFAULT_RULES, votingWindowMinDays: 30, votingWindowMaxDays: 10 };
    expect(await refused(call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules: bad, changeNote: '', documentFileId: fileId }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await env.ports.files.get(fileId)).toBeNull();
  });
});

describe('an owners’ petition that reached 20 %', () => {
  const topicsPart = defineCapability('deliberation', { labels: { ...topicLabels, ...rulesLabels }, actions: { ...topicActions, ...rulesActions } });
  const call = callerOf(createCloudFunction(implement(topicsPart, { ...topicHandlers, ...rulesHandlers }), runtimePorts));
  const PETITION = {
    estateId: 'hemu',
    title: '召开业主大会临时会议更换物业',
    summary: '物业服务长期不到位，业主联名提议召开业主大会临时会议，表决更换物业服务企业。',
    petition: true,
  };

  it('cannot be withdrawn by the organisers (the committee must put it forward); its proposer still may', async () => {
    const t = (await ok<TopicOutput>(call('demo-owner', 'proposeTopic', PETITION))).topic;
    await env.storage.transaction(async (tx) => {
      const doc = (await tx.get<TopicDoc>(TOPICS, t.topicId))!;
      await tx.update(TOPICS, t.topicId, doc.version, { ...doc.data, petitionReachedAt: env.clock.now().toISOString(), rev: doc.data.rev + 1 });
    });
    const ref = { estateId: 'hemu', topicId: t.topicId, expectedVersion: 2 };
    for (const who of ['demo-party-secretary', 'demo-committee']) {
      expect(await refused(call(who, 'withdrawTopic', { ...ref, reason: '暂不处理' }))).toMatchObject({ code: 'TOPIC_PETITION_PROTECTED' });
      expect((await ok<GetTopicOutput>(call(who, 'getTopic', { estateId: 'hemu', topicId: t.topicId }))).moves).not.toContain('withdraw');
    }
    expect((await env.storage.get<TopicDoc>(TOPICS, t.topicId))?.data.stage).toBe('proposed');
    await ok(call('demo-owner', 'withdrawTopic', { ...ref, reason: '联名业主已与物业协商解决' }));
  });
});

describe('plan attachments', () => {
  const topicsPart = defineCapability('deliberation', { labels: { ...topicLabels, ...rulesLabels }, actions: { ...topicActions, ...rulesActions } });
  const call = callerOf(createCloudFunction(implement(topicsPart, { ...topicHandlers, ...rulesHandlers }), runtimePorts));

  it('never show the uploader’s private path (their openid) to the members reading the plan', async () => {
    const proposal = {
      estateId: 'hemu',
      title: '1号楼电梯更新改造',
      summary: '1号楼两部电梯已运行 18 年，多次困人。提议使用维修资金更换为新电梯，请1号楼业主讨论方案和费用。',
      items: [{ title: '更换1号楼两部电梯', matter: 7, description: '拆除旧电梯，安装两部新电梯，工期约 3 个月。' }],
    };
    const t = (await ok<TopicOutput>(call('demo-owner', 'proposeTopic', proposal))).topic;
    const fileId = await upload('demo-owner', 'quote.pdf');
    await ok(call('demo-owner', 'publishPlanVersion', { estateId: 'hemu', topicId: t.topicId, expectedVersion: 1, text: '更换两部电梯，费用由维修资金支出。', changeNote: '初稿', attachments: [fileId] }));
    const seen = await ok<GetTopicOutput>(call('demo-party-secretary', 'getTopic', { estateId: 'hemu', topicId: t.topicId }));
    expect(seen.topic.plans).toHaveLength(1);
    expect(seen.topic.plans[0].attachments).toHaveLength(1);
    expect(JSON.stringify(seen)).not.toContain('demo-owner');
    expect(JSON.stringify(seen)).not.toContain('uploads/');
    expect(JSON.stringify(seen)).toContain('quote.pdf');
  });
});

describe('the shorter notice of a temporary meeting (rules: temporaryMeetingAllowed)', () => {
  const topicsPart = defineCapability('deliberation', { labels: { ...topicLabels, ...rulesLabels }, actions: { ...topicActions, ...rulesActions } });
  const call = callerOf(createCloudFunction(implement(topicsPart, { ...topicHandlers, ...rulesHandlers }), runtimePorts));
  const PETITION = {
    estateId: 'hemu',
    title: '召开业主大会临时会议更换物业',
    summary: '物业服务长期不到位，业主联名提议召开业主大会临时会议，表决更换物业服务企业。',
    items: [{ title: '解聘现物业服务企业', matter: 4, description: '合同到期前解聘，并启动新物业选聘。' }],
    petition: true,
  };

  async function petitionReadyToAnnounce(reached: boolean) {
    const fileId = await upload(STAFF);
    const rules = { ...DEFAULT_RULES, temporaryMeetingAllowed: true, temporaryMeetingNoticeDays: 7 };
    const d = (await ok<SaveRulesDraftOutput>(call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules, changeNote: '允许临时会议', documentFileId: fileId }))).draft;
    const p = await ok<PreviewRulesOutput>(call(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: d.draftId }));
    await ok(call(STAFF, 'activateRules', { estateId: 'hemu', draftId: d.draftId, fingerprint: p.fingerprint, activeVersionNo: 0 }));
    const t = (await ok<TopicOutput>(call('demo-owner', 'proposeTopic', PETITION))).topic;
    if (reached) {
      await env.storage.transaction(async (tx) => {
        const doc = (await tx.get<TopicDoc>(TOPICS, t.topicId))!;
        await tx.update(TOPICS, t.topicId, doc.version, { ...doc.data, petitionReachedAt: env.clock.now().toISOString(), rev: doc.data.rev + 1 });
      });
    }
    let v = reached ? 2 : 1;
    v = (await ok<TopicChangeOutput>(call('demo-party-secretary', 'prereviewTopic', { estateId: 'hemu', topicId: t.topicId, expectedVersion: v, decision: 'accept', note: '进入协商' }))).version;
    v = (await ok<TopicChangeOutput>(call('demo-owner', 'publishPlanVersion', { estateId: 'hemu', topicId: t.topicId, expectedVersion: v, text: '解聘现物业，选聘新物业。', changeNote: '首次发布' }))).version;
    return { estateId: 'hemu', topicId: t.topicId, expectedVersion: v };
  }

  it('applies only to a petition that reached 20 %; one that did not gets the ordinary notice', async () => {
    const ref = await petitionReadyToAnnounce(false);
    const terms = (await ok<GetTopicOutput>(call('demo-committee', 'getTopic', { estateId: 'hemu', topicId: ref.topicId }))).announceTerms;
    expect(terms?.noticeDays).toBe(DEFAULT_RULES.noticeDays);
    // 2026-12-02 is 9 days after TEST_NOW: enough for 7 days' notice, not for 15
    expect(await refused(call('demo-committee', 'announceTopic', { ...ref, votingOpensOn: '2026-12-02', votingDays: 10 }))).toMatchObject({ code: 'VOTING_OPENS_TOO_EARLY' });
  });

  it('a petition that reached 20 % may be announced with the temporary meeting’s notice', async () => {
    const ref = await petitionReadyToAnnounce(true);
    const terms = (await ok<GetTopicOutput>(call('demo-committee', 'getTopic', { estateId: 'hemu', topicId: ref.topicId }))).announceTerms;
    expect(terms?.noticeDays).toBe(7);
    await ok(call('demo-committee', 'announceTopic', { ...ref, votingOpensOn: '2026-12-02', votingDays: 10 }));
  });
});

describe('an owners’ petition where the rules need no pre-review (prereviewRequired: false)', () => {
  const call = callerOf(createCloudFunction(deliberationFunction, runtimePorts));

  it('stays open for co-signatures instead of skipping to consultation, where nobody could co-sign it', async () => {
    const fileId = await upload(STAFF);
    const rules = { ...DEFAULT_RULES, prereviewRequired: false };
    const d = (await ok<SaveRulesDraftOutput>(call(STAFF, 'saveRulesDraft', { estateId: 'hemu', rules, changeNote: '不再前置审查', documentFileId: fileId }))).draft;
    const p = await ok<PreviewRulesOutput>(call(STAFF, 'previewRulesActivation', { estateId: 'hemu', draftId: d.draftId }));
    await ok(call(STAFF, 'activateRules', { estateId: 'hemu', draftId: d.draftId, fingerprint: p.fingerprint, activeVersionNo: 0 }));
    const petition = {
      estateId: 'hemu',
      title: '召开业主大会临时会议更换物业',
      summary: '物业服务长期不到位，业主联名提议召开业主大会临时会议，表决更换物业服务企业。',
      petition: true,
    };
    const t = (await ok<TopicOutput>(call('demo-owner', 'proposeTopic', petition))).topic;
    expect(t.stage).toBe('proposed');
    const signed = await ok<{ petition: { signedUnitCount: number } }>(call('demo-multi-owner', 'cosignPetition', { estateId: 'hemu', topicId: t.topicId }));
    expect(signed.petition.signedUnitCount).toBeGreaterThan(0);
    // an ordinary proposal still skips pre-review under these rules
    const plain = (await ok<TopicOutput>(call('demo-owner', 'proposeTopic', { ...petition, petition: false, title: '南门增设快递柜' }))).topic;
    expect(plain.stage).toBe('consultation');
  });
});

describe('moderators and reports against their own comments', () => {
  const call = callerOf(createCloudFunction(deliberationFunction, runtimePorts));
  const ref = { estateId: 'hemu', topicId: 't_demo_1' };

  it('a moderator may not dismiss reports against, or unhide, their own comment; another moderator may', async () => {
    const mine = (await ok<{ comment: { commentId: string } }>(call('demo-party-secretary', 'addComment', { ...ref, stance: 'suggest', comment: '请大家不要再拖了，这件事就这么定了。' }))).comment;
    const cref = { ...ref, commentId: mine.commentId };
    await ok(call('demo-owner', 'reportComment', { ...cref, reportReason: 'abuse' }));
    expect(await refused(call('demo-party-secretary', 'dismissReports', { ...cref, reason: '我认为没有问题' }))).toMatchObject({ code: 'OWN_COMMENT_DECISION' });
    await ok(call('demo-community-staff', 'hideComment', { ...cref, reason: '语气不当，请修改后重新发表' }));
    expect(await refused(call('demo-party-secretary', 'unhideComment', { ...cref, reason: '恢复显示' }))).toMatchObject({ code: 'OWN_COMMENT_DECISION' });
    await ok(call('demo-community-staff', 'unhideComment', { ...cref, reason: '已核实，恢复显示' }));
  });
});
