import { Injectable, Logger } from '@nestjs/common';
import type { DepositEvent } from '@tronpay/models';
import { UsdtContract } from '../invoices/usdt-contract';
import { SweepRelay } from './sweep-relay';
import { SweepsRepository } from './sweeps.repository';
import { SweepsMetrics, tokenLabel } from './sweeps.metrics';

/** A confirmed deposit of TRX or the canonical USDT to an invoice address, kept for its sweep (once by tx and log). */
@Injectable()
export class SweepDeposits {
  private readonly logger = new Logger('SweepDeposits');

  constructor(
    private readonly repository: SweepsRepository,
    private readonly usdt: UsdtContract,
    private readonly relay: SweepRelay,
    private readonly metrics: SweepsMetrics,
  ) {}

  async record(d: DepositEvent): Promise<void> {
    // The wallet signs sweeps of TRX and the canonical USDT only; other registry tokens stay where
    // they are. Not knowing which is USDT fails the event, which is delivered again.
    const sweepable = d.token === 'TRX' || d.token === (this.usdt.peek() ?? (await this.usdt.get()));
    if (!sweepable) return;
    const invoiceToken = await this.repository.invoiceTokenOf(d.to);
    if (invoiceToken === null) return;
    if (d.token !== 'TRX' && invoiceToken === 'TRX') {
      // USDT at a TRX invoice's address: the TRX its sweep may need would be credited to that invoice. Left for the operator.
      this.metrics.heldBack.inc();
      this.logger.warn(`USDT deposit ${d.txId}:${d.logIndex} to TRX invoice address ${d.to} is not swept automatically (a TRX top-up would pay the invoice)`);
      return;
    }
    const recorded = await this.repository.recordDeposit({ txId: d.txId, logIndex: d.logIndex, address: d.to, token: d.token, from: d.from, amount: d.amount, blockNumber: d.blockNumber });
    if (!recorded) return;
    this.metrics.deposits.inc({ token: tokenLabel(d.token) });
    this.logger.debug(`deposit ${d.txId}:${d.logIndex} of ${d.amount} to ${d.to} recorded for sweeping`);
    this.relay.kick();
  }
}
