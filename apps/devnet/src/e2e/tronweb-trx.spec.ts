import { bandwidthBytes, startTestDevnet, mine, post, tronWebFor } from './devnet-test-kit';
import type { RunningDevnet } from '../devnet';

describe('devnet with unmodified tronweb: TRX', () => {
  let devnet: RunningDevnet;

  beforeAll(async () => {
    devnet = await startTestDevnet();
  });
  afterAll(() => devnet.close());

  it('sends TRX to a new account: 1 TRX creation fee + 0.1 TRX bandwidth burned, balances confirmed after solidification', async () => {
    const [alice] = devnet.accounts;
    const tw = tronWebFor(devnet, alice.privateKey);
    const fresh = await tw.createAccount();
    const before = await tw.trx.getUnconfirmedBalance(alice.base58);

    const result = (await tw.trx.sendTransaction(fresh.address.base58, 5_000_000)) as unknown as { result: boolean; txid: string };
    expect(result.result).toBe(true);
    expect(await tw.trx.getUnconfirmedBalance(fresh.address.base58)).toBe(5_000_000);
    expect(await tw.trx.getBalance(fresh.address.base58)).toBe(0);

    await mine(devnet);
    const info = await tw.trx.getUnconfirmedTransactionInfo(result.txid);
    expect(info).toMatchObject({ id: result.txid, fee: 1_100_000, receipt: { net_fee: 100_000 } });
    expect(await tw.trx.getUnconfirmedBalance(alice.base58)).toBe(before - 5_000_000 - 1_100_000);

    await mine(devnet, 2);
    expect(await tw.trx.getBalance(fresh.address.base58)).toBe(5_000_000);
    const confirmed = await tw.trx.getConfirmedTransaction(result.txid);
    expect(confirmed.ret?.[0].contractRet).toBe('SUCCESS');
  });

  it('sends TRX to an existing account using the free 600 bandwidth, then burns 1,000 SUN per byte when it is used up', async () => {
    const [, bob, carol] = devnet.accounts;
    const tw = tronWebFor(devnet, bob.privateKey);
    const balance = await tw.trx.getUnconfirmedBalance(bob.base58);
    type Sent = { txid: string; transaction: { raw_data_hex: string; signature: string[] } };
    const first = (await tw.trx.sendTransaction(carol.base58, 1_000_000)) as unknown as Sent;
    const second = (await tw.trx.sendTransaction(carol.base58, 2_000_000)) as unknown as Sent;
    const third = (await tw.trx.sendTransaction(carol.base58, 3_000_000)) as unknown as Sent;
    await mine(devnet);

    const infos = await Promise.all([first, second, third].map((r) => tw.trx.getUnconfirmedTransactionInfo(r.txid)));
    // Bandwidth = serialized transaction + 64, from the bytes tronweb signed (not the devnet's count).
    const [bytes, bytes2, bytes3] = [first, second, third].map((r) => bandwidthBytes(r.transaction));
    expect(bytes).toBeGreaterThan(200);
    expect(infos[0].receipt).toEqual({ net_usage: bytes });
    expect(infos[0].fee).toBeUndefined();
    expect(infos[1].receipt).toEqual({ net_usage: bytes2 });
    // 600 free bytes cover two ~267-byte transfers, not a third: all of it burned at 1,000 SUN a byte.
    expect(bytes + bytes2 + bytes3).toBeGreaterThan(600);
    const thirdFee = infos[2].receipt.net_fee as number;
    expect(infos[2].receipt).toEqual({ net_fee: bytes3 * 1000 });
    expect(infos[2].fee).toBe(thirdFee);
    expect(await tw.trx.getUnconfirmedBalance(bob.base58)).toBe(balance - 6_000_000 - thirdFee);

    const used = (infos[0].receipt.net_usage as number) + (infos[1].receipt.net_usage as number);
    // One mined block (3 s of chain time) may already have recovered a byte of the 24 h window.
    const left = await tw.trx.getBandwidth(bob.base58);
    expect(left).toBeGreaterThanOrEqual(600 - used);
    expect(left).toBeLessThanOrEqual(600 - used + 1);
  });

  it('sends TRX to a new account from staked bandwidth: only the 1 TRX creation fee is burned', async () => {
    const [, , , , erin] = devnet.accounts;
    const tw = tronWebFor(devnet, erin.privateKey);
    const freeze = await tw.trx.sign(await tw.transactionBuilder.freezeBalanceV2(1_000 * 1_000_000, 'BANDWIDTH', erin.base58), erin.privateKey);
    expect((await tw.trx.sendRawTransaction(freeze)).result).toBe(true);
    // 1,000 TRX of a 26e9 TRX network share of 43.2e9 bandwidth a day.
    expect(await tw.trx.getBandwidth(erin.base58)).toBe(600 - bandwidthBytes(freeze) + Math.floor((1_000 * 43.2e9) / (26e9 + 1_000)));
    const fresh = await tw.createAccount();
    const before = await tw.trx.getUnconfirmedBalance(erin.base58);
    const sent = (await tw.trx.sendTransaction(fresh.address.base58, 2_000_000)) as unknown as { txid: string; transaction: { raw_data_hex: string; signature: string[] } };
    await mine(devnet);
    const info = await tw.trx.getUnconfirmedTransactionInfo(sent.txid);
    expect(info.fee).toBe(1_000_000);
    expect(info.receipt).toEqual({ net_usage: bandwidthBytes(sent.transaction) });
    expect(await tw.trx.getUnconfirmedBalance(erin.base58)).toBe(before - 2_000_000 - 1_000_000);
  });

  it('refuses what java-tron refuses, with its codes and messages', async () => {
    const [alice, bob] = devnet.accounts;
    const tw = tronWebFor(devnet, alice.privateKey);
    const poor = await tw.createAccount();

    const tooMuch = await tw.transactionBuilder.sendTrx(bob.base58, 10_000_000_000_000, alice.base58).catch((e: unknown) => e);
    // tronweb builds locally; the node refuses at broadcast.
    const signed = await tw.trx.sign(tooMuch as never, alice.privateKey);
    const answer = await tw.trx.sendRawTransaction(signed);
    expect(answer.code).toBe('CONTRACT_VALIDATE_ERROR');
    expect(tw.toUtf8(answer.message as string)).toBe('contract validate error : Validate TransferContract error, balance is not sufficient.');

    const again = await tw.trx.sendRawTransaction(signed);
    expect(again.code).toBe('CONTRACT_VALIDATE_ERROR');

    const tx = await tw.transactionBuilder.sendTrx(bob.base58, 1_000_000, alice.base58);
    const wrongKey = await tw.trx.sign(tx, poor.privateKey).catch(() => undefined);
    expect(wrongKey).toBeUndefined(); // tronweb itself refuses a foreign key; forge the signature below
    const genuine = (await tw.trx.sign({ ...tx }, alice.privateKey)).signature ?? [];
    const forged = { ...tx, signature: [genuine[0].replace(/^../, 'ff')] };
    const sigAnswer = await tw.trx.sendRawTransaction(forged as never);
    expect(sigAnswer.code).toBe('SIGERROR');

    const ok = await tw.trx.sign(tx, alice.privateKey);
    expect((await tw.trx.sendRawTransaction(ok)).result).toBe(true);
    const dup = await tw.trx.sendRawTransaction(ok);
    expect(dup.code).toBe('DUP_TRANSACTION_ERROR');
    // Wallet.broadcastTransaction answers a known txid from its cache, with no message.
    expect(dup.message).toBeUndefined();

    const stale = await tw.transactionBuilder.sendTrx(bob.base58, 1_000_001, alice.base58, {
      blockHeader: { ref_block_bytes: 'ffff', ref_block_hash: '0011223344556677', expiration: Date.now() + 60_000, timestamp: Date.now() },
    } as never);
    const taposAnswer = await tw.trx.sendRawTransaction(await tw.trx.sign(stale, alice.privateKey));
    expect(taposAnswer.code).toBe('TAPOS_ERROR');

    const head = await tw.trx.getCurrentBlock();
    const expiredTx = await tw.transactionBuilder.sendTrx(bob.base58, 1_000_002, alice.base58, {
      blockHeader: {
        ref_block_bytes: head.blockID.slice(12, 16),
        ref_block_hash: head.blockID.slice(16, 32),
        expiration: head.block_header.raw_data.timestamp - 1_000,
        timestamp: head.block_header.raw_data.timestamp - 61_000,
      },
    } as never);
    const expAnswer = await tw.trx.sendRawTransaction(await tw.trx.sign(expiredTx, alice.privateKey));
    expect(expAnswer.code).toBe('TRANSACTION_EXPIRATION_ERROR');

    const raw = await post(devnet, '/wallet/createtransaction', {
      owner_address: poor.address.hex,
      to_address: bob.address,
      amount: 1,
    });
    expect(String(raw.Error)).toContain('ContractValidateException');
  });
});
