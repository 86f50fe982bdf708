import { Inject, Injectable } from '@nestjs/common';
import type { UsdtConfig } from '@tronpay/config';
import type { UsdtTransferBuildReply, UsdtTransferEstimate } from '@tronpay/models';
import { buildTrc20Transfer, buildTrxTransfer, hexToBase58, sha256Hex, trc20TransferData, UnsignedTransaction } from '@tronpay/tron';
import { UsdtChain } from '../chain/usdt-chain';
import { parseContract, TokenRegistry } from '../tokens/token-registry.service';
import { USDT_CONFIG } from '../usdt.tokens';
import { bandwidthOf, ChainPrices } from './transfer-resources';

/** An address no one holds a key for, that never holds any token: estimates to it show the new-holder cost. */
export const NEW_HOLDER_PROBE = hexToBase58('41' + sha256Hex(Buffer.from('tronpay:usdt:new-holder-probe', 'utf8')).slice(0, 40));

export interface BuiltTransfer {
  transaction: UnsignedTransaction;
  bytes: number;
  expiration: Date;
}

export interface Estimate extends UsdtTransferEstimate {
  prices: ChainPrices;
}

const param = (p: Record<string, number>, key: string, fallback: bigint) => (typeof p[key] === 'number' && p[key] >= 0 ? BigInt(p[key]) : fallback);

/**
 * Builds TRC20 (and TRX) transfers offline on tron-client's head block and estimates their energy:
 * for the recipient as it is now and for a recipient that holds none of the token (about twice the
 * energy on USDT: the transfer creates its balance slot).
 */
@Injectable()
export class TransferBuilder {
  private stamp = 0;

  constructor(
    @Inject(USDT_CONFIG) private readonly config: UsdtConfig,
    private readonly chain: UsdtChain,
    private readonly registry: TokenRegistry,
  ) {}

  async prices(): Promise<ChainPrices> {
    const { parameters: p } = await this.chain.chainParameters();
    return {
      energy: param(p, 'getEnergyFee', 100n) || 100n,
      bandwidth: param(p, 'getTransactionFee', 1_000n),
      createAccount: param(p, 'getCreateAccountFee', 100_000n),
      createAccountInSystemContract: param(p, 'getCreateNewAccountFeeInSystemContract', 1_000_000n),
    };
  }

  /** raw_data.timestamp is part of the txID: never the same twice from this process. */
  private timestamp(): number {
    this.stamp = Math.max(this.stamp + 1, Date.now());
    return this.stamp;
  }

  private async context(permissionId?: number) {
    const head = await this.chain.headBlock();
    return { ref: head, timestamp: this.timestamp(), expirationMs: this.config.transfers.expirationMs, permissionId };
  }

  feeLimitFor(energy: number, prices: ChainPrices): bigint {
    const sun = BigInt(energy) * prices.energy;
    return (sun * BigInt(10_000 + this.config.transfers.feeLimitMarginBps) + 9_999n) / 10_000n;
  }

  async estimate(input: { from: string; to: string; amount: bigint; contract?: string; signatures?: number; assumeNewHolder?: boolean }): Promise<Estimate> {
    const token = await this.registry.resolve(input.contract);
    const from = parseContract(input.from, 'from').base58;
    const to = parseContract(input.to, 'to').base58;
    const call = (recipient: string) => this.chain.call({ contract: token.contract, owner: from, data: trc20TransferData(recipient, input.amount), estimate: true });
    const [real, probe, held, prices] = await Promise.all([call(to), call(NEW_HOLDER_PROBE), this.chain.tokenBalance(to, token.contract), this.prices()]);
    const energy = real.energyUsed ?? 0;
    const energyIfNewHolder = Math.max(probe.energyUsed ?? 0, energy);
    const planned = input.assumeNewHolder ? energyIfNewHolder : energy;
    const feeLimit = this.feeLimitFor(planned, prices);
    // A call that would revert estimates no energy; the size of its transaction is still wanted.
    const built = await this.buildTrc20({ from, to, amount: input.amount, contract: token.contract, feeLimit: feeLimit > 0n ? feeLimit : 1n });
    const bandwidth = bandwidthOf(built.transaction.raw_data_hex, input.signatures ?? 1);
    return {
      contract: token.contract,
      from,
      to,
      amount: input.amount.toString(),
      energy,
      newHolder: BigInt(held.balance) === 0n,
      energyIfNewHolder,
      bandwidth,
      energyPriceSun: prices.energy.toString(),
      burnSunWithoutEnergy: (BigInt(planned) * prices.energy).toString(),
      feeLimitSun: feeLimit.toString(),
      ok: real.ok,
      error: real.error,
      prices,
    };
  }

  /** `usdt.transfers.build.v1`: an unsigned TRC20 transfer with the estimate it was priced on. */
  async buildForCaller(input: { from: string; to: string; amount: bigint; contract?: string; feeLimit?: bigint }): Promise<UsdtTransferBuildReply> {
    const { prices: _prices, ...estimate } = await this.estimate(input);
    const feeLimit = input.feeLimit ?? BigInt(estimate.feeLimitSun);
    const built = await this.buildTrc20({ from: estimate.from, to: estimate.to, amount: input.amount, contract: estimate.contract, feeLimit });
    const tx = built.transaction;
    return { transaction: { txID: tx.txID, raw_data_hex: tx.raw_data_hex, raw_data: tx.raw_data as unknown as Record<string, unknown>, visible: false }, estimate: { ...estimate, feeLimitSun: feeLimit.toString() } };
  }

  async buildTrc20(input: { from: string; to: string; amount: bigint; contract: string; feeLimit: bigint; permissionId?: number }): Promise<BuiltTransfer> {
    const ctx = await this.context(input.permissionId);
    const transaction = buildTrc20Transfer({ from: input.from, to: input.to, amount: input.amount, contract: input.contract, feeLimit: input.feeLimit }, ctx);
    return { transaction, bytes: bandwidthOf(transaction.raw_data_hex), expiration: new Date(transaction.raw_data.expiration ?? 0) };
  }

  async buildTrx(input: { from: string; to: string; amount: bigint; permissionId?: number }): Promise<BuiltTransfer> {
    const ctx = await this.context(input.permissionId);
    const transaction = buildTrxTransfer({ from: input.from, to: input.to, amount: input.amount }, ctx);
    return { transaction, bytes: bandwidthOf(transaction.raw_data_hex), expiration: new Date(transaction.raw_data.expiration ?? 0) };
  }
}
