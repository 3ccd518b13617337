import { main } from '../../cloudfunctions/deliberation';
import type { ListTopicsOutput, OpenTopicOutput } from '../../types/deliberation';
import type { ApiResult } from '../../types/errors';
import { auditActor, readAuditEvents, verifyEstateAudit } from '../../server/app/audit/log';
import { sequenceAudit } from '../../server/app/audit/sequence';
import { as, freshEnv, TEST_NOW, type TestEnv } from '../support/ports';

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const call = <T>(openid: string, action: string, input: unknown) => main({ action, input }, as(openid)) as Promise<ApiResult<T>>;
// the estate's own audit chain (the seeded votes also have their own ledger chains, 'vote:<topicId>')
const snapshot = async () => ({ topics: await env.storage.count('topics'), audit: await env.storage.count('audit_events', { estateId: 'hemu' }) });
const validTopic = { estateId: 'hemu', title: '南门增设快递柜', summary: '南门附近快递堆放影响通行，提议在南门内侧增设智能快递柜，请大家讨论位置和费用。' };

describe('deliberation.listTopics', () => {
  it('shows the seeded topics to an owner, live ones first, with scope and organisation labels', async () => {
    const r = await call<ListTopicsOutput>('demo-owner', 'listTopics', { estateId: 'hemu' });
    if (!r.ok) throw new Error(r.error.code);
    expect(r.data.topics.map((t) => [t.title, t.stage, t.scopeLabel])).toEqual([
      // the two seeded votes (server/seed/demo-votes.ts): the open one opened last
      ['增设电动自行车充电棚和更换消防水泵', 'voting', '全体业主'],
      ['外墙修缮和设置智能快递柜', 'voting', '全体业主'],
      ['小区停车位规划调整', 'consultation', '全体业主'],
      ['小区大门加装人脸识别门禁', 'returned', '全体业主'], // the owner's own returned proposal
      ['2025年度维修资金使用情况说明', 'closed', '全体业主'],
    ]);
    expect(r.data.topics.map((t) => t.openedByLabel)).toEqual(['和睦家园小区党支部', '和睦家园小区党支部', '和睦家园小区党支部', '业主提议', '和睦家园小区党支部']);
    expect(JSON.stringify(r.data)).not.toContain('demo-party-secretary'); // no personal identifiers leak
  });

  it('refuses accounts that hold no role in the estate', async () => {
    expect(await call('demo-newcomer', 'listTopics', { estateId: 'hemu' })).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } });
  });
});

describe('deliberation.openTopic', () => {
  it('lets the party secretary open a topic, which is listed and lands in the audit chain', async () => {
    const before = await snapshot();
    const r = await call<OpenTopicOutput>('demo-party-secretary', 'openTopic', { ...validTopic, title: `  ${validTopic.title}  ` });
    if (!r.ok) throw new Error(r.error.code);
    expect(r.data.topic).toMatchObject({ title: '南门增设快递柜', stage: 'consultation', scopeLabel: '全体业主', openedAt: TEST_NOW });
    expect(await snapshot()).toEqual({ topics: before.topics + 1, audit: before.audit + 1 });

    const list = await call<ListTopicsOutput>('demo-owner', 'listTopics', { estateId: 'hemu' });
    expect(list.ok && list.data.topics.map((t) => t.topicId)).toContain(r.data.topic.topicId);

    const events = await readAuditEvents(env.storage, 'hemu');
    expect(events.filter((e) => e.action === 'topic.opened' && !e.subject.startsWith('topics/t_demo_'))).toEqual([
      expect.objectContaining({ actor: auditActor(env.ports.crypto, 'hemu', 'demo-party-secretary'), subject: `topics/${r.data.topic.topicId}` }),
    ]);
    await sequenceAudit(env.ports, 'hemu');
    expect(await verifyEstateAudit(env.storage, env.ports.crypto, 'hemu')).toMatchObject({ ok: true, length: before.audit + 1, pending: 0 });
  });

  it.each(['demo-owner', 'demo-committee', 'demo-community-staff', 'demo-property-manager', 'demo-tenant'])(
    'refuses %s and writes nothing',
    async (openid) => {
      const before = await snapshot();
      expect(await call(openid, 'openTopic', validTopic)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '你没有权限执行此操作' } });
      expect(await snapshot()).toEqual(before);
    },
  );

  it('refuses a party secretary acting on another estate', async () => {
    expect(await call('demo-party-secretary', 'openTopic', { ...validTopic, estateId: 'elsewhere' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_A_MEMBER' },
    });
  });

  it('rejects invalid input field by field and writes nothing', async () => {
    const before = await snapshot();
    const r = await call('demo-party-secretary', 'openTopic', { estateId: 'hemu', title: '短', summary: '' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: '提交的内容有误，请按提示修改' } });
    if (!r.ok) {
      expect(r.error.fields).toEqual([
        { field: 'title', code: 'FIELD_TOO_SHORT', params: { label: '标题', minimum: 4, unit: '个字' }, message: '标题至少需要 4 个字' },
        { field: 'summary', code: 'FIELD_TOO_SHORT', params: { label: '说明', minimum: 10, unit: '个字' }, message: '说明至少需要 10 个字' },
      ]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the audit chain intact under concurrent openings', async () => {
    const before = await snapshot();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => call<OpenTopicOutput>('demo-party-secretary', 'openTopic', { ...validTopic, title: `并发议题第${i + 1}号` })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await snapshot()).toEqual({ topics: before.topics + 6, audit: before.audit + 6 });
    await sequenceAudit(env.ports, 'hemu');
    expect(await verifyEstateAudit(env.storage, env.ports.crypto, 'hemu')).toMatchObject({ ok: true, length: before.audit + 6, pending: 0 });
  });
});
