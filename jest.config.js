/** Unit tests run anywhere; integration tests need the servers that infra/test.sh starts. */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] };
/** One Temporal dev server for the whole run, shared by every file that needs a real server. */
const temporalServer = { globalSetup: '<rootDir>/test/setup/global-setup.ts', globalTeardown: '<rootDir>/test/setup/global-teardown.ts' };
/** The production-like cluster, started once for the cluster project (needs Go to build the Temporal server). */
const clusterServers = { globalSetup: '<rootDir>/test/cluster/setup/global-setup.ts', globalTeardown: '<rootDir>/test/cluster/setup/global-teardown.ts' };
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };
module.exports = {
  // Per-project testTimeout is ignored by jest 30; real-server tests need the longer limit.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, ...temporalServer, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'], testTimeout: 120000 },
    { ...common, displayName: 'timeskip', testMatch: ['<rootDir>/test/timeskip/**/*.test.ts'], testTimeout: 180000 },
    { ...common, ...temporalServer, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'], testTimeout: 180000 },
    // The production-like cluster (infra/cluster/start.sh): real Temporal server on PostgreSQL, split API and workers.
    { ...common, ...clusterServers, displayName: 'cluster', testMatch: ['<rootDir>/test/cluster/**/*.test.ts'], testTimeout: 900000 },
  ],
};
