/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.module.css' {
  const classes: { readonly [key: string]: string };
  export default classes;
}

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by the Taro CLI; decides the build output and the API transport. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn' | undefined;
    /** CloudBase environment id for weapp (from .env files or the shell); '' when not configured. */
    TARO_APP_CLOUD_ENV?: string;
    /** WeChat AppID Taro writes into dist/weapp/project.config.json when set. */
    TARO_APP_ID?: string;
  }
}
