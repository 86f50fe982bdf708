import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AccountGetRequest,
  TokenBalanceGetRequest,
  TRON_CLIENT_ACCOUNT_GET,
  TRON_CLIENT_CHAIN_PARAMETERS_GET,
  TRON_CLIENT_NETWORK_GET,
  TRON_CLIENT_TOKEN_BALANCE_GET,
} from '@tronpay/models';
import { QueriesService } from './queries.service';

@Controller()
export class QueriesHandler {
  constructor(private readonly queries: QueriesService) {}

  @MessagePattern(TRON_CLIENT_ACCOUNT_GET)
  account(@Payload() request: AccountGetRequest) {
    return this.queries.account(request.address, request.view);
  }

  @MessagePattern(TRON_CLIENT_TOKEN_BALANCE_GET)
  tokenBalance(@Payload() request: TokenBalanceGetRequest) {
    return this.queries.tokenBalance(request.address, request.contract, request.view);
  }

  @MessagePattern(TRON_CLIENT_CHAIN_PARAMETERS_GET)
  chainParameters() {
    return this.queries.chainParameters();
  }

  @MessagePattern(TRON_CLIENT_NETWORK_GET)
  network() {
    return this.queries.network();
  }
}
