import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { processEnv } from '@tronpay/config';
import { MetricsService } from '@tronpay/observability';
import { createTestRedis, TestRedis } from '@tronpay/testing';
import { lastValueFrom } from 'rxjs';
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
import { HandledMessage, RedisStreamsServerOptions } from './redis-streams.options';
import { streamKeys } from './stream-keys';
import { TransportRpcError } from './transport.errors';

const PAID = 'invoice.paid.v1';
const REFUNDED = 'invoice.refunded.v1';
/** Small, so that a retry (one per visibility timeout) comes quickly. */
const VISIBILITY_MS = 500;
const RETRY = { visibilityTimeoutMs: VISIBILITY_MS, claimIntervalMs: 100 } as const;

interface Attempt {
  invoice: string;
  ok: boolean;
  messageId: string;
  redelivered: boolean;
}

/** Decides, per call, whether the handler throws: (replica, invoice, attempt number of this service) -> error. */
type Plan = (replica: string, invoice: string, attempt: number) => Error | undefined;
let plan: Plan = () => undefined;

const serviceOf = (call: HandledCall) => call.replica.split('/')[0];

@Controller()
class InvoiceListener {
  constructor(@Inject(REPLICA) private readonly replica: ReplicaInfo) {}

  @EventPattern(PAID)
  onPaid(@Payload() data: { invoice: string }, @Ctx() ctx: RedisStreamsContext) {
    this.handle(data, ctx);
  }

  @EventPattern(REFUNDED)
  onRefunded(@Payload() data: { invoice: string }, @Ctx() ctx: RedisStreamsContext) {
    this.handle(data, ctx);
  }

  private handle(data: { invoice: string }, ctx: RedisStreamsContext) {
    const service = this.replica.name.split('/')[0];
    const pattern = ctx.getPattern();
    const before = this.replica.log.filter(
      (c) => serviceOf(c) === service && c.pattern === pattern && (c.data as Attempt).invoice === data.invoice,
    );
    const error = plan(this.replica.name, data.invoice, before.length + 1);
    const attempt: Attempt = { invoice: data.invoice, ok: !error, messageId: ctx.getMessageId(), redelivered: ctx.isRedelivery() };
    this.replica.log.push({ replica: this.replica.name, pattern, data: attempt });
    if (error) throw error;
  }
}

