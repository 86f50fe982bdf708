import { DynamicModule, Module } from '@nestjs/common';
import type { PayoutConfig } from '@tronpay/config';
import { Chain } from './chain/chain.port';
import { TransportChain } from './chain/chain.transport';
import { EnergyPort } from './chain/energy.port';
import { TransportEnergy } from './chain/energy.transport';
import { WalletPort } from './chain/wallet.port';
import { TransportWallet } from './chain/wallet.transport';
import { ExecutionLifecycle } from './execution/execution.lifecycle';
import { Failpoints } from './execution/failpoints';
import { PayoutEnergy } from './execution/payout-energy';
import { PayoutExecutor } from './execution/payout-executor';
import { PayoutQueue } from './execution/payout-queue';
import { PayoutRelay } from './execution/payout-relay';
import { PayoutWorker } from './execution/payout-worker';
import { ReservationsRepository } from './execution/reservations.repository';
import { ReservationsService } from './execution/reservations.service';
import { TransactionBuilder } from './execution/transaction-builder';
import { TransactionsRepository } from './execution/transactions.repository';
import { TxEventsHandler } from './execution/tx-events.handler';
import { TxEventsService } from './execution/tx-events.service';
import { TxOutcomes } from './execution/tx-outcomes';
import { BroadcastExpiryGauge } from './observability/broadcast-expiry.gauge';
import { PayoutMetrics } from './observability/payout.metrics';
import { PayoutStats } from './observability/payout.stats';
import { OutboxPublisher } from './outbox/outbox.publisher';
import { OutboxRepository } from './outbox/outbox.repository';
import { PAYOUT_SETTINGS, payoutSettings } from './payout.settings';
import { ApprovalsService } from './payouts/approvals.service';
import { PayoutSignals } from './payouts/payout-signals';
import { PayoutViews } from './payouts/payout-views';
import { PayoutWork } from './payouts/payout-work';
import { PayoutsHandler } from './payouts/payouts.handler';
import { PayoutsRepository } from './payouts/payouts.repository';
import { PayoutsService } from './payouts/payouts.service';
import { RecipientsHandler } from './recipients/recipients.handler';
import { RecipientsRepository } from './recipients/recipients.repository';
import { RecipientsService } from './recipients/recipients.service';
import { GapSettlement } from './restore/gap-settlement';
import { RestoreGate } from './restore/restore-gate';
import { RestoreReconciler } from './restore/restore-reconciler';
import { RestoresRepository } from './restore/restores.repository';
import { DestinationChecks } from './routing/destination-checks';
import { PayoutRouter } from './routing/payout-router';

/** Payout requests, routing (V0 / KYC), recipients, approvals, treasury guards and exactly-once execution. */
@Module({})
export class PayoutModule {
  static forRoot(config: PayoutConfig): DynamicModule {
    return {
      module: PayoutModule,
      controllers: [PayoutsHandler, RecipientsHandler, TxEventsHandler],
      providers: [
        { provide: PAYOUT_SETTINGS, useValue: payoutSettings(config) },
        { provide: Chain, useClass: TransportChain },
        { provide: WalletPort, useClass: TransportWallet },
        { provide: EnergyPort, useClass: TransportEnergy },
        PayoutsRepository,
        RecipientsRepository,
        TransactionsRepository,
        ReservationsRepository,
        OutboxRepository,
        PayoutMetrics,
        PayoutSignals,
        PayoutViews,
        PayoutWork,
        PayoutRouter,
        DestinationChecks,
        PayoutsService,
        ApprovalsService,
        RecipientsService,
        ReservationsService,
        TransactionBuilder,
        TxOutcomes,
        TxEventsService,
        Failpoints,
        PayoutEnergy,
        PayoutExecutor,
        PayoutQueue,
        PayoutWorker,
        PayoutRelay,
        OutboxPublisher,
        PayoutStats,
        BroadcastExpiryGauge,
        RestoresRepository,
        RestoreGate,
        GapSettlement,
        RestoreReconciler,
        ExecutionLifecycle,
      ],
    };
  }
}
