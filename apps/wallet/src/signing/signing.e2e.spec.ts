import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '@tronpay/config';
import {
  AuditView,
  CombineSignaturesReply,
  NextDepositAddressReply,
  Page,
  SignReply,
  WALLET_AUDIT_LIST,
  WALLET_DEPOSIT_ADDRESS_NEXT,
  WALLET_MULTISIG_COMBINE,
  WALLET_SIGN,
  WALLET_WALLETS_ARCHIVE,
  WALLET_WALLETS_CREATE,
  WALLET_WALLETS_LIST,
  WalletView,
} from '@tronpay/models';
import { RunningService, startService } from '@tronpay/runtime';
import { createTestDatabase, createTestRedis, DevnetProcess, startDevnetProcess, TestDatabase, TestRedis } from '@tronpay/testing';
import { createTronWeb, generateAccount, signDigest, TronWeb, txIdOf } from '@tronpay/tron';
import { RedisStreamsClient } from '@tronpay/transport';
import { startStandIns } from '../testing/stand-ins';
import { WalletModule } from '../wallet.module';

interface UnsignedTx {
  txID: string;
  raw_data: unknown;
  raw_data_hex: string;
}

describe('signing on the devnet (real PostgreSQL, Redis transport, devnet)', () => {
  jest.setTimeout(120_000);
  let devnet: DevnetProcess;
  let db: TestDatabase;
  let redis: TestRedis;
  let wallet: RunningService;
  let standIns: Awaited<ReturnType<typeof startStandIns>>;
  let client: RedisStreamsClient;
  let tron: TronWeb;
  let usdt: string;
  const treasury = generateAccount().base58;
  const stranger = generateAccount().base58;

  beforeAll(async () => {
    [devnet, db, redis] = await Promise.all([startDevnetProcess({ solidLag: 1 }), createTestDatabase(), createTestRedis()]);
    usdt = (await devnet.info()).usdtContract;
    const config = loadConfig('wallet', {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      PORT: '0',
      HOST: '127.0.0.1',
      USDT_CONTRACT: usdt,
    });
    const signing = { treasury, feeLimitCeilingSun: 30_000_000n, maxExpirationMs: 600_000 };
    wallet = await startService(config, [WalletModule.forRoot({ kek: { mode: 'key', kek: randomBytes(32) }, signing })], { logger: false });
    standIns = await startStandIns(redis);
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 30_000 });
    await client.connect();
    tron = createTronWeb(devnet.url);
  });

  afterAll(async () => {
    await client?.close();
    await standIns?.close();
    await wallet?.close();
    await devnet?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  async function fundedDepositAddress(trx: string, usdtAmount?: string): Promise<string> {
    const { address } = await client.request<NextDepositAddressReply>(WALLET_DEPOSIT_ADDRESS_NEXT, { reference: 'spec' });
    await devnet.fund(address, { trx, ...(usdtAmount ? { usdt: usdtAmount } : {}) });
    await devnet.mine(1);
    return address;
  }

  const sign = (depositAddress: string, tx: UnsignedTx, purpose: string, reference = 'sweep-spec') =>
    client.request<SignReply>(WALLET_SIGN, {
      signer: { depositAddress },
      transaction: { txID: tx.txID, raw_data_hex: tx.raw_data_hex },
      purpose,
      reference,
      requestedBy: 'spec',
    });

  async function broadcast(tx: UnsignedTx, signature: string) {
    const result = (await tron.trx.sendRawTransaction({ ...tx, signature: [signature] } as never)) as { result?: boolean; code?: string };
    await devnet.mine(1);
    return result;
  }

  it('signs a TRX sweep from a deposit address to the treasury, and the devnet accepts it', async () => {
    const from = await fundedDepositAddress('25');
    const tx = (await tron.transactionBuilder.sendTrx(treasury, 20_000_000, from)) as unknown as UnsignedTx;
    const signed = await sign(from, tx, 'sweep');
    expect(signed).toMatchObject({ txId: tx.txID, signer: from });
    expect((await broadcast(tx, signed.signature)).result).toBe(true);
    expect(await tron.trx.getUnconfirmedBalance(treasury)).toBe(20_000_000);
  });

  it('signs a USDT sweep to the treasury, which succeeds on chain', async () => {
    const from = await fundedDepositAddress('40', '15');
    const { transaction } = (await tron.transactionBuilder.triggerSmartContract(
      usdt,
      'transfer(address,uint256)',
      { feeLimit: 30_000_000 },
      [
        { type: 'address', value: treasury },
        { type: 'uint256', value: 15_000_000 },
      ],
      from,
    )) as unknown as { transaction: UnsignedTx };
    const signed = await sign(from, transaction, 'sweep');
    expect((await broadcast(transaction, signed.signature)).result).toBe(true);
    const info = (await tron.trx.getUnconfirmedTransactionInfo(transaction.txID)) as { receipt?: { result?: string } };
    expect(info.receipt?.result).toBe('SUCCESS');
  });

  it('refuses, and audits, a sweep to anyone but the treasury, a payout from a deposit address, and a forged txID', async () => {
    const from = await fundedDepositAddress('5');
    const toStranger = (await tron.transactionBuilder.sendTrx(stranger, 1_000_000, from)) as unknown as UnsignedTx;
    await expect(sign(from, toStranger, 'sweep')).rejects.toMatchObject({
      code: 'policy_refused',
      message: 'Refused: sweep destination is not a treasury or hot wallet',
    });
    await expect(sign(from, toStranger, 'payout', 'payout-that-does-not-exist')).rejects.toMatchObject({
      code: 'policy_refused',
      message: 'Refused: a deposit address signs sweeps only, not payout',
    });
    const forged = { ...toStranger, txID: 'ab'.repeat(32) };
    await expect(sign(from, forged, 'sweep')).rejects.toMatchObject({ code: 'policy_refused' });

    const c = new Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query("select outcome, reason, tx_id from wallet.audit_log where action = 'sign' order by id");
    await c.end();
    expect(rows.filter((r) => r.outcome === 'ok')).toHaveLength(2);
    expect(rows.filter((r) => r.outcome === 'refused').map((r) => r.reason)).toEqual([
      'sweep destination is not a treasury or hot wallet',
      'a deposit address signs sweeps only, not payout',
      'txID is not the hash of raw_data_hex',
    ]);
  });

  it('refuses to sign for an address that is not ours', async () => {
    const [outsider] = await devnet.accounts();
    const tx = (await tron.transactionBuilder.sendTrx(treasury, 1_000_000, outsider.address)) as unknown as UnsignedTx;
    await expect(sign(outsider.address, tx, 'sweep')).rejects.toMatchObject({ code: 'wallet_not_found' });
  });

  describe('a hot wallet paying out', () => {
    let hot: WalletView;
    const payee = generateAccount().base58;

    beforeAll(async () => {
      hot = await client.request<WalletView>(WALLET_WALLETS_CREATE, { label: 'hot 1', kind: 'hot', requestedBy: 'spec' });
      await devnet.fund(hot.address, { trx: '100', usdt: '50' });
      await devnet.mine(1);
    });

    const signPayout = (tx: UnsignedTx, reference: string) =>
      client.request<SignReply>(WALLET_SIGN, {
        signer: { walletId: hot.id },
        transaction: { txID: tx.txID, raw_data_hex: tx.raw_data_hex },
        purpose: 'payout',
        reference,
        requestedBy: 'payout',
      });

    it('is created with an HD key of its own and watched by tron-client', async () => {
      expect(hot).toMatchObject({ kind: 'hot', label: 'hot 1', archivedAt: null });
      expect(standIns.watched.get(hot.address)).toBe('wallet');
      const second = await client.request<WalletView>(WALLET_WALLETS_CREATE, { label: 'hot 2', kind: 'hot', requestedBy: 'spec' });
      expect(second.address).not.toBe(hot.address);
    });

    it('sends TRX for a payout the payout service knows, exactly as recorded', async () => {
      standIns.payouts.set('payout-trx', { to: payee, amount: '3000000', currency: 'TRX' });
      const tx = (await tron.transactionBuilder.sendTrx(payee, 3_000_000, hot.address)) as unknown as UnsignedTx;
      const signed = await signPayout(tx, 'payout-trx');
      expect((await broadcast(tx, signed.signature)).result).toBe(true);
      expect(await tron.trx.getUnconfirmedBalance(payee)).toBe(3_000_000);
    });

    it('sends USDT for a payout, and refuses the same payout with a changed amount', async () => {
      standIns.payouts.set('payout-usdt', { to: payee, amount: '7000000', currency: 'USDT' });
      const build = async (amount: number) =>
        (
          (await tron.transactionBuilder.triggerSmartContract(
            usdt,
            'transfer(address,uint256)',
            { feeLimit: 30_000_000 },
            [
              { type: 'address', value: payee },
              { type: 'uint256', value: amount },
            ],
            hot.address,
          )) as unknown as { transaction: UnsignedTx }
        ).transaction;
      await expect(signPayout(await build(7_000_001), 'payout-usdt')).rejects.toMatchObject({
        message: 'Refused: amount differs from the payout',
      });
      const tx = await build(7_000_000);
      const signed = await signPayout(tx, 'payout-usdt');
      expect((await broadcast(tx, signed.signature)).result).toBe(true);
      const info = (await tron.trx.getUnconfirmedTransactionInfo(tx.txID)) as { receipt?: { result?: string } };
      expect(info.receipt?.result).toBe('SUCCESS');
    });

    it('shows its audit trail, newest first, and archives without deleting', async () => {
      const trail = await client.request<Page<AuditView>>(WALLET_AUDIT_LIST, { walletId: hot.id, limit: 10 });
      expect(trail.data.map((a) => `${a.action}:${a.outcome}`)).toEqual(['sign:ok', 'sign:refused', 'sign:ok', 'wallet.create:ok']);
      expect(trail.data[1].reason).toBe('amount differs from the payout');
      const archived = await client.request<WalletView>(WALLET_WALLETS_ARCHIVE, { id: hot.id, requestedBy: 'spec' });
      expect(archived.archivedAt).not.toBeNull();
      const all = await client.request<Page<WalletView>>(WALLET_WALLETS_LIST, { limit: 100 });
      expect(all.data.find((w) => w.id === hot.id)?.archivedAt).not.toBeNull();
      standIns.payouts.set('after-archive', { to: payee, amount: '1', currency: 'TRX' });
      const tx = (await tron.transactionBuilder.sendTrx(payee, 1, hot.address)) as unknown as UnsignedTx;
      await expect(signPayout(tx, 'after-archive')).rejects.toMatchObject({ code: 'wallet_not_found' });
    });
  });

  it('runs a 2-of-3 multisig payout: our key signs, an outside key co-signs, the devnet confirms', async () => {
    const owner = generateAccount();
    const outsider1 = generateAccount();
    const outsider2 = generateAccount();
    const ours = await client.request<WalletView>(WALLET_WALLETS_CREATE, { label: 'co-signer', kind: 'hot', requestedBy: 'spec' });
    await devnet.fund(owner.base58, { trx: '300' });
    await devnet.mine(1);
    const ownerTron = createTronWeb(devnet.url, owner.privateKey);
    const keys = [ours.address, outsider1.base58, outsider2.base58].map((a) => ({ address: tron.address.toHex(a), weight: 1 }));
    const update = await ownerTron.transactionBuilder.updateAccountPermissions(
      owner.address,
      { type: 0, permission_name: 'owner', threshold: 1, keys: [{ address: owner.address, weight: 1 }] } as never,
      null as never,
      [{ type: 2, permission_name: 'payouts', threshold: 2, operations: '7fff1fc0033e0300000000000000000000000000000000000000000000000000', keys }] as never,
    );
    expect((await ownerTron.trx.sendRawTransaction(await ownerTron.trx.sign(update, owner.privateKey))).result).toBe(true);
    await devnet.mine(1);

    const multisig = await client.request<WalletView>(WALLET_WALLETS_CREATE, {
      label: 'treasury 2-of-3',
      kind: 'multisig',
      address: owner.base58,
      threshold: 2,
      permissionId: 2,
      signers: [ours.address, outsider1.base58, outsider2.base58].map((address) => ({ address, weight: 1 })),
      requestedBy: 'spec',
    });
    const payee = generateAccount().base58;
    standIns.payouts.set('ms-payout', { to: payee, amount: '2000000', currency: 'TRX' });
    const tx = (await tron.transactionBuilder.sendTrx(payee, 2_000_000, owner.base58, { permissionId: 2 })) as unknown as UnsignedTx;
    const ourPart = await client.request<SignReply>(WALLET_SIGN, {
      signer: { walletId: multisig.id },
      transaction: { txID: tx.txID, raw_data_hex: tx.raw_data_hex },
      purpose: 'payout',
      reference: 'ms-payout',
      requestedBy: 'payout',
    });
    expect(ourPart.signatures).toHaveLength(1);
    expect((await broadcast(tx, ourPart.signature)) as { code?: string }).toMatchObject({ code: 'SIGERROR' });

    const theirs = ((await createTronWeb(devnet.url).trx.multiSign(tx as never, outsider1.privateKey, 2)) as { signature: string[] }).signature[0];
    const stranger = generateAccount();
    const foreign = ((await createTronWeb(devnet.url).trx.multiSign(tx as never, stranger.privateKey, 2)) as { signature: string[] }).signature[0];
    const combined = await client.request<CombineSignaturesReply>(WALLET_MULTISIG_COMBINE, {
      walletId: multisig.id,
      transaction: { txID: tx.txID, raw_data_hex: tx.raw_data_hex },
      signatures: [ourPart.signature, theirs, foreign, ourPart.signature],
      requestedBy: 'spec',
    });
    expect(combined).toMatchObject({ weight: 2, threshold: 2, complete: true });
    expect(combined.rejected.map((r) => r.reason)).toEqual(['not signed by a member of the permission', 'member already signed']);

    const result = (await tron.trx.sendRawTransaction({ ...tx, signature: combined.signatures } as never)) as { result?: boolean };
    expect(result.result).toBe(true);
    await devnet.mine(3);
    const info = (await tron.trx.getTransactionInfo(tx.txID)) as { blockNumber?: number };
    expect(info.blockNumber).toBeGreaterThan(0);
    expect(await tron.trx.getBalance(payee)).toBe(2_000_000);
  });

  it('takes a hardware wallet\'s own signature, and no one else\'s', async () => {
    const device = generateAccount();
    const hardware = await client.request<WalletView>(WALLET_WALLETS_CREATE, {
      label: 'ledger',
      kind: 'hardware',
      address: device.base58,
      requestedBy: 'spec',
    });
    await devnet.fund(device.base58, { trx: '5' });
    await devnet.mine(1);
    const tx = (await tron.transactionBuilder.sendTrx(treasury, 1_000_000, device.base58)) as unknown as UnsignedTx;
    await expect(sign(device.base58, tx, 'sweep')).rejects.toMatchObject({ code: 'wallet_not_found' });
    const bySelf = ((await createTronWeb(devnet.url).trx.sign(tx as never, device.privateKey)) as { signature: string[] }).signature[0];
    const byOther = signDigest(tx.txID, generateAccount().privateKey);
    const combined = await client.request<CombineSignaturesReply>(WALLET_MULTISIG_COMBINE, {
      walletId: hardware.id,
      transaction: { txID: tx.txID, raw_data_hex: tx.raw_data_hex },
      signatures: [byOther, bySelf],
      requestedBy: 'spec',
    });
    expect(combined).toMatchObject({ signatures: [bySelf.toLowerCase()], weight: 1, threshold: 1, complete: true });
    expect((await broadcast(tx, combined.signatures[0])).result).toBe(true);
  });

  it('reports counts, never keys, in its stats', async () => {
    const stats = await client.request<{ wallet: { vaults: Record<string, number>; depositAddressesIssued: number; signatures: Record<string, number> } }>(
      'wallet.stats.v1',
      {},
    );
    expect(stats.wallet.vaults).toEqual({ hd: 1 });
    expect(stats.wallet.depositAddressesIssued).toBeGreaterThanOrEqual(3);
    expect(stats.wallet.signatures.ok).toBeGreaterThanOrEqual(4);
    expect(stats.wallet.signatures.refused).toBeGreaterThanOrEqual(3);
  });

  describe('refusals, each audited on the wallet\'s trail', () => {
    let hot: WalletView;
    const payee = generateAccount().base58;

    beforeAll(async () => {
      hot = await client.request<WalletView>(WALLET_WALLETS_CREATE, { label: 'refusals', kind: 'hot', requestedBy: 'spec' });
      await devnet.fund(hot.address, { trx: '50', usdt: '10' });
      await devnet.mine(1);
    });

    const signAs = (tx: Pick<UnsignedTx, 'txID' | 'raw_data_hex'>, purpose: string, reference: string) =>
      client.request<SignReply>(WALLET_SIGN, {
        signer: { walletId: hot.id },
        transaction: { txID: tx.txID, raw_data_hex: tx.raw_data_hex },
        purpose,
        reference,
        requestedBy: 'neighbour',
      });

    const usdtTransfer = async (to: string, feeLimit: number) =>
      (
        (await tron.transactionBuilder.triggerSmartContract(
          usdt,
          'transfer(address,uint256)',
          { feeLimit },
          [
            { type: 'address', value: to },
            { type: 'uint256', value: 1_000_000 },
          ],
          hot.address,
        )) as unknown as { transaction: UnsignedTx }
      ).transaction;

    it('refuses a payout nobody ordered or to another address, a contract type the purpose did not ask for, an unknown type, a fee limit over the ceiling and a permission handed out', async () => {
      standIns.payouts.set('payout-elsewhere', { to: payee, amount: '1000000', currency: 'TRX' });
      const elsewhere = (await tron.transactionBuilder.sendTrx(stranger, 1_000_000, hot.address)) as unknown as UnsignedTx;
      const freeze = (await tron.transactionBuilder.freezeBalanceV2(1_000_000, 'ENERGY', hot.address)) as unknown as UnsignedTx;
      // One contract of type 255 (no such contract on TRON) with an empty parameter.
      const unknownType = { raw_data_hex: '5a0808ff0112030a0178', txID: txIdOf('5a0808ff0112030a0178') };
      const pricey = await usdtTransfer(treasury, 30_000_001);
      const handOver = (await tron.transactionBuilder.updateAccountPermissions(
        hot.address,
        { type: 0, permission_name: 'owner', threshold: 1, keys: [{ address: tron.address.toHex(stranger), weight: 1 }] } as never,
        null as never,
        [{ type: 2, permission_name: 'active', threshold: 1, operations: '7fff1fc0033e0300000000000000000000000000000000000000000000000000', keys: [{ address: tron.address.toHex(hot.address), weight: 1 }] }] as never,
      )) as unknown as UnsignedTx;

      const cases: Array<[Pick<UnsignedTx, 'txID' | 'raw_data_hex'>, string, string, string]> = [
        [elsewhere, 'payout', 'payout-nobody-ordered', 'no payout found for this reference'],
        [elsewhere, 'payout', 'payout-elsewhere', 'destination differs from the payout'],
        [freeze, 'payout', 'payout-elsewhere', 'FreezeBalanceV2Contract is not allowed for purpose payout'],
        [unknownType, 'sweep', 'sweep-unknown', 'undecodable transaction (unknown contract type 255)'],
        [pricey, 'sweep', 'sweep-pricey', 'fee limit above the ceiling'],
        [handOver, 'permission', 'take-over', 'permission update names a key not held here'],
      ];
      for (const [tx, purpose, reference, reason] of cases) {
        await expect(signAs(tx, purpose, reference)).rejects.toMatchObject({ code: 'policy_refused', message: `Refused: ${reason}` });
      }
      // The same USDT sweep under the ceiling is signed: the refusal above was the fee limit's.
      await expect(signAs(await usdtTransfer(treasury, 30_000_000), 'sweep', 'sweep-ok')).resolves.toMatchObject({ signer: hot.address });

      const trail = await client.request<Page<AuditView>>(WALLET_AUDIT_LIST, { walletId: hot.id, limit: 20 });
      expect(trail.data.map((a) => [a.action, a.outcome, a.purpose, a.reference, a.reason])).toEqual([
        ['sign', 'ok', 'sweep', 'sweep-ok', null],
        ...[...cases].reverse().map(([, purpose, reference, reason]) => ['sign', 'refused', purpose, reference, reason]),
        ['wallet.create', 'ok', null, null, 'hot'],
      ]);
      expect(trail.data.filter((a) => a.outcome === 'refused').every((a) => a.actor === 'neighbour' && /^[0-9a-f]{64}$/.test(a.txId ?? ''))).toBe(true);
    });

    it('derives a deposit address\'s key for a sweep only: any other purpose is refused and audited', async () => {
      const from = await fundedDepositAddress('5');
      const freeze = (await tron.transactionBuilder.freezeBalanceV2(1_000_000, 'ENERGY', from)) as unknown as UnsignedTx;
      await expect(sign(from, freeze, 'stake', 'stake-from-deposit')).rejects.toMatchObject({
        message: 'Refused: a deposit address signs sweeps only, not stake',
      });
      const c = new Client({ connectionString: db.url });
      await c.connect();
      const { rows } = await c.query("select outcome, address, reason from wallet.audit_log where reference = 'stake-from-deposit'");
      await c.end();
      expect(rows).toEqual([{ outcome: 'refused', address: from, reason: 'a deposit address signs sweeps only, not stake' }]);
    });

    it('audits a request for a signer that is not ours, keeping its error', async () => {
      const outsider = generateAccount().base58;
      const tx = (await tron.transactionBuilder.sendTrx(treasury, 1_000_000, (await devnet.accounts())[0].address)) as unknown as UnsignedTx;
      await expect(sign(outsider, tx, 'sweep', 'not-ours')).rejects.toMatchObject({ code: 'wallet_not_found' });
      const c = new Client({ connectionString: db.url });
      await c.connect();
      const { rows } = await c.query("select outcome, address, reason from wallet.audit_log where reference = 'not-ours'");
      await c.end();
      expect(rows).toEqual([{ outcome: 'refused', address: outsider, reason: 'wallet_not_found: Not one of our deposit addresses' }]);
    });
  });
});
