/**
 * Request/reply throughput and latency of the Redis Streams transport, next to a floor
 * (plain ioredis PING) and Nest's built-in Transport.REDIS, all in one run on one Redis.
 * The three are measured in interleaved rounds and each row is the median round, so a
 * burst of load from elsewhere on the machine does not land on one subject only.
 *
 *   node -r @swc-node/register bench/transport.bench.ts
 *   REDIS_URL=redis://host:6379 BENCH_SEQUENTIAL=2000 BENCH_CONCURRENT=10000 BENCH_IN_FLIGHT=100 BENCH_ROUNDS=3 ...
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxy, ClientProxyFactory, MessagePattern, Payload, Transport } from '@nestjs/microservices';
import Redis from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { RedisStreamsClient, RedisStreamsServer } from '../libs/transport/src';

// A hand-run script, not part of a service: it takes its few settings straight from the environment.
// eslint-disable-next-line no-restricted-properties
const env = process.env;
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SEQUENTIAL = Number(env.BENCH_SEQUENTIAL ?? 2_000);
const CONCURRENT = Number(env.BENCH_CONCURRENT ?? 10_000);
const IN_FLIGHT = Number(env.BENCH_IN_FLIGHT ?? 100);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const RUN_ID = randomBytes(4).toString('hex');
const PREFIX = `bench:${RUN_ID}:`;
// The first dot-segment routes our transport to service "bench"; the run id keeps
// concurrent runs off each other's pub/sub channels.
const PATTERN = `bench.echo.${RUN_ID}`;

const FLOOR = 'ioredis PING (floor)';
const BUILT_IN = 'Nest Transport.REDIS';
const OURS = 'RedisStreams (ours)';
const MODES = [`sequential x${SEQUENTIAL}`, `${IN_FLIGHT} in flight x${CONCURRENT}`];

interface Measurement {
  rate: number;
  p50: number;
  p99: number;
}

interface Subject {
  name: string;
  call(n: number): Promise<unknown>;
  close(): Promise<void>;
}

@Controller()
class EchoController {
  @MessagePattern(PATTERN)
  echo(@Payload() data: unknown): unknown {
    return data;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

const payload = (n: number) => ({ n, invoiceId: `inv-${n}`, amount: '1500000', address: 'T'.repeat(34) });

async function measure(total: number, inFlight: number, call: (n: number) => Promise<unknown>): Promise<Measurement> {
  const latencies = new Float64Array(total);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        await call(i);
        latencies[i] = performance.now() - t;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  latencies.sort();
  return {
    rate: total / (elapsedMs / 1000),
    p50: latencies[Math.floor(total * 0.5)],
    p99: latencies[Math.min(total - 1, Math.floor(total * 0.99))],
  };
}

async function floor(): Promise<Subject> {
  const redis = new Redis(REDIS_URL);
  return { name: FLOOR, call: () => redis.ping(), close: async () => void (await redis.quit()) };
}

async function builtIn(): Promise<Subject> {
  const url = new URL(REDIS_URL);
  const options = {
    host: url.hostname,
    port: Number(url.port || 6379),
    password: url.password || undefined,
    db: Number(url.pathname.slice(1) || 0),
  };
  const app = await NestFactory.createMicroservice(EchoModule, { transport: Transport.REDIS, options, logger: false });
  await app.listen();
  const client: ClientProxy = ClientProxyFactory.create({ transport: Transport.REDIS, options });
  await client.connect();
  return {
    name: BUILT_IN,
    call: (n) => lastValueFrom(client.send(PATTERN, payload(n))),
    close: async () => {
      await client.close();
      await app.close();
    },
  };
}

async function ours(): Promise<Subject> {
  const app: INestMicroservice = await NestFactory.createMicroservice(EchoModule, {
    strategy: new RedisStreamsServer({ url: REDIS_URL, prefix: PREFIX, service: 'bench' }),
    logger: false,
  });
  await app.listen();
  const client = new RedisStreamsClient({ url: REDIS_URL, prefix: PREFIX });
  await client.connect();
  return {
    name: OURS,
    call: (n) => lastValueFrom(client.send(PATTERN, payload(n))),
    close: async () => {
      await client.close();
      await app.close();
    },
  };
}

async function deleteBenchKeys(): Promise<number> {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
  return deleted;
}

function median(rounds: Measurement[]): Measurement {
  return [...rounds].sort((a, b) => a.rate - b.rate)[Math.floor(rounds.length / 2)];
}

function print(results: Map<string, Measurement[][]>): void {
  const header = ['subject', 'mode', 'rt/s', 'p50 ms', 'p99 ms'];
  const rows: string[][] = [];
  for (const [subject, byMode] of results) {
    byMode.forEach((rounds, m) => {
      const { rate, p50, p99 } = median(rounds);
      rows.push([subject, MODES[m], rate.toFixed(0), p50.toFixed(3), p99.toFixed(3)]);
    });
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  const ratio = (m: number, against: string) => {
    const ourRate = median(results.get(OURS)?.[m] ?? []).rate;
    return (ourRate / median(results.get(against)?.[m] ?? []).rate).toFixed(2);
  };
  console.log(`\nours / built-in: sequential ${ratio(0, BUILT_IN)}, ${IN_FLIGHT} in flight ${ratio(1, BUILT_IN)}`);
  console.log(`ours / PING floor: sequential ${ratio(0, FLOOR)}, ${IN_FLIGHT} in flight ${ratio(1, FLOOR)}`);
}

async function main(): Promise<void> {
  console.log(`Redis ${REDIS_URL}, node ${process.version}, median of ${ROUNDS} interleaved rounds\n`);
  const subjects: Subject[] = [];
  try {
    subjects.push(await floor(), await builtIn(), await ours());
    const results = new Map(subjects.map((s) => [s.name, MODES.map((): Measurement[] => [])]));
    for (const subject of subjects) {
      await measure(500, IN_FLIGHT, subject.call); // warm-up: connections, JIT, lazy subscriptions
      await measure(200, 1, subject.call);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const subject of subjects) {
        const byMode = results.get(subject.name) ?? [];
        byMode[0].push(await measure(SEQUENTIAL, 1, subject.call));
        byMode[1].push(await measure(CONCURRENT, IN_FLIGHT, subject.call));
      }
    }
    print(results);
  } finally {
    for (const subject of subjects) await subject.close();
    const deleted = await deleteBenchKeys();
    console.log(`cleaned up ${deleted} keys under ${PREFIX}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
