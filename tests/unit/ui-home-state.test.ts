import type { ListTopicsInput, OpenTopicInput, TopicSummary } from '../../types/deliberation';
import type { ApiResult } from '../../types/errors';
import type { MeInput, MeOutput } from '../../types/identity';
import { createApi, type Transport } from '../../src/lib/api-core';
import {
  clearFieldError,
  formErrorsFrom,
  hasFormErrors,
  loadHome,
  submitOpenTopic,
  type HomeApi,
} from '../../src/lib/home-state';

const estate = {
  estateId: 'e1',
  name: '锦绣花园',
  district: '浦东新区',
  address: '锦绣路 100 弄',
  communityName: '锦绣居委会',
  partyBranchName: '中共锦绣花园小区支部委员会',
  buildingCount: 12,
  totals: { unitCount: 480, areaCenti: 4_321_050, headcount: 452 },
};

const meOk: MeOutput = {
  estates: [{ estateId: 'e1', name: '锦绣花园' }],
  current: { estate, displayName: '王*明', roles: ['owner'], units: [], formerUnits: [] },
};

const topic: TopicSummary = {
  topicId: 't1',
  title: '加装电梯征求意见',
  summary: '三号楼加装电梯，请大家发表意见。',
  stage: 'consultation',
  proposerKind: 'party_branch',
  petition: false,
  scopeLabel: '3号楼业主',
  openedAt: '2026-11-23T02:00:00.000Z',
  openedByLabel: '小区党支部',
};

/** A fake HomeApi whose replies are set per test; records every call. */
function fakeApi(replies: {
  me?: (i: MeInput) => ApiResult<MeOutput>;
  listTopics?: (i: ListTopicsInput) => ApiResult<{ topics: TopicSummary[] }>;
  openTopic?: (i: OpenTopicInput) => ApiResult<{ topic: TopicSummary }>;
}) {
  const calls: [string, unknown][] = [];
  const api: HomeApi = {
    identity: {
      me: async (i) => (calls.push(['me', i]), (replies.me ?? (() => ({ ok: true, data: meOk })))(i)),
    },
    deliberation: {
      listTopics: async (i) =>
        (calls.push(['listTopics', i]), (replies.listTopics ?? (() => ({ ok: true, data: { topics: [] } })))(i)),
      openTopic: async (i) =>
        (calls.push(['openTopic', i]), (replies.openTopic ?? (() => ({ ok: true, data: { topic } })))(i)),
    },
  };
  return { api, calls };
}

describe('loadHome', () => {
  it('asks who I am, then lists the topics of the current estate', async () => {
    const { api, calls } = fakeApi({ listTopics: () => ({ ok: true, data: { topics: [topic] } }) });
    const state = await loadHome(api);
    expect(calls).toEqual([
      ['me', {}],
      ['listTopics', { estateId: 'e1' }],
    ]);
    expect(state).toEqual({ status: 'ready', estates: meOk.estates, current: meOk.current, topics: { status: 'ready', topics: [topic] } });
  });

  it('passes the chosen estate to me() when switching', async () => {
    const { api, calls } = fakeApi({});
    await loadHome(api, 'e2');
    expect(calls[0]).toEqual(['me', { estateId: 'e2' }]);
  });

  it('reports "no estate" without listing topics when current is null', async () => {
    const { api, calls } = fakeApi({ me: () => ({ ok: true, data: { estates: [], current: null } }) });
    await expect(loadHome(api)).resolves.toEqual({ status: 'no-estate', estates: [] });
    expect(calls.map((c) => c[0])).toEqual(['me']);
  });

  it('fails the whole page when me() fails', async () => {
    const error = { code: 'NOT_AUTHENTICATED' as const, message: '请先登录' };
    const { api, calls } = fakeApi({ me: () => ({ ok: false, error }) });
    await expect(loadHome(api)).resolves.toEqual({ status: 'error', error });
    expect(calls).toHaveLength(1);
  });

  // Found in the issue 8 journey: a former owner left with no role saw 议题 "你没有权限执行此操作 重试" on his home.
  it('does not ask for topics a member with no role may not see, and says what would let him', async () => {
    const noRole = { ...meOk, current: { ...meOk.current!, roles: [], formerUnits: [] } };
    const { api, calls } = fakeApi({ me: () => ({ ok: true, data: noRole }) });
    const state = await loadHome(api);
    expect(calls.map((c) => c[0])).toEqual(['me']);
    expect(state).toMatchObject({ status: 'ready', topics: { status: 'not-allowed' } });
  });

  it('keeps the estate visible when only the topic list fails', async () => {
    const error = { code: 'INTERNAL' as const, message: '系统繁忙，请稍后再试' };
    const { api } = fakeApi({ listTopics: () => ({ ok: false, error }) });
    const state = await loadHome(api);
    expect(state).toMatchObject({ status: 'ready', current: { estate: { name: '锦绣花园' } }, topics: { status: 'error', error } });
  });
});

