import { Injectable, Logger } from '@nestjs/common';
import type { TxEvent } from '@tronpay/models';
import { TxOutcomes } from './tx-outcomes';

/**
 * Other services' transactions come by too (sweeps, staking): only ours are applied. Each event is
 * idempotent by the transaction's state, so a re-delivered one changes nothing. A failure here is
 * not retried by the transport: the job's look at tron-client's record finds the outcome anyway.
 */
@Injectable()
export class TxEventsService {
  private readonly logger = new Logger('TxEvents');
  applied = 0;

  constructor(private readonly outcomes: TxOutcomes) {}

  async apply(e: TxEvent): Promise<void> {
    if (e.requestedBy !== 'payout') return;
    try {
      const changed = await this.outcomes.apply(e.txId, { status: e.status, blockNumber: e.blockNumber ?? null, fee: e.fee ?? null, resultCode: e.resultCode ?? null, reason: e.reason ?? null });
      if (changed) this.applied += 1;
    } catch (err) {
      this.logger.warn(`tx ${e.txId} ${e.status} not applied now (the payout's next look finds it): ${(err as Error).message}`);
    }
  }
}
