import { Injectable, Logger } from '@nestjs/common';
import type { DepositEvent, UsdtUnknownTokensPage, UsdtUnknownTokensRequest } from '@tronpay/models';
import { parseContract, TokenRegistry } from '../tokens/token-registry.service';
import { UsdtError } from '../usdt.errors';
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
    if (recorded) this.logger.warn(`unregistered token ${event.token} sent ${event.amount} base units to ${event.to} (tx ${event.txId}): not credited, not swept`);
    // A read that failed (tron-client or its node away) fails the event, which is delivered again.
    await this.describe(event.token, true);
  }

  async list(request: UsdtUnknownTokensRequest): Promise<UsdtUnknownTokensPage> {
    const address = request.address ? parseContract(request.address, 'address').base58 : undefined;
    const read = () => this.repository.page(request.limit ?? 20, request.cursor, address);
    const page = await read();
    // A contract not described yet (its event is still being retried) is read now, if it can be.
    const missing = [...new Set(page.data.filter((t) => t.name === null && t.symbol === null && t.decimals === null).map((t) => t.contract))];
    const described = await Promise.all(missing.map((c) => this.describe(c, false)));
    return described.some(Boolean) ? read() : page;
  }

  /**
   * Records what the contract says it is, once: only a hint for the operator (a contract may lie
   * or not answer, and then its fields stay null). True when it wrote the description now.
   */
  private async describe(contract: string, strict: boolean): Promise<boolean> {
    if (await this.repository.knows(contract)) return false;
    let meta: { name: string | null; symbol: string | null; decimals: number | null };
    try {
      meta = await this.registry.metadata(contract);
    } catch (e) {
      if (e instanceof UsdtError && e.code === 'token_not_found') meta = { name: null, symbol: null, decimals: null };
      else if (strict) throw e;
      else return false;
    }
    await this.repository.describe(contract, { name: meta.name, symbol: meta.symbol, decimals: meta.decimals });
    return true;
  }
}
