export default definePageConfig({
  navigationBarTitleText: '共议',
});
