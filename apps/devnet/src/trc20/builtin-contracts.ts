import type { View } from '../accounts/account-repository';
import { MULTISENDER_ABI_ENTRIES } from '../multisender/multisender-abi';
import type { MultisenderMachine } from '../multisender/multisender-machine';
import type { MultisenderRepository } from '../multisender/multisender.repository';
import { TRC20_ABI_ENTRIES } from './trc20-abi';
import type { Trc20Machine } from './trc20-machine';
import type { Trc20Repository } from './trc20.repository';
import type { CallResult } from './trc20.types';

export interface BuiltinContractInfo {
  address: string;
  name: string;
  owner: string;
  abi: unknown[];
  kind: 'trc20' | 'multisender';
}

/** Every built-in contract the devnet runs (TRC20 tokens, multisenders): lookup and dispatch of calls. */
export class BuiltinContracts {
  constructor(
    private readonly tokens: Trc20Repository,
    private readonly trc20: Trc20Machine,
    private readonly multisenders: MultisenderRepository,
    private readonly multisender: MultisenderMachine,
  ) {}

  info(address: string, view: View = 'head'): BuiltinContractInfo | undefined {
    const meta = this.tokens.meta(address, view);
    if (meta) return { address, name: meta.name.replace(/\s+/g, ''), owner: meta.owner, abi: TRC20_ABI_ENTRIES, kind: 'trc20' };
    const multisender = this.multisenders.find(address, view);
    if (multisender) return { address, name: 'MultiSender', owner: multisender.owner, abi: MULTISENDER_ABI_ENTRIES, kind: 'multisender' };
    return undefined;
  }

  exists(address: string, view: View = 'head'): boolean {
    return this.info(address, view) !== undefined;
  }

  call(contract: string, caller: string, dataHex: string, callValue: bigint, view: View = 'head'): CallResult {
    if (this.multisenders.find(contract, view)) return this.multisender.call(contract, caller, dataHex, callValue, view);
    return this.trc20.call(contract, caller, dataHex, callValue, view);
  }
}
