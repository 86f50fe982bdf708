import { keccak256 } from '@tronpay/tron';
import type { StateStore } from '../chain/state-store';
import type { View } from '../accounts/account-repository';

const key = (address: string) => `ms:${address}`;

export interface MultisenderMeta {
  address: string;
  /** The deployer (getcontract's origin_address). */
  owner: string;
  createTime: number;
}

/** Deployed built-in multisender contracts (their addresses; they hold no state of their own). */
export class MultisenderRepository {
  constructor(
    private readonly state: StateStore,
    private readonly seed: string,
  ) {}

  find(address: string, view: View = 'head'): MultisenderMeta | undefined {
    return view === 'head' ? this.state.get<MultisenderMeta>(key(address)) : this.state.getSolid<MultisenderMeta>(key(address));
  }

  /** Addresses derive from the seed and the deployment order, like the built-in TRC20s'. */
  nextAddress(): string {
    const n = this.state.keysWithPrefix('ms:').length;
    return '41' + keccak256(Buffer.from(`${this.seed}:multisender:${n}`, 'utf8')).subarray(12).toString('hex');
  }

  save(meta: MultisenderMeta): void {
    this.state.set(key(meta.address), meta);
  }
}
