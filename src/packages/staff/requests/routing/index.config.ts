export default definePageConfig({
  navigationBarTitleText: '诉求分派规则',
});
