import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { DEPOSIT_UNREGISTERED_TOKEN, DepositEvent, USDT_UNKNOWN_TOKENS_LIST, UsdtUnknownTokensRequest } from '@tronpay/models';
import { UnknownTokensService } from './unknown-tokens.service';

@Controller()
export class UnknownTokensHandler {
  constructor(private readonly unknown: UnknownTokensService) {}

  @EventPattern(DEPOSIT_UNREGISTERED_TOKEN)
  seen(@Payload() event: DepositEvent) {
    return this.unknown.seen(event);
  }

  @MessagePattern(USDT_UNKNOWN_TOKENS_LIST)
  list(@Payload() request: UsdtUnknownTokensRequest) {
    return this.unknown.list(request);
  }
}
