export { createTestRedis, deleteKeys, testRedisUrl } from './test-redis';
export type { TestRedis } from './test-redis';
export { createTestDatabase, databaseExists } from './test-database';
export type { TestDatabase } from './test-database';
export { freePort, spawnApp, waitForStatus, WORKSPACE_ROOT } from './service-process';
export type { ServiceProcess } from './service-process';
export { describeServiceProcess } from './service-boot.suite';
export type { BootSuiteClient } from './service-boot.suite';
