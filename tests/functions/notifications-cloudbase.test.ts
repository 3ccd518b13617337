import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCloudbasePorts, type CloudbaseSdk } from '../../server/adapters/cloudbase';
import type { SubscribeMessageApi } from '../../server/adapters/cloudbase/notifier';
import { ManualClock } from '../../server/adapters/local/clock';
import { createCloudFunction } from '../../server/app/handler';
import { identityFunction } from '../../server/app/identity';
import { JOBS, JOBS_TRIGGER } from '../../server/app/jobs';
import { createJobsFunction } from '../../server/app/jobs/timer-function';
import { messagesFunction } from '../../server/app/messages';
import { seedDemoEstate } from '../../server/seed/load';
import type { Ports } from '../../server/ports';
import type { ApiResult } from '../../types/errors';
import { PRIVACY_NOTICE_VERSION } from '../../types/identity';
import { fakeCloudbaseDb, FakeCloudbaseServer } from '../support/cloudbase-fake';
import { TEST_HASH_KEY, TEST_NOW } from '../support/ports';

/**
 * The Done-when, on the production adapters: the CloudBase ports (database over the in-process fake
 * server, caller from the CloudBase context, subscription messages through the wx-server-sdk cloud call, here a
 * recorder) run the identity, messages and jobs functions.
 */
let caller = '';
let ports: Ports;
let calls: Parameters<SubscribeMessageApi['send']>[0][];

function sdk(server: FakeCloudbaseServer): CloudbaseSdk {
  return {
    SYMBOL_CURRENT_ENV: Symbol.for('SYMBOL_CURRENT_ENV'),
    init: () => ({
      database: () => fakeCloudbaseDb(server).db,
      auth: () => ({ getUserInfo: () => ({ openId: caller }) }), // the WeChat context of the invocation
      uploadFile: async () => ({ fileID: '' }),
      downloadFile: async () => ({ fileContent: Buffer.alloc(0) }),
    }),
  };
}

beforeEach(async () => {
  calls = [];
  ports = await createCloudbasePorts({
    sdk: sdk(new FakeCloudbaseServer()),
    hashKey: TEST_HASH_KEY,
    clock: new ManualClock(TEST_NOW),
    templates: { staff_review: 'tmpl-staff-review' },
    subscribeApi: async () => ({
      async send(args) {
        calls.push(args);
        return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' };
      },
    }),
  });
  caller = '';
  // without the demo requests: the jobs tick below would escalate the overdue one and message community staff too
  await seedDemoEstate(ports, { requests: false });
});
afterEach(async () => ports.storage.close());

const identity = createCloudFunction(identityFunction, async () => ports);
const messages = createCloudFunction(messagesFunction, async () => ports);
const jobs = createJobsFunction(JOBS_TRIGGER.name, JOBS, async () => ports);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const as = async (openid: string, fn: typeof identity, action: string, input: unknown = {}): Promise<ApiResult<any>> => {
  caller = openid;
  try {
    return await fn({ action, input }, {});
  } finally {
    caller = '';
  }
};
const tick = (over: Record<string, unknown> = {}) => ({ Type: 'Timer', TriggerName: JOBS_TRIGGER.name, Time: TEST_NOW, ...over });

it('a lockout produces a message in the staff inbox and a subscription-message request in the CloudBase adapter', async () => {
  // the staff member tapped "开启微信提醒" and accepted the review template
  expect(await as('demo-community-staff', messages, 'recordSubscription', { accepted: ['staff_review'] })).toEqual({ ok: true, data: { remaining: { staff_review: 1 } } });
  const claim = { estateId: 'hemu', unit: { building: '2', entrance: '1', room: '102' }, name: '马建国', phone: '13800000000', consentVersion: PRIVACY_NOTICE_VERSION };
  for (let i = 0; i < 5; i++) await as('demo-unverified', identity, 'verifyByRoster', claim);
  expect(calls).toEqual([]); // nothing is sent inside the request: the outbox waits for the job

  const run = await jobs(tick(), {});
  expect(run.ok && run.data.runs.map((r) => [r.name, r.ok])).toEqual(JOBS.map((j) => [j.name, true])); // 10:00: every job is due
  expect(run.ok && run.data.runs.find((r) => r.name === 'deliverOutbox')).toMatchObject({ result: { delivered: 1, wechatSent: 1 } });

  const inbox = await as('demo-community-staff', messages, 'listMessages', {});
  expect(inbox).toMatchObject({ ok: true, data: { messages: [{ kind: 'verification_locked', title: '有住户核验被锁定', staff: true, read: false }] } });
  expect(await as('demo-community-staff', messages, 'unreadCount', {})).toEqual({ ok: true, data: { unread: 1, staff: 1 } });
  expect(calls).toEqual([
    {
      touser: 'demo-community-staff',
      templateId: 'tmpl-staff-review',
      page: 'packages/staff/identity/review/index',
      data: { thing1: { value: '核验失败次数过多已锁定' }, thing2: { value: '2号楼1单元102' }, time3: { value: '2026年11月23日 10:00' } },
      miniprogramState: 'formal',
      lang: 'zh_CN',
    },
  ]);
  // a second tick sends nothing more: the inbox message and the subscription message each went out once
  await jobs(tick({ Time: '2026-11-23T02:01:00.000Z' }), {});
  expect(calls).toHaveLength(1);
  expect(await as('demo-community-staff', messages, 'listMessages', {})).toMatchObject({ data: { messages: [expect.anything()] } });
});

describe('the jobs function runs only for its timer trigger', () => {
  it('refuses a user call (a caller with an OPENID), even one that imitates a timer event', async () => {
    expect(await as('demo-community-staff', jobs as never, 'x')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    caller = 'demo-community-staff';
    expect(await jobs(tick(), {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    caller = '';
  });

  it('refuses events that are not its timer tick', async () => {
    expect(await jobs({ action: 'deliverOutbox' }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await jobs({ Type: 'Timer', TriggerName: 'other', Time: TEST_NOW }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await jobs(null, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await jobs(tick({ Type: 'timer' }), {})).toMatchObject({ ok: true }); // Tencent SCF spells it lower-case
  });

  it('cloudbaserc.json declares exactly the registry trigger on the jobs function, and no other function has one', () => {
    const rc = JSON.parse(readFileSync(join(process.cwd(), 'cloudbaserc.json'), 'utf8')) as { functions: { name: string; triggers?: unknown[] }[] };
    const withTriggers = rc.functions.filter((f) => f.triggers?.length);
    expect(withTriggers.map((f) => f.name)).toEqual(['jobs']);
    expect(withTriggers[0].triggers).toEqual([{ ...JOBS_TRIGGER }]);
    expect(JOBS_TRIGGER.config.split(' ')).toHaveLength(7); // CloudBase cron: s m h d M w y
  });
});
