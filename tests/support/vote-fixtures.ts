import { TOPICS, type TopicDoc } from '../../server/app/deliberation/records';
import { RULES_VERSIONS } from '../../server/app/deliberation/rules-store';
import type { GetTopicOutput, TopicChangeOutput, TopicOutput } from '../../types/deliberation';
import type { ApiResult } from '../../types/errors';
import { DEFAULT_RULES, type ProcedureRules } from '../../types/procedure-rules';
import { okOf as ok } from './handler-client';
import type { TestEnv } from './ports';

/** How a test calls the deliberation function (each voting test builds its own functions). */
export type DeliberationCall = <T>(openid: string, action: string, input: unknown) => Promise<ApiResult<T>>;

/** The demo seed's accounts the fixture acts as. */
const OWNER = 'demo-owner';
const SECRETARY = 'demo-party-secretary';
const COMMITTEE = 'demo-committee';

/** When the fixture's vote opens (2026-12-09 09:00 in Beijing) and closes (after 10 days, at Beijing midnight). */
export const VOTE_OPENS_AT = '2026-12-09T01:00:00.000Z';
export const VOTE_CLOSES_AT = '2026-12-18T16:00:00.000Z';

/**
 * The voting tests' topic, through the real deliberation actions: 王建国 proposes a building-1 topic with two items
 * (matter 7: three quarters; matter 5: more than half), the party secretary accepts it, the plan is published, the
 * committee announces the vote for 2026-12-09 (Beijing) for 10 days, and (unless `open: false`) the clock moves to
 * the opening and the secretary opens it. `rules` / `channels` stand for a notice frozen under other rules of procedure
 * or channels (written into the frozen announcement, as an announcement under those rules would have).
 */
export async function announcedVote(
  env: TestEnv,
  delib: DeliberationCall,
  opts: { open?: boolean; rules?: Partial<ProcedureRules>; channels?: ('online' | 'paper')[] } = {},
): Promise<{ topicId: string; items: string[] }> {
  const { topic } = await ok(delib<TopicOutput>(OWNER, 'proposeTopic', {
    estateId: 'hemu',
    title: '1号楼电梯更新改造',
    summary: '1号楼两部电梯已运行 18 年，多次困人。提议使用维修资金更换为新电梯，请1号楼业主讨论方案和费用。',
    scope: { kind: 'buildings', buildings: ['1号楼'] },
    items: [
      { title: '更换1号楼两部电梯', matter: 7, description: '拆除旧电梯，安装两部新电梯，工期约 3 个月。' },
      { title: '使用1号楼维修资金', matter: 5, description: '费用 60 万元，从1号楼维修资金列支。' },
    ],
  }));
  const topicId = topic.topicId;
  await ok(delib(SECRETARY, 'prereviewTopic', { estateId: 'hemu', topicId, expectedVersion: 1, decision: 'accept', note: '符合法规，进入协商' }));
  await ok(delib(OWNER, 'publishPlanVersion', { estateId: 'hemu', topicId, expectedVersion: 2, text: '更换两部电梯\n费用 60 万元', changeNote: '首次发布' }));
  await ok(delib<TopicChangeOutput>(COMMITTEE, 'announceTopic', { estateId: 'hemu', topicId, expectedVersion: 3, votingOpensOn: '2026-12-09', votingDays: 10 }));
  const { rules, channels } = opts;
  if (rules || channels) {
    await env.storage.transaction(async (tx) => {
      if (rules) {
        await tx.create(RULES_VERSIONS, 'hemu:9', { estateId: 'hemu', versionNo: 9, rules: { ...DEFAULT_RULES, ...rules }, document: null, note: '', fingerprint: 'f', activatedAt: '2026-01-01T00:00:00.000Z', activatedBy: 'x', draftId: 'd' });
      }
      const t = (await tx.get<TopicDoc>(TOPICS, topicId))!;
      const a = t.data.announcement!;
      await tx.update(TOPICS, topicId, t.version, {
        ...t.data,
        announcement: { ...a, ...(rules ? { rules: { ...a.rules, versionId: 'hemu:9', versionNo: 9 } } : {}), ...(channels ? { channels } : {}) },
      });
    });
  }
  const detail = await ok(delib<GetTopicOutput>(SECRETARY, 'getTopic', { estateId: 'hemu', topicId }));
  const items = detail.topic.announcement!.items.map((i) => i.itemId);
  if (opts.open !== false) {
    env.clock.set(VOTE_OPENS_AT);
    await ok(delib(SECRETARY, 'openVoting', { estateId: 'hemu', topicId, expectedVersion: detail.topic.version }));
  }
  return { topicId, items };
}
