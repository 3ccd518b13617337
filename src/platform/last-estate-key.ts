/**
 * Where the estate the home page showed last is kept. Its own module without Taro, because the H5 build config
 * inlines it into index.html (src/lib/early-requests.ts). On H5 Taro keeps it in localStorage as JSON:
 * localStorage['gongyi.lastEstate'] = '{"data":"<estateId>"}'.
 */
export const LAST_ESTATE_KEY = 'gongyi.lastEstate';
