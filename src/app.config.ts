export default defineAppConfig({
  pages: ['pages/home/index'],
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f2f3f5',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '共议',
    navigationBarTextStyle: 'black',
  },
});
