import { DynamicModule, Module } from '@nestjs/common';
import type { UsdtConfig } from '@tronpay/config';
import { BalancesHandler } from './balances/balances.handler';
import { BalancesService } from './balances/balances.service';
import { TransportUsdtChain, TransportUsdtWallets, UsdtChain, UsdtWallets } from './chain/usdt-chain';
import { TokenRegistry } from './tokens/token-registry.service';
import { TokensHandler } from './tokens/tokens.handler';
import { TokensRepository } from './tokens/tokens.repository';
import { TransferBuilder } from './transfers/transfer-builder.service';
import { TransferFollower } from './transfers/transfer-follower';
import { TransfersHandler } from './transfers/transfers.handler';
import { TransfersMetrics } from './transfers/transfers.metrics';
import { TransfersRepository } from './transfers/transfers.repository';
import { TransfersService } from './transfers/transfers.service';
import { UnknownTokensHandler } from './unknown-tokens/unknown-tokens.handler';
import { UnknownTokensRepository } from './unknown-tokens/unknown-tokens.repository';
import { UnknownTokensService } from './unknown-tokens/unknown-tokens.service';
import { UsdtStats } from './usdt.stats';
import { USDT_CONFIG } from './usdt.tokens';

/** The token side: the TRC20 registry, balances, transfer building, energy estimates, transfers executed and followed. */
@Module({})
export class UsdtModule {
  static forRoot(config: UsdtConfig): DynamicModule {
    return {
      module: UsdtModule,
      controllers: [TokensHandler, BalancesHandler, TransfersHandler, UnknownTokensHandler],
      providers: [
        { provide: USDT_CONFIG, useValue: config },
        { provide: UsdtChain, useClass: TransportUsdtChain },
        { provide: UsdtWallets, useClass: TransportUsdtWallets },
        TokensRepository,
        TokenRegistry,
        BalancesService,
        TransferBuilder,
        TransfersRepository,
        TransfersService,
        TransfersMetrics,
        TransferFollower,
        UnknownTokensRepository,
        UnknownTokensService,
        UsdtStats,
      ],
    };
  }
}
