import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { OWNER_STAND_INS, OwnerStandIn, startOwnerStandIn } from '../forwarding/testing/owner-stand-ins';
import { GatewayHarness, startGateway } from '../testing/gateway-harness';
import { startNeighbours } from '../testing/wallet-stand-in';

interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: SchemaRef }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}
interface SchemaRef {
  $ref?: string;
}
interface Schema {
  properties?: Record<string, { type?: string; enum?: unknown[] }>;
}

interface FuzzRequest {
  method: string;
  path: string;
  auth: 'admin' | 'none' | 'garbage' | 'scopeless';
  body?: string;
  idempotencyKey?: string;
}

const USDT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const RUNS = 10_000;
const STACK = /\n\s+at |\bat [\w.<>]+ \(|Error:|node_modules|\.ts:\d+/;

// The values that break naive APIs: wrong types, huge and odd strings, amounts that are not
// amounts, addresses that are not addresses.
const nasty = fc.oneof(
  fc.constantFrom('-1', '0', '-0.5', '1.0000001', '1e6', '0x10', ' 1', '1 ', '１', 'NaN', 'Infinity', '1,5', '.5', '5.', '00.1', '9'.repeat(90)),
  fc.constantFrom('T', 'T' + 'x'.repeat(33), '41' + 'g'.repeat(40), '0x' + 'a'.repeat(40), 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T', USDT.toLowerCase()),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constant('x'.repeat(20_000)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 2 }), { maxKeys: 5 }),
);

describe('gateway API fuzz: malformed requests across every endpoint (real PostgreSQL and Redis)', () => {
  jest.setTimeout(600_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let gw: GatewayHarness;
  let neighbours: Awaited<ReturnType<typeof startNeighbours>>;
  let owners: OwnerStandIn[];
  let doc: OpenApiDoc;
  let scopeless: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    neighbours = await startNeighbours(redis, USDT);
    // Every forwarded route has a service to answer it (validating the payload as the real one will).
    owners = [
      await startOwnerStandIn('payout', [OWNER_STAND_INS.payouts, OWNER_STAND_INS.recipients], redis),
      await startOwnerStandIn('staking', [OWNER_STAND_INS.staking], redis),
    ];
    gw = await startGateway({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      env: { TRON_NETWORK: 'mainnet', TRANSPORT_REQUEST_TIMEOUT_MS: '300' },
    });
    doc = (await gw.request<OpenApiDoc>('GET', '/docs-json')).body;
    scopeless = await gw.mintKey(['invoices:read']);
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all((owners ?? []).map((o) => o.close()));
    await neighbours?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const schemaOf = (route: { requestBody?: { content?: Record<string, { schema?: SchemaRef }> } }): Schema | undefined => {
    const ref = route.requestBody?.content?.['application/json']?.schema?.$ref;
    return ref ? doc.components?.schemas?.[ref.split('/').pop() as string] : undefined;
  };

  const requests = () => {
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, route]) => ({ path, method, route })));
    const segment = fc.oneof(
      fc.uuid(),
      fc.constantFrom('..', '%2e%2e', 'null', '0', '-1', 'x'.repeat(5000), '%00', '%E0%A4%A', 'undefined'),
      fc.stringMatching(/^[A-Za-z0-9._~-]{1,40}$/),
    );
    const query = fc.dictionary(
      fc.constantFrom('limit', 'cursor', 'status', 'orderId', 'type', 'x'),
      fc.oneof(fc.constantFrom('-1', '0', '101', 'abc', '1.5', '', '%ZZ'), fc.stringMatching(/^[A-Za-z0-9_-]{0,50}$/)),
      { maxKeys: 3 },
    );
    return fc
      .record({
        route: fc.constantFrom(...routes),
        segments: fc.array(segment, { minLength: 3, maxLength: 3 }),
        query,
        auth: fc.constantFrom<FuzzRequest['auth']>('admin', 'admin', 'admin', 'admin', 'admin', 'admin', 'none', 'garbage', 'scopeless'),
        body: fc.oneof(
          fc.constantFrom('{', '{"amount": ', '[1,2', 'null', '"text"', '{"a":1}}', '\u0000', ''),
          fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
          fc.constant(undefined),
        ),
        mutated: fc.dictionary(fc.string({ maxLength: 12 }), nasty, { maxKeys: 4 }),
        mutate: fc.boolean(),
        idempotencyKey: fc.option(fc.oneof(fc.stringMatching(/^[\x21-\x7e]{1,300}$/), fc.constant('')), { nil: undefined }),
      })
      .map(({ route, segments, query, auth, body, mutated, mutate, idempotencyKey }): FuzzRequest => {
        let i = 0;
        const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(segments[i++ % 3]).slice(0, 6000));
        const qs = new URLSearchParams(query).toString();
        let payload = body;
        const schema = schemaOf(route.route);
        if (mutate && schema?.properties) {
          // A body of the route's own shape, each field replaced by something it must refuse or handle.
          const fields = Object.keys(schema.properties);
          const obj: Record<string, unknown> = {};
          for (const [n, f] of fields.entries()) obj[f] = Object.values(mutated)[n % Math.max(1, Object.keys(mutated).length)] ?? null;
          payload = JSON.stringify({ ...obj, ...(Object.keys(mutated).length % 2 ? mutated : {}) });
        }
        return { method: route.method.toUpperCase(), path: qs ? `${path}?${qs}` : path, auth, body: route.method === 'get' ? undefined : payload, idempotencyKey };
      });
  };

  it(`answers ${RUNS} malformed requests with the error shape: never a 500, never a stack trace, never a success without a valid key`, async () => {
    const statuses = new Map<number, number>();
    const keys = { admin: gw.adminKey, none: null, garbage: `tp_${randomBytes(24).toString('base64url')}`, scopeless };
    await fc.assert(
      fc.asyncProperty(requests(), async (r) => {
        const res = await gw.request<unknown>(r.method, r.path, {
          key: keys[r.auth],
          raw: r.body,
          headers: r.idempotencyKey !== undefined ? { 'idempotency-key': r.idempotencyKey } : {},
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        const what = `${r.method} ${r.path.slice(0, 200)} (${r.auth}) body ${(r.body ?? '').slice(0, 200)} -> ${res.status} ${text.slice(0, 300)}`;
        expect([what, res.status >= 500 && ![501, 502, 503].includes(res.status)]).toEqual([what, false]);
        expect([what, STACK.test(text)]).toEqual([what, false]);
        const open = /^\/(health\/|metrics(\?|$))/.test(r.path);
        if ((r.auth === 'none' || r.auth === 'garbage') && !open) expect([what, res.status]).toEqual([what, 401]);
        if (res.status >= 400) {
          const body = res.body as { error?: { code?: unknown; message?: unknown } };
          expect([what, typeof body?.error?.code, typeof body?.error?.message]).toEqual([what, 'string', 'string']);
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // The fuzz reached past validation too: some requests were accepted, most refused.
    const count = (pred: (s: number) => boolean) => [...statuses].filter(([s]) => pred(s)).reduce((a, [, n]) => a + n, 0);
    expect(count((s) => s === 400)).toBeGreaterThan(RUNS / 10);
    expect(count((s) => s === 401)).toBeGreaterThan(RUNS / 20);
    expect(count((s) => s < 300)).toBeGreaterThan(0);
  });
});
