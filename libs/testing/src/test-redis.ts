import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { testInfraEnv } from '@tronpay/config';

export interface TestRedis {
  url: string;
  /** Every key a test writes starts with this, so that parallel runs never meet. */
  prefix: string;
  /** A plain client for assertions; closed by cleanup(). */
  client: Redis;
  /** Deletes every key under the prefix and closes the client. */
  cleanup(): Promise<void>;
}

export function testRedisUrl(): string {
  const { redisUrl } = testInfraEnv();
  if (!redisUrl) throw new Error('TEST_REDIS_URL is not set: run the specs through Jest (its global setup sets it)');
  return redisUrl;
}

export async function deleteKeys(client: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await client.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

export async function createTestRedis(): Promise<TestRedis> {
  const url = testRedisUrl();
  const prefix = `test:${randomBytes(6).toString('hex')}:`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  return {
    url,
    prefix,
    client,
    async cleanup() {
      await deleteKeys(client, `${prefix}*`);
      await client.quit();
    },
  };
}
