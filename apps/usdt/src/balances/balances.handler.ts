import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { USDT_BALANCES_GET, UsdtBalancesRequest } from '@tronpay/models';
import { BalancesService } from './balances.service';

@Controller()
export class BalancesHandler {
  constructor(private readonly balances: BalancesService) {}

  @MessagePattern(USDT_BALANCES_GET)
  get(@Payload() request: UsdtBalancesRequest) {
    return this.balances.get(request);
  }
}
