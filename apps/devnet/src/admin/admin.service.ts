import { encodeParams, encodeRawData, functionSelector, generateAccount, hexToBase58, normalizeAddress, signDigest, type RawDataJson, type TronAccount } from '@tronpay/tron';
import { ApiError } from '../chain/chain.errors';
import { SUN_PER_TRX } from '../chain/chain-parameters';
import type { DevnetNode } from '../devnet-node';
import { formatUnits, parseUnits } from './amounts';

const FUND_FEE_LIMIT = 100_000_000;

/** The devnet's own controls (`/admin/*`): mining, funding, accounts, tokens. */
export class AdminService {
  constructor(private readonly node: DevnetNode) {}

  info() {
    const { chain, config } = this.node;
    const genesis = chain.blocks[0];
    return {
      chainId: '0x' + genesis.blockID.slice(-8),
      network: 'devnet',
      usdtContract: hexToBase58(this.node.usdt),
      usdtContractHex: this.node.usdt,
      blockMs: config.blockMs,
      solidLag: config.solidLag,
      headBlock: chain.head().number,
      solidBlock: chain.solidNumber(),
      headBlockTimestamp: chain.head().timestamp,
      pendingTransactions: chain.pendingCount(),
      replay: !!config.replayFile,
      accounts: this.node.prefunded.map((a) => a.base58),
    };
  }

  mine(params: Record<string, unknown>) {
    if (this.node.config.replayFile) throw new ApiError('the devnet is replaying a recorded chain: no mining');
    const blocks = params.blocks === undefined ? 1 : Number(params.blocks);
    const advanceMs = params.advanceMs === undefined ? 0 : Number(params.advanceMs);
    if (!Number.isInteger(blocks) || blocks < 1 || blocks > 100_000) throw new ApiError('blocks must be an integer from 1 to 100000');
    if (!Number.isInteger(advanceMs) || advanceMs < 0) throw new ApiError('advanceMs must be a non-negative integer');
    const made = this.node.mine(blocks, advanceMs);
    return {
      blocks: made.map((b) => ({ number: b.number, blockID: b.blockID, timestamp: b.timestamp, transactions: b.transactions.length })),
      headBlock: this.node.chain.head().number,
      solidBlock: this.node.chain.solidNumber(),
    };
  }

  accountsJson() {
    return {
      privateKeys: this.node.prefunded.map((a) => a.privateKey),
      accounts: this.node.prefunded.map((a) => ({ address: a.base58, hex: a.address, privateKey: a.privateKey })),
    };
  }

  /** TRE's endpoint: fresh accounts, each funded from the faucet with the pre-funded amount of TRX. */
  temporaryAccounts(params: Record<string, unknown>) {
    const n = params.accounts === undefined ? 10 : Number(params.accounts);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new ApiError('accounts must be an integer from 1 to 1000');
    const accounts = Array.from({ length: n }, () => generateAccount());
    const trx = BigInt(this.node.config.accountTrx) * SUN_PER_TRX;
    const txids = accounts.map((a) => this.sendTrx(a.address, trx));
    for (const a of accounts) this.node.verifier.remember(a.address, a.publicKey);
    return {
      privateKeys: accounts.map((a) => a.privateKey),
      accounts: accounts.map((a) => ({ address: a.base58, hex: a.address, privateKey: a.privateKey })),
      txids,
    };
  }

  fund(params: Record<string, unknown>) {
    const address = normalizeAddress(params.address);
    if (!address) throw new ApiError('address must be a TRON address');
    if (params.trx === undefined && params.usdt === undefined) throw new ApiError('give trx and/or usdt');
    const txids: string[] = [];
    if (params.trx !== undefined) txids.push(this.sendTrx(address, parseUnits(params.trx, 6, 'trx')));
    if (params.usdt !== undefined) txids.push(this.sendToken(this.node.usdt, address, parseUnits(params.usdt, 6, 'usdt')));
    return { address: hexToBase58(address), txids };
  }

