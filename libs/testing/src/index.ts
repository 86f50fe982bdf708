export { createTestRedis, deleteKeys, testRedisUrl } from './test-redis';
export type { TestRedis } from './test-redis';
export { createTestDatabase, databaseExists } from './test-database';
export type { TestDatabase } from './test-database';
