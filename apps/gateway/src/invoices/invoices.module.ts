import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { StatsRegistry } from '@tronpay/runtime';
import { DepositAddresses, WalletDepositAddresses } from './deposit-addresses';
import { DepositsHandler } from './deposits.handler';
import { InvoiceExpiryService } from './invoice-expiry.service';
import { InvoicesController } from './invoices.controller';
import { InvoicesMetrics } from './invoices.metrics';
import { InvoicesRepository } from './invoices.repository';
import { InvoicesService } from './invoices.service';
import { PaymentsService } from './payments.service';
import { UsdtContract } from './usdt-contract';

@Injectable()
class InvoicesStats implements OnModuleInit {
  constructor(
    private readonly stats: StatsRegistry,
    private readonly repository: InvoicesRepository,
    private readonly metrics: InvoicesMetrics,
  ) {}

  onModuleInit() {
    this.stats.register('invoices', async () => {
      const rows = await this.repository.db.selectFrom('invoices').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
      return { byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])), depositsIgnored: this.metrics.ignoredCounts };
    });
  }
}

/** Invoices: creation with a fresh deposit address, the payment state machine, expiry. */
@Module({
  controllers: [InvoicesController, DepositsHandler],
  providers: [
    InvoicesRepository,
    InvoicesService,
    PaymentsService,
    InvoiceExpiryService,
    InvoicesMetrics,
    InvoicesStats,
    UsdtContract,
    { provide: DepositAddresses, useClass: WalletDepositAddresses },
  ],
})
export class InvoicesModule {}
