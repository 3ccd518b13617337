import { main } from '../../cloudfunctions/identity';
import { ROLE_LABELS } from '../../types/common';
import type { ApiResult } from '../../types/errors';
import type { MeOutput } from '../../types/identity';
import { formatArea } from '../../types/time';
import { buildDemoRoster } from '../../server/seed/demo-estate';
import { as, freshEnv, type TestEnv } from '../support/ports';

let env: TestEnv;
beforeAll(async () => {
  env = await freshEnv({ seed: true });
});
afterAll(async () => env.cleanup());

const me = async (openid: string | null, input: unknown = {}) =>
  (await main({ action: 'me', input }, openid ? as(openid) : {})) as ApiResult<MeOutput>;

function ok<T>(r: ApiResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.data;
}

describe('identity.me through the cloud-function handler', () => {
  it('greets the demo owner with the estate, masked name, role and unit with its registry area', async () => {
    const data = ok(await me('demo-owner'));
    expect(data.estates).toEqual([{ estateId: 'hemu', name: '和睦家园' }]);
    const cur = data.current!;
    expect(cur.estate).toMatchObject({ name: '和睦家园', communityName: '幸福里社区居委会', partyBranchName: '和睦家园小区党支部', buildingCount: 3 });
    expect(cur.displayName).toBe('王*国');
    expect(cur.roles).toEqual(['owner']);
    expect(cur.units).toEqual([{ unitId: 'hemu:1-1-101', label: '1号楼1单元101', areaCenti: 8952, isRepresentative: true }]);
    expect(formatArea(cur.units[0].areaCenti)).toBe('89.52');
  });

  it('reports estate totals that follow Art. 9 on the demo roster', async () => {
    const { totals } = ok(await me('demo-owner')).current!.estate;
    const roster = buildDemoRoster();
    expect(totals.unitCount).toBe(120);
    expect(totals.areaCenti).toBe(roster.units.reduce((s, u) => s + u.areaCenti, 0));
    expect(totals.headcount).toBe(113); // 120 units − 5 developer units + 1 − (3 + 2 multi-unit holdings) + 2
  });

  it('lists all units of an owner of several units', async () => {
    const units = ok(await me('demo-multi-owner')).current!.units;
    expect(units.map((u) => u.label)).toEqual(['2号楼1单元301', '2号楼2单元301', '3号楼1单元501']);
    expect(units.every((u) => u.isRepresentative)).toBe(true);
  });

  it('marks which co-owner is the voting representative', async () => {
    expect(ok(await me('demo-co-owner')).current!.units).toEqual([expect.objectContaining({ label: '1号楼2单元302', isRepresentative: false })]);
    expect(ok(await me('demo-co-owner-rep')).current!.units).toEqual([expect.objectContaining({ label: '1号楼2单元302', isRepresentative: true })]);
  });

  it('gives a tenant the resident role and no units', async () => {
    const cur = ok(await me('demo-tenant')).current!;
    expect(cur.roles).toEqual(['resident']);
    expect(ROLE_LABELS[cur.roles[0]]).toBe('住户');
    expect(cur.units).toEqual([]);
  });

  it('answers an account with no estate with an empty home, and refuses to show a foreign estate', async () => {
    expect(ok(await me('demo-newcomer'))).toEqual({ estates: [], current: null });
    const r = await me('demo-owner', { estateId: 'some-other-estate' });
    expect(r).toEqual({ ok: false, error: { code: 'NOT_A_MEMBER', message: '你还不是该小区的成员' } });
  });

  it('requires a platform identity and ignores identities in the payload', async () => {
    expect(await me(null)).toEqual({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: '请先登录' } });
    const forged = await main({ action: 'me', input: {}, openid: 'demo-party-secretary', userInfo: { openId: 'demo-party-secretary' } }, as('demo-tenant'));
    expect(ok(forged as ApiResult<MeOutput>).current!.roles).toEqual(['resident']);
  });

  it('rejects malformed events and inputs with codes and Chinese messages', async () => {
    expect(await main(null, as('demo-owner'))).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await main({ action: 'deleteEverything' }, as('demo-owner'))).toEqual({ ok: false, error: { code: 'UNKNOWN_ACTION', message: '不支持的操作' } });
    expect(await main({ action: 'toString' }, as('demo-owner'))).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
    const bad = await me('demo-owner', { estateId: 'has space', extra: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    if (!bad.ok) {
      expect(bad.error.fields).toEqual(
        expect.arrayContaining([
          { field: 'estateId', code: 'FIELD_INVALID', params: { label: '小区' }, message: '小区格式不正确' },
          { field: '', code: 'FIELD_UNKNOWN', params: { keys: 'extra' }, message: '不允许的字段：extra' },
        ]),
      );
    }
  });
});
