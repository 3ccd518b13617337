/**
 * The way to 我的 and its words: all the home page's 我的 entry needs, kept apart from src/lib/me-view.ts so the
 * first screen does not download the verification view logic me-view uses. me-view re-exports both.
 */
export const ME_ROUTE = '/pages/me/index';

export const ME_TEXT = {
  title: '我的',
  entryTitle: '我的',
  entryMeta: '我的小区和房屋、认证进度、大字模式',
  accountTitle: '我的账号',
  estatesTitle: '我的小区',
  noEstates: '你还没有加入任何小区。',
  goVerify: '去身份认证',
  rolesLabel: '身份',
  unitsLabel: '房屋',
  noUnits: '名下暂无登记的房屋',
  representativeTag: '表决权代表',
  statusLabel: '认证进度',
  verifyMore: '认证其他房屋或查看申请',
  displayTitle: '显示',
  privacyTitle: '个人信息与隐私',
  showNotice: '查看个人信息处理告知',
  signOutTitle: '退出登录',
  signOut: '退出登录',
  signOutHint: '退出后需要重新登录才能使用。',
  loadFailed: '部分信息没有加载成功',
  proxyTitle: '代人投票',
  proxyRow: '输入委托码，替委托人投票',
  proxyMeta: '业主书面委托你投票时，会把委托码告诉你',
} as const;
