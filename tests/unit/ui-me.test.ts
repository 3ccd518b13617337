import { canSignOut, loadMe, privacyView, verificationStatus, type MeApi } from '../../src/lib/me-view';
import { FIRST_SCREEN_TEXT, firstSteps } from '../../src/lib/first-screen';
import { HOME_TEXT } from '../../src/lib/home-view';
import { PRIVACY_NOTICE_VERSION, type MeOutput, type MyVerificationsOutput } from '../../types/identity';
import type { RequestRow } from '../../src/lib/identity-verify';

const row = (status: RequestRow['status']): RequestRow => ({ requestId: status, title: 't', status, statusLabel: '', dateText: '', reasonText: null, code: null });
const unit = { unitId: 'hemu:1-1-101', label: '1号楼1单元101', areaCenti: 8952, isRepresentative: true };

describe('我的: verification status in plain words', () => {
  it('names verified units, a resident, pending requests, a turned-down request, or nothing yet', () => {
    expect(verificationStatus(['owner'], [unit], [])).toBe('已认证业主 · 1 套房屋');
    expect(verificationStatus(['resident'], [], [])).toBe('已登记为住户（不参加表决）');
    expect(verificationStatus(['owner'], [unit], [row('pending'), row('approved')])).toBe('已认证业主 · 1 套房屋；有 1 项申请等待审核');
    expect(verificationStatus([], [], [row('rejected')])).toBe('上次申请未通过，可以重新认证');
    expect(verificationStatus(['community_staff'], [], [])).toBe('还没有认证业主身份');
  });

  it('shows my consent to the current notice version, or says consent is asked before verification', () => {
    expect(privacyView([null, undefined]).consentLine).toContain('还没有同意过');
    const v = privacyView([{ noticeVersion: PRIVACY_NOTICE_VERSION, at: '2026-11-23T02:00:00.000Z' }]);
    expect(v.consentLine).toBe(`你已于 2026-11-23 10:00 同意本告知（版本 ${PRIVACY_NOTICE_VERSION}）。`);
    expect(privacyView([{ noticeVersion: '2000-01-01', at: '2026-11-23T02:00:00.000Z' }]).consentLine).toContain('还没有同意过');
    expect(v.paragraphs.length).toBeGreaterThan(1);
  });

  it('offers sign-out on H5 only (WeChat signs in with the WeChat account)', () => {
    expect(canSignOut('h5')).toBe(true);
    expect(canSignOut('weapp')).toBe(false);
  });
});

describe('我的: loading every estate of mine', () => {
  const verifications = (consent: MyVerificationsOutput['consent']): MyVerificationsOutput => ({ requests: [], lockedUntil: null, attemptsLeft: 5, requireIdLast4: false, consent });
  const current = (estateId: string, roles: MeOutput['current'] extends infer C ? (C extends { roles: infer R } ? R : never) : never) =>
    ({ estate: { estateId } as never, displayName: '王*国', roles, units: roles.includes('owner') ? [unit] : [], formerUnits: [] }) as NonNullable<MeOutput['current']>;

  it('asks me() once per other estate and myVerifications per estate, and marks a partial load', async () => {
    const calls: string[] = [];
    const api: MeApi = {
      identity: {
        me: async (input) => {
          calls.push(`me:${input.estateId ?? ''}`);
          const estates = [{ estateId: 'a', name: '甲小区' }, { estateId: 'b', name: '乙小区' }];
          return { ok: true, data: { estates, current: current(input.estateId ?? 'a', input.estateId === 'b' ? ['community_staff'] : ['owner']) } };
        },
        myVerifications: async ({ estateId }) => {
          calls.push(`mv:${estateId}`);
          return estateId === 'b'
            ? { ok: false, error: { code: 'INTERNAL', message: '出错了' } }
            : { ok: true, data: verifications({ noticeVersion: PRIVACY_NOTICE_VERSION, at: '2026-11-23T02:00:00.000Z' }) };
        },
      },
    };
    const s = await loadMe(api);
    expect(calls.sort()).toEqual(['me:', 'me:b', 'mv:a', 'mv:b']);
    if (s.status !== 'ready') throw new Error(s.status);
    expect(s.estates.map((e) => [e.name, e.status, e.roles.map((r) => r.label)])).toEqual([
      ['甲小区', '已认证业主 · 1 套房屋', ['业主']],
      ['乙小区', '还没有认证业主身份', ['社区居委会']],
    ]);
    expect(s.estates[0].units[0].url).toBe('/pages/identity/unit/index?estateId=a&unitId=hemu%3A1-1-101');
    expect(s.partial).toBe(true);
    expect(privacyView(s.consents).consentLine).toContain('你已于');
  });

  it('passes a failed me() on as an error (e.g. 请先登录)', async () => {
    const api: MeApi = {
      identity: {
        me: async () => ({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: '请先登录' } }),
        myVerifications: async () => {
          throw new Error('not called');
        },
      },
    };
    expect(await loadMe(api)).toEqual({ status: 'error', error: { code: 'NOT_AUTHENTICATED', message: '请先登录' } });
  });
});

describe('a newcomer’s first screen', () => {
  it('says what 共议 does in two sentences: verify, decide, follow requests; no legal citation in the main text', () => {
    expect(FIRST_SCREEN_TEXT.about).toHaveLength(2);
    const main = [FIRST_SCREEN_TEXT.title, ...FIRST_SCREEN_TEXT.about, FIRST_SCREEN_TEXT.noEstate].join('');
    for (const word of ['认证', '表决', '诉求']) expect(main).toContain(word);
    expect(main).not.toMatch(/第.+条|《/);
    expect(FIRST_SCREEN_TEXT.why.join('')).toContain('第九条');
  });

  it('gives owner, tenant and staff each their own first step; tenants go to 住户登记, not to the 居委会', () => {
    const steps = firstSteps();
    expect(steps.map((s) => [s.key, s.button, s.url])).toEqual([
      ['verify', '身份认证', '/pages/identity/verify/index'],
      ['register', '住户登记', '/pages/identity/verify/index?method=resident'],
      ['invite', '输入邀请码', '/pages/invite/index'],
    ]);
    const tenant = steps.find((s) => s.key === 'register')!;
    expect(`${tenant.who}${tenant.what}`).not.toContain('联系居委会');
    expect(JSON.stringify(HOME_TEXT)).not.toContain('租户、家属请联系居委会');
  });
});
