/** java-tron adds this allowance for the result to a transaction's size when charging bandwidth (MAX_RESULT_SIZE_IN_TX). */
export const RESULT_ALLOWANCE_BYTES = 64;
/** A 65-byte signature as it is serialized in a signed transaction. */
const SIGNATURE_FIELD_BYTES = 67;

function varintSize(n: number): number {
  let size = 1;
  for (let v = n; v >= 0x80; v = Math.floor(v / 0x80)) size++;
  return size;
}

/** Bandwidth a transaction takes once signed with `signatures` signatures: its serialized size plus the result allowance. */
export function bandwidthOf(rawDataHex: string, signatures = 1): number {
  const raw = rawDataHex.length / 2;
  return 1 + varintSize(raw) + raw + signatures * SIGNATURE_FIELD_BYTES + RESULT_ALLOWANCE_BYTES;
}

export interface SenderResources {
  activated: boolean;
  /** SUN */
  balance: bigint;
  energyAvailable: bigint;
  freeBandwidthAvailable: bigint;
  stakedBandwidthAvailable: bigint;
}

export interface ChainPrices {
  /** SUN per energy unit (getEnergyFee) */
  energy: bigint;
  /** SUN per byte (getTransactionFee) */
  bandwidth: bigint;
  /** getCreateAccountFee: burned instead of bandwidth when a transfer creates the receiving account */
  createAccount: bigint;
  /** getCreateNewAccountFeeInSystemContract */
  createAccountInSystemContract: bigint;
}

export type ResourceVerdict = { ok: true; burnSun: bigint } | { ok: false; code: 'insufficient_energy' | 'insufficient_bandwidth' | 'insufficient_balance' | 'fee_limit_too_low' | 'sender_not_activated'; reason: string };

/**
 * Would this transaction run on chain, by java-tron's rules? Bandwidth is charged first (staked,
 * then the free allowance, else burned from the balance); a TRC20 call may then use at most
 * min(available energy + remaining balance / price, fee_limit / price) energy. Anything short
 * is refused here, before broadcast: never a transaction that fails OUT_OF_ENERGY.
 */
export function checkResources(input: {
  kind: 'trc20' | 'trx';
  sender: SenderResources;
  prices: ChainPrices;
  bytes: number;
  /** TRC20: the energy the call takes. */
  energy?: bigint;
  feeLimit?: bigint;
  /** TRX: the amount sent and whether the receiver exists yet. */
  amount?: bigint;
  receiverActivated?: boolean;
}): ResourceVerdict {
  const { sender, prices } = input;
  if (!sender.activated) return { ok: false, code: 'sender_not_activated', reason: 'the sender has never held TRX: the chain has no account for it' };
  const bytes = BigInt(input.bytes);
  let burn = 0n;
  if (input.kind === 'trx' && input.receiverActivated === false) {
    // Creating an account: staked bandwidth or the creation fee, never the free allowance; and the system-contract fee.
    burn += sender.stakedBandwidthAvailable >= bytes ? 0n : prices.createAccount;
    burn += prices.createAccountInSystemContract;
  } else if (sender.stakedBandwidthAvailable < bytes && sender.freeBandwidthAvailable < bytes) {
    burn += bytes * prices.bandwidth;
  }
  if (input.kind === 'trx') {
    const needed = (input.amount ?? 0n) + burn;
    if (sender.balance < needed) return { ok: false, code: 'insufficient_balance', reason: `needs ${needed} SUN (amount and fees), has ${sender.balance}` };
    return { ok: true, burnSun: burn };
  }
  if (sender.balance < burn) return { ok: false, code: 'insufficient_bandwidth', reason: `needs ${bytes} bytes of bandwidth or ${burn} SUN to burn for them, has ${sender.balance} SUN` };
  const energy = input.energy ?? 0n;
  const feeLimit = input.feeLimit ?? 0n;
  if (feeLimit / prices.energy < energy) {
    return { ok: false, code: 'fee_limit_too_low', reason: `fee_limit ${feeLimit} SUN allows ${feeLimit / prices.energy} energy, the transfer takes ${energy}` };
  }
  const fromBalance = (sender.balance - burn) / prices.energy;
  if (sender.energyAvailable + fromBalance < energy) {
    return {
      ok: false,
      code: 'insufficient_energy',
      reason: `the transfer takes ${energy} energy; the sender has ${sender.energyAvailable} and TRX for ${fromBalance} more`,
    };
  }
  const short = energy > sender.energyAvailable ? energy - sender.energyAvailable : 0n;
  return { ok: true, burnSun: burn + short * prices.energy };
}
