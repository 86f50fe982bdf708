import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { blockIdOf, sha256Hex, encodeBlockHeaderRaw } from '@tronpay/tron';
import { startTestDevnet, get, mine, post, tronWebFor } from '../e2e/devnet-test-kit';
import { startDevnet, type RunningDevnet } from '../devnet';

type BlockJson = { blockID: string; block_header: { raw_data: Record<string, number | string> }; transactions?: Array<{ txID: string }> };

describe('chain core over HTTP', () => {
  let devnet: RunningDevnet;

  beforeAll(async () => {
    devnet = await startTestDevnet({ solidLag: 3 });
  });
  afterAll(() => devnet.close());

  it('derives blockID as the 8-byte number plus bytes 8..32 of sha256(raw header)', async () => {
    await mine(devnet, 2);
    const block = await get<BlockJson>(devnet, '/wallet/getnowblock');
    const raw = block.block_header.raw_data;
    const header = {
      number: raw.number as number,
      timestamp: raw.timestamp as number,
      txTrieRoot: raw.txTrieRoot as string,
      parentHash: raw.parentHash as string,
      witnessAddress: raw.witness_address as string,
      version: raw.version as number,
    };
    expect(block.blockID).toBe(blockIdOf(header));
    expect(block.blockID.slice(0, 16)).toBe((raw.number as number).toString(16).padStart(16, '0'));
    expect(block.blockID.slice(16)).toBe(sha256Hex(encodeBlockHeaderRaw(header)).slice(16));
    const parent = await post<BlockJson>(devnet, '/wallet/getblockbynum', { num: (raw.number as number) - 1 });
    expect(raw.parentHash).toBe(parent.blockID);
    expect(await post(devnet, '/wallet/getblockbyid', { value: parent.blockID })).toEqual(parent);
    const light = await post<BlockJson>(devnet, '/wallet/getblock', { detail: false });
    expect(light.blockID).toBe(block.blockID);
  });

  it('serves getblockbylimitnext end-exclusive and at most 100 blocks', async () => {
    await mine(devnet, 5);
    const { block } = await post<{ block: BlockJson[] }>(devnet, '/wallet/getblockbylimitnext', { startNum: 2, endNum: 5 });
    expect(block.map((b) => b.block_header.raw_data.number)).toEqual([2, 3, 4]);
    expect(await post(devnet, '/wallet/getblockbylimitnext', { startNum: 0, endNum: 101 })).toEqual({});
  });

  it('answers walletsolidity reads from head - solidLag, and gettransactioninfobyblocknum for a whole block', async () => {
    const [alice, bob] = devnet.accounts;
    const tw = tronWebFor(devnet, alice.privateKey);
    const sent = (await tw.trx.sendTransaction(bob.base58, 1_234)) as unknown as { txid: string };
    await mine(devnet);
    const head = await get<BlockJson>(devnet, '/wallet/getnowblock');
    expect(head.transactions?.map((t) => t.txID)).toEqual([sent.txid]);
    const infos = await post<Array<{ id: string }>>(devnet, '/wallet/gettransactioninfobyblocknum', { num: head.block_header.raw_data.number });
    expect(infos.map((i) => i.id)).toEqual([sent.txid]);

    expect(await post(devnet, '/walletsolidity/gettransactionbyid', { value: sent.txid })).toEqual({});
    const solid = await get<BlockJson>(devnet, '/walletsolidity/getnowblock');
    expect(solid.block_header.raw_data.number).toBe((head.block_header.raw_data.number as number) - 3);
    await mine(devnet, 3);
    expect(await post(devnet, '/walletsolidity/gettransactionbyid', { value: sent.txid })).toMatchObject({ txID: sent.txid });
    expect(await post(devnet, '/walletsolidity/gettransactioninfobyid', { value: sent.txid })).toMatchObject({ id: sent.txid });
  });

  it('builds server-side transactions (createtransaction, freezebalancev2) that tronweb signs unchanged', async () => {
    const [alice, bob] = devnet.accounts;
    const tw = tronWebFor(devnet, alice.privateKey);
    for (const [path, body] of [
      ['/wallet/createtransaction', { owner_address: alice.address, to_address: bob.address, amount: 5 }],
      ['/wallet/freezebalancev2', { owner_address: alice.address, frozen_balance: 2_000_000, resource: 'ENERGY' }],
      ['/wallet/freezebalancev2', { owner_address: alice.address, frozen_balance: 2_000_000 }],
    ] as const) {
      const tx = await post(devnet, path, body);
      const signed = await tw.trx.sign(tx as never, alice.privateKey);
      expect((await tw.trx.sendRawTransaction(signed)).result).toBe(true);
    }
  });

  it('replays a recorded chain (--replay FILE) verbatim', async () => {
    const blocks = [1, 2, 3].map((n) => ({
      block: { blockID: n.toString(16).padStart(16, '0') + 'ab'.repeat(24), block_header: { raw_data: { number: n, timestamp: 1_700_000_000_000 + n * 3000 } } },
      transactionInfos: [],
    }));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'devnet-replay-')), 'chain.jsonl');
    writeFileSync(file, blocks.map((b) => JSON.stringify(b)).join('\n'));
    const replay = await startDevnet({ replayFile: file, blockMs: 0, solidLag: 1 });
    try {
      expect(await get(replay, '/wallet/getnowblock')).toEqual(blocks[2].block);
      expect(await post(replay, '/wallet/getblockbynum', { num: 2 })).toEqual(blocks[1].block);
      expect(await get(replay, '/walletsolidity/getnowblock')).toEqual(blocks[1].block);
      expect(String((await post(replay, '/admin/mine', {})).Error)).toContain('replaying');
    } finally {
      await replay.close();
    }
  });
});