describe('RedisStreams transport: failing event handlers', () => {
  let redis: TestRedis;
  let log: HandledCall[];
  let replicas: Replica[];
  let emitter: RedisStreamsClient;

  const start = async (replica: string, server: Partial<RedisStreamsServerOptions> = {}) => {
    const started = await startReplica({
      name: replica,
      log,
      controllers: [InvoiceListener],
      server: { url: redis.url, prefix: redis.prefix, service: replica.split('/')[0], ...RETRY, ...server },
    });
    replicas.push(started);
    return started;
  };
  const emit = (pattern: string, invoice: string) =>
    lastValueFrom(emitter.emit(pattern, { invoice }), { defaultValue: undefined });
  /** The attempts a service made at one event, in order. */
  const attempts = (service: string, invoice: string, pattern = PAID) =>
    log.filter((c) => serviceOf(c) === service && c.pattern === pattern && (c.data as Attempt).invoice === invoice).map((c) => c.data as Attempt);
  const successes = (service: string, invoice: string, pattern = PAID) => attempts(service, invoice, pattern).filter((a) => a.ok).length;
  const keys = () => streamKeys(redis.prefix);
  const pending = async (stream: string, group: string) => (await redis.client.xpending(stream, group))[0] as number;
  const failureRecords = async () => (await redis.client.keys(`${redis.prefix}failed:*`)).length;

  beforeEach(async () => {
    redis = await createTestRedis();
    log = [];
    replicas = [];
    plan = () => undefined;
    emitter = createClient({ url: redis.url, prefix: redis.prefix });
  });

  afterEach(async () => {
    await closeAll([emitter, ...replicas.map((r) => r.app)]);
    await redis.cleanup();
  });

  it('retries an event whose handler failed: fails twice, then handled once, and nothing is left behind', async () => {
    plan = (_replica, _invoice, attempt) => (attempt <= 2 ? new TransportRpcError('ledger_busy', 'Ledger is busy') : undefined);
    const ledger = await start('ledger/1', { eventMaxAttempts: 5 });
    await emit(PAID, 'i-1');

    await waitFor(() => successes('ledger', 'i-1') === 1, 10_000, 'the third attempt to succeed');
    await sleep(3 * VISIBILITY_MS); // room for a duplicate to show up
    expect(attempts('ledger', 'i-1').map((a) => [a.ok, a.redelivered])).toEqual([
      [false, false],
      [false, true],
      [true, true],
    ]);
    expect(ledger.server.stats()).toMatchObject({ handled: 1, failed: 2, deadLettered: 0, inFlight: 0 });
    expect(await pending(keys().event(PAID), 'ledger')).toBe(0);
    expect(await failureRecords()).toBe(0);
    expect(await redis.client.xlen(keys().deadLetters('ledger'))).toBe(0);
  });

  it('with two replicas, every event that failed once on either is retried and handled exactly once', async () => {
    plan = (_replica, _invoice, attempt) => (attempt === 1 ? new Error('Connection terminated unexpectedly') : undefined);
    await Promise.all([start('ledger/1'), start('ledger/2')]);
    const invoices = Array.from({ length: 20 }, (_, i) => `i-${i}`);
    for (const invoice of invoices) await emit(PAID, invoice);

    await waitFor(() => invoices.every((i) => successes('ledger', i) === 1), 15_000, 'every event handled');
    await sleep(3 * VISIBILITY_MS);
    for (const invoice of invoices) expect(attempts('ledger', invoice).map((a) => a.ok)).toEqual([false, true]);
    expect(await pending(keys().event(PAID), 'ledger')).toBe(0);
    expect(await failureRecords()).toBe(0);
  });

  it('leaves the event of a replica whose handler fails to another replica, the attempt count kept in Redis', async () => {
    plan = (replica) => (replica === 'ledger/a' ? new Error('connect ECONNREFUSED 10.0.0.3:5432') : undefined);
    const a = await start('ledger/a');
    await emit(PAID, 'i-1');
    await waitFor(() => attempts('ledger', 'i-1').length === 1, 5_000, 'the failure on replica a');
    const { messageId } = attempts('ledger', 'i-1')[0];
    const record = keys().failures('ledger', messageId);
    await waitFor(async () => (await redis.client.hget(record, 'attempts')) === '1', 5_000, 'the attempt to be counted');
    await a.app.close();

    // Started after the failure: XREADGROUP ">" never shows it the entry; only XAUTOCLAIM can.
    const b = await start('ledger/b');
    await waitFor(() => successes('ledger', 'i-1') === 1, 10_000, 'replica b to handle it');
    await waitFor(() => b.server.stats().handled === 1, 5_000, 'the ack');
    expect(log.map((c) => [c.replica, (c.data as Attempt).ok])).toEqual([
      ['ledger/a', false],
      ['ledger/b', true],
    ]);
    expect(b.server.stats()).toMatchObject({ redelivered: 1, handled: 1 });
    expect(await redis.client.exists(record)).toBe(0);
    expect(await pending(keys().event(PAID), 'ledger')).toBe(0);
  });

  it('dead-letters an event after its last attempt, with its error, counted, while other events keep flowing', async () => {
    plan = (_replica, invoice) => {
      if (invoice === 'poison-typed') return new TransportRpcError('ledger_rejects', 'Ledger rejects this invoice');
      if (invoice === 'poison-raw') return new Error('connect ECONNREFUSED 10.0.0.3:5432');
      return undefined;
    };
    const metrics = new MetricsService('ledger');
    const reports: HandledMessage[] = [];
    // Wired as libs/runtime's bootstrap wires it; concurrency 1, so a poison event holding its
    // slot would stall everything behind it.
    const ledger = await start('ledger/1', {
      eventMaxAttempts: 4,
      concurrency: 1,
      onMessageHandled: (e) => {
        reports.push(e);
        if (e.deadLettered) metrics.countDeadLetter(e.pattern);
      },
    });
    await emit(PAID, 'poison-typed');
    await emit(PAID, 'poison-raw');
    const good = Array.from({ length: 5 }, (_, i) => `good-${i}`);
    for (const invoice of good) await emit(PAID, invoice);

    await waitFor(async () => (await redis.client.xlen(keys().deadLetters('ledger'))) === 2, 15_000, 'two dead letters');
    await waitFor(() => ledger.server.stats().deadLettered === 2, 5_000, 'the stats');
    expect(good.map((i) => successes('ledger', i))).toEqual([1, 1, 1, 1, 1]);
    // The good events were handled while the poison ones were still being retried.
    const lastGood = Math.max(...good.map((i) => log.findIndex((c) => (c.data as Attempt).invoice === i)));
    const lastPoison = log.map((c) => (c.data as Attempt).invoice).lastIndexOf('poison-typed');
    expect(lastGood).toBeLessThan(lastPoison);
    expect(attempts('ledger', 'poison-typed').map((a) => a.ok)).toEqual([false, false, false, false]);

    const letters = await emitter.deadLetters('ledger');
    const byInvoice = new Map(letters.map((l) => [(JSON.parse(l.data) as { invoice: string }).invoice, l]));
    const typed = byInvoice.get('poison-typed');
    expect(typed).toMatchObject({
      id: attempts('ledger', 'poison-typed')[0].messageId,
      pattern: PAID,
      stream: keys().event(PAID),
      attempts: 4,
      errorCode: 'ledger_rejects',
      errorMessage: 'Ledger rejects this invoice',
    });
    expect(Date.parse(typed?.firstFailedAt ?? '')).toBeLessThan(Date.parse(typed?.lastFailedAt ?? ''));
    // An unexpected error is recorded in its public shape: no hosts, no driver text.
    expect(byInvoice.get('poison-raw')).toMatchObject({ attempts: 4, errorCode: 'internal', errorMessage: 'Internal error' });
    expect(JSON.stringify(letters)).not.toContain('10.0.0.3');

    expect(ledger.server.stats()).toMatchObject({ handled: 5, failed: 8, deadLettered: 2 });
    expect(reports.filter((r) => r.deadLettered)).toEqual([
      expect.objectContaining({ pattern: PAID, kind: 'event', outcome: 'error' }),
      expect.objectContaining({ pattern: PAID, kind: 'event', outcome: 'error' }),
    ]);
    expect(await metrics.render()).toMatch(/^tronpay_transport_dead_letters_total\{pattern="invoice\.paid\.v1",service="ledger"\} 2$/m);
    expect(await pending(keys().event(PAID), 'ledger')).toBe(0);
    expect(await failureRecords()).toBe(0);
  });

  it('dead-letters at once an event its handler refuses as invalid: it would be refused again', async () => {
    plan = (_replica, invoice) => (invoice === 'malformed' ? new TransportRpcError('validation_failed', 'invoice must be a uuid') : undefined);
    const ledger = await start('ledger/1', { eventMaxAttempts: 10 });
    await emit(PAID, 'malformed');
    await emit(PAID, 'fine');
    await waitFor(async () => (await redis.client.xlen(keys().deadLetters('ledger'))) === 1, 10_000, 'the dead letter');
    await waitFor(async () => successes('ledger', 'fine') === 1, 5_000, 'the next event');
    expect(attempts('ledger', 'malformed')).toHaveLength(1);
    expect((await emitter.deadLetters('ledger'))[0]).toMatchObject({ attempts: 1, errorCode: 'validation_failed' });
    expect(ledger.server.stats()).toMatchObject({ deadLettered: 1 });
    expect(await pending(keys().event(PAID), 'ledger')).toBe(0);
  });

  it('replays dead letters to the service that failed them only, by pattern or all (the CLI), handled once', async () => {
    // The CLI takes real service names: gateway failed the events, payout handles them fine.
    let gatewayBroken = true;
    plan = (replica) => (gatewayBroken && replica.startsWith('gateway/') ? new TransportRpcError('db_down', 'Database is down') : undefined);
    await Promise.all([start('gateway/1', { eventMaxAttempts: 2 }), start('payout/1')]);
    await emit(PAID, 'i-1');
    await emit(REFUNDED, 'i-1');
    await waitFor(async () => (await redis.client.xlen(keys().deadLetters('gateway'))) === 2, 10_000, 'two dead letters');
    expect([successes('payout', 'i-1', PAID), successes('payout', 'i-1', REFUNDED)]).toEqual([1, 1]);

    gatewayBroken = false; // the fix is deployed
    await expect(emitter.replayDeadLetters('gateway', { pattern: REFUNDED })).resolves.toEqual({
      replayed: 1,
      byPattern: { [REFUNDED]: 1 },
      left: 1,
    });
    await waitFor(() => successes('gateway', 'i-1', REFUNDED) === 1, 5_000, 'the replayed refund');
    expect(successes('gateway', 'i-1', PAID)).toBe(0);

    const cli = await promisify(execFile)('node', ['-r', '@swc-node/register', path.join(__dirname, 'replay-dead-letters.ts'), '--service', 'gateway'], {
      env: { ...processEnv(), REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix },
    });
    expect(cli.stdout).toBe(`replayed 1 dead letters to gateway (${PAID}: 1); 0 left\n`);
    await waitFor(() => successes('gateway', 'i-1', PAID) === 1, 5_000, 'the replayed payment');

    await sleep(3 * VISIBILITY_MS);
    expect([successes('gateway', 'i-1', PAID), successes('gateway', 'i-1', REFUNDED)]).toEqual([1, 1]);
    // payout handled each event once, the first time, and saw no replay.
    expect([attempts('payout', 'i-1', PAID).length, attempts('payout', 'i-1', REFUNDED).length]).toEqual([1, 1]);
    expect(await redis.client.xlen(keys().deadLetters('gateway'))).toBe(0);
    expect(await redis.client.xlen(keys().retry('gateway'))).toBe(0);
    expect(await pending(keys().retry('gateway'), 'gateway')).toBe(0);
    expect(await failureRecords()).toBe(0);
  });
});
