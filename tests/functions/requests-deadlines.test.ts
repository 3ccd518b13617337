/**
 * The requests' deadline job on both engines with the injected clock: a request ignored by the grid worker is
 * reminded before its limit, reaches the 居委会 on the limit and the 街道 24 hours later, each step on the timeline
 * the requester reads and in the audit log; a tick run twice does nothing more.
 */
import { runtimePorts } from '../../server/adapters/runtime';
import { readAuditEvents } from '../../server/app/audit/log';
import { createCloudFunction } from '../../server/app/handler';
import { JOBS } from '../../server/app/jobs';
import { requestsFunction } from '../../server/app/requests';
import { runRequestDeadlines } from '../../server/app/requests/deadline-job';
import type { FileRequestOutput, RequestDetailOutput } from '../../types/requests';
import { callerOf, okOf as ok, refusalOf as refused } from '../support/handler-client';
import { freshEnv, TEST_NOW, type TestEnv } from '../support/ports';

const call = callerOf(createCloudFunction(requestsFunction, runtimePorts));
const OWNER = 'demo-owner';
const PROPERTY = 'demo-property-manager';
const HOUR = 3_600_000;

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv({ seed: true });
});
afterEach(async () => env.cleanup());

const noise = { estateId: 'hemu', idempotencyKey: 'key-00000001', category: 'noise', description: '夜间施工噪音', locationKind: 'public', place: '小区东门', visibility: 'private' };
const detail = (requestId: string) => ok<RequestDetailOutput>(call(OWNER, 'requestDetail', { estateId: 'hemu', requestId }));

describe('requests: the deadline job', () => {
  it('is on the platform scheduler', () => {
    expect(JOBS.map((j) => j.name)).toContain('requestDeadlines');
  });

  it('a request ignored by the grid worker is reminded, then reaches the 居委会 and the 街道 on time', async () => {
    const { requestId } = await ok<FileRequestOutput>(call(OWNER, 'fileRequest', noise));
    const t0 = Date.parse(TEST_NOW);
    env.clock.set(new Date(t0 + 19 * HOUR));
    expect(await runRequestDeadlines(env.ports)).toEqual({ escalated: 0, closed: 0, reminded: 0 });
    env.clock.set(new Date(t0 + 20 * HOUR));
    expect(await runRequestDeadlines(env.ports)).toEqual({ escalated: 0, closed: 0, reminded: 1 });
    expect(await runRequestDeadlines(env.ports)).toEqual({ escalated: 0, closed: 0, reminded: 0 });
    env.clock.set(new Date(t0 + 24 * HOUR - 1000));
    expect(await runRequestDeadlines(env.ports)).toEqual({ escalated: 0, closed: 0, reminded: 0 });
    expect((await detail(requestId)).holder).toBe('grid');
    env.clock.set(new Date(t0 + 24 * HOUR));
    expect(await runRequestDeadlines(env.ports)).toEqual({ escalated: 1, closed: 0, reminded: 0 });
    expect(await runRequestDeadlines(env.ports)).toEqual({ escalated: 0, closed: 0, reminded: 0 });
    let d = await detail(requestId);
    expect([d.holder, d.status, d.respondBy]).toEqual(['community', 'dispatched', new Date(t0 + 48 * HOUR).toISOString()]);
    env.clock.set(new Date(t0 + 48 * HOUR));
    await runRequestDeadlines(env.ports);
    d = await detail(requestId);
    expect(d.holder).toBe('subdistrict');
    expect(d.timeline.map((t) => [t.kind, t.holder, t.at])).toEqual([
      ['received', null, TEST_NOW],
      ['dispatch', 'grid', TEST_NOW],
      ['reminded', 'grid', new Date(t0 + 20 * HOUR).toISOString()],
      ['escalate', 'community', new Date(t0 + 24 * HOUR).toISOString()],
      ['escalate', 'subdistrict', new Date(t0 + 48 * HOUR).toISOString()],
    ]);
    const audit = (await readAuditEvents(env.storage, 'hemu')).filter((e) => e.action.startsWith('request.'));
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['request.filed', expect.stringMatching(/^p_/)],
      ['request.reminded', 'system'],
      ['request.escalate', 'system'],
      ['request.escalate', 'system'],
    ]);
    // escalation never hands it to the property company
    expect((await refused(call(PROPERTY, 'requestDetail', { estateId: 'hemu', requestId }))).code).toBe('REQUEST_NOT_FOUND');
  });

  it('reads requests by when they are due: pages of not-yet-due requests never hide a due one', async () => {
    const t0 = Date.parse(TEST_NOW);
    const key = (n: number) => `key-${String(n).padStart(8, '0')}`;
    const due = [await ok<FileRequestOutput>(call(OWNER, 'fileRequest', { ...noise, idempotencyKey: key(1) })), await ok<FileRequestOutput>(call(OWNER, 'fileRequest', { ...noise, idempotencyKey: key(2) }))];
    // filed 10 hours later: their first reminder comes at t0 + 30 h
    env.clock.set(new Date(t0 + 10 * HOUR));
    for (let n = 3; n <= 7; n++) await ok<FileRequestOutput>(call(OWNER, 'fileRequest', { ...noise, idempotencyKey: key(n), description: `夜间施工噪音 ${n}` }));
    env.clock.set(new Date(t0 + 24 * HOUR));
    // one request per page: the two due ones come first, the five others are never read
    expect(await runRequestDeadlines(env.ports, { batch: 1 })).toEqual({ escalated: 2, closed: 0, reminded: 0 });
    for (const { requestId } of due) expect((await detail(requestId)).holder).toBe('community');
    expect(await runRequestDeadlines(env.ports, { batch: 1 })).toEqual({ escalated: 0, closed: 0, reminded: 0 });
  });
});
