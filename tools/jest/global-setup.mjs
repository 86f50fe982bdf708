import { ensurePostgres, ensureRedis } from '../infra/infra.mjs';

// Runs once per `npm test`: finds or starts PostgreSQL and Redis and hands their URLs to
// every test worker through TEST_DATABASE_URL and TEST_REDIS_URL.
export default async function globalSetup() {
  const pg = await ensurePostgres({
    url: process.env.TEST_DATABASE_URL,
    persistent: false,
  });
  const redis = await ensureRedis({ url: process.env.TEST_REDIS_URL });
  process.env.TEST_DATABASE_URL = pg.url;
  process.env.TEST_REDIS_URL = redis.url;
  globalThis.__tronpayInfra = { pg, redis };
  if (pg.source !== 'given' && pg.source !== 'local') console.log(`\nPostgreSQL for tests: ${pg.source}`);
  if (redis.source !== 'given' && redis.source !== 'local') console.log(`Redis for tests: ${redis.source}`);
}
