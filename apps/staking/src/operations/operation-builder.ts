import {
  buildCancelAllUnfreeze,
  buildDelegate,
  buildFreeze,
  buildTrxTransfer,
  buildUndelegate,
  buildUnfreeze,
  buildVote,
  buildWithdrawExpireUnfreeze,
  buildWithdrawRewards,
  type BuildContext,
  type UnsignedTransaction,
} from '@tronpay/tron';
import type { OperationKindColumn } from '@tronpay/models';
import type { StakingSignPurpose } from '../chain/staking-chain';

/** What an operation row says it does (amounts in SUN). */
export interface OperationSpec {
  kind: OperationKindColumn;
  /** base58 of the signing account */
  address: string;
  amount: bigint | null;
  resource: 'ENERGY' | 'BANDWIDTH' | null;
  receiver: string | null;
  lockPeriodBlocks: number | null;
  votes: Array<{ witness: string; count: number }> | null;
}

const need = <T>(v: T | null, what: string): T => {
  if (v === null) throw new Error(`operation needs ${what}`);
  return v;
};

/** The one contract an operation is, built offline (libs/tron) on the given reference block. */
export function buildOperation(op: OperationSpec, ctx: BuildContext): UnsignedTransaction {
  const owner = op.address;
  const stake = () => ({ owner, amount: need(op.amount, 'an amount'), resource: need(op.resource, 'a resource') });
  switch (op.kind) {
    case 'freeze':
      return buildFreeze(stake(), ctx);
    case 'unfreeze':
      return buildUnfreeze(stake(), ctx);
    case 'withdraw':
      return buildWithdrawExpireUnfreeze({ owner }, ctx);
    case 'cancel-unfreezes':
      return buildCancelAllUnfreeze({ owner }, ctx);
    case 'delegate':
      // A lock of 0 blocks is no lock (java-tron would read lock=true with period 0 as its 3-day default).
      return buildDelegate({ ...stake(), receiver: need(op.receiver, 'a receiver'), lockPeriodBlocks: op.lockPeriodBlocks ? op.lockPeriodBlocks : undefined }, ctx);
    case 'undelegate':
      return buildUndelegate({ ...stake(), receiver: need(op.receiver, 'a receiver') }, ctx);
    case 'vote':
      return buildVote({ owner, votes: need(op.votes, 'votes').map((v) => ({ witness: v.witness, count: BigInt(v.count) })) }, ctx);
    case 'claim-rewards':
      return buildWithdrawRewards({ owner }, ctx);
    case 'topup':
      return buildTrxTransfer({ from: owner, to: need(op.receiver, 'a receiver'), amount: need(op.amount, 'an amount') }, ctx);
  }
}

/** The wallet's signing purpose of each kind. */
export function purposeOf(kind: OperationKindColumn): StakingSignPurpose {
  if (kind === 'delegate' || kind === 'undelegate') return 'delegate';
  if (kind === 'vote') return 'vote';
  if (kind === 'topup') return 'fee';
  return 'stake';
}
