/**
 * The layer rules of docs/architecture.md, checked on every `npm run lint`:
 * - no import cycles, between files or between the folders of src/;
 * - canonical/ (the model) imports nothing of the hub, and no framework;
 * - adapters import only the core's ports, canonical types and shared helpers (src/common),
 *   never its services;
 * - the core never imports adapters, except src/adapters.module.ts, which wires them in;
 * (docs/adr/0011-module-structure.md gives the folders and the directions between them)
 * - migrations import nothing from the application (a migration means the same thing forever).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other in a circle cannot be understood or changed one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      // Specs count too: a test that needs two folders lives in the one above both (or in test/).
      severity: 'error',
      comment: 'Folders import each other in one direction only: a folder cycle hides a concept in the wrong room.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'canonical-imports-nothing',
      severity: 'error',
      comment: 'The canonical model is plain types and invariants: no Nest, no TypeORM, no other folder.',
      from: { path: '^src/canonical/' },
      to: { path: '^(src/(?!canonical/)|adapters/|config/)' },
    },
    {
      name: 'canonical-has-no-framework',
      severity: 'error',
      comment: 'The canonical model must load anywhere (adapters, CLI, bench): no Nest, TypeORM, BullMQ or driver.',
      from: { path: '^src/canonical/', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'adapters-use-ports-only',
      severity: 'error',
      comment: "Adapters implement the core's ports; they import its ports, canonical types and common helpers only.",
      from: { path: '^adapters/(?!simulators/)' },
      to: {
        path: '^src/',
        pathNot: ['^src/canonical/', '^src/common/', '\\.port\\.ts$', '^src/[^/]+/[^/]*port[^/]*\\.ts$'],
      },
    },
    {
      name: 'core-does-not-import-adapters',
      severity: 'error',
      comment: 'Only the wiring module chooses concrete adapters.',
      from: {
        path: '^src/',
        pathNot: ['^src/adapters\\.module\\.ts$'],
      },
      to: { path: '^adapters/' },
    },
    {
      name: 'migrations-import-nothing',
      severity: 'error',
      comment: 'A migration must mean the same thing forever: no application code.',
      from: { path: '^src/database/migrations/' },
      to: { path: '^(src|adapters|config)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
