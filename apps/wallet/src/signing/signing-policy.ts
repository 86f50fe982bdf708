import type { DecodedRawData } from '@tronpay/tron';

export const SIGN_PURPOSES = ['payout', 'sweep', 'stake', 'delegate', 'vote', 'permission', 'fee'] as const;
export type SignPurpose = (typeof SIGN_PURPOSES)[number];

/** What the payout service says a payout is; never what the caller of `wallet.sign.v1` claims. */
export interface PayoutFacts {
  /** `41...` hex */
  to: string;
  amount: bigint;
  currency: 'TRX' | 'USDT';
}

export interface PolicyContext {
  purpose: SignPurpose;
  /** The account that owns the transaction (the signer, or a multisig account), `41...` hex. */
  signer: string;
  /** The permission a multisig wallet's keys sign under; none: only the owner permission (id 0). */
  permissionId?: number;
  /** Where a sweep may send funds (treasury, hot wallets), `41...` hex. */
  sweepDestinations: readonly string[];
  /** The canonical USDT contract, `41...` hex; null when not known yet. */
  usdtContract: string | null;
  /** Receivers a delegation may go to (our own addresses), `41...` hex. */
  delegationReceivers: ReadonlySet<string>;
  /** Where a `fee` top-up may go (our deposit addresses), `41...` hex. */
  topUpReceivers?: ReadonlySet<string>;
  /** The signer is a deposit address: its key is derived for sweeps and nothing else. */
  depositAddress?: boolean;
  /** Keys a permission update may name (held here, or recorded members of this multisig), `41...` hex lowercase. */
  permissionKeys: ReadonlySet<string>;
  feeLimitCeilingSun: bigint;
  nowMs: number;
  maxExpirationMs: number;
  payout?: PayoutFacts;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

const TRC20_TRANSFER = 'a9059cbb';

const PURPOSE_CONTRACTS: Record<SignPurpose, readonly string[]> = {
  payout: ['TransferContract', 'TriggerSmartContract'],
  sweep: ['TransferContract', 'TriggerSmartContract'],
  stake: ['FreezeBalanceV2Contract', 'UnfreezeBalanceV2Contract', 'WithdrawExpireUnfreezeContract', 'CancelAllUnfreezeV2Contract', 'WithdrawBalanceContract'],
  delegate: ['DelegateResourceContract', 'UnDelegateResourceContract'],
  vote: ['VoteWitnessContract'],
  permission: ['AccountPermissionUpdateContract'],
  // The energy manager's TRX for a deposit address: activation, bandwidth, or the energy it burns.
  fee: ['TransferContract'],
};

const refuse = (reason: string): Verdict => ({ ok: false, reason });
const hexOf = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');
const bigOf = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? BigInt(v) : 0n);

/** A TRC20 `transfer(address,uint256)` call's destination (`41...`) and amount, or null when the data is anything else. */
export function decodeTrc20Transfer(data: string): { to: string; amount: bigint } | null {
  const d = data.toLowerCase();
  if (d.length !== 8 + 64 * 2 || !d.startsWith(TRC20_TRANSFER)) return null;
  const toWord = d.slice(8, 72);
  if (!/^0{24}/.test(toWord) && !/^0{22}41/.test(toWord)) return null;
  return { to: '41' + toWord.slice(24), amount: BigInt('0x' + d.slice(72)) };
}

/**
 * Does this transaction do what the purpose says, and nothing else? One contract, owned by the
 * signer, of a type the purpose allows, to an allowed destination, for the right amount, with
 * a bounded fee limit and expiration.
 */
