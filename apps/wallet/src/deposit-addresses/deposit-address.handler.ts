import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { NextDepositAddressRequest, WALLET_DEPOSIT_ADDRESS_NEXT } from '@tronpay/models';
import type { RedisStreamsContext } from '@tronpay/transport';
import { DepositAddressService } from './deposit-address.service';

@Controller()
export class DepositAddressHandler {
  constructor(private readonly service: DepositAddressService) {}

  @MessagePattern(WALLET_DEPOSIT_ADDRESS_NEXT)
  next(@Payload() request: NextDepositAddressRequest, @Ctx() ctx: RedisStreamsContext) {
    return this.service.next(request.reference, `transport:${ctx.getMessageId()}`);
  }
}
