// Jest runs in ESM mode: every @nestjs 12 package and jose 6 are ESM-only, and Jest on
// Node 20 cannot require() them (see docs/stack-recipe.md, P6/P7).
const esmOnlyRequiredFromCjs = ['content-disposition', 'cookie', '@apidevtools/json-schema-ref-parser'];
const tsJest = ['ts-jest', { useESM: true, tsconfig: '<rootDir>/test/tsconfig.json' }];

module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/adapters', '<rootDir>/config', '<rootDir>/test'],
  testRegex: '(\\.spec|\\.e2e-spec|\\.int-spec)\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': tsJest,
    [`/node_modules/(${esmOnlyRequiredFromCjs.join('|')})/.+\\.js$`]: tsJest,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyRequiredFromCjs.join('|')})/)`],
  globalSetup: '<rootDir>/test/kit/global-setup.cjs',
  globalTeardown: '<rootDir>/test/kit/global-teardown.cjs',
  cacheDirectory: '<rootDir>/.jest-cache',
  // Hooks share this limit: a hub starting while the machine is busy can take over 30 s.
  testTimeout: 60000,
  maxWorkers: 2,
};
