import { EnvSource, processEnv } from './env';

/**
 * Where the test suite finds its servers. The Jest global setup fills these in
 * (from the same variables, a local server, or one it starts) before any spec runs.
 */
export function testInfraEnv(env: EnvSource = processEnv()): { databaseUrl?: string; redisUrl?: string } {
  return { databaseUrl: env['TEST_DATABASE_URL'], redisUrl: env['TEST_REDIS_URL'] };
}
