import { createApi, type Transport } from '../../src/lib/api-core';
import {
  ADMIN_TEXT,
  adminEntryVisible,
  codeFromQuery,
  displayCode,
  EMPTY_ESTATE_FORM,
  estateRows,
  formErrorsFrom,
  invitationRows,
  loadAdmin,
  redeem,
  ROLE_OPTIONS,
  type AdminApi,
} from '../../src/lib/admin';
import { estateFormProblems } from '../../src/lib/admin-form';
import type { AdminEstateView, InvitationView } from '../../types/admin';
import { apiError, type ApiResult } from '../../types/errors';

/** The real facade over a transport whose replies are set per test, recording every call. */
function fakeApi(replies: Record<string, ApiResult<unknown> | ((input: unknown) => ApiResult<unknown>)>) {
  const calls: { action: string; input: unknown }[] = [];
  const transport: Transport = async (_name, action, input) => {
    calls.push({ action, input });
    const r = replies[action];
    if (!r) throw new Error(`unexpected call ${action}`);
    return typeof r === 'function' ? r(input) : r;
  };
  return { api: createApi(transport) as unknown as AdminApi, calls };
}

const estate: AdminEstateView = {
  estateId: 'e_1',
  name: '兰亭苑',
  district: '和平区幸福街道',
  address: '兰亭路 1 号',
  communityName: '兰亭社区居委会',
  partyBranchName: '兰亭苑小区党支部',
  requireIdLast4: false,
  unitCount: 0,
  rosterVersion: 0,
  createdAt: '2026-11-23T02:00:00.000Z',
};
const inv = (over: Partial<InvitationView>): InvitationView => ({
  invitationId: 'iv_1',
  estateId: 'e_1',
  role: 'community_staff',
  inviteeMasked: '吴*',
  status: 'open',
  createdAt: '2026-11-23T02:00:00.000Z',
  expiresAt: '2026-11-30T02:00:00.000Z',
  usedAt: null,
  revokedAt: null,
  ...over,
});

describe('管理员 page', () => {
  it('loads estates only when the server says the caller is an administrator', async () => {
    const admin = fakeApi({ adminStatus: { ok: true, data: { isAdmin: true, openid: 'o-a' } }, listEstates: { ok: true, data: { estates: [estate] } } });
    expect(await loadAdmin(admin.api)).toEqual({ status: 'ready', estates: [estate] });
    const other = fakeApi({ adminStatus: { ok: true, data: { isAdmin: false, openid: 'o-1' } } });
    expect(await loadAdmin(other.api)).toEqual({ status: 'not-admin', openid: 'o-1' });
    expect(other.calls.map((c) => c.action)).toEqual(['adminStatus']);
    const failing = fakeApi({ adminStatus: { ok: false, error: apiError('NOT_AUTHENTICATED') } });
    expect(await loadAdmin(failing.api)).toMatchObject({ status: 'error', error: { code: 'NOT_AUTHENTICATED' } });
  });

  it('shows the home entry only for administrators, and none when the check fails', async () => {
    expect(await adminEntryVisible(fakeApi({ adminStatus: { ok: true, data: { isAdmin: true, openid: 'o-a' } } }).api)).toBe(true);
    expect(await adminEntryVisible(fakeApi({ adminStatus: { ok: true, data: { isAdmin: false, openid: 'o-1' } } }).api)).toBe(false);
    expect(await adminEntryVisible(fakeApi({ adminStatus: { ok: false, error: apiError('INTERNAL') } }).api)).toBe(false);
  });

  it('checks the 创建小区 form with the contract schema and names the missing fields', async () => {
    expect((await estateFormProblems(EMPTY_ESTATE_FORM)).sort()).toEqual(['address', 'communityName', 'district', 'name', 'partyBranchName']);
    expect(await estateFormProblems({ ...EMPTY_ESTATE_FORM, name: '兰亭苑', district: '和平区', address: '兰亭路 1 号', communityName: '兰亭居委会', partyBranchName: '兰亭党支部' })).toEqual([]);
  });

  it('puts API field errors under their fields and the rest on the form', () => {
    const err = apiError('VALIDATION_FAILED', undefined, [
      { field: 'name', code: 'FIELD_REQUIRED', message: '小区名称不能为空' },
      { field: 'estateId', code: 'FIELD_INVALID', message: '小区格式不正确' },
    ]);
    expect(formErrorsFrom(err, ['name', 'district'])).toEqual({ name: '小区名称不能为空', form: '小区格式不正确' });
    expect(formErrorsFrom(apiError('FORBIDDEN'), ['name'])).toEqual({ form: '你没有权限执行此操作' });
  });

  it('words estates and invitations in Chinese, Beijing time; only open invitations can be revoked', () => {
    expect(estateRows([estate, { ...estate, estateId: 'e_2', rosterVersion: 2, unitCount: 120 }]).map((r) => r.rosterText)).toEqual(['尚未导入名册', '名册第 2 版 · 120 套房屋']);
    const rows = invitationRows([
      inv({}),
      inv({ invitationId: 'iv_2', status: 'used', usedAt: '2026-11-24T01:30:00.000Z', role: 'party_secretary', inviteeMasked: '刘*梅' }),
      inv({ invitationId: 'iv_3', status: 'revoked', revokedAt: '2026-11-24T01:30:00.000Z' }),
      inv({ invitationId: 'iv_4', status: 'expired' }),
    ]);
    expect(rows.map((r) => [r.title, r.statusLabel, r.timeText, r.revocable])).toEqual([
      ['社区居委会 · 吴*', '待使用', '有效期至 2026-11-30 10:00', true],
      ['党支部书记 · 刘*梅', '已使用', '2026-11-24 09:30 已使用', false],
      ['社区居委会 · 吴*', '已撤销', '2026-11-24 09:30 已撤销', false],
      ['社区居委会 · 吴*', '已过期', '有效期至 2026-11-30 10:00', false],
    ]);
    expect(ROLE_OPTIONS.map((o) => o.label)).toEqual(['社区居委会', '街道办事处', '党支部书记', '网格员', '物业服务企业', '业委会委员']);
  });
});

