import type { AccountRepository } from '../accounts/account-repository';
import type { Account } from '../accounts/account.types';
import type { Trc10Repository } from './trc10.repository';
import type { Trc10Asset } from './trc10.types';

export type NewAsset = Omit<Trc10Asset, 'id'>;

/** Issues TRC10 assets and moves their balances (the `assetV2` map of each account). */
export class Trc10Service {
  constructor(
    readonly assets: Trc10Repository,
    private readonly accounts: AccountRepository,
  ) {}

  /** What AssetIssueActuator.execute does besides the fee: a new id, the whole supply to the owner. */
  issue(asset: NewAsset): Trc10Asset {
    const issued: Trc10Asset = { ...asset, id: this.assets.nextId() };
    this.assets.save(issued);
    const owner = this.accounts.get(asset.owner);
    owner.assetIssuedName = asset.name;
    owner.assetIssuedId = issued.id;
    credit(owner, issued.id, asset.totalSupply);
    this.accounts.save(owner);
    return issued;
  }

  balance(account: Account | undefined, id: string): bigint {
    return account?.assetV2?.[id] ?? 0n;
  }
}

export function credit(account: Account, id: string, amount: bigint): void {
  account.assetV2 = { ...account.assetV2, [id]: (account.assetV2?.[id] ?? 0n) + amount };
}
