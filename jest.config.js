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

const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * Handler tests run on both storage engines; the rule is written at the top of tests/support/ports.ts:
 * a file under tests/functions/ that calls `freshEnv(` is a handler test (once per engine), any other
 * file there builds its own engine (adapter, bundle, contract tests) and runs once, in "adapters".
 */
const functionsDir = join(__dirname, 'tests', 'functions');
const functionFiles = readdirSync(functionsDir).filter((name) => name.endsWith('.test.ts'));
const isHandlerTest = (name) => /\bfreshEnv\(/.test(readFileSync(join(functionsDir, name), 'utf8'));
const paths = (names) => names.map((name) => `<rootDir>/tests/functions/${name}`);
const handlerTests = paths(functionFiles.filter(isHandlerTest));
const adapterTests = paths(functionFiles.filter((name) => !isHandlerTest(name)));

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testPathIgnorePatterns: ['/node_modules/', '/tests/e2e/'],
  transform: { '^.+\\.[cm]?[tj]sx?$': babel },
};
const onEngine = (engine) => ({
  ...common,
  displayName: `functions:${engine}`,
  testMatch: handlerTests,
  globals: { GONGYI_TEST_ENGINE: engine },
});

module.exports = {
  projects: [
    // everything else under tests/ (unit, simulate, ...), except the browser tests with their own config
    { ...common, displayName: 'unit', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: [...common.testPathIgnorePatterns, '/tests/functions/'] },
    { ...common, displayName: 'adapters', testMatch: adapterTests },
    onEngine('pglite'),
    onEngine('cloudbase'),
  ],
  // A template database, initialised and migrated once, that each test file copies (see tests/support).
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  testTimeout: 30000,
};
