import { Module } from '@nestjs/common';
import { Forwarder } from './forwarder.service';
import { NetworkController } from './network/network.controller';
import { NetworkService } from './network/network.service';
import { PayoutsController } from './payouts/payouts.controller';
import { PayoutsService } from './payouts/payouts.service';
import { RecipientsController } from './recipients/recipients.controller';
import { RecipientsService } from './recipients/recipients.service';
import { StakingController } from './staking/staking.controller';
import { StakingService } from './staking/staking.service';
import { TokensController } from './tokens/tokens.controller';
import { TokensService } from './tokens/tokens.service';
import { WalletsController } from './wallets/wallets.controller';
import { WalletsService } from './wallets/wallets.service';

/** The wallet, staking, payout, recipient, network and token-registry endpoints, forwarded to their owning services. */
@Module({
  controllers: [WalletsController, StakingController, PayoutsController, RecipientsController, NetworkController, TokensController],
  providers: [Forwarder, WalletsService, StakingService, PayoutsService, RecipientsService, NetworkService, TokensService],
  exports: [Forwarder],
})
export class ForwardingModule {}
