import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  DelegateRequest,
  STAKING_CANCEL_UNFREEZES,
  STAKING_CLAIM_REWARDS,
  STAKING_DELEGATE,
  STAKING_FREEZE,
  STAKING_GET,
  STAKING_OPERATIONS_LIST,
  STAKING_UNDELEGATE,
  STAKING_UNFREEZE,
  STAKING_VOTE,
  STAKING_WITHDRAW,
  StakeRequest,
  StakingGetRequest,
  StakingOperationsListRequest,
  UndelegateRequest,
  VoteRequest,
  WalletStakingRequest,
} from '@tronpay/models';
import { StakingViewService } from '../view/staking-view.service';
import { OperationsService } from './operations.service';

@Controller()
export class OperationsHandler {
  constructor(
    private readonly operations: OperationsService,
    private readonly view: StakingViewService,
  ) {}

  @MessagePattern(STAKING_FREEZE)
  freeze(@Payload() r: StakeRequest) {
    return this.operations.freeze(r);
  }

  @MessagePattern(STAKING_UNFREEZE)
  unfreeze(@Payload() r: StakeRequest) {
    return this.operations.unfreeze(r);
  }

  @MessagePattern(STAKING_WITHDRAW)
  withdraw(@Payload() r: WalletStakingRequest) {
    return this.operations.withdraw(r);
  }

  @MessagePattern(STAKING_CANCEL_UNFREEZES)
  cancelUnfreezes(@Payload() r: WalletStakingRequest) {
    return this.operations.cancelUnfreezes(r);
  }

  @MessagePattern(STAKING_DELEGATE)
  delegate(@Payload() r: DelegateRequest) {
    return this.operations.delegate(r);
  }

  @MessagePattern(STAKING_UNDELEGATE)
  undelegate(@Payload() r: UndelegateRequest) {
    return this.operations.undelegate(r);
  }

  @MessagePattern(STAKING_VOTE)
  vote(@Payload() r: VoteRequest) {
    return this.operations.vote(r);
  }

  @MessagePattern(STAKING_CLAIM_REWARDS)
  claimRewards(@Payload() r: WalletStakingRequest) {
    return this.operations.claimRewards(r);
  }

  @MessagePattern(STAKING_GET)
  get(@Payload() r: StakingGetRequest) {
    return this.view.get(r.walletId);
  }

  @MessagePattern(STAKING_OPERATIONS_LIST)
  list(@Payload() r: StakingOperationsListRequest) {
    return this.operations.list(r.walletId, r.limit, r.cursor);
  }
}
