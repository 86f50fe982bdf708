import { StateStore } from '../chain/state-store';
import { Account, newAccount } from './account.types';

const key = (address: string) => `a:${address}`;

export type View = 'head' | 'solid';

/** Accounts in the world state; callers save() after every change. */
export class AccountRepository {
  constructor(private readonly state: StateStore) {}

  find(address: string, view: View = 'head'): Account | undefined {
    return view === 'head' ? this.state.get<Account>(key(address)) : this.state.getSolid<Account>(key(address));
  }

  /** An account validation has already proven to exist (actuators' execute step). */
  get(address: string): Account {
    const account = this.find(address);
    if (!account) throw new Error(`account ${address} vanished between validate and execute`);
    return account;
  }

  exists(address: string): boolean {
    return this.state.get(key(address)) !== undefined;
  }

  create(address: string, createTime: number): Account {
    const account = newAccount(address, createTime);
    this.state.set(key(address), account);
    return account;
  }

  save(account: Account): void {
    this.state.set(key(account.address), account);
  }

  createGenesis(account: Account): void {
    this.state.setGenesis(key(account.address), account);
  }
}
