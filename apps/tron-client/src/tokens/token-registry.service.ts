import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@tronpay/config';
import type { TokenAddReply, TokenAddRequest } from '@tronpay/models';
import { APP_CONFIG } from '@tronpay/runtime';
import { hexToBase58, isTronAddress, normalizeAddress } from '@tronpay/tron';
import { NodePool } from '../nodes/node-pool.service';
import { TokensError } from './tokens.errors';
import { TokensRepository } from './tokens.repository';

/**
 * The TRC20 contracts whose `Transfer` logs are credited: the network's canonical USDT plus
 * operator-added tokens. Membership is by contract address only, never by name or symbol.
 */
@Injectable()
export class TokenRegistry {
  private readonly logger = new Logger('TokenRegistry');
  private usdt: string | null;
  private readonly others = new Map<string, { symbol: string; decimals: number }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: TokensRepository,
    private readonly pool: NodePool,
  ) {
    this.usdt = config.network.usdtContract;
  }

  /** The canonical USDT; on the devnet it is the devnet's own, read from `/admin/info` once. */
  async canonicalUsdt(): Promise<string> {
    if (this.usdt) return this.usdt;
    if (this.config.network.name !== 'devnet') throw new TokensError('usdt_unknown', `no USDT contract configured for ${this.config.network.name}`);
    const info = await this.pool.call<{ usdtContract?: unknown }>('/admin/info', undefined, {
      method: 'GET',
      accept: (b) => isTronAddress((b as { usdtContract?: unknown }).usdtContract),
    });
    this.usdt = hexToBase58(normalizeAddress(info.usdtContract) as string);
    this.logger.log(`devnet USDT is ${this.usdt}`);
    return this.usdt;
  }

  /** Re-reads the operator-added tokens (a few rows) so every replica's additions count. */
  async refresh(): Promise<void> {
    await this.canonicalUsdt();
    for (const t of await this.repository.all()) this.others.set(t.contract, { symbol: t.symbol, decimals: t.decimals });
  }

  isCredited(contract: string): boolean {
    return contract === this.usdt || this.others.has(contract);
  }

  async add(request: TokenAddRequest): Promise<TokenAddReply> {
    const hex = normalizeAddress(request.contract);
    if (hex === null) throw new TokensError('invalid_address', 'contract is not a TRON address (bad checksum or form)');
    const contract = hexToBase58(hex);
    const { row, added } = await this.repository.add({ contract, symbol: request.symbol, decimals: request.decimals });
    if (row.symbol !== request.symbol || row.decimals !== request.decimals) {
      throw new TokensError('token_conflict', `${contract} is registered as ${row.symbol} with ${row.decimals} decimals`);
    }
    this.others.set(contract, { symbol: row.symbol, decimals: row.decimals });
    return { ...row, added };
  }

  list(): Array<{ contract: string; symbol: string; decimals: number; canonical: boolean }> {
    const out = [...this.others].map(([contract, t]) => ({ contract, ...t, canonical: false }));
    return this.usdt ? [{ contract: this.usdt, symbol: 'USDT', decimals: 6, canonical: true }, ...out] : out;
  }
}
