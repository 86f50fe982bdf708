// Lint fixture (never built or run): an app importing another app must fail lint.
import { WalletModule } from '../../../wallet/src/wallet.module';

export const leaked = WalletModule;
