import { keccak256 } from '@tronpay/tron';
import type { AccountRepository } from '../accounts/account-repository';
import type { Trc20Repository } from './trc20.repository';
import type { TokenMeta } from './trc20.types';

export interface NewToken {
  name: string;
  symbol: string;
  decimals: number;
  /** Base units minted to `owner`. */
  supply: bigint;
  owner: string;
}

/** Deploys built-in tokens: metadata, a contract account, the supply minted to the owner. */
export class Trc20Service {
  private created = 0;

  constructor(
    private readonly seed: string,
    private readonly tokens: Trc20Repository,
    private readonly accounts: AccountRepository,
  ) {}

  /** Addresses derive from the seed and the creation order, so USDT has the same address on every start. */
  nextAddress(): string {
    return '41' + keccak256(Buffer.from(`${this.seed}:trc20:${this.created}`, 'utf8')).subarray(12).toString('hex');
  }

  create(token: NewToken, now: number, genesis = false): TokenMeta {
    const address = this.nextAddress();
    this.created++;
    const meta: TokenMeta = {
      address,
      name: token.name,
      symbol: token.symbol,
      decimals: token.decimals,
      totalSupply: token.supply,
      owner: token.owner,
      createTime: now,
    };
    const account = { ...this.accounts.create(address, now), isContract: true };
    if (genesis) this.accounts.createGenesis(account);
    else this.accounts.save(account);
    this.tokens.saveMeta(meta);
    this.tokens.setBalance(address, token.owner, token.supply);
    return meta;
  }
}
