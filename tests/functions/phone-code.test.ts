import { main } from '../../cloudfunctions/identity';
import { PRIVACY_NOTICE_VERSION } from '../../types/identity';
import { cloudbasePlatform, type PhoneNumberApi } from '../../server/adapters/cloudbase/platform';
import { localPlatform } from '../../server/adapters/local/platform';
import { buildDemoRoster } from '../../server/seed/demo-estate';
import { as, freshEnv, type TestEnv } from '../support/ports';

const ma = buildDemoRoster().people.find((p) => p.key === 'ma')!;
const auth = { getUserInfo: () => ({ openId: 'o1' }) };

describe('WeChat phone codes are exchanged on the server', () => {
  it('CloudBase: the cloud call turns a code into the mainland number; bad codes and foreign numbers give null', async () => {
    const calls: string[] = [];
    const api: PhoneNumberApi = {
      async getPhoneNumber({ code }) {
        calls.push(code);
        if (code === 'good-code-1') return { phoneInfo: { purePhoneNumber: '13910063352', countryCode: '86' } };
        if (code === 'hk-number-1') return { phoneInfo: { purePhoneNumber: '91234567', countryCode: '852' } };
        throw new Error('errCode: 40029 | errMsg: invalid code');
      },
    };
    let loads = 0;
    const platform = cloudbasePlatform(auth, async () => {
      loads++;
      return api;
    });
    expect(await platform.exchangePhoneCode('good-code-1')).toBe('13910063352');
    expect(await platform.exchangePhoneCode('hk-number-1')).toBeNull();
    expect(await platform.exchangePhoneCode('used-code-1')).toBeNull();
    expect(calls).toEqual(['good-code-1', 'hk-number-1', 'used-code-1']);
    expect(loads).toBeGreaterThanOrEqual(1);
  });

  it('local mode has no WeChat: codes never turn into numbers', async () => {
    expect(await localPlatform.exchangePhoneCode('good-code-1')).toBeNull();
  });

  describe('verifyByRoster with a phone code', () => {
    let env: TestEnv;
    beforeEach(async () => {
      env = await freshEnv({ seed: true });
      // the platform as in WeChat: this code stands for 马建华's verified number
      env.ports.platform = { ...localPlatform, exchangePhoneCode: async (code) => (code === 'wechat-code-ma' ? ma.phone : null) };
    });
    afterEach(async () => env.cleanup());
    const input = (over: Record<string, unknown>) => ({
      action: 'verifyByRoster',
      input: { estateId: 'hemu', unit: { building: '2', entrance: '1', room: '102' }, name: ma.name, consentVersion: PRIVACY_NOTICE_VERSION, ...over },
    });

    it('matches the roster with the number WeChat vouches for', async () => {
      expect(await main(input({ phoneCode: 'wechat-code-ma' }), as('demo-unverified'))).toMatchObject({ ok: true, data: { unit: { label: '2号楼1单元102' } } });
    });

    it('says clearly when the code failed, and needs exactly one way of giving the phone', async () => {
      expect(await main(input({ phoneCode: 'expired-code' }), as('demo-unverified'))).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', fields: [{ field: 'phoneCode', message: '微信手机号获取失败或已过期，请重新获取或直接填写' }] },
      });
      expect(await main(input({}), as('demo-unverified'))).toMatchObject({ ok: false, error: { fields: [{ field: 'phone', message: '请填写手机号或使用微信手机号' }] } });
      expect(await main(input({ phone: ma.phone, phoneCode: 'wechat-code-ma' }), as('demo-unverified'))).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(await env.storage.count('verification_attempts')).toBe(0); // a failed exchange is not a roster miss
    });
  });
});