describe('输入邀请码 page', () => {
  it('takes the code from a QR link, normalised, and ignores junk', () => {
    expect(codeFromQuery({ code: 'abcd-efgh-jkmn' })).toBe('ABCDEFGHJKMN');
    expect(codeFromQuery({ code: 'ABCD%20EFGH%20JKMN' })).toBe('ABCDEFGHJKMN');
    expect(codeFromQuery({ code: '%E0%A4' })).toBe('%E0%A4'); // undecodable: kept, the server refuses it
    expect(codeFromQuery({})).toBe('');
    expect(codeFromQuery(undefined)).toBe('');
    expect(codeFromQuery({ code: ['x'] })).toBe('');
    expect(displayCode('abcdefghjkmn')).toBe('ABCD-EFGH-JKMN');
  });

  it('sends the code and says where the person now belongs, or why not', async () => {
    const { api, calls } = fakeApi({ redeemInvitation: { ok: true, data: { estateId: 'e_1', estateName: '兰亭苑', role: 'community_staff' } } });
    expect(await redeem(api, 'ABCD-EFGH-JKMN')).toEqual({ ok: true, estateId: 'e_1', message: '你已加入“兰亭苑”，角色：社区居委会' });
    expect(calls).toEqual([{ action: 'redeemInvitation', input: { code: 'ABCDEFGHJKMN' } }]); // normalised by the shared schema
    const waiting = fakeApi({ redeemInvitation: { ok: true, data: { estateId: 'e_1', estateName: '兰亭苑', role: 'party_secretary', awaitingConfirmation: true } } });
    expect(await redeem(waiting.api, 'ABCD-EFGH-JKMN')).toEqual({
      ok: true,
      estateId: 'e_1',
      message: '邀请码已使用。“兰亭苑”的党支部书记角色需另一位工作人员或街道确认后生效，确认后你会收到消息',
    });
    const used = fakeApi({ redeemInvitation: { ok: false, error: apiError('INVITATION_USED') } });
    expect(await redeem(used.api, 'ABCD-EFGH-JKMN')).toEqual({ ok: false, message: '邀请码已经使用过，每个邀请码只能使用一次' });
    const expired = fakeApi({ redeemInvitation: { ok: false, error: apiError('INVITATION_EXPIRED', { expiresAt: '2026-11-30T02:00:00.000Z' }) } });
    expect(await redeem(expired.api, 'ABCD-EFGH-JKMN')).toEqual({ ok: false, message: '邀请码已于 2026-11-30 10:00 过期，请联系管理员重新签发' });
  });

  it('refuses a malformed code on the device, before anything is sent', async () => {
    const { api, calls } = fakeApi({});
    expect(await redeem(api, '12')).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });

  it('keeps its texts in Chinese', () => {
    for (const text of Object.values(ADMIN_TEXT)) expect(text).toMatch(/[\u4e00-\u9fff]/);
  });
});
