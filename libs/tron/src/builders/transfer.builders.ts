import { encodeParams } from '../abi';
import { functionSelector } from '../hash';
import type { Address } from '../values/address.value';
import { MAX_UINT256 } from '../values/decimal-amount';
import { buildTransaction, fail, hexOf, int64, type BuildContext, type UnsignedTransaction } from './build-transaction';

const TRANSFER_SELECTOR = functionSelector('transfer(address,uint256)');

export interface TrxTransferInput {
  from: Address | string;
  to: Address | string;
  /** SUN */
  amount: bigint;
}

export interface Trc20TransferInput {
  from: Address | string;
  /** The token contract (from the registry, never found by symbol). */
  contract: Address | string;
  to: Address | string;
  /** The token's base units; any uint256. */
  amount: bigint;
  /** Most SUN the sender may burn for energy; the transaction fails OUT_OF_ENERGY beyond it. */
  feeLimit: bigint;
}

/** TransferContract. */
export function buildTrxTransfer(input: TrxTransferInput, ctx: BuildContext): UnsignedTransaction {
  const owner = hexOf(input.from, 'from');
  const to = hexOf(input.to, 'to');
  if (owner === to) fail('to: cannot send TRX to the sender');
  return buildTransaction('TransferContract', { owner_address: owner, to_address: to, amount: int64(input.amount, 'amount') }, ctx);
}

/** The call data of `transfer(address,uint256)`: selector a9059cbb then two ABI words. */
export function trc20TransferData(to: Address | string, amount: bigint): string {
  if (typeof amount !== 'bigint' || amount < 0n || amount > MAX_UINT256) fail('amount: must be a uint256');
  return TRANSFER_SELECTOR + encodeParams(['address', 'uint256'], [hexOf(to, 'to'), amount]);
}

/** TriggerSmartContract calling the token's `transfer(to, amount)`, with a fee limit. */
export function buildTrc20Transfer(input: Trc20TransferInput, ctx: BuildContext): UnsignedTransaction {
  if (typeof input.amount !== 'bigint' || input.amount <= 0n) fail('amount: must be positive');
  const value = {
    owner_address: hexOf(input.from, 'from'),
    contract_address: hexOf(input.contract, 'contract'),
    data: trc20TransferData(input.to, input.amount),
  };
  return buildTransaction('TriggerSmartContract', value, ctx, input.feeLimit);
}
