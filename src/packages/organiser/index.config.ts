export default definePageConfig({
  navigationBarTitleText: '议题工作台',
});
