import { Injectable } from '@nestjs/common';
import { Kysely, Selectable, sql } from 'kysely';
import type { StakeReply, StakingSchema, TrackedWalletTable } from '@tronpay/models';
import { Database } from '@tronpay/runtime';

export type TrackedWallet = Selectable<TrackedWalletTable>;

/** Wallets the schedules look after, and what they last read of their unfreezes and delegations. */
@Injectable()
export class TrackedWalletsRepository {
  readonly db: Kysely<StakingSchema>;

  constructor(database: Database) {
    this.db = database.db as Kysely<StakingSchema>;
  }

  async track(wallet: { id: string; address: string; kind: string }): Promise<void> {
    await this.db
      .insertInto('tracked_wallets')
      .values({ wallet_id: wallet.id, address: wallet.address, kind: wallet.kind })
      .onConflict((oc) => oc.column('wallet_id').doNothing())
      .execute();
  }

  all(): Promise<TrackedWallet[]> {
    return this.db.selectFrom('tracked_wallets').selectAll().orderBy('since').execute();
  }

  /**
   * The chain's pending unfreezes and delegations of a wallet, written over what was kept: a pending
   * unfreeze gone from the chain was withdrawn (its date had passed) or cancelled (it had not).
   */
  async sync(walletId: string, s: StakeReply): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const u of s.unfreezing) {
        if (u.resource !== 'ENERGY' && u.resource !== 'BANDWIDTH') continue;
        await tx
          .insertInto('unfreezes')
          .values({ wallet_id: walletId, resource: u.resource, amount: u.amount, withdrawable_at: new Date(u.expireTime), status: 'pending' })
          .onConflict((oc) => oc.columns(['wallet_id', 'resource', 'amount', 'withdrawable_at']).doUpdateSet({ status: 'pending', closed_at: null }))
          .execute();
      }
      const pending = await tx.selectFrom('unfreezes').selectAll().where('wallet_id', '=', walletId).where('status', '=', 'pending').execute();
      const onChain = new Set(s.unfreezing.map((u) => `${u.resource}:${u.amount}:${u.expireTime}`));
      for (const p of pending) {
        if (onChain.has(`${p.resource}:${p.amount}:${p.withdrawable_at.getTime()}`)) continue;
        const status = p.withdrawable_at.getTime() <= s.headTime ? 'withdrawn' : 'cancelled';
        await tx.updateTable('unfreezes').set({ status, closed_at: new Date() }).where('id', '=', p.id).execute();
      }
      await tx.deleteFrom('delegations').where('wallet_id', '=', walletId).execute();
      const rows = s.delegations.map((d) => ({
        wallet_id: walletId,
        receiver: d.receiver,
        resource: d.resource,
        locked: d.locked,
        amount: d.amount,
        locked_until: d.expireTime === null ? null : new Date(d.expireTime),
      }));
      if (rows.length) await tx.insertInto('delegations').values(rows).onConflict((oc) => oc.doNothing()).execute();
      await tx.updateTable('tracked_wallets').set({ synced_at: new Date(), sync_error: null }).where('wallet_id', '=', walletId).execute();
    });
  }

  async syncFailed(walletId: string, error: string): Promise<void> {
    await this.db.updateTable('tracked_wallets').set({ sync_error: error.slice(0, 300) }).where('wallet_id', '=', walletId).execute();
  }

  /** Expiry tracking for /stats: unfreezes still pending, the next to become withdrawable, locks ending. */
  async expiries(now: Date) {
    const day = new Date(now.getTime() + 86_400_000);
    const [unfreezes, next, locks, nextLock] = await Promise.all([
      this.db
        .selectFrom('unfreezes')
        .select([sql<number>`count(*)::int`.as('n'), sql<string>`coalesce(sum(amount), 0)::text`.as('sun'), sql<number>`count(*) filter (where withdrawable_at <= ${now})::int`.as('due')])
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow(),
      this.db.selectFrom('unfreezes').select(['wallet_id', 'withdrawable_at', 'amount']).where('status', '=', 'pending').where('withdrawable_at', '>', now).orderBy('withdrawable_at').limit(1).executeTakeFirst(),
      this.db
        .selectFrom('delegations')
        .select([sql<number>`count(*) filter (where locked)::int`.as('locked'), sql<number>`count(*) filter (where locked and locked_until <= ${day})::int`.as('endingWithin24h')])
        .executeTakeFirstOrThrow(),
      this.db.selectFrom('delegations').select(['wallet_id', 'receiver', 'locked_until']).where('locked', '=', true).where('locked_until', '>', now).orderBy('locked_until').limit(1).executeTakeFirst(),
    ]);
    return {
      pendingUnfreezes: { count: unfreezes.n, sun: unfreezes.sun, withdrawableNow: unfreezes.due },
      nextWithdrawable: next ? { walletId: next.wallet_id, at: next.withdrawable_at.toISOString(), sun: next.amount } : null,
      delegationLocks: { locked: locks.locked, endingWithin24h: locks.endingWithin24h },
      nextLockEnd: nextLock?.locked_until ? { walletId: nextLock.wallet_id, receiver: nextLock.receiver, at: nextLock.locked_until.toISOString() } : null,
    };
  }
}
