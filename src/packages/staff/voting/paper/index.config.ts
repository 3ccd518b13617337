export default definePageConfig({
  navigationBarTitleText: '纸质选票',
});
