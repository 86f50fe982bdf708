import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { USDT_TOKENS_ADD, USDT_TOKENS_GET, USDT_TOKENS_LIST, UsdtTokenAddRequest, UsdtTokenGetRequest, UsdtTokenListReply } from '@tronpay/models';
import { TokenRegistry } from './token-registry.service';

@Controller()
export class TokensHandler {
  constructor(private readonly registry: TokenRegistry) {}

  @MessagePattern(USDT_TOKENS_ADD)
  add(@Payload() request: UsdtTokenAddRequest) {
    return this.registry.add(request);
  }

  @MessagePattern(USDT_TOKENS_LIST)
  async list(): Promise<UsdtTokenListReply> {
    return { tokens: await this.registry.list() };
  }

  @MessagePattern(USDT_TOKENS_GET)
  get(@Payload() request: UsdtTokenGetRequest) {
    return this.registry.get(request.contract);
  }
}
