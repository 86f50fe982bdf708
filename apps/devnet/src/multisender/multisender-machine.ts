import { decodeParams } from '@tronpay/tron';
import type { View } from '../accounts/account-repository';
import { TRANSFER_TOPIC } from '../trc20/trc20-abi';
import { ENERGY } from '../trc20/trc20-machine';
import type { Trc20Repository } from '../trc20/trc20.repository';
import type { CallResult } from '../trc20/trc20.types';
import { MULTI_TRANSFER_SELECTOR } from './multisender-abi';

/** Energy of the multisender's own code: the call, the loop and each external call (no dynamic-energy penalty). */
export const MULTISENDER_ENERGY = { base: 3_000, perTransfer: 2_600 } as const;
/** More recipients than this in one call would not fit a block's energy on mainnet either. */
const MAX_RECIPIENTS = 500;

const word = (hex: string) => hex.padStart(64, '0');
const ZERO_ADDRESS = /^410{40}$/;

function revert(): CallResult {
  return { success: false, returnHex: '', energy: ENERGY.revert.total, penalty: ENERGY.revert.total - ENERGY.revert.base, logs: [] };
}

/**
 * The built-in batch sender: `multiTransfer(token, recipients[], amounts[])` calls
 * `token.transferFrom(msg.sender, recipients[i], amounts[i])` on a built-in TRC20 for each i, in
 * order, so one transaction carries one `Transfer` log per recipient, emitted by the token
 * (log address = the token). The sender must have approved the multisender; any failing
 * transfer reverts the whole call (no logs, nothing moved).
 */
export class MultisenderMachine {
  constructor(private readonly tokens: Trc20Repository) {}

  call(contract: string, caller: string, dataHex: string, callValue: bigint, view: View = 'head'): CallResult {
    if (callValue > 0n || dataHex.slice(0, 8).toLowerCase() !== MULTI_TRANSFER_SELECTOR) return revert();
    let token: string;
    let recipients: string[];
    let amounts: bigint[];
    try {
      [token, recipients, amounts] = decodeParams(['address', 'address[]', 'uint256[]'], dataHex.slice(8)) as [string, string[], bigint[]];
    } catch {
      return revert();
    }
    if (!this.tokens.meta(token, view) || recipients.length !== amounts.length || recipients.length > MAX_RECIPIENTS) return revert();

    // Runs the transfers one after another on a scratch copy of the balances and the allowance,
    // exactly as sequential transferFrom calls would see them.
    const balances = new Map<string, bigint>();
    const balanceOf = (who: string) => balances.get(who) ?? this.tokens.balance(token, who, view);
    let allowance = this.tokens.allowance(token, caller, contract, view);
    let energy = MULTISENDER_ENERGY.base;
    let penalty = 0;
    const logs: CallResult['logs'] = [];
    for (let i = 0; i < recipients.length; i++) {
      const to = recipients[i];
      const value = amounts[i];
      if (ZERO_ADDRESS.test(to) || value > balanceOf(caller) || value > allowance) return revert();
      const base = balanceOf(to) === 0n && to !== caller ? ENERGY.transferToNewHolder : ENERGY.transferToHolder;
      const total = base.total + ENERGY.transferFromExtra.total;
      energy += MULTISENDER_ENERGY.perTransfer + total;
      penalty += total - (base.base + ENERGY.transferFromExtra.base);
      balances.set(caller, balanceOf(caller) - value);
      balances.set(to, balanceOf(to) + value);
      allowance -= value;
      logs.push({ address: token.slice(2), topics: [TRANSFER_TOPIC, word(caller.slice(2)), word(to.slice(2))], data: word(value.toString(16)) });
    }
    return {
      success: true,
      returnHex: '',
      energy,
      penalty,
      logs,
      commit: () => {
        for (const [who, amount] of balances) this.tokens.setBalance(token, who, amount);
        this.tokens.setAllowance(token, caller, contract, allowance);
      },
    };
  }
}
