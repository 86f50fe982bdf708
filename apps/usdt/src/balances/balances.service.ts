import { Injectable } from '@nestjs/common';
import type { UsdtBalancesRequest, UsdtBalancesView } from '@tronpay/models';
import { formatDecimal } from '@tronpay/tron';
import { UsdtChain, UsdtWallets } from '../chain/usdt-chain';
import { parseContract, TokenRegistry } from '../tokens/token-registry.service';
import { UsdtError } from '../usdt.errors';

/** TRX and every registry token held by one address, or by one wallet's address. */
@Injectable()
export class BalancesService {
  constructor(
    private readonly chain: UsdtChain,
    private readonly wallets: UsdtWallets,
    private readonly registry: TokenRegistry,
  ) {}

  async get(request: UsdtBalancesRequest): Promise<UsdtBalancesView> {
    if ((request.address === undefined) === (request.walletId === undefined)) {
      throw new UsdtError('invalid_request', 'give exactly one of address and walletId');
    }
    const view = request.view ?? 'head';
    const address = request.walletId ? (await this.wallets.get(request.walletId)).address : parseContract(request.address as string, 'address').base58;
    const tokens = await this.registry.rows();
    const [account, ...balances] = await Promise.all([
      this.chain.account(address, view),
      ...tokens.map((t) => this.chain.tokenBalance(address, t.contract, view)),
    ]);
    return {
      address,
      walletId: request.walletId ?? null,
      trx: account.balance,
      tokens: tokens.map((t, i) => ({
        contract: t.contract,
        symbol: t.symbol,
        decimals: t.decimals,
        balance: balances[i].balance,
        amount: formatDecimal(BigInt(balances[i].balance), t.decimals),
      })),
      view,
    };
  }
}