export function checkPolicy(tx: DecodedRawData, ctx: PolicyContext): Verdict {
  if (tx.contractCount !== 1) return refuse('transaction must hold exactly one contract');
  if (ctx.depositAddress && ctx.purpose !== 'sweep') return refuse(`a deposit address signs sweeps only, not ${ctx.purpose}`);
  if (!PURPOSE_CONTRACTS[ctx.purpose].includes(tx.contractType)) {
    return refuse(`${tx.contractType} is not allowed for purpose ${ctx.purpose}`);
  }
  const contract = tx.rawData.contract[0];
  if ((contract.Permission_id ?? 0) !== (ctx.permissionId ?? 0)) {
    // Another permission could let our key act for an account in a way this wallet was not set up for.
    return refuse(`permission id ${contract.Permission_id ?? 0} is not this wallet's`);
  }
  const value = contract.parameter.value;
  if (hexOf(value['owner_address']) !== ctx.signer.toLowerCase()) return refuse('owner is not the signing address');
  const expiration = tx.rawData.expiration ?? 0;
  if (expiration <= ctx.nowMs) return refuse('transaction already expired');
  if (expiration > ctx.nowMs + ctx.maxExpirationMs) return refuse('expiration too far in the future');
  if (BigInt(tx.rawData.fee_limit ?? 0) > ctx.feeLimitCeilingSun) return refuse('fee limit above the ceiling');

  switch (ctx.purpose) {
    case 'sweep':
      return checkTransfer(tx.contractType, value, ctx, (to) =>
        ctx.sweepDestinations.some((d) => d.toLowerCase() === to) ? null : 'sweep destination is not a treasury or hot wallet',
      );
    case 'payout': {
      const payout = ctx.payout;
      if (!payout) return refuse('no payout found for this reference');
      const currency = tx.contractType === 'TransferContract' ? 'TRX' : 'USDT';
      if (currency !== payout.currency) return refuse(`payout is ${payout.currency}, transaction moves ${currency}`);
      return checkTransfer(tx.contractType, value, ctx, (to, amount) =>
        to !== payout.to.toLowerCase() ? 'destination differs from the payout' : amount !== payout.amount ? 'amount differs from the payout' : null,
      );
    }
    case 'delegate': {
      const receiver = hexOf(value['receiver_address']);
      return ctx.delegationReceivers.has(receiver) ? { ok: true } : refuse('delegation receiver is not one of our addresses');
    }
    case 'fee': {
      const amount = bigOf(value['amount']);
      if (amount <= 0n) return refuse('amount must be positive');
      // A top-up pays fees: never more than a fee limit could burn.
      if (amount > ctx.feeLimitCeilingSun) return refuse('top-up above the fee limit ceiling');
      return ctx.topUpReceivers?.has(hexOf(value['to_address'])) ? { ok: true } : refuse('top-up destination is not one of our deposit addresses');
    }
    case 'permission': {
      // A permission update that names an outside key hands that key the account: never on a caller's word.
      const keys = permissionKeysOf(value);
      if (keys.length === 0) return refuse('permission update names no keys');
      return keys.every((k) => ctx.permissionKeys.has(k)) ? { ok: true } : refuse('permission update names a key not held here');
    }
    default:
      return { ok: true };
  }
}

/** Every key address of an AccountPermissionUpdateContract's owner, witness and active permissions, `41...` hex. */
function permissionKeysOf(value: Record<string, unknown>): string[] {
  const permissions = [value['owner'], value['witness'], ...(Array.isArray(value['actives']) ? value['actives'] : [])];
  return permissions.flatMap((p) => {
    const keys = (p as { keys?: unknown } | undefined)?.keys;
    return Array.isArray(keys) ? keys.map((k) => hexOf((k as { address?: unknown }).address)) : [];
  });
}

function checkTransfer(
  contractType: string,
  value: Record<string, unknown>,
  ctx: PolicyContext,
  destinationRule: (to: string, amount: bigint) => string | null,
): Verdict {
  if (contractType === 'TransferContract') {
    const amount = bigOf(value['amount']);
    if (amount <= 0n) return refuse('amount must be positive');
    const problem = destinationRule(hexOf(value['to_address']), amount);
    return problem ? refuse(problem) : { ok: true };
  }
  if (!ctx.usdtContract || hexOf(value['contract_address']) !== ctx.usdtContract.toLowerCase()) {
    return refuse('only the canonical USDT contract may be called');
  }
  if (bigOf(value['call_value']) !== 0n || value['call_token_value'] !== undefined) return refuse('a token transfer must not send TRX');
  const call = decodeTrc20Transfer(hexOf(value['data']));
  if (!call) return refuse('call data is not transfer(address,uint256)');
  if (call.amount <= 0n) return refuse('amount must be positive');
  const problem = destinationRule(call.to, call.amount);
  return problem ? refuse(problem) : { ok: true };
}
