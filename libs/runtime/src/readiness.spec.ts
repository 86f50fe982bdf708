import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { loadConfig } from '@tronpay/config';
import { createTestDatabase, createTestRedis, freePort, TestDatabase, TestRedis } from '@tronpay/testing';
import { RunningService, startService } from './bootstrap';

async function startRedisServer(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      await new Promise<void>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve()));
        s.once('error', reject);
      });
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('redis-server did not start');
}

interface ReadyBody {
  status: string;
  error?: Record<string, { status: string; message?: string }>;
}

describe('readiness follows the dependencies (real PostgreSQL, real Redis)', () => {
  jest.setTimeout(60_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let service: RunningService | undefined;
  let ownRedis: ChildProcess | undefined;

  beforeEach(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
  });
  afterEach(async () => {
    await service?.close().catch(() => undefined);
    service = undefined;
    ownRedis?.kill('SIGKILL');
    await redis.cleanup();
    await db.drop();
  });

  const ready = async () => {
    if (!service) throw new Error('service not started');
    const res = await fetch(`${service.url}/health/ready`);
    return { status: res.status, body: (await res.json()) as ReadyBody };
  };

  it('turns 503 naming redis when its Redis goes away, and 200 again when it is back', async () => {
    const port = await freePort();
    ownRedis = await startRedisServer(port);
    const config = loadConfig('wallet', {
      DATABASE_URL: db.url,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_PREFIX: redis.prefix,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    service = await startService(config, [], { logger: false });
    expect((await ready()).status).toBe(200);

    const dying = ownRedis;
    dying.kill('SIGKILL');
    await new Promise((r) => dying.once('exit', r));
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.error).toEqual({ redis: { status: 'down', message: expect.any(String) } });

    ownRedis = await startRedisServer(port);
    let back = await ready();
    for (let i = 0; i < 40 && back.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      back = await ready();
    }
    expect(back.status).toBe(200);
  });

  it('turns 503 naming database when its PostgreSQL database goes away', async () => {
    const config = loadConfig('payout', {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    service = await startService(config, [], { logger: false });
    expect((await ready()).status).toBe(200);
    await db.drop();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.error).toEqual({ database: { status: 'down', message: expect.any(String) } });
    db = await createTestDatabase();
  });
});
