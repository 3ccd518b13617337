// Taro's build reads this; jest uses its own inline config (jest.config.js).
// framework: Preact for H5, React for the mini-program, as in config/index.ts (which says why).
// hot: false — Fast Refresh (@prefresh/webpack for Preact) is not installed; the H5 dev
// server (taro build --type h5 --watch) then reloads the page on change instead (config/dev.ts: devServer.hot).
module.exports = {
  presets: [['taro', { framework: process.env.TARO_ENV === 'h5' ? 'preact' : 'react', ts: true, compiler: 'webpack5', hot: false }]],
};
