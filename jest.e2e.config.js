/** User journeys in real Chromium against the real local gateway and the H5 build (npm run test:e2e). */
const base = require('./jest.config');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: base.transform,
  testTimeout: 120000,
  maxWorkers: 1,
};
