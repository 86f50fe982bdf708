import { getJestProjectsAsync } from '@nx/jest';

export default async () => ({
  projects: await getJestProjectsAsync(),
  globalSetup: '<rootDir>/tools/jest/global-setup.mjs',
  globalTeardown: '<rootDir>/tools/jest/global-teardown.mjs',
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.cjs'],
  // Specs start processes and servers; on a loaded 2-core machine that takes seconds, not the default 5.
  testTimeout: 60_000,
});
