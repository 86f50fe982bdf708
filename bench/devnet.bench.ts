// Devnet benchmark (a script, not a test): transactions accepted per second, and the time to
// serve getblockbynum / gettransactioninfobyblocknum for a block of 2,000 transactions, each
// next to a floor measured in the same run (GET /health/live over the same connections).
// Run: node -r @swc-node/register bench/devnet.bench.ts [TX_COUNT]
import http from 'node:http';
import type { RunningDevnet } from '../apps/devnet/src/devnet';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(devnet: RunningDevnet, method: string, path: string, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: devnet.port, method, path, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function parallel<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  const { startDevnet } = await import('../apps/devnet/src/devnet');
  const { encodeRawData, signDigest } = await import('@tronpay/tron');
  const count = Number(process.argv[2] ?? 6000);
  const devnet = await startDevnet({ blockMs: 0, accounts: 20 });
  const head = devnet.node.chain.head();
  const senders = devnet.accounts;

  const signStart = Date.now();
  const bodies = Array.from({ length: count }, (_, i) => {
    const from = senders[i % senders.length];
    const to = senders[(i + 1) % senders.length];
    const rawData = {
      contract: [
        {
          parameter: { value: { owner_address: from.address, to_address: to.address, amount: 1_000 + i }, type_url: 'type.googleapis.com/protocol.TransferContract' },
          type: 'TransferContract',
        },
      ],
      ref_block_bytes: head.blockID.slice(12, 16),
      ref_block_hash: head.blockID.slice(16, 32),
      expiration: head.timestamp + 3_600_000,
      timestamp: head.timestamp,
    };
    const { rawDataHex, txID } = encodeRawData(rawData);
    return JSON.stringify({ txID, raw_data: rawData, raw_data_hex: rawDataHex, signature: [signDigest(txID, from.privateKey)], visible: false });
  });
  console.log(`signed ${count} transfers in ${Date.now() - signStart} ms (client side, not measured)`);

  const floorMs = await timed(() => parallel(bodies, 32, async () => void (await request(devnet, 'GET', '/health/live'))));
  let accepted = 0;
  const sendMs = await timed(() =>
    parallel(bodies, 32, async (body) => {
      const answer = JSON.parse(await request(devnet, 'POST', '/wallet/broadcasttransaction', body)) as { result?: boolean; code?: string };
      if (answer.result) accepted++;
      else throw new Error(`refused: ${answer.code}`);
    }),
  );
  const mineMs = await timed(async () => void (await request(devnet, 'POST', '/admin/mine', '{}')));
  const bigBlock = devnet.node.chain.head();
  console.log(`broadcast: ${accepted}/${count} accepted in ${sendMs.toFixed(0)} ms = ${(accepted / (sendMs / 1000)).toFixed(0)} tx/s`);
  console.log(`  floor (GET /health/live x ${count}): ${floorMs.toFixed(0)} ms = ${(count / (floorMs / 1000)).toFixed(0)} req/s; ratio ${(sendMs / floorMs).toFixed(2)}`);
  console.log(`mined block ${bigBlock.number} with ${bigBlock.transactions.length} transactions in ${mineMs.toFixed(0)} ms`);

  // A block of exactly 2,000 transactions for the read timings.
  const resigned = Array.from({ length: 2000 }, (_, i) => {
    const from = senders[i % senders.length];
    const to = senders[(i + 1) % senders.length];
    const h = devnet.node.chain.head();
    const rawData = {
      contract: [{ parameter: { value: { owner_address: from.address, to_address: to.address, amount: 5_000_000 + i }, type_url: 'type.googleapis.com/protocol.TransferContract' }, type: 'TransferContract' }],
      ref_block_bytes: h.blockID.slice(12, 16),
      ref_block_hash: h.blockID.slice(16, 32),
      expiration: h.timestamp + 3_600_000,
      timestamp: h.timestamp,
    };
    const { rawDataHex, txID } = encodeRawData(rawData);
    return JSON.stringify({ raw_data_hex: rawDataHex, signature: [signDigest(txID, from.privateKey)] });
  });
  await parallel(resigned, 32, async (body) => void (await request(devnet, 'POST', '/wallet/broadcasttransaction', body)));
  await request(devnet, 'POST', '/admin/mine', '{}');
  const n = devnet.node.chain.head().number;
  const size = devnet.node.chain.head().transactions.length;
  const rounds = 20;
  const floor = await timed(async () => {
    for (let i = 0; i < rounds; i++) await request(devnet, 'GET', '/health/live');
  });
  let blockBytes = 0;
  const byNum = await timed(async () => {
    for (let i = 0; i < rounds; i++) blockBytes = (await request(devnet, 'POST', '/wallet/getblockbynum', JSON.stringify({ num: n }))).length;
  });
  let infoBytes = 0;
  const infos = await timed(async () => {
    for (let i = 0; i < rounds; i++) infoBytes = (await request(devnet, 'POST', '/wallet/gettransactioninfobyblocknum', JSON.stringify({ num: n }))).length;
  });
  console.log(`block ${n} with ${size} transactions, ${rounds} sequential requests each:`);
  console.log(`  getblockbynum: ${(byNum / rounds).toFixed(1)} ms/request (${(blockBytes / 1e6).toFixed(2)} MB)`);
  console.log(`  gettransactioninfobyblocknum: ${(infos / rounds).toFixed(1)} ms/request (${(infoBytes / 1e6).toFixed(2)} MB)`);
  console.log(`  floor GET /health/live: ${(floor / rounds).toFixed(2)} ms/request; ratios ${(byNum / floor).toFixed(1)} and ${(infos / floor).toFixed(1)}`);
  agent.destroy();
  await devnet.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
