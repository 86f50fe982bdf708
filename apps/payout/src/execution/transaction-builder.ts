import { Inject, Injectable } from '@nestjs/common';
import { formatUnits } from '@tronpay/config';
import { buildTrc20Transfer, buildTrxTransfer, trc20TransferData, UnsignedTransaction } from '@tronpay/tron';
import { Chain } from '../chain/chain.port';
import { DependencyError } from '../chain/dependency.errors';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import type { PayoutRow } from '../payouts/payout.view';

export type BuildResult =
  | { kind: 'built'; tx: UnsignedTransaction; expiration: Date; feeLimit: bigint | null; refBlock: number }
  | { kind: 'fee_above_cap'; detail: string };

/** Energy estimates move with the chain's state; price a little above the estimate. */
const ESTIMATE_MARGIN_PERCENT = 10n;

/**
 * Builds a payout's transfer offline from the latest solidified block (a reference block that
 * cannot be replaced), expiring PAYOUT_TX_EXPIRATION_SECONDS from now. A USDT transfer is priced
 * first: its energy is estimated, what the hot wallet's own energy does not cover is burned
 * TRX, and a transfer whose burn would pass the fee limit is never built.
 */
@Injectable()
export class TransactionBuilder {
  constructor(
    private readonly chain: Chain,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {}

  async build(p: PayoutRow): Promise<BuildResult> {
    const from = p.hot_wallet_address;
    if (!from) throw new Error(`payout ${p.id} has no hot wallet reserved`);
    const amount = BigInt(p.amount);
    const ref = await this.chain.referenceBlock();
    const now = Date.now();
    // The expiration is counted from the reference block's time, which lags the head by the solidification delay.
    const ctx = { ref, timestamp: now, expirationMs: Math.max(1, now + this.settings.execution.txExpirationMs - ref.timestamp) };
    if (p.currency === 'TRX') {
      const tx = buildTrxTransfer({ from, to: p.destination, amount }, ctx);
      return { kind: 'built', tx, expiration: new Date(tx.raw_data.expiration as number), feeLimit: null, refBlock: ref.number };
    }
    const contract = await this.chain.usdtContract();
    const estimate = await this.chain.estimateEnergy(from, contract, trc20TransferData(p.destination, amount));
    if (!estimate.ok) throw new DependencyError('tron-client', 'estimate_failed', `the USDT transfer would not succeed now (${estimate.message ?? 'no reason given'})`);
    const energy = (estimate.energyUsed * (100n + ESTIMATE_MARGIN_PERCENT)) / 100n;
    const burned = energy > estimate.energyAvailable ? (energy - estimate.energyAvailable) * estimate.energyPriceSun : 0n;
    const feeLimit = this.settings.fees.feeLimitSun;
    if (burned > feeLimit) {
      return {
        kind: 'fee_above_cap',
        detail: `the transfer needs about ${energy} energy; burning what the hot wallet lacks costs about ${formatUnits(burned)} TRX, above the fee limit of ${formatUnits(feeLimit)} TRX (PAYOUT_FEE_LIMIT_SUN)`,
      };
    }
    const tx = buildTrc20Transfer({ from, contract, to: p.destination, amount, feeLimit }, ctx);
    return { kind: 'built', tx, expiration: new Date(tx.raw_data.expiration as number), feeLimit, refBlock: ref.number };
  }
}
