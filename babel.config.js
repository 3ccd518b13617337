// Taro's build reads this; jest uses its own inline config (jest.config.js).
// hot: false — React Fast Refresh needs @pmmmwh/react-refresh-webpack-plugin, which is not installed; the H5 dev
// server (taro build --type h5 --watch) then reloads the page on change instead (config/dev.ts: devServer.hot).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', hot: false }]],
};
