export default definePageConfig({
  navigationBarTitleText: '全部议题',
});
