export default definePageConfig({
  navigationBarTitleText: '委托书核验',
});
