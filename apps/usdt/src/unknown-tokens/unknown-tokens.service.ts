import { Injectable, Logger } from '@nestjs/common';
import type { DepositEvent, UsdtUnknownTokensPage, UsdtUnknownTokensRequest } from '@tronpay/models';
import { parseContract, TokenRegistry } from '../tokens/token-registry.service';
import { UnknownTokensRepository } from './unknown-tokens.repository';

/**
 * Transfers of tokens outside the registry to our addresses: tron-client never credits them and
 * the gateway never sweeps them; they are kept here, with what the contract says it is, for the
 * operator to look at (`usdt.unknown-tokens.list.v1`, `/stats`, and the gateway's
 * `GET /v1/sweeps/unknown-tokens`).
 */
@Injectable()
export class UnknownTokensService {
  private readonly logger = new Logger('UnknownTokens');

  constructor(
    private readonly repository: UnknownTokensRepository,
    private readonly registry: TokenRegistry,
  ) {}

  async seen(event: DepositEvent): Promise<void> {
    const recorded = await this.repository.record({
      txId: event.txId,
      logIndex: event.logIndex,
      contract: event.token,
      to: event.to,
      from: event.from,
      amount: event.amount,
      blockNumber: event.blockNumber,
      blockTime: new Date(event.blockTime),
    });
    if (!recorded) return;
    this.logger.warn(`unregistered token ${event.token} sent ${event.amount} base units to ${event.to} (tx ${event.txId}): not credited, not swept`);
    if (await this.repository.knows(event.token)) return;
    // What it claims to be is only a hint for the operator: a contract may lie or not answer.
    const meta = await this.registry.metadata(event.token).catch(() => ({ name: null, symbol: null, decimals: null }));
    await this.repository.describe(event.token, { name: meta.name, symbol: meta.symbol, decimals: meta.decimals });
  }

  list(request: UsdtUnknownTokensRequest): Promise<UsdtUnknownTokensPage> {
    const address = request.address ? parseContract(request.address, 'address').base58 : undefined;
    return this.repository.page(request.limit ?? 20, request.cursor, address);
  }
}
