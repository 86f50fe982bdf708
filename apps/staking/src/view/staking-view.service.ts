import { Injectable } from '@nestjs/common';
import type { StakingView } from '@tronpay/models';
import { formatTrx } from '@tronpay/tron';
import { StakingChain, StakingWallets } from '../chain/staking-chain';

const trx = (sun: string) => formatTrx(BigInt(sun));
const add = (a: string, b: string) => (BigInt(a) + BigInt(b)).toString();

/** `GET /v1/staking/:walletId`: a wallet's stake as the chain holds it now (amounts in whole TRX). */
@Injectable()
export class StakingViewService {
  constructor(
    private readonly chain: StakingChain,
    private readonly wallets: StakingWallets,
  ) {}

  async get(walletId: string): Promise<StakingView> {
    const wallet = await this.wallets.get(walletId.toLowerCase());
    const s = await this.chain.stake(wallet.address, true);
    const bw = s.resources.bandwidth;
    const bandwidthLimit = add(bw.freeLimit, bw.stakedLimit);
    const bandwidthUsed = add(bw.freeUsed, bw.stakedUsed);
    return {
      walletId: wallet.id,
      address: wallet.address,
      // Staked TRX, delegated or not: delegating does not unfreeze it.
      frozen: { energy: trx(add(s.frozen.energy, s.delegatedOut.energy)), bandwidth: trx(add(s.frozen.bandwidth, s.delegatedOut.bandwidth)) },
      delegated: s.delegations.map((d) => ({
        receiver: d.receiver,
        resource: d.resource,
        amount: trx(d.amount),
        lockedUntil: d.locked && d.expireTime !== null ? new Date(d.expireTime).toISOString() : null,
      })),
      pendingUnfreezes: s.unfreezing.map((u) => ({ resource: u.resource, amount: trx(u.amount), withdrawableAt: new Date(u.expireTime).toISOString() })),
      votes: s.votes,
      rewards: trx(s.reward),
      resources: {
        energy: s.resources.energy,
        bandwidth: { limit: bandwidthLimit, used: bandwidthUsed, available: bw.available },
      },
      withdrawable: trx(s.withdrawable),
      balance: trx(s.balance),
      tronPower: s.tronPower,
      lastRewardClaimAt: s.latestWithdrawTime === null ? null : new Date(s.latestWithdrawTime).toISOString(),
    };
  }
}
