// Unit specs only (`*.spec.ts` beside their source): no Postgres, no Redis, no network.
// The integration and end-to-end suites (`*.int-spec.ts`, `*.e2e-spec.ts`) run under jest.config.js.
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testRegex: '\\.spec\\.ts$',
  globalSetup: undefined,
  globalTeardown: undefined,
};
