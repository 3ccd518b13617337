export default defineAppConfig({
  pages: ['pages/home/index', 'pages/identity/verify/index', 'pages/identity/unit/index', 'pages/messages/index'],
  subPackages: [
    {
      // Staff tools: loaded only when a staff member opens them, so they do not grow the main package.
      root: 'packages/staff',
      pages: ['identity/roster/index', 'identity/review/index', 'identity/members/index'],
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
