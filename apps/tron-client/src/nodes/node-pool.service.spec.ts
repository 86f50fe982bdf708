import { Registry } from 'prom-client';
import { CircuitBreaker } from './circuit-breaker';
import { NodeHttp, NodeHttpRequest, NodeHttpResponse, NodeTimeoutError } from './node-http';
import { NodePoolError } from './node-pool.errors';
import { NodePool, NodePoolOptions } from './node-pool.service';
import { TokenBucket } from './token-bucket';

type Behaviour = (path: string, init: NodeHttpRequest) => NodeHttpResponse | Error;

/** A stub HTTP layer: each node (by origin) answers as its behaviour says; every request is recorded. */
class StubHttp implements NodeHttp {
  readonly calls: Array<{ url: string; headers: Record<string, string> }> = [];
  constructor(readonly nodes: Record<string, Behaviour>) {}
  async request(url: string, init: NodeHttpRequest): Promise<NodeHttpResponse> {
    this.calls.push({ url, headers: init.headers });
    const u = new URL(url);
    const r = this.nodes[u.origin](u.pathname, init);
    if (r instanceof Error) throw r;
    return r;
  }
}

const ok = (body: unknown): NodeHttpResponse => ({ status: 200, body: JSON.stringify(body) });
const block = (n: number) => ({ blockID: n.toString(16).padStart(64, '0'), block_header: { raw_data: { number: n } } });
const A = 'http://a.node:8090';
const B = 'http://b.node:8090';

function pool(http: NodeHttp, over: Partial<NodePoolOptions> = {}, now: () => number = Date.now) {
  const registry = new Registry();
  const p = new NodePool(
    {
      urls: [A, B],
      timeoutMs: 100,
      ratePerSecond: 1000,
      maxLagBlocks: 5,
      breakerFailures: 3,
      breakerCooldownMs: 1000,
      retries: 2,
      healthIntervalMs: 60_000,
      backoffMs: 1,
      ...over,
    },
    http,
    registry,
    now,
  );
  return { p, registry };
}

describe('NodePool', () => {
  it('asks the first node, and the next one when it errors, times out or answers an Error body', async () => {
    for (const failure of [new Error('ECONNREFUSED'), new NodeTimeoutError(100), { status: 200, body: '{"Error":"class java.lang.NullPointerException"}' }, { status: 503, body: '' }]) {
      const http = new StubHttp({ [A]: () => failure, [B]: () => ok(block(7)) });
      const { p } = pool(http);
      expect(await p.call('/wallet/getnowblock')).toEqual(block(7));
      expect(http.calls.map((c) => new URL(c.url).origin)).toEqual([A, B]);
    }
  });

  it('passes over a node that does not have the block yet, without counting it as broken', async () => {
    const http = new StubHttp({ [A]: () => ok({}), [B]: () => ok(block(9)) });
    const { p } = pool(http);
    const got = await p.call('/wallet/getblockbynum', { num: 9 }, { accept: (b) => (b as { blockID?: string }).blockID !== undefined });
    expect(got).toEqual(block(9));
    expect(p.health()[0]).toMatchObject({ circuit: 'closed', consecutiveFailures: 0 });
  });

  it('opens a node circuit after K consecutive failures, skips it, and half-opens it after the cool-down', async () => {
    let t = 0;
    let aUp = false;
    const http = new StubHttp({ [A]: () => (aUp ? ok(block(1)) : new Error('down')), [B]: () => ok(block(2)) });
    const { p, registry } = pool(http, {}, () => t);
    for (let i = 0; i < 3; i++) await p.call('/x');
    expect(p.health()[0].circuit).toBe('open');
    http.calls.length = 0;
    await p.call('/x');
    expect(http.calls.map((c) => new URL(c.url).origin)).toEqual([B]);
    expect(await registry.getSingleMetricAsString('tronpay_node_circuit_state')).toContain(`tronpay_node_circuit_state{node="${A}"} 2`);

    t = 1000;
    aUp = true;
    expect(p.health()[0].circuit).toBe('half_open');
    expect(await p.call('/x')).toEqual(block(1));
    expect(p.health()[0].circuit).toBe('closed');
  });

  it('skips a node lagging the best head by more than the allowed blocks', async () => {
    const http = new StubHttp({ [A]: () => ok(block(100)), [B]: () => ok(block(120)) });
    const { p } = pool(http);
    await p.checkHealth();
    expect(p.bestHead()).toBe(120);
    expect(p.health().map((n) => n.lagging)).toEqual([true, false]);
    http.calls.length = 0;
    await p.call('/wallet/getblockbynum');
    expect(new URL(http.calls[0].url).origin).toBe(B);
  });

  it('retries whole rounds with backoff, then fails naming the last reason', async () => {
    const http = new StubHttp({ [A]: () => new Error('refused'), [B]: () => new NodeTimeoutError(100) });
    const { p } = pool(http, { retries: 3 });
    await expect(p.call('/wallet/getnowblock')).rejects.toThrow(NodePoolError);
    expect(http.calls).toHaveLength(6);
  });

  it('keeps each node under its rate limit, moving to the next node when a bucket is empty', async () => {
    const http = new StubHttp({ [A]: () => ok(block(1)), [B]: () => ok(block(2)) });
    const { p } = pool(http, { ratePerSecond: 2 }, () => 0);
    const origins: string[] = [];
    for (let i = 0; i < 4; i++) origins.push(JSON.stringify(await p.call('/x')));
    expect(origins).toEqual([block(1), block(1), block(2), block(2)].map((b) => JSON.stringify(b)));
  });

  it('sends the API key as TRON-PRO-API-KEY and never shows it in metrics or stats', async () => {
    const key = 'secret-trongrid-key-123';
    const http = new StubHttp({ [A]: () => new Error(`boom`), [B]: () => ok(block(3)) });
    const { p, registry } = pool(http, { apiKey: key, urls: [`${A}/?apikey=${key}`, B] });
    await p.call('/wallet/getnowblock');
    expect(http.calls.every((c) => c.headers['TRON-PRO-API-KEY'] === key)).toBe(true);
    expect(await registry.metrics()).not.toContain(key);
    expect(JSON.stringify(p.health())).not.toContain(key);
    expect(await registry.getSingleMetricAsString('tronpay_node_requests_total')).toContain(`outcome="network_error"`);
  });
});

describe('TokenBucket and CircuitBreaker', () => {
  it('refills tokens over time up to the capacity', () => {
    const b = new TokenBucket(10, 2, 0);
    expect([b.take(0), b.take(0)]).toEqual([0, 0]);
    expect(b.take(0)).toBe(100);
    expect(b.take(100)).toBe(0);
    expect(b.available(10_000)).toBe(2);
  });

  it('lets one trial through when half-open; a failed trial re-opens the circuit', () => {
    const c = new CircuitBreaker(2, 100);
    c.failure(0);
    expect(c.state(0)).toBe('closed');
    c.failure(0);
    expect(c.allow(50)).toBe(false);
    expect(c.allow(100)).toBe(true);
    expect(c.allow(100)).toBe(false);
    c.failure(100);
    expect(c.state(150)).toBe('open');
    expect(c.allow(200)).toBe(true);
    c.success();
    expect(c.state(200)).toBe('closed');
  });
});
