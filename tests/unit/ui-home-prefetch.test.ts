import type { ListTopicsInput, TopicSummary } from '../../types/deliberation';
import type { ApiResult } from '../../types/errors';
import type { MeInput, MeOutput } from '../../types/identity';
import { createPrefetch, opensOnHome, PREFETCH_MAX_AGE_MS } from '../../src/lib/home-prefetch';
import { estateToRemember, loadHome, type HomeApi } from '../../src/lib/home-state';

const estate = (estateId: string) => ({
  estateId,
  name: `小区${estateId}`,
  district: '浦东新区',
  address: '锦绣路 100 弄',
  communityName: '锦绣居委会',
  partyBranchName: '支部',
  buildingCount: 2,
  totals: { unitCount: 10, areaCenti: 100_000, headcount: 9 },
});
const meIn = (estateId: string, roles: string[] = ['owner']): MeOutput =>
  ({
    estates: [{ estateId: 'e1', name: '小区e1' }, { estateId: 'e2', name: '小区e2' }],
    current: { estate: estate(estateId), displayName: '王*明', roles, units: [], formerUnits: [] },
  }) as MeOutput;
const topic = (topicId: string) => ({ topicId, title: `议题${topicId}` }) as TopicSummary;

/**
 * A fake API whose answers arrive when the test releases them, recording what was asked and in which order,
 * so "asked together with me" is observable: listTopics is asked before me() has answered.
 */
function fakeApi(me: MeOutput) {
  const calls: string[] = [];
  let releaseMe!: () => void;
  const meAnswered = new Promise<void>((r) => (releaseMe = r));
  const api: Pick<HomeApi, 'identity' | 'deliberation'> = {
    identity: {
      me: async (i: MeInput) => {
        calls.push(`me(${i.estateId ?? ''})`);
        await meAnswered;
        calls.push('me answered');
        return { ok: true, data: me } as ApiResult<MeOutput>;
      },
    },
    deliberation: {
      listTopics: async (i: ListTopicsInput) => {
        calls.push(`listTopics(${i.estateId})`);
        return { ok: true, data: { topics: [topic(`${i.estateId}-t`)] } };
      },
      openTopic: async () => {
        throw new Error('not used');
      },
    },
  };
  return { api, calls, releaseMe };
}

describe('loadHome with the estate shown last on this device', () => {
  it('asks for its topics together with me(), not after it (one round trip less)', async () => {
    const { api, calls, releaseMe } = fakeApi(meIn('e1'));
    const loading = loadHome(api, undefined, 'e1');
    await Promise.resolve();
    expect(calls).toEqual(['me()', 'listTopics(e1)']);
    releaseMe();
    const state = await loading;
    expect(calls).toEqual(['me()', 'listTopics(e1)', 'me answered']);
    expect(state).toMatchObject({ status: 'ready', current: { estate: { estateId: 'e1' } }, topics: { status: 'ready', topics: [{ topicId: 'e1-t' }] } });
  });

  it("drops the early answer when me() makes another estate current, and asks for that estate's topics", async () => {
    const { api, calls, releaseMe } = fakeApi(meIn('e2'));
    const loading = loadHome(api, undefined, 'e1');
    releaseMe();
    const state = await loading;
    expect(calls).toEqual(['me()', 'listTopics(e1)', 'me answered', 'listTopics(e2)']);
    expect(state).toMatchObject({ status: 'ready', topics: { status: 'ready', topics: [{ topicId: 'e2-t' }] } });
  });

  it('never shows topics the caller may not view, even when they were asked for early', async () => {
    const { api, releaseMe } = fakeApi(meIn('e1', []));
    const loading = loadHome(api, undefined, 'e1');
    releaseMe();
    await expect(loading).resolves.toMatchObject({ status: 'ready', topics: { status: 'not-allowed' } });
  });

  it('switching estates asks for the chosen estate and its topics together, me() first', async () => {
    const { api, calls, releaseMe } = fakeApi(meIn('e2'));
    const loading = loadHome(api, 'e2', 'e1');
    releaseMe();
    await loading;
    expect(calls).toEqual(['me(e2)', 'listTopics(e2)', 'me answered']);
  });

  it('without a remembered estate: me(), then the topics (as before)', async () => {
    const { api, calls, releaseMe } = fakeApi(meIn('e1'));
    const loading = loadHome(api);
    releaseMe();
    await loading;
    expect(calls).toEqual(['me()', 'me answered', 'listTopics(e1)']);
  });
});

describe('estateToRemember', () => {
  it('remembers the estate whose topics were shown, forgets when no list is shown, keeps it on errors', async () => {
    const ready = await (async () => {
      const { api, releaseMe } = fakeApi(meIn('e2'));
      const p = loadHome(api);
      releaseMe();
      return p;
    })();
    expect(estateToRemember(ready)).toBe('e2');
    expect(estateToRemember({ status: 'no-estate', estates: [] })).toBeNull();
    expect(estateToRemember({ ...(ready as Extract<typeof ready, { status: 'ready' }>), topics: { status: 'not-allowed' } })).toBeNull();
    expect(estateToRemember({ status: 'error', error: { code: 'INTERNAL', message: '系统繁忙' } })).toBeUndefined();
    expect(estateToRemember({ status: 'loading' })).toBeUndefined();
  });
});

describe('home prefetch at app start (H5)', () => {
  it('starts only when the hash router opens the home page', () => {
    for (const hash of ['', '#', '#/', '#/pages/home/index', '#/pages/home/index?x=1']) expect(opensOnHome(hash)).toBe(true);
    for (const hash of ['#/pages/me/index', '#/pages/home/indexes', '#/packages/staff/identity/roster/index?estateId=e1']) expect(opensOnHome(hash)).toBe(false);
  });

  it('hands its answer to the first load only, once', async () => {
    let loads = 0;
    const prefetch = createPrefetch<number>(() => 0);
    expect(prefetch.take()).toBeUndefined();
    prefetch.start(async () => ++loads);
    await expect(prefetch.take()).resolves.toBe(1);
    expect(prefetch.take()).toBeUndefined();
    expect(loads).toBe(1);
  });

  it('an answer older than the limit is not used (the page asks again)', () => {
    let now = 1_000;
    const prefetch = createPrefetch<number>(() => now);
    prefetch.start(async () => 1);
    now += PREFETCH_MAX_AGE_MS + 1;
    expect(prefetch.take()).toBeUndefined();
  });
});
