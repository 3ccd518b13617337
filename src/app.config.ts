export default defineAppConfig({
  pages: ['pages/home/index', 'pages/identity/verify/index', 'pages/identity/unit/index', 'pages/messages/index', 'pages/invite/index', 'pages/me/index', 'pages/topics/index', 'pages/topic/index'],
  subPackages: [
    {
      // Staff tools: loaded only when a staff member opens them, so they do not grow the main package.
      root: 'packages/staff',
      pages: ['identity/roster/index', 'identity/review/index', 'identity/members/index', 'deliberation/rules/index', 'voting/paper/index', 'voting/mandates/index', 'requests/queue/index', 'requests/metrics/index', 'requests/routing/index'],
    },
    {
      // The deployment administrator's page (create estates, invitation codes): a handful of people ever open it.
      root: 'packages/admin',
      pages: ['index'],
    },
    {
      // Deliberation: owners' proposal form, and the party branch's console (pre-review, summaries, announce).
      root: 'packages/propose',
      pages: ['index'],
    },
    {
      root: 'packages/organiser',
      pages: ['index'],
    },
    {
      // Voting: the owner's 投票 page and 我的投票 (opened from a topic in voting and from 我的).
      root: 'packages/vote',
      pages: ['index', 'mine/index', 'mandate/index'],
    },
    {
      // Requests (诉求): 我的诉求, 提交诉求 and one request's detail with its timeline (residents and handlers alike).
      root: 'packages/requests',
      pages: ['index', 'new/index', 'detail/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f2f3f5',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '共议',
    navigationBarTextStyle: 'black',
  },
});
