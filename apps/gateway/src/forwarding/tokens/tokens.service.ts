import { Injectable } from '@nestjs/common';
import { USDT_TOKENS_ADD, USDT_TOKENS_GET, USDT_TOKENS_LIST, UsdtTokenListReply, UsdtTokenView } from '@tronpay/models';
import { actorOf } from '../../auth/principal';
import type { IdempotentRequest } from '../../idempotency/idempotency.service';
import { Created, Forwarder } from '../forwarder.service';
import { base58 } from '../tron-values';
import type { AddTokenDto } from './tokens.dto';

/** The token registry belongs to the usdt service: the scanner credits only its tokens. */
@Injectable()
export class TokensService {
  constructor(private readonly forwarder: Forwarder) {}

  async list(): Promise<{ data: UsdtTokenView[] }> {
    const reply = await this.forwarder.request<UsdtTokenListReply>(USDT_TOKENS_LIST, {});
    return { data: reply.tokens };
  }

  get(contract: string): Promise<UsdtTokenView> {
    return this.forwarder.request(USDT_TOKENS_GET, { contract: base58(contract) });
  }

  add(request: IdempotentRequest, dto: AddTokenDto): Promise<Created<UsdtTokenView>> {
    const expected = { ...(dto.symbol !== undefined ? { symbol: dto.symbol } : {}), ...(dto.decimals !== undefined ? { decimals: dto.decimals } : {}) };
    // Adding is idempotent by contract in the usdt service: its contract takes no key.
    return this.forwarder.create(request, USDT_TOKENS_ADD, { contract: base58(dto.contract), ...expected, requestedBy: actorOf(request.principal) }, { passKey: false });
  }
}
