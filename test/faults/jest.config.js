// The fault-injection suite (npm run test:faults): real hub processes from dist/, against a
// Postgres cluster and a redis-server of its own that it crashes and restarts. Not part of
// `npm test`; CI runs it after. ESM mode for the same reason as the main suite (jose, Nest 12).
const tsJest = ['ts-jest', { useESM: true, tsconfig: '<rootDir>/test/tsconfig.json' }];

module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/faults'],
  testRegex: '\\.fault-spec\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  cacheDirectory: '<rootDir>/.jest-cache',
  testTimeout: 240_000,
  maxWorkers: 1,
};
