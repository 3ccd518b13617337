/**
 * The 管理员 and 输入邀请码 entries and the words of both pages: what the home page and the newcomer's first
 * screen need of src/lib/admin.ts, kept apart so the first screen does not download the administrator's view
 * logic. src/lib/admin.ts re-exports all of it; tested in tests/unit/ui-admin.test.ts.
 */
import { ADMIN_FIELD_LABELS, INVITE_PAGE } from '../../types/admin-labels';
import type { AdminApi } from './admin';

export const ADMIN_URL = '/packages/admin/index';
export const INVITE_URL = `/${INVITE_PAGE}`;

export const ADMIN_TEXT = {
  title: '管理员',
  homeEntry: '管理员：创建小区、签发邀请码',
  inviteEntry: '输入邀请码',
  inviteEntryHint: '居委会、街道、党支部、网格员、物业或业委会的工作人员，请输入管理员发给你的邀请码。',
  loading: '加载中…',
  notAdmin: '只有部署管理员可以使用本页。管理员由部署配置（GONGYI_ADMIN_OPENIDS）指定。',
  yourOpenid: '本账号的 openid（部署时把它加入 GONGYI_ADMIN_OPENIDS 即成为管理员）：',
  estatesTitle: '小区',
  noEstates: '还没有小区，请先创建。',
  createTitle: '创建小区',
  create: '创建小区',
  creating: '创建中…',
  created: '小区已创建',
  requireIdLast4: ADMIN_FIELD_LABELS.requireIdLast4,
  invitationsTitle: '邀请码',
  noInvitations: '还没有签发邀请码',
  issueTitle: '签发邀请码',
  issue: '签发邀请码',
  issuing: '签发中…',
  revoke: '撤销',
  codeOnce: '邀请码只显示这一次，请立即发给被邀请人（有效期 7 天，只能使用一次）：',
  copy: '复制邀请码',
  copied: '已复制',
  nextStep: '下一步：请居委会工作人员用邀请码加入后，在“工作台 → 名册导入”中导入业主名册。',
  redeemTitle: '输入邀请码',
  codeLabel: ADMIN_FIELD_LABELS.code,
  codePlaceholder: '例如 ABCD-EFGH-JKMN',
  redeem: '加入小区',
  redeeming: '提交中…',
  backHome: '返回首页',
} as const;

/** Whether the home page shows the 管理员 entry: only when the server says the caller is one (errors: no entry). */
export async function adminEntryVisible(api: Pick<AdminApi, 'admin'>): Promise<boolean> {
  const r = await api.admin.adminStatus({});
  return r.ok && r.data.isAdmin;
}
