import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddressRequest,
  EnergyEstimateRequest,
  SolidBalanceRequest,
  TRON_CLIENT_BALANCE_SOLID,
  TRON_CLIENT_BLOCK_REFERENCE,
  TRON_CLIENT_CONTRACT_CHECK,
  TRON_CLIENT_ENERGY_ESTIMATE,
  TRON_CLIENT_TX_CHAIN_STATUS,
  TRON_CLIENT_WATCH_LOOKUP,
  TxChainStatusRequest,
  WatchLookupRequest,
} from '@tronpay/models';
import { ChainFactsService } from './chain-facts.service';

@Controller()
export class ChainFactsHandler {
  constructor(private readonly facts: ChainFactsService) {}

  @MessagePattern(TRON_CLIENT_BLOCK_REFERENCE)
  referenceBlock() {
    return this.facts.referenceBlock();
  }

  @MessagePattern(TRON_CLIENT_BALANCE_SOLID)
  solidBalance(@Payload() request: SolidBalanceRequest) {
    return this.facts.solidBalance(request.address, request.contract);
  }

  @MessagePattern(TRON_CLIENT_CONTRACT_CHECK)
  contractCheck(@Payload() request: AddressRequest) {
    return this.facts.contractCheck(request.address);
  }

  @MessagePattern(TRON_CLIENT_ENERGY_ESTIMATE)
  estimateEnergy(@Payload() request: EnergyEstimateRequest) {
    return this.facts.estimateEnergy(request.owner, request.contract, request.data);
  }

  @MessagePattern(TRON_CLIENT_WATCH_LOOKUP)
  watchLookup(@Payload() request: WatchLookupRequest) {
    return this.facts.watchLookup(request.addresses);
  }

  @MessagePattern(TRON_CLIENT_TX_CHAIN_STATUS)
  txChainStatus(@Payload() request: TxChainStatusRequest) {
    return this.facts.txChainStatus(request.txId);
  }
}
