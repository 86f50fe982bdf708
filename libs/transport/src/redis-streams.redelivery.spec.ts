import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
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
import { streamKeys } from './stream-keys';

const VISIBILITY_MS = 1_000;

@Controller()
class WorkController {
  constructor(@Inject(REPLICA) private readonly replica: ReplicaInfo) {}

  @MessagePattern('crashy.work.v1')
  async work(@Payload() data: { job: string; ms?: number }, @Ctx() ctx: RedisStreamsContext) {
    this.replica.log.push({ replica: this.replica.name, pattern: 'crashy.work.v1', data: { ...data, redelivered: ctx.isRedelivery() } });
    await sleep(data.ms ?? 0);
    return { job: data.job, handledBy: this.replica.name };
  }
}

type FixtureMessage = { type: 'ready' } | { type: 'handling'; data: unknown } | { type: 'failed'; error: string };

function startDoomedReplica(url: string, prefix: string): { child: ChildProcess; next(type: FixtureMessage['type']): Promise<FixtureMessage> } {
  const child = fork(path.join(__dirname, 'fixtures', 'hanging-replica.fixture.ts'), [url, prefix, 'crashy', String(VISIBILITY_MS)], {
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: FixtureMessage[] = [];
  child.on('message', (m) => messages.push(m as FixtureMessage));
  return {
    child,
    async next(type) {
      await waitFor(() => messages.some((m) => m.type === type || m.type === 'failed'), 20_000, `fixture "${type}"`);
      const found = messages.find((m) => m.type === type || m.type === 'failed');
      if (found?.type === 'failed') throw new Error(`fixture failed: ${found.error}`);
      return found as FixtureMessage;
    },
  };
}

describe('RedisStreams transport: crashes and slow handlers', () => {
  let redis: TestRedis;
  let log: HandledCall[];
  let replicas: Replica[];
  let caller: RedisStreamsClient;
  let child: ChildProcess | undefined;

  const start = async (name: string, concurrency?: number) => {
    const replica = await startReplica({
      name,
      log,
      controllers: [WorkController],
      server: { url: redis.url, prefix: redis.prefix, service: 'crashy', visibilityTimeoutMs: VISIBILITY_MS, concurrency },
    });
    replicas.push(replica);
    return replica;
  };

  beforeEach(async () => {
    redis = await createTestRedis();
    log = [];
    replicas = [];
    caller = createClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 15_000 });
  });

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
    await closeAll([caller, ...replicas.map((r) => r.app)]);
    await redis.cleanup();
  });

  it('hands the command of a replica killed mid-handler to another replica after the visibility timeout', async () => {
    const doomed = startDoomedReplica(redis.url, redis.prefix);
    child = doomed.child;
    await doomed.next('ready');

    const reply = caller.request('crashy.work.v1', { job: 'j-1' });
    await expect(doomed.next('handling')).resolves.toMatchObject({ data: { job: 'j-1' } });
    const exited = new Promise((resolve) => doomed.child.once('exit', resolve));
    doomed.child.kill('SIGKILL');
    await exited;

    // Started after the kill: XREADGROUP ">" never shows it the entry; only XAUTOCLAIM can.
    const survivor = await start('survivor');
    await expect(reply).resolves.toEqual({ job: 'j-1', handledBy: 'survivor' });
    expect(log).toEqual([expect.objectContaining({ replica: 'survivor', data: expect.objectContaining({ redelivered: true }) })]);
    await waitFor(() => survivor.server.stats().handled === 1, 5_000, 'the ack');
    expect(survivor.server.stats()).toMatchObject({ redelivered: 1, handled: 1 });
    const stream = streamKeys(redis.prefix).command('crashy');
    expect((await redis.client.xpending(stream, 'crashy'))[0]).toBe(0);
  });

  it('keeps the lease of a slow but alive handler: it runs once even though it outlasts the visibility timeout', async () => {
    // Concurrency 1: the busy replica has no free slot, so it cannot re-claim its own entry
    // through XAUTOCLAIM; only the heartbeat keeps the idle replica from taking it.
    await Promise.all([start('a', 1), start('b', 1)]);
    await expect(caller.request('crashy.work.v1', { job: 'slow', ms: 3 * VISIBILITY_MS + 500 })).resolves.toMatchObject({ job: 'slow' });
    await sleep(2 * 200);
    expect(log).toHaveLength(1);
    expect(replicas.reduce((sum, r) => sum + r.server.stats().redelivered, 0)).toBe(0);
  });
});
