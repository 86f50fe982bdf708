import type { StateStore } from '../chain/state-store';
import type { View } from '../accounts/account-repository';
import type { Trc10Asset } from './trc10.types';

const assetKey = (id: string) => `t10:${id}`;
const LAST_ID_KEY = 't10-last-id';
/** java-tron's TOKEN_ID_NUM starts at 1,000,000: the first asset issued is 1000001. */
const FIRST_TOKEN_ID = 1_000_000;

/** TRC10 assets by id; balances live on the accounts (`assetV2`), as in java-tron. */
export class Trc10Repository {
  constructor(private readonly state: StateStore) {}

  find(id: string, view: View = 'head'): Trc10Asset | undefined {
    return view === 'head' ? this.state.get<Trc10Asset>(assetKey(id)) : this.state.getSolid<Trc10Asset>(assetKey(id));
  }

  save(asset: Trc10Asset): void {
    this.state.set(assetKey(asset.id), asset);
  }

  all(): Trc10Asset[] {
    return this.state
      .keysWithPrefix('t10:')
      .map((k) => this.state.get<Trc10Asset>(k) as Trc10Asset)
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Takes the next token id (dynamic property TOKEN_ID_NUM + 1). */
  nextId(): string {
    const next = (this.state.get<number>(LAST_ID_KEY) ?? FIRST_TOKEN_ID) + 1;
    this.state.set(LAST_ID_KEY, next);
    return String(next);
  }
}
