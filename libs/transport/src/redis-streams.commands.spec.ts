import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { createTestRedis, TestRedis } from '@tronpay/testing';
import {
  closeAll,
  createClient,
  HandledCall,
  Replica,
  REPLICA,
  ReplicaInfo,
  sleep,
  startReplica,
  waitFor,
} from './fixtures/transport-test.harness';
import { RedisStreamsClient } from './redis-streams.client';
import { RedisStreamsContext } from './redis-streams.context';
import { HandledMessage } from './redis-streams.options';
import { RpcErrorFilter } from './rpc-error.filter';
import { decodeReplyFields, encodeMessage, parseStreamRead } from './stream-entries';
import { streamKeys } from './stream-keys';
import { TransportRpcError, TransportTimeoutError } from './transport.errors';

interface EchoRequest {
  n: number;
  nonce: string;
}

@Controller()
class EchoController {
  constructor(@Inject(REPLICA) private readonly replica: ReplicaInfo) {}

  @MessagePattern('echo.ping.v1')
  async ping(@Payload() data: EchoRequest, @Ctx() ctx: RedisStreamsContext) {
    this.replica.log.push({ replica: this.replica.name, pattern: ctx.getPattern(), data: { ...data, id: ctx.getMessageId() } });
    await sleep(1);
    return { n: data.n, nonce: data.nonce, replica: this.replica.name };
  }

  @MessagePattern('echo.slow.v1')
  async slow(@Payload() data: { ms: number }) {
    this.replica.log.push({ replica: this.replica.name, pattern: 'echo.slow.v1', data });
    await sleep(data.ms);
    return { slept: data.ms };
  }

  @MessagePattern('echo.fail.v1')
  fail(@Payload() data: { kind: string }) {
    this.replica.log.push({ replica: this.replica.name, pattern: 'echo.fail.v1', data });
    if (data.kind === 'typed') throw new TransportRpcError('insufficient_funds', 'Balance too low', { need: '10' });
    if (data.kind === 'rpc') throw new RpcException({ code: 'wallet_locked', message: 'Wallet is locked' });
    if (data.kind === 'coded') throw Object.assign(new Error('Daily limit exceeded'), { code: 'limit_exceeded', details: { limit: '100' } });
    if (data.kind === 'system') throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' });
    throw new TypeError('cannot read secret of undefined at /srv/wallet/keys.ts:42');
  }
}

