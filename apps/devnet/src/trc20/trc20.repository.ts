import { StateStore } from '../chain/state-store';
import type { View } from '../accounts/account-repository';
import type { TokenMeta } from './trc20.types';

const metaKey = (c: string) => `tm:${c}`;
const balanceKey = (c: string, holder: string) => `tb:${c}:${holder}`;
const allowanceKey = (c: string, owner: string, spender: string) => `tal:${c}:${owner}:${spender}`;

/** Token metadata, balances and allowances in the world state (bigint values). */
export class Trc20Repository {
  constructor(private readonly state: StateStore) {}

  private read<T>(key: string, view: View): T | undefined {
    return view === 'head' ? this.state.get<T>(key) : this.state.getSolid<T>(key);
  }

  meta(contract: string, view: View = 'head'): TokenMeta | undefined {
    return this.read<TokenMeta>(metaKey(contract), view);
  }

  saveMeta(meta: TokenMeta): void {
    this.state.set(metaKey(meta.address), meta);
  }

  all(): TokenMeta[] {
    return this.state.keysWithPrefix('tm:').map((k) => this.state.get<TokenMeta>(k) as TokenMeta);
  }

  balance(contract: string, holder: string, view: View = 'head'): bigint {
    return this.read<bigint>(balanceKey(contract, holder), view) ?? 0n;
  }

  setBalance(contract: string, holder: string, amount: bigint): void {
    this.state.set(balanceKey(contract, holder), amount);
  }

  allowance(contract: string, owner: string, spender: string, view: View = 'head'): bigint {
    return this.read<bigint>(allowanceKey(contract, owner, spender), view) ?? 0n;
  }

  setAllowance(contract: string, owner: string, spender: string, amount: bigint): void {
    this.state.set(allowanceKey(contract, owner, spender), amount);
  }
}
