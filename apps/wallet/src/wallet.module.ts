import { DynamicModule, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { WalletConfig } from '@tronpay/config';
import { AuditRepository } from './audit/audit.repository';
import { BalanceService } from './balances/balance.service';
import { ChainBalances, TransportChainBalances } from './balances/chain-balances';
import { AddressWatcher, TransportAddressWatcher } from './deposit-addresses/address-watcher';
import { DepositAddressHandler } from './deposit-addresses/deposit-address.handler';
import { DepositAddressService } from './deposit-addresses/deposit-address.service';
import { KeyStore } from './keys/key-store';
import { MultisigService } from './signing/multisig.service';
import { PayoutLookup, TransportPayoutLookup } from './signing/payout-lookup';
import { SignerResolver } from './signing/signer.resolver';
import { SigningHandler } from './signing/signing.handler';
import { SigningService, WALLET_CONFIG } from './signing/signing.service';
import { KekRotationService } from './rotation/kek-rotation.service';
import { UnlockHandler } from './unlock/unlock.handler';
import { UnlockService } from './unlock/unlock.service';
import { VaultRepository } from './vaults/vault.repository';
import { VaultService } from './vaults/vault.service';
import { WalletStats } from './wallet.stats';
import { WalletsHandler } from './wallets/wallets.handler';
import { WalletsService } from './wallets/wallets.service';

@Injectable()
class WalletBootstrap implements OnApplicationBootstrap {
  constructor(private readonly vaults: VaultService) {}

  onApplicationBootstrap() {
    return this.vaults.ensureDefaultVault();
  }
}

/** Keys, vaults, deposit addresses and the audit trail: the only service that decrypts a key. */
@Module({})
export class WalletModule {
  static forRoot(config: WalletConfig): DynamicModule {
    return {
      module: WalletModule,
      controllers: [DepositAddressHandler, SigningHandler, WalletsHandler, UnlockHandler],
      providers: [
        { provide: WALLET_CONFIG, useValue: config },
        { provide: KeyStore, useFactory: () => new KeyStore(config.kek) },
        { provide: PayoutLookup, useClass: TransportPayoutLookup },
        SignerResolver,
        SigningService,
        MultisigService,
        { provide: AddressWatcher, useClass: TransportAddressWatcher },
        AuditRepository,
        VaultRepository,
        VaultService,
        DepositAddressService,
        WalletsService,
        KekRotationService,
        WalletBootstrap,
        WalletStats,
        UnlockService,
        BalanceService,
        { provide: ChainBalances, useClass: TransportChainBalances },
      ],
      exports: [KeyStore, VaultService, DepositAddressService],
    };
  }
}