describe('RedisStreams transport: commands', () => {
  let redis: TestRedis;
  let log: HandledCall[];
  let replicas: Replica[];
  let clients: RedisStreamsClient[];

  const start = async (name: string, extra: Partial<Parameters<typeof startReplica>[0]> = {}) => {
    const replica = await startReplica({
      name,
      log,
      controllers: [EchoController],
      server: { url: redis.url, prefix: redis.prefix, service: 'echo' },
      ...extra,
    });
    replicas.push(replica);
    return replica;
  };
  const client = (requestTimeoutMs = 10_000) => {
    const c = createClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs });
    clients.push(c);
    return c;
  };
  const handledCount = (pattern: string) => log.filter((call) => call.pattern === pattern).length;

  beforeEach(async () => {
    redis = await createTestRedis();
    log = [];
    replicas = [];
    clients = [];
  });

  afterEach(async () => {
    await closeAll([...clients, ...replicas.map((r) => r.app)]);
    await redis.cleanup();
  });

  it('delivers 1,000 concurrent commands to exactly one of 3 replicas each and answers the right caller', async () => {
    await Promise.all([start('r1'), start('r2'), start('r3')]);
    const callers = [client(), client()];
    const replies = await Promise.all(
      Array.from({ length: 1000 }, (_, n) => {
        const nonce = `${n}-${Math.random().toString(36).slice(2)}`;
        return callers[n % 2]
          .request<{ n: number; nonce: string; replica: string }>('echo.ping.v1', { n, nonce })
          .then((reply) => ({ reply, n, nonce }));
      }),
    );

    for (const { reply, n, nonce } of replies) expect(reply).toMatchObject({ n, nonce });
    const perRequest = new Map<number, number>();
    for (const call of log) {
      const { n } = call.data as EchoRequest;
      perRequest.set(n, (perRequest.get(n) ?? 0) + 1);
    }
    expect(perRequest.size).toBe(1000);
    expect([...perRequest.values()].every((count) => count === 1)).toBe(true);
    const perReplica = new Set(log.map((call) => call.replica));
    expect(perReplica.size).toBeGreaterThan(1);
    // A replica counts a message once its MULTI returns, which can be just after the caller got the reply.
    await waitFor(() => replicas.reduce((sum, r) => sum + r.server.stats().handled, 0) === 1000, 5_000, 'all acks');
    // Answered commands are acked and deleted: nothing pending, nothing left in the stream.
    const stream = streamKeys(redis.prefix).command('echo');
    expect(await redis.client.xlen(stream)).toBe(0);
    expect((await redis.client.xpending(stream, 'echo'))[0]).toBe(0);
  });

  it('serves a command sent while the service was down once it comes up within the deadline', async () => {
    const caller = client();
    const reply = caller.request('echo.ping.v1', { n: 1, nonce: 'while-down' }, { timeoutMs: 8_000 });
    await sleep(700);
    expect(handledCount('echo.ping.v1')).toBe(0);
    await start('late');
    await expect(reply).resolves.toMatchObject({ n: 1, nonce: 'while-down', replica: 'late' });
    expect(handledCount('echo.ping.v1')).toBe(1);
  });

  it('never runs a command whose deadline passed while the service was down; the caller got a timeout', async () => {
    const caller = client();
    const started = Date.now();
    const error = await caller.request('echo.ping.v1', { n: 2, nonce: 'expired' }, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportTimeoutError);
    expect(error).toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    const late = await start('late');
    await waitFor(() => late.server.stats().expired === 1, 5_000, 'the expired command to be acked');
    await sleep(500);
    expect(handledCount('echo.ping.v1')).toBe(0);
    expect(await redis.client.xlen(streamKeys(redis.prefix).command('echo'))).toBe(0);
  });

  it('passes a typed error to the caller with its code, message and details', async () => {
    await start('plain');
    const caller = client();
    const typed = await caller.request('echo.fail.v1', { kind: 'typed' }).catch((e: unknown) => e);
    expect(typed).toBeInstanceOf(TransportRpcError);
    expect(typed).toMatchObject({ code: 'insufficient_funds', message: 'Balance too low', details: { need: '10' } });
    // Nest's default filter keeps RpcException payloads, so this works without RpcErrorFilter too.
    await expect(caller.request('echo.fail.v1', { kind: 'rpc' })).rejects.toMatchObject({
      code: 'wallet_locked',
      message: 'Wallet is locked',
    });
  });

  it('with RpcErrorFilter, keeps module errors with a public code and hides everything else as internal', async () => {
    await start('filtered', { configure: (app) => app.useGlobalFilters(new RpcErrorFilter()) });
    const caller = client();
    await expect(caller.request('echo.fail.v1', { kind: 'coded' })).rejects.toMatchObject({
      code: 'limit_exceeded',
      message: 'Daily limit exceeded',
      details: { limit: '100' },
    });
    for (const kind of ['system', 'unknown']) {
      const error = await caller.request('echo.fail.v1', { kind }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportRpcError);
      expect(error).toMatchObject({ code: 'internal', message: 'Internal error' });
      expect(JSON.stringify(error)).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|secret|keys\.ts/);
    }
  });

  it('rejects with a timeout error when the handler outlives the deadline, and ignores the late reply', async () => {
    const replica = await start('slow');
    const caller = client();
    const error = await caller.request('echo.slow.v1', { ms: 1_000 }, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportTimeoutError);
    expect(error).toMatchObject({ code: 'timeout' });
    await waitFor(() => replica.server.stats().handled === 1, 5_000, 'the slow handler to finish');
    // The late reply arrives and is dropped; the client keeps working.
    await expect(caller.request('echo.ping.v1', { n: 3, nonce: 'after' })).resolves.toMatchObject({ nonce: 'after' });
    expect(caller.inFlight).toBe(0);
  });

  it('re-sends the stored reply instead of running a command published again with the same id (done key)', async () => {
    const replica = await start('dedupe', { server: { url: redis.url, prefix: redis.prefix, service: 'echo', doneTtlSeconds: 600 } });
    const caller = client();
    const first = await caller.request('echo.ping.v1', { n: 4, nonce: 'once' });
    expect(handledCount('echo.ping.v1')).toBe(1);
    const messageId = (log[0].data as { id: string }).id;
    const keys = streamKeys(redis.prefix);
    const ttl = await redis.client.ttl(keys.done('echo', messageId));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);

    // The same message arrives again, as after a crash between the handler's end and the ack.
    const probe = keys.reply('probe');
    const fields = encodeMessage({
      id: messageId,
      pattern: 'echo.ping.v1',
      data: JSON.stringify({ n: 4, nonce: 'once' }),
      replyTo: probe,
      deadline: Date.now() + 5_000,
    });
    await redis.client.xadd(keys.command('echo'), '*', ...fields);
    await waitFor(async () => (await redis.client.xlen(probe)) === 1, 5_000, 'the stored reply');

    const [batch] = parseStreamRead(await redis.client.xread('STREAMS', probe, '0'));
    const resent = decodeReplyFields(batch.entries[0].fields ?? {});
    expect(resent).toMatchObject({ id: messageId, status: 'ok' });
    expect(JSON.parse(resent?.body ?? 'null')).toEqual(first);
    expect(handledCount('echo.ping.v1')).toBe(1);
    expect(replica.server.stats()).toMatchObject({ handled: 1, duplicates: 1 });
  });

  it('does not run again a finished command taken over from a replica that died before acking it', async () => {
    const replica = await start('heir', {
      server: { url: redis.url, prefix: redis.prefix, service: 'echo', visibilityTimeoutMs: 500 },
    });
    const caller = client();
    const first = await caller.request('echo.ping.v1', { n: 6, nonce: 'ghost' });
    const messageId = (log[0].data as { id: string }).id;
    const keys = streamKeys(redis.prefix);
    const probe = keys.reply('probe');
    const fields = encodeMessage({
      id: messageId,
      pattern: 'echo.ping.v1',
      data: JSON.stringify({ n: 6, nonce: 'ghost' }),
      replyTo: probe,
      deadline: Date.now() + 10_000,
    });
    // In one transaction, so that "ghost" (a replica that then dies) reads it, not the live one.
    await redis.client
      .multi()
      .xadd(keys.command('echo'), '*', ...fields)
      .xreadgroup('GROUP', 'echo', 'ghost', 'COUNT', 1, 'STREAMS', keys.command('echo'), '>')
      .exec();

    await waitFor(async () => (await redis.client.xlen(probe)) === 1, 5_000, 'the stored reply');
    const [batch] = parseStreamRead(await redis.client.xread('STREAMS', probe, '0'));
    expect(JSON.parse(decodeReplyFields(batch.entries[0].fields ?? {})?.body ?? 'null')).toEqual(first);
    expect(handledCount('echo.ping.v1')).toBe(1);
    expect(replica.server.stats()).toMatchObject({ handled: 1, duplicates: 1, redelivered: 1 });
  });

  it('ignores replies with unknown or repeated correlation ids', async () => {
    await start('r');
    const caller = client();
    await caller.connect();
    const replyStream = streamKeys(redis.prefix).reply(caller.clientId);
    await redis.client.xadd(replyStream, '*', 'id', 'no-such-request', 'status', 'ok', 'body', '{"forged":true}');
    await redis.client.xadd(replyStream, '*', 'garbage', 'entry');
    await expect(caller.request('echo.ping.v1', { n: 5, nonce: 'real' })).resolves.toMatchObject({ nonce: 'real' });
    expect(caller.inFlight).toBe(0);
    // The reply stream expires on its own if the client dies, and goes away when it closes.
    expect(await redis.client.ttl(replyStream)).toBeGreaterThan(0);
    await caller.close();
    expect(await redis.client.exists(replyStream)).toBe(0);
  });

  it('on close, finishes the running handler before quitting and reports each message to the hook', async () => {
    const seen: HandledMessage[] = [];
    const replica = await start('closing', {
      server: { url: redis.url, prefix: redis.prefix, service: 'echo', onMessageHandled: (m) => seen.push(m) },
    });
    const caller = client();
    const reply = caller.request('echo.slow.v1', { ms: 600 });
    await waitFor(() => handledCount('echo.slow.v1') === 1, 5_000, 'the handler to start');
    expect(replica.server.stats().inFlight).toBe(1);
    await replica.app.close();
    expect(seen).toEqual([
      expect.objectContaining({ pattern: 'echo.slow.v1', kind: 'command', outcome: 'ok', redelivered: false }),
    ]);
    expect(seen[0].durationMs).toBeGreaterThan(0);
    await expect(reply).resolves.toEqual({ slept: 600 });
    expect(replica.server.stats()).toMatchObject({ handled: 1, inFlight: 0 });
  });
});
