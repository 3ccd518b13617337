import type { PropsWithChildren } from 'react';
import Taro from '@tarojs/taro';
import './styles/tokens.css';
import './app.css';
import './styles/components.css';
import { installH5Controls } from './platform/h5-controls';
import { prefetchHome } from './pages/home/prefetch';
import { installFrameworkFixes } from './platform/framework-fixes';

if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
  installH5Controls(document);
  installFrameworkFixes();
  // the home page's data goes out now, while the framework, router and page start (src/lib/home-prefetch.ts)
  prefetchHome(window.location.hash);
}

/** CloudBase environment id, injected at build time (see config/index.ts and .env.example). */
const CLOUD_ENV = process.env.TARO_APP_CLOUD_ENV || '';

if (process.env.TARO_ENV === 'weapp') {
  if (!Taro.cloud) {
    console.error('当前微信版本过低，无法使用云开发能力（需要基础库 2.2.3 或以上）');
  } else if (CLOUD_ENV) {
    Taro.cloud.init({ env: CLOUD_ENV, traceUser: true });
  } else {
    // No env id configured: fall back to the account's default environment so the app still starts.
    console.warn('未配置 TARO_APP_CLOUD_ENV（云开发环境 ID），将使用默认云环境；请在 .env 文件中设置');
    Taro.cloud.init({ traceUser: true });
  }
}

function App({ children }: PropsWithChildren) {
  // `children` is the page being rendered.
  return children;
}

export default App;
