/**
 * The road to a vote on both engines: the party branch starts a topic from a request (through the deliberation use
 * case, into consultation) or the committee links an existing topic; request and topic point to each other, the
 * requester's timeline shows 'linked_to_topic' with the topic's title and the detail carries the topic's stage;
 * anyone else is refused, a second link is refused, and refusals write nothing.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { readAuditEvents } from '../../server/app/audit/log';
import { createCloudFunction } from '../../server/app/handler';
import { TOPICS } from '../../server/app/deliberation/records';
import { deliberationFunction } from '../../server/app/deliberation';
import { requestsFunction } from '../../server/app/requests';
import { REQUESTS } from '../../server/app/requests/records';
import type { GetTopicOutput } from '../../types/deliberation';
import type { FileRequestOutput, LinkRequestToTopicOutput, RequestDetailOutput } from '../../types/requests';
import { callerOf, okOf as ok, refusalOf as refused } from '../support/handler-client';
import { freshEnv, type TestEnv } from '../support/ports';

const call = callerOf(createCloudFunction(requestsFunction, runtimePorts));
const callTopics = callerOf(createCloudFunction(deliberationFunction, runtimePorts));
const OWNER = 'demo-owner';
const SECRETARY = 'demo-party-secretary';
const COMMITTEE = 'demo-committee';
const STAFF = 'demo-community-staff';
const E = { estateId: 'hemu' };

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const file = async (key: string, visibility = 'public') =>
  (await ok<FileRequestOutput>(call(OWNER, 'fileRequest', { ...E, idempotencyKey: key, category: 'public_facility', description: '电动自行车没有地方充电，希望增设充电棚', locationKind: 'public', place: '3号楼北侧', visibility }))).requestId;
const written = async () => ({ audit: (await readAuditEvents(env.storage, 'hemu')).length, topics: await env.storage.count(TOPICS, { estateId: 'hemu' }) });

describe('requests: the road to a vote', () => {
  it('the party branch starts a topic from a request; both point to each other; the requester follows it', async () => {
    const requestId = await file('key-00000001');
    const out = await ok<LinkRequestToTopicOutput>(call(SECRETARY, 'linkRequestToTopic', { ...E, requestId, topicTitle: '增设电动自行车充电棚', topicSummary: '业主诉求：3号楼北侧增设充电棚，费用拟从公共收益列支，需业主共同决定' }));
    expect(out.topic).toMatchObject({ title: '增设电动自行车充电棚', stage: 'consultation' });
    const topic = await env.storage.get(TOPICS, out.topic.topicId);
    expect(topic?.data).toMatchObject({ requestIds: [requestId], proposerKind: 'party_branch' });
    const shown = await ok<GetTopicOutput>(callTopics(SECRETARY, 'getTopic', { ...E, topicId: out.topic.topicId }));
    expect(shown.topic.requestIds).toEqual([requestId]);
    const d = await ok<RequestDetailOutput>(call(OWNER, 'requestDetail', { ...E, requestId }));
    expect(d.topic).toEqual(out.topic);
    expect(d.timeline.at(-1)).toMatchObject({ kind: 'linked_to_topic', actorRole: 'party_secretary', text: '增设电动自行车充电棚' });
    expect(d.status).toBe('dispatched');
    const audit = (await readAuditEvents(env.storage, 'hemu')).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['topic.opened', 'request.linked_to_topic']));
    // a second link is refused
    expect((await refused(call(COMMITTEE, 'linkRequestToTopic', { ...E, requestId, topicId: out.topic.topicId }))).code).toBe('REQUEST_ALREADY_LINKED');
  });

  it('the committee links an existing topic; refusals write nothing', async () => {
    const first = await file('key-00000002');
    const { topic } = await ok<LinkRequestToTopicOutput>(call(COMMITTEE, 'linkRequestToTopic', { ...E, requestId: first, topicTitle: '充电棚选址', topicSummary: '根据业主诉求讨论充电棚的选址与费用来源' }));
    expect(topic.stage).toBe('proposed');
    const second = await file('key-00000003');
    const hidden = await file('key-00000004', 'private');
    const before = await written();
    expect((await refused(call(OWNER, 'linkRequestToTopic', { ...E, requestId: second, topicId: topic.topicId }))).code).toBe('FORBIDDEN');
    expect((await refused(call(STAFF, 'linkRequestToTopic', { ...E, requestId: second, topicId: topic.topicId }))).code).toBe('FORBIDDEN');
    expect((await refused(call(COMMITTEE, 'linkRequestToTopic', { ...E, requestId: second }))).code).toBe('REQUEST_TOPIC_CHOICE');
    expect((await refused(call(COMMITTEE, 'linkRequestToTopic', { ...E, requestId: second, topicId: topic.topicId, topicTitle: '另一个议题' }))).code).toBe('REQUEST_TOPIC_CHOICE');
    expect((await refused(call(COMMITTEE, 'linkRequestToTopic', { ...E, requestId: second, topicId: 't_nope' }))).code).toBe('TOPIC_NOT_FOUND');
    expect((await refused(call(COMMITTEE, 'linkRequestToTopic', { ...E, requestId: hidden, topicId: topic.topicId }))).code).toBe('REQUEST_NOT_FOUND');
    expect(await written()).toEqual(before);
    expect((await env.storage.get(REQUESTS, second))?.data.topicId).toBeUndefined();
    await ok(call(COMMITTEE, 'linkRequestToTopic', { ...E, requestId: second, topicId: topic.topicId }));
    expect((await env.storage.get(TOPICS, topic.topicId))?.data.requestIds).toEqual([first, second]);
  });
});
