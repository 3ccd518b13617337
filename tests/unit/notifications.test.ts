import { cronEvery, dueJobs, JOBS, tickMinutes, type JobDef } from '../../server/app/jobs';
import { classifySendError, templateIdsFromEnv } from '../../server/ports/notifier';
import {
  KEYWORD_LIMITS,
  MAX_TEMPLATES_PER_REQUEST,
  NOTIFICATION_KIND_NAMES,
  NOTIFICATION_KINDS,
  notificationPage,
  renderNotification,
  STAFF_KINDS,
  SUBSCRIPTION_KEYS,
  SUBSCRIPTION_TEMPLATES,
  subscriptionData,
} from '../../types/notifications';

const AT = '2026-11-23T02:00:00.000Z';
const sample = (kind: (typeof NOTIFICATION_KIND_NAMES)[number]) =>
  Object.fromEntries(Object.entries(NOTIFICATION_KINDS[kind].params as Record<string, string>).map(([p, k]) => [p, k === 'instant' ? AT : k === 'count' ? 3 : `值${p}`]));

describe('notification kinds as data', () => {
  it('all templates fit one WeChat request dialog (at most 3)', () => {
    expect(SUBSCRIPTION_KEYS.length).toBeLessThanOrEqual(MAX_TEMPLATES_PER_REQUEST);
    expect(new Set(SUBSCRIPTION_KEYS.map((k) => SUBSCRIPTION_TEMPLATES[k].configKey)).size).toBe(SUBSCRIPTION_KEYS.length);
  });

  it.each(NOTIFICATION_KIND_NAMES)('%s: every placeholder is a declared param (or {at}), and the WeChat data fills every keyword of its template', (kind) => {
    const def = NOTIFICATION_KINDS[kind];
    const declared = new Set([...Object.keys(def.params), 'at']);
    for (const text of [def.title, def.body, ...Object.values(def.wechat.data as Record<string, string>)]) {
      for (const [, name] of text.matchAll(/\{(\w+)\}/g)) expect(declared).toContain(name);
    }
    const rendered = renderNotification(kind, sample(kind), AT);
    expect(`${rendered.title}${rendered.body}`).not.toMatch(/[{}]/);
    const keywords = SUBSCRIPTION_TEMPLATES[def.wechat.template].keywords as Record<string, keyof typeof KEYWORD_LIMITS>;
    const data = subscriptionData(kind, sample(kind), AT);
    expect(Object.keys(data).sort()).toEqual(Object.keys(keywords).sort());
    for (const [keyword, { value }] of Object.entries(data)) {
      expect(value.length).toBeGreaterThan(0);
      expect(Array.from(value).length).toBeLessThanOrEqual(KEYWORD_LIMITS[keywords[keyword]]);
    }
    expect(def.page).toMatch(/^(pages|packages)\/[a-z/]+\/index$/);
  });

  it('opens the page of the thing it is about: refs go into the query, never into the text', () => {
    const params = { estateId: 'e 1', topicId: 't1', title: '南门增设快递柜' };
    expect(notificationPage('question_answered', params)).toBe('pages/topic/index?estateId=e%201&topicId=t1');
    expect(renderNotification('question_answered', params, AT).body).not.toMatch(/t1|e 1/);
    expect(notificationPage('verification_locked', { unit: '1-101', until: AT })).toBe(NOTIFICATION_KINDS.verification_locked.page);
    // a kind opening a detail page must say which one: every topic-page kind carries the topic's refs
    for (const kind of NOTIFICATION_KIND_NAMES) {
      const def = NOTIFICATION_KINDS[kind];
      if (def.page === 'pages/topic/index') expect(def.params).toMatchObject({ estateId: 'ref', topicId: 'ref' });
      if (def.page === 'packages/requests/detail/index') expect(def.params).toMatchObject({ estateId: 'ref', requestId: 'ref' });
    }
  });

  it('renders instants in Beijing time and cuts long values to WeChat limits', () => {
    expect(renderNotification('verification_locked', { unit: '2号楼1单元102', until: '2026-11-24T02:00:00.000Z' }, AT).body).toContain('2026-11-24 10:00');
    const data = subscriptionData('verification_rejected', { unit: 'x', reason: '照片不清晰请重新拍摄并上传完整的不动产权证首页和附记页' }, AT);
    expect(data.thing3.value).toBe('照片不清晰请重新拍摄并上传完整的不动产…');
    expect(Array.from(data.thing3.value)).toHaveLength(20);
    expect(data.phrase2.value).toBe('未通过');
    expect(data.time4.value).toBe('2026年11月23日 10:00');
    expect(subscriptionData('verification_rejected', { unit: 'x', reason: '' }, AT).thing3.value).toBe('—'); // WeChat rejects empty values
  });

  it('the staff badge counts exactly the staff-audience kinds (estate staff, and the organisation a request reaches)', () => {
    const staffAudiences: string[] = ['estate_staff', 'request_holder'];
    expect(STAFF_KINDS.sort()).toEqual(NOTIFICATION_KIND_NAMES.filter((k) => staffAudiences.includes(NOTIFICATION_KINDS[k].audience)).sort());
  });
});

describe('WeChat configuration and answers', () => {
  it('reads template ids from the environment; unset or unrendered placeholders mean inbox-only', () => {
    const keys = { staff_review: 'A', decision_result: 'B', representative_confirm: 'C' };
    expect(templateIdsFromEnv(keys, { A: ' tmpl-1 ', B: '', C: '{{env.C}}' })).toEqual({ staff_review: 'tmpl-1' });
  });

  it('maps errCodes: 43101 refused, -1 and rate limits retry, other codes rejected, no answer unknown', () => {
    expect([43101, -1, 45009, 47003, 40003, undefined].map(classifySendError)).toEqual(['refused', 'retry', 'retry', 'rejected', 'rejected', 'unknown']);
  });
});

describe('jobs registry', () => {
  const job = (name: string, everyMinutes: number): JobDef => ({ name, everyMinutes, summary: name, run: async () => null });
  it('ticks at the greatest common interval and runs each job at its own minutes', () => {
    const jobs = [job('a', 2), job('b', 6)];
    expect(tickMinutes(jobs)).toBe(2);
    expect(cronEvery(2)).toBe('0 */2 * * * * *');
    expect(dueJobs(new Date('2026-11-23T02:06:03Z'), jobs).map((j) => j.name)).toEqual(['a', 'b']); // a few seconds late still counts
    expect(dueJobs(new Date('2026-11-23T02:02:00Z'), jobs).map((j) => j.name)).toEqual(['a']);
    expect(dueJobs(new Date('2026-11-23T02:03:00Z'), jobs)).toEqual([]);
  });
  it('includes the outbox delivery every minute', () => {
    expect(JOBS.find((j) => j.name === 'deliverOutbox')).toMatchObject({ everyMinutes: 1 });
  });
});
