// `npm run transport:replay-dead-letters -- --service gateway [--pattern deposit.detected]`:
// sends a service's dead letters (events whose every attempt failed) back to that service
// only, once the cause is fixed. Reads REDIS_URL and REDIS_PREFIX as the services do.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, processEnv, SERVICE_NAMES, ServiceName } from '@tronpay/config';
import { RedisStreamsClient } from './redis-streams.client';

const USAGE = `usage: replay-dead-letters --service <${SERVICE_NAMES.join('|')}> [--pattern <event pattern>]\n`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { service: { type: 'string' }, pattern: { type: 'string' } } });
  const service = values.service as ServiceName | undefined;
  if (!service || !SERVICE_NAMES.includes(service)) {
    process.stderr.write(USAGE);
    return 64; // EX_USAGE
  }
  const env = processEnv();
  // Only Redis is used here; every service's configuration requires DATABASE_URL, so a stand-in
  // spares the operator a secret this tool never touches.
  const standIn = env['DATABASE_URL'] || env['DATABASE_URL_FILE'] ? {} : { DATABASE_URL: 'postgres://unused/unused' };
  const { redis } = loadConfig(service, { ...env, ...standIn });
  const client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix });
  try {
    const result = await client.replayDeadLetters(service, { pattern: values.pattern });
    const patterns = Object.entries(result.byPattern).map(([pattern, n]) => `${pattern}: ${n}`);
    const detail = patterns.length > 0 ? ` (${patterns.join(', ')})` : '';
    process.stdout.write(`replayed ${result.replayed} dead letters to ${service}${detail}; ${result.left} left\n`);
    return 0;
  } finally {
    await client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`replay-dead-letters: ${e instanceof ConfigError ? e.message : (e as Error).message}\n`);
    process.exit(1);
  },
);
