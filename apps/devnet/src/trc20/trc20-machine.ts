import { decodeParams, encodeParams } from '@tronpay/tron';
import { APPROVAL_TOPIC, SELECTORS, TRANSFER_TOPIC } from './trc20-abi';
import type { Trc20Repository } from './trc20.repository';
import type { CallResult } from './trc20.types';
import type { View } from '../accounts/account-repository';

/**
 * Energy as observed on mainnet in 2025 for USDT, dynamic-energy penalty included (factor 4.4):
 * `total` is what the receipt's energy_usage_total shows, `base` the part without penalty.
 */
export const ENERGY = {
  transferToHolder: { total: 64_285, base: 14_610 },
  transferToNewHolder: { total: 130_285, base: 29_610 },
  /** transferFrom also rewrites the allowance slot. */
  transferFromExtra: { total: 22_000, base: 5_000 },
  approveNew: { total: 97_900, base: 22_250 },
  approveUpdate: { total: 22_000, base: 5_000 },
  revert: { total: 4_406, base: 1_001 },
  read: { total: 935, base: 935 },
} as const;

const word = (hex: string) => hex.padStart(64, '0');
const topicAddress = (address: string) => word(address.slice(2));

function ok(returnHex: string, cost: { total: number; base: number }, logs: CallResult['logs'] = [], commit?: () => void): CallResult {
  return { success: true, returnHex, energy: cost.total, penalty: cost.total - cost.base, logs, commit };
}

function revert(): CallResult {
  return { success: false, returnHex: '', energy: ENERGY.revert.total, penalty: ENERGY.revert.total - ENERGY.revert.base, logs: [] };
}

/** The built-in standard TRC20: decodes call data, answers reads, plans writes (applied by commit()). */
export class Trc20Machine {
  constructor(private readonly tokens: Trc20Repository) {}

  call(contract: string, caller: string, dataHex: string, callValue: bigint, view: View = 'head'): CallResult {
    const meta = this.tokens.meta(contract, view);
    if (!meta || callValue > 0n) return revert();
    const selector = dataHex.slice(0, 8).toLowerCase();
    const args = dataHex.slice(8);
    try {
      switch (selector) {
        case SELECTORS.name:
          return ok(encodeParams(['string'], [meta.name]), ENERGY.read);
        case SELECTORS.symbol:
          return ok(encodeParams(['string'], [meta.symbol]), ENERGY.read);
        case SELECTORS.decimals:
          return ok(encodeParams(['uint8'], [meta.decimals]), ENERGY.read);
        case SELECTORS.totalSupply:
          return ok(encodeParams(['uint256'], [meta.totalSupply]), ENERGY.read);
        case SELECTORS.balanceOf: {
          const [who] = decodeParams(['address'], args) as [string];
          return ok(encodeParams(['uint256'], [this.tokens.balance(contract, who, view)]), ENERGY.read);
        }
        case SELECTORS.allowance: {
          const [owner, spender] = decodeParams(['address', 'address'], args) as [string, string];
          return ok(encodeParams(['uint256'], [this.tokens.allowance(contract, owner, spender, view)]), ENERGY.read);
        }
        case SELECTORS.transfer: {
          const [to, value] = decodeParams(['address', 'uint256'], args) as [string, bigint];
          return this.move(contract, caller, to, value, null);
        }
        case SELECTORS.transferFrom: {
          const [from, to, value] = decodeParams(['address', 'address', 'uint256'], args) as [string, string, bigint];
          return this.move(contract, from, to, value, caller);
        }
        case SELECTORS.approve: {
          const [spender, value] = decodeParams(['address', 'uint256'], args) as [string, bigint];
          const before = this.tokens.allowance(contract, caller, spender);
          const log = { topics: [APPROVAL_TOPIC, topicAddress(caller), topicAddress(spender)], data: word(value.toString(16)) };
          return ok(word('1'), before === 0n && value > 0n ? ENERGY.approveNew : ENERGY.approveUpdate, [log], () =>
            this.tokens.setAllowance(contract, caller, spender, value),
          );
        }
        default:
          return revert();
      }
    } catch {
      // Malformed arguments: the ABI decoder of a real contract reverts too.
      return revert();
    }
  }

  private move(contract: string, from: string, to: string, value: bigint, spender: string | null): CallResult {
    const balance = this.tokens.balance(contract, from);
    if (value > balance || /^410{40}$/.test(to)) return revert();
    const allowance = spender ? this.tokens.allowance(contract, from, spender) : 0n;
    if (spender && allowance < value) return revert();
    const toBalance = this.tokens.balance(contract, to);
    const base = toBalance === 0n && to !== from ? ENERGY.transferToNewHolder : ENERGY.transferToHolder;
    const cost = spender
      ? { total: base.total + ENERGY.transferFromExtra.total, base: base.base + ENERGY.transferFromExtra.base }
      : base;
    const log = { topics: [TRANSFER_TOPIC, topicAddress(from), topicAddress(to)], data: word(value.toString(16)) };
    return ok(word('1'), cost, [log], () => {
      this.tokens.setBalance(contract, from, this.tokens.balance(contract, from) - value);
      this.tokens.setBalance(contract, to, this.tokens.balance(contract, to) + value);
      if (spender) this.tokens.setAllowance(contract, from, spender, allowance - value);
    });
  }
}