describe('formErrorsFrom', () => {
  it('puts the first message of each field under that field', () => {
    expect(
      formErrorsFrom({
        code: 'VALIDATION_FAILED',
        message: '提交的内容有误，请按提示修改',
        fields: [
          { field: 'title', code: 'FIELD_REJECTED', message: '标题至少需要 4 个字' },
          { field: 'title', code: 'FIELD_REJECTED', message: '标题格式不正确' },
          { field: 'summary', code: 'FIELD_REJECTED', message: '说明最多 2000 个字' },
        ],
      }),
    ).toEqual({ title: '标题至少需要 4 个字', summary: '说明最多 2000 个字' });
  });

  it('shows errors for fields that are not on the form at form level', () => {
    expect(
      formErrorsFrom({
        code: 'VALIDATION_FAILED',
        message: '提交的内容有误，请按提示修改',
        fields: [
          { field: 'estateId', code: 'FIELD_REJECTED', message: '小区格式不正确' },
          { field: 'title', code: 'FIELD_REJECTED', message: '标题不能为空' },
        ],
      }),
    ).toEqual({ title: '标题不能为空', form: '小区格式不正确' });
  });

  it('shows the error message at form level when there are no fields (e.g. FORBIDDEN)', () => {
    expect(formErrorsFrom({ code: 'FORBIDDEN', message: '你没有权限执行此操作' })).toEqual({ form: '你没有权限执行此操作' });
  });

  it('editing a field clears its message and the form-level one only', () => {
    const errors = { title: 'a', summary: 'b', form: 'c' };
    expect(clearFieldError(errors, 'title')).toEqual({ summary: 'b' });
    expect(hasFormErrors({})).toBe(false);
    expect(hasFormErrors({ summary: 'b' })).toBe(true);
  });
});

describe('submitOpenTopic', () => {
  it('sends the estate with the form and returns the new topic', async () => {
    const { api, calls } = fakeApi({});
    const outcome = await submitOpenTopic(api, 'e1', { title: '加装电梯征求意见', summary: '三号楼加装电梯，请大家发表意见。' });
    expect(outcome).toEqual({ ok: true, topic });
    expect(calls).toEqual([
      ['openTopic', { estateId: 'e1', title: '加装电梯征求意见', summary: '三号楼加装电梯，请大家发表意见。' }],
    ]);
  });

  it('maps server field errors onto the form', async () => {
    const { api } = fakeApi({
      openTopic: () => ({
        ok: false,
        error: { code: 'VALIDATION_FAILED', message: '提交的内容有误', fields: [{ field: 'summary', code: 'FIELD_REJECTED', message: '说明含有不允许的内容' }] },
      }),
    });
    await expect(submitOpenTopic(api, 'e1', { title: '加装电梯', summary: '一二三四五六七八九十' })).resolves.toEqual({
      ok: false,
      errors: { summary: '说明含有不允许的内容' },
    });
  });

  it('with the real client, validates locally: nothing is sent and both fields get messages', async () => {
    const sent: unknown[] = [];
    const transport: Transport = async (...args) => {
      sent.push(args);
      return { ok: true, data: { topic } };
    };
    const outcome = await submitOpenTopic(createApi(transport), 'e1', { title: '', summary: '太短' });
    expect(sent).toHaveLength(0);
    expect(outcome).toEqual({
      ok: false,
      errors: { title: '标题至少需要 4 个字', summary: '说明至少需要 10 个字' },
    });
  });
});
