import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StakingConfig } from '@tronpay/config';
import type { TxView } from '@tronpay/models';
import { TransportRpcError } from '@tronpay/transport';
import { TransactionBuildError } from '@tronpay/tron';
import { SignedTx, StakingChain, StakingWallets } from '../chain/staking-chain';
import { STAKING_CONFIG } from '../staking.tokens';
import { buildOperation, purposeOf } from './operation-builder';
import { OperationRow, OperationsRepository } from './operations.repository';

/**
 * Runs operations to the chain: builds the one contract on tron-client's head block, has the
 * wallet sign it under the purpose's policy, stores the signed bytes before anything is sent,
 * broadcasts them through tron-client (idempotent by txID) and records how it ended. Every step
 * is a conditional update: a crash at any point is resumed by the follower without a second
 * signature ever being broadcast.
 */
@Injectable()
export class OperationExecutor {
  private readonly logger = new Logger('Operations');
  private stamp = 0;

  constructor(
    @Inject(STAKING_CONFIG) private readonly config: StakingConfig,
    private readonly repository: OperationsRepository,
    private readonly chain: StakingChain,
    private readonly wallets: StakingWallets,
  ) {}

  async run(row: OperationRow): Promise<OperationRow> {
    let current = row;
    if (current.status === 'pending' && current.tx_id === null) current = await this.sign(current);
    if (current.status === 'pending' && current.tx_id !== null) current = await this.broadcast(current);
    return current;
  }

  /** Looks an open operation up (sending its stored bytes again when it was never accepted). */
  async follow(row: OperationRow): Promise<OperationRow> {
    if (row.status === 'pending') return this.run(row);
    if (row.status !== 'broadcast') return row;
    return this.apply(row, await this.chain.tx(row.tx_id as string));
  }

  private timestamp(): number {
    this.stamp = Math.max(this.stamp + 1, Date.now());
    return this.stamp;
  }

  private async sign(row: OperationRow): Promise<OperationRow> {
    const ref = await this.chain.headBlock();
    let unsigned;
    try {
      unsigned = buildOperation(
        {
          kind: row.kind,
          address: row.address,
          amount: row.amount === null ? null : BigInt(row.amount),
          resource: row.resource,
          receiver: row.receiver,
          lockPeriodBlocks: row.lock_period_blocks,
          votes: row.votes,
        },
        { ref, timestamp: this.timestamp(), expirationMs: this.config.txExpirationMs, permissionId: row.permission_id ?? undefined },
      );
    } catch (e) {
      if (e instanceof TransactionBuildError) return this.fail(row, `cannot be built: ${e.message}`);
      throw e;
    }
    let signatures: string[];
    try {
      const reply = await this.wallets.sign({
        walletId: row.wallet_id,
        transaction: { txID: unsigned.txID, raw_data_hex: unsigned.raw_data_hex },
        purpose: purposeOf(row.kind),
        reference: `staking:${row.id}`,
      });
      signatures = reply.signatures;
    } catch (e) {
      // The policy will never sign this; anything else (locked, away) is tried again.
      if (e instanceof TransportRpcError && (e.code === 'policy_refused' || e.code === 'wallet_not_found')) return this.fail(row, `${e.code}: ${e.message}`);
      throw e;
    }
    const stored = await this.repository.storeSigned(row.id, {
      txId: unsigned.txID,
      transaction: { txID: unsigned.txID, raw_data_hex: unsigned.raw_data_hex, raw_data: unsigned.raw_data, signature: signatures },
      expiration: new Date(unsigned.raw_data.expiration ?? 0),
    });
    return stored ?? ((await this.repository.byId(row.id)) as OperationRow);
  }

  private async fail(row: OperationRow, reason: string): Promise<OperationRow> {
    this.logger.warn(`${row.kind} ${row.id} failed: ${reason}`);
    return (await this.repository.move(row.id, ['pending'], 'failed', { failureReason: reason })) ?? ((await this.repository.byId(row.id)) as OperationRow);
  }

  private async broadcast(row: OperationRow): Promise<OperationRow> {
    const reply = await this.chain.broadcast(row.transaction as unknown as SignedTx, `staking:${row.id}`);
    return this.apply(row, reply);
  }

  private async apply(row: OperationRow, tx: TxView): Promise<OperationRow> {
    const fields = { fee: tx.fee, resultCode: tx.resultCode, blockNumber: tx.blockNumber };
    let moved: OperationRow | undefined;
    switch (tx.status) {
      case 'pending':
      case 'broadcast':
        moved = row.status === 'pending' ? await this.repository.move(row.id, ['pending'], 'broadcast') : row;
        break;
      case 'confirmed':
        moved = await this.repository.move(row.id, ['pending', 'broadcast'], 'confirmed', fields);
        break;
      case 'failed':
        moved = await this.repository.move(row.id, ['pending', 'broadcast'], 'failed', { ...fields, failureReason: tx.reason ?? tx.resultCode ?? 'failed' });
        break;
      case 'expired':
        moved = await this.repository.move(row.id, ['pending', 'broadcast'], 'failed', { ...fields, failureReason: `expired: ${tx.reason ?? 'no block took it before its expiration'}` });
        break;
    }
    if (moved && moved.status !== row.status && moved.status === 'failed') this.logger.warn(`${row.kind} ${row.id} failed on chain: ${moved.failure_reason}`);
    return moved ?? ((await this.repository.byId(row.id)) as OperationRow);
  }
}
