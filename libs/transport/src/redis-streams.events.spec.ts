import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
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
import { streamKeys } from './stream-keys';

const PAID = 'invoice.paid.v1';

@Controller()
class PaidListener {
  constructor(@Inject(REPLICA) private readonly replica: ReplicaInfo) {}

  @EventPattern(PAID)
  onPaid(@Payload() data: { invoice: number }, @Ctx() ctx: RedisStreamsContext) {
    this.replica.log.push({ replica: this.replica.name, pattern: ctx.getPattern(), data });
  }
}

describe('RedisStreams transport: events', () => {
  let redis: TestRedis;
  let log: HandledCall[];
  let replicas: Replica[];
  let emitter: RedisStreamsClient;

  const start = async (service: string, name: string) => {
    const replica = await startReplica({
      name: `${service}/${name}`,
      log,
      controllers: [PaidListener],
      server: { url: redis.url, prefix: redis.prefix, service },
    });
    replicas.push(replica);
    return replica;
  };
  const emit = (invoice: number) => lastValueFrom(emitter.emit(PAID, { invoice }), { defaultValue: undefined });
  /** How many times each service handled each invoice: `ledger:3 -> 1`. */
  const deliveries = () => {
    const counts = new Map<string, number>();
    for (const call of log) {
      const key = `${call.replica.split('/')[0]}:${(call.data as { invoice: number }).invoice}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  };

  beforeEach(async () => {
    redis = await createTestRedis();
    log = [];
    replicas = [];
    emitter = createClient({ url: redis.url, prefix: redis.prefix });
  });

  afterEach(async () => {
    await closeAll([emitter, ...replicas.map((r) => r.app)]);
    await redis.cleanup();
  });

  it('delivers each event once to each subscribing service, to one of its replicas', async () => {
    await Promise.all([start('ledger', '1'), start('ledger', '2'), start('notifier', '1'), start('notifier', '2')]);
    for (let invoice = 0; invoice < 50; invoice++) await emit(invoice);

    await waitFor(() => log.length >= 100, 10_000, '100 deliveries');
    await sleep(600); // room for a duplicate to show up
    const counts = deliveries();
    expect(counts.size).toBe(100);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(log).toHaveLength(100);
    const stream = streamKeys(redis.prefix).event(PAID);
    for (const group of ['ledger', 'notifier']) expect((await redis.client.xpending(stream, group))[0]).toBe(0);
  });

  it('keeps an event for a service that was down when it was emitted and delivers it once on restart', async () => {
    await Promise.all([start('ledger', '1'), start('ledger', '2')]);
    const notifiers = await Promise.all([start('notifier', '1'), start('notifier', '2')]);
    await closeAll(notifiers.map((r) => r.app));

    await emit(7);
    await waitFor(() => deliveries().get('ledger:7') === 1, 5_000, 'ledger to handle the event');
    expect(deliveries().get('notifier:7')).toBeUndefined();

    await Promise.all([start('notifier', '3'), start('notifier', '4')]);
    await waitFor(() => deliveries().get('notifier:7') === 1, 5_000, 'notifier to handle the event after its restart');
    await sleep(600);
    expect(deliveries()).toEqual(new Map([['ledger:7', 1], ['notifier:7', 1]]));
  });

  it('does not replay events emitted before a service first subscribed', async () => {
    await start('ledger', '1');
    await emit(1);
    await waitFor(() => deliveries().get('ledger:1') === 1, 5_000, 'ledger');
    await start('auditor', '1');
    await emit(2);
    await waitFor(() => deliveries().get('auditor:2') === 1, 5_000, 'auditor');
    await sleep(400);
    expect(deliveries().get('auditor:1')).toBeUndefined();
  });
});
