import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { TokenAddRequest, TRON_CLIENT_TOKENS_ADD } from '@tronpay/models';
import { TokenRegistry } from './token-registry.service';

@Controller()
export class TokensHandler {
  constructor(private readonly registry: TokenRegistry) {}

  @MessagePattern(TRON_CLIENT_TOKENS_ADD)
  add(@Payload() request: TokenAddRequest) {
    return this.registry.add(request);
  }
}
