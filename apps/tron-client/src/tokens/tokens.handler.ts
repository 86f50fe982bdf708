import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { TokenAddRequest, TokenListReply, TRON_CLIENT_TOKENS_ADD, TRON_CLIENT_TOKENS_LIST } from '@tronpay/models';
import { TokenRegistry } from './token-registry.service';

@Controller()
export class TokensHandler {
  constructor(private readonly registry: TokenRegistry) {}

  @MessagePattern(TRON_CLIENT_TOKENS_ADD)
  add(@Payload() request: TokenAddRequest) {
    return this.registry.add(request);
  }

  @MessagePattern(TRON_CLIENT_TOKENS_LIST)
  async list(): Promise<TokenListReply> {
    await this.registry.canonicalUsdt();
    return { tokens: this.registry.list() };
  }
}
