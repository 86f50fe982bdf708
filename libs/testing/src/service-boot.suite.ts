import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@tronpay/config';
import { createTestDatabase, TestDatabase } from './test-database';
import { createTestRedis, TestRedis } from './test-redis';
import { spawnApp, ServiceProcess, waitForStatus } from './service-process';

/** What the suite needs of a transport client (passed in: libs/testing does not depend on the transport). */
export interface BootSuiteClient {
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  request<T>(pattern: string, data: unknown): Promise<T>;
}

/**
 * The boot contract every service app keeps, run against the app's real `main.ts` in its own
 * process on a real PostgreSQL and Redis: health, metrics, status, stats over HTTP and the
 * transport, a clean exit 0 on SIGTERM, and a refused boot on bad configuration.
 */
export function describeServiceProcess(
  app: ServiceName,
  makeClient: (redis: { url: string; prefix: string }) => BootSuiteClient,
  /** The service's own required settings (e.g. the wallet's KEK). */
  env: Record<string, string> = {},
  /** Sent with every request but /health/* and /metrics (the gateway's API key). */
  headers: Record<string, string> = {},
): void {
  describe(`${app} service process`, () => {
    jest.setTimeout(90_000);
    let db: TestDatabase;
    let redis: TestRedis;
    let proc: ServiceProcess;
    let client: BootSuiteClient;

    beforeAll(async () => {
      db = await createTestDatabase();
      redis = await createTestRedis();
      proc = await spawnApp(app, { ...env, DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix });
      await waitForStatus(proc, `${proc.url}/health/ready`);
      client = makeClient({ url: redis.url, prefix: redis.prefix });
      await client.connect();
    });

    afterAll(async () => {
      await client?.close();
      if (proc && proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
      await redis?.cleanup();
      await db?.drop();
    });

    it('is live and ready, naming its checks', async () => {
      expect((await fetch(`${proc.url}/health/live`)).status).toBe(200);
      const ready = await fetch(`${proc.url}/health/ready`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { info: Record<string, { status: string }> };
      expect(body.info).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
    });

    it('serves Prometheus metrics with its request histogram', async () => {
      await fetch(`${proc.url}/status`, { headers });
      const res = await fetch(`${proc.url}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toMatch(/^process_cpu_user_seconds_total\{service="[a-z-]+"\} /m);
      expect(text).toContain(`tronpay_http_request_duration_seconds_count{service="${app}",method="GET",route="/status",status="200"}`);
      expect(text).toContain('# TYPE tronpay_transport_handler_duration_seconds histogram');
    });

    it('reports status and stats over HTTP and over the transport', async () => {
      const status = (await (await fetch(`${proc.url}/status`, { headers })).json()) as { service: string; network: string };
      expect(status).toMatchObject({ service: app, network: 'devnet' });
      const stats = (await (await fetch(`${proc.url}/stats`, { headers })).json()) as Record<string, unknown>;
      expect(stats).toMatchObject({ service: app, transport: expect.any(Object), database: expect.any(Object) });
      const viaTransport = await client.request<{ service: string }>(`${app}.status.v1`, { requestId: randomUUID() });
      expect(viaTransport.service).toBe(app);
    });

    it('answers unknown routes and malformed JSON with the public error shape', async () => {
      const missing = await fetch(`${proc.url}/nope`, { headers });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
      const bad = await fetch(`${proc.url}/status`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{"amount": ',
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: { code: 'invalid_json', message: 'Request body is not valid JSON' } });
    });

    it('drains and exits 0 on SIGTERM', async () => {
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    });

    it('refuses to boot on bad configuration, naming each bad variable', async () => {
      const bad = await spawnApp(app, { ...env, DATABASE_URL: 'mysql://nope', TRON_NETWORK: 'testnet', REDIS_URL: redis.url });
      expect(await bad.exited).toBe(78);
      expect(bad.output()).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
      expect(bad.output()).toMatch(/TRON_NETWORK: must be one of the following values/);
    });
  });
}
