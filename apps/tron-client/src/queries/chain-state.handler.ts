import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ContractCallRequest, StakeGetRequest, TRON_CLIENT_CONTRACT_CALL, TRON_CLIENT_HEAD_BLOCK_GET, TRON_CLIENT_STAKE_GET } from '@tronpay/models';
import { ChainStateService } from './chain-state.service';

@Controller()
export class ChainStateHandler {
  constructor(private readonly chain: ChainStateService) {}

  @MessagePattern(TRON_CLIENT_HEAD_BLOCK_GET)
  headBlock() {
    return this.chain.headBlock();
  }

  @MessagePattern(TRON_CLIENT_STAKE_GET)
  stake(@Payload() request: StakeGetRequest) {
    return this.chain.stake(request.address, request.delegations ?? true);
  }

  @MessagePattern(TRON_CLIENT_CONTRACT_CALL)
  call(@Payload() request: ContractCallRequest) {
    return this.chain.call(request);
  }
}
