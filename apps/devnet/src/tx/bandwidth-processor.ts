import {
  CREATE_ACCOUNT_FEE,
  FREE_NET_LIMIT,
  TRANSACTION_FEE_PER_BYTE,
} from '../chain/chain-parameters';
import { BroadcastError } from '../chain/chain.errors';
import type { Account } from '../accounts/account.types';
import { ResourceCalculator } from '../accounts/resource-calculator';

export interface BandwidthCharge {
  netUsage: bigint;
  netFee: bigint;
}

/**
 * java-tron's BandwidthProcessor: staked bandwidth first, then the daily free 600, then 1,000
 * SUN per byte burned. Creating an account uses staked bandwidth or burns 0.1 TRX; the free
 * allowance never pays for it. Mutates the account it is given.
 */
export class BandwidthProcessor {
  constructor(private readonly resources: ResourceCalculator) {}

  consume(account: Account, bytes: bigint, now: number, createsAccount: boolean): BandwidthCharge {
    if (createsAccount) {
      if (this.resources.netLeft(account, now) >= bytes) return this.useStaked(account, bytes, now);
      if (account.balance < CREATE_ACCOUNT_FEE) {
        throw new BroadcastError('BANDWITH_ERROR', 'AccountResourceInsufficient error');
      }
      account.balance -= CREATE_ACCOUNT_FEE;
      return { netUsage: 0n, netFee: CREATE_ACCOUNT_FEE };
    }
    if (this.resources.netLeft(account, now) >= bytes) return this.useStaked(account, bytes, now);
    const freeUsed = this.resources.freeNetUsed(account, now);
    if (FREE_NET_LIMIT - freeUsed >= bytes) {
      account.freeNetUsage = freeUsed + bytes;
      account.latestConsumeFreeTime = now;
      return { netUsage: bytes, netFee: 0n };
    }
    const fee = bytes * TRANSACTION_FEE_PER_BYTE;
    if (account.balance < fee) {
      throw new BroadcastError('BANDWITH_ERROR', 'AccountResourceInsufficient error');
    }
    account.balance -= fee;
    return { netUsage: 0n, netFee: fee };
  }

  private useStaked(account: Account, bytes: bigint, now: number): BandwidthCharge {
    account.netUsage = this.resources.netUsed(account, now) + bytes;
    account.latestConsumeTime = now;
    return { netUsage: bytes, netFee: 0n };
  }
}
