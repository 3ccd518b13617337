/** Unit, function (handler) and simulate tests. End-to-end browser tests have their own config. */
const babel = [
  'babel-jest',
  {
    configFile: false,
    babelrc: false,
    presets: [
      ['@babel/preset-env', { targets: { node: 'current' } }],
      '@babel/preset-typescript',
      ['@babel/preset-react', { runtime: 'automatic' }],
    ],
  },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/tests/e2e/'],
  transform: { '^.+\\.[cm]?[tj]sx?$': babel },
  // A template database, initialised and migrated once, that each test file copies (see tests/support).
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  testTimeout: 30000,
};