  createToken(params: Record<string, unknown>) {
    const name = typeof params.name === 'string' ? params.name.trim() : '';
    const symbol = typeof params.symbol === 'string' ? params.symbol.trim() : '';
    const decimals = params.decimals === undefined ? 6 : Number(params.decimals);
    if (!name || name.length > 64) throw new ApiError('name must be 1-64 characters');
    if (!symbol || symbol.length > 16) throw new ApiError('symbol must be 1-16 characters');
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36) throw new ApiError('decimals must be an integer from 0 to 36');
    const owner = params.owner === undefined ? this.node.prefunded[0].address : normalizeAddress(params.owner);
    if (!owner) throw new ApiError('owner must be a TRON address');
    const supply = parseUnits(params.supply ?? '1000000', decimals, 'supply');
    if (!this.node.accounts.exists(owner)) this.node.accounts.create(owner, this.node.chain.head().timestamp);
    const meta = this.node.trc20.create({ name, symbol, decimals, supply, owner }, this.node.chain.head().timestamp);
    return {
      contractAddress: hexToBase58(meta.address),
      contractAddressHex: meta.address,
      name,
      symbol,
      decimals,
      supply: formatUnits(supply, decimals),
      owner: hexToBase58(owner),
    };
  }

  /**
   * A TRC10 asset issued straight into the state (no AssetIssueContract, no 1,024 TRX fee, like
   * `/admin/trc20`): the whole supply to `owner` (default: the first pre-funded account).
   */
  createAsset(params: Record<string, unknown>) {
    const name = typeof params.name === 'string' ? params.name.trim() : '';
    const abbr = typeof params.abbr === 'string' ? params.abbr.trim() : name;
    const precision = params.precision === undefined ? 6 : Number(params.precision);
    const readable = /^[\x21-\x7e]{1,32}$/;
    if (!readable.test(name) || name.toLowerCase() === 'trx') throw new ApiError('name must be 1-32 printable ASCII characters without spaces, not "trx"');
    if (!readable.test(abbr)) throw new ApiError('abbr must be 1-32 printable ASCII characters without spaces');
    if (!Number.isInteger(precision) || precision < 0 || precision > 6) throw new ApiError('precision must be an integer from 0 to 6');
    const owner = params.owner === undefined ? this.node.prefunded[0].address : normalizeAddress(params.owner);
    if (!owner) throw new ApiError('owner must be a TRON address');
    const supply = parseUnits(params.supply ?? '1000000', precision, 'supply');
    if (supply <= 0n || supply >= 2n ** 63n) throw new ApiError('supply must be above 0 and fit an int64 in base units');
    const now = this.node.chain.head().timestamp;
    if (!this.node.accounts.exists(owner)) this.node.accounts.create(owner, now);
    const asset = this.node.trc10.issue({
      owner,
      name,
      abbr,
      description: '',
      url: 'https://devnet.invalid',
      totalSupply: supply,
      precision,
      trxNum: 1,
      num: 1,
      startTime: now + 1,
      endTime: now + 365 * 86_400_000,
      freeAssetNetLimit: 0,
      publicFreeAssetNetLimit: 0,
    });
    return { assetId: asset.id, name, abbr, precision, supply: formatUnits(supply, precision), owner: hexToBase58(owner) };
  }

  /** Deploys a built-in multisender (`multiTransfer(address,address[],uint256[])`). */
  deployMultisender(params: Record<string, unknown>) {
    const owner = params.owner === undefined ? this.node.prefunded[0].address : normalizeAddress(params.owner);
    if (!owner) throw new ApiError('owner must be a TRON address');
    const now = this.node.chain.head().timestamp;
    const address = this.node.multisenders.nextAddress();
    this.node.accounts.save({ ...this.node.accounts.create(address, now), isContract: true });
    this.node.multisenders.save({ address, owner, createTime: now });
    return { contractAddress: hexToBase58(address), contractAddressHex: address };
  }

  sendTrx(to: string, amount: bigint, from: TronAccount = this.node.faucet): string {
    return this.push(from, 'TransferContract', { owner_address: from.address, to_address: to, amount: Number(amount) });
  }

  sendToken(contract: string, to: string, amount: bigint, from: TronAccount = this.node.faucet): string {
    const data = functionSelector('transfer(address,uint256)') + encodeParams(['address', 'uint256'], [to, amount]);
    return this.push(from, 'TriggerSmartContract', { owner_address: from.address, contract_address: contract, data }, FUND_FEE_LIMIT);
  }

  /** Builds, signs and broadcasts like any client, so funding shows up on chain as ordinary transfers. */
  private push(from: TronAccount, type: string, value: Record<string, unknown>, feeLimit?: number): string {
    const head = this.node.chain.head();
    const rawData: RawDataJson = {
      contract: [{ parameter: { value, type_url: `type.googleapis.com/protocol.${type}` }, type }],
      ref_block_bytes: head.blockID.slice(12, 16),
      ref_block_hash: head.blockID.slice(16, 32),
      expiration: head.timestamp + 60_000,
      timestamp: Date.now(),
    };
    if (feeLimit) rawData.fee_limit = feeLimit;
    const { rawDataHex, txID } = encodeRawData(rawData);
    const tx = this.node.processor.push({ rawDataHex, signatures: [signDigest(txID, from.privateKey)] });
    return tx.txID;
  }
}
