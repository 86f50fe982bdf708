import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  DelegateRequest,
  OperationKindColumn,
  StakeReply,
  StakeRequest,
  StakingCommand,
  StakingOperationView,
  UndelegateRequest,
  VoteRequest,
  WalletStakingRequest,
  WalletView,
} from '@tronpay/models';
import { Address, parseTrx, SUN_PER_TRX } from '@tronpay/tron';
import { StakingChain, StakingWallets } from '../chain/staking-chain';
import { TrackedWalletsRepository } from '../schedules/tracked-wallets.repository';
import { StakingError } from '../staking.errors';
import { OperationExecutor } from './operation-executor';
import { NewOperation, OperationRow, OperationsRepository, operationView } from './operations.repository';

type Fields = Pick<NewOperation, 'amount' | 'resource' | 'receiver' | 'lockPeriodBlocks' | 'votes'>;
const NONE: Fields = { amount: null, resource: null, receiver: null, lockPeriodBlocks: null, votes: null };
/** java-tron lets an account claim its rewards once per 24 h. */
const CLAIM_INTERVAL_MS = 86_400_000;

function sun(amount: string, min: bigint, what: string): bigint {
  const value = parseTrx(amount);
  if (value < min) throw new StakingError('invalid_amount', `${what} must be at least ${min / SUN_PER_TRX > 0n ? `${min / SUN_PER_TRX} TRX` : '1 SUN'}`);
  return value;
}

function receiverOf(input: string, owner: string): string {
  const a = Address.tryParse(input);
  if (!a) throw new StakingError('invalid_address', 'receiver is not a valid TRON address (checksum?)');
  if (a.base58 === owner) throw new StakingError('invalid_address', 'receiver must not be the wallet itself');
  return a.base58;
}

const resourceKey = (r: 'ENERGY' | 'BANDWIDTH') => (r === 'ENERGY' ? 'energy' : 'bandwidth');

/**
 * Stake 2.0 operations asked for over the transport (the gateway's `/v1/staking/*`): each is
 * checked against the chain first (so a plain mistake is a clear error, not a failed
 * transaction), recorded once per idempotency key, then signed, stored and broadcast.
 */
@Injectable()
export class OperationsService {
  constructor(
    private readonly repository: OperationsRepository,
    private readonly executor: OperationExecutor,
    private readonly chain: StakingChain,
    private readonly wallets: StakingWallets,
    private readonly tracked: TrackedWalletsRepository,
  ) {}

  freeze(r: StakeRequest) {
    const amount = sun(r.amount, SUN_PER_TRX, 'amount');
    return this.create(r, 'freeze', { ...NONE, amount, resource: r.resource }, (s) => {
      if (BigInt(s.balance) < amount) throw new StakingError('insufficient_balance', `the wallet holds ${s.balance} SUN, less than ${amount}`);
    });
  }

  unfreeze(r: StakeRequest) {
    const amount = sun(r.amount, 1n, 'amount');
    return this.create(r, 'unfreeze', { ...NONE, amount, resource: r.resource }, (s) => {
      const frozen = BigInt(s.frozen[resourceKey(r.resource)]);
      if (frozen < amount) throw new StakingError('insufficient_stake', `${frozen} SUN is frozen for ${r.resource} and not delegated, less than ${amount}`);
      if (s.unfreezesLeft <= 0) throw new StakingError('too_many_unfreezes', 'the chain allows no more pending unfreezes: withdraw or wait');
    });
  }

  withdraw(r: WalletStakingRequest) {
    return this.create(r, 'withdraw', NONE, (s) => {
      if (BigInt(s.withdrawable) === 0n) throw new StakingError('nothing_to_withdraw', 'no unfreeze has passed its delay yet');
    });
  }

  cancelUnfreezes(r: WalletStakingRequest) {
    return this.create(r, 'cancel-unfreezes', NONE, (s) => {
      if (s.unfreezing.length === 0) throw new StakingError('nothing_to_cancel', 'the wallet has no pending unfreeze');
    });
  }

  delegate(r: DelegateRequest) {
    const amount = sun(r.amount, SUN_PER_TRX, 'amount');
    return this.create(
      r,
      'delegate',
      { ...NONE, amount, resource: r.resource, receiver: r.receiver, lockPeriodBlocks: r.lockPeriodBlocks ?? null },
      (s, wallet, fields) => {
        fields.receiver = receiverOf(r.receiver, wallet.address);
        const can = BigInt(s.canDelegate[resourceKey(r.resource)]);
        if (can < amount) throw new StakingError('insufficient_stake', `${can} SUN of ${r.resource} stake can be delegated now, less than ${amount}`);
      },
    );
  }

  undelegate(r: UndelegateRequest) {
    const amount = sun(r.amount, 1n, 'amount');
    return this.create(
      r,
      'undelegate',
      { ...NONE, amount, resource: r.resource, receiver: r.receiver },
      (s, wallet, fields) => {
        const receiver = receiverOf(r.receiver, wallet.address);
        fields.receiver = receiver;
        const mine = s.delegations.filter((d) => d.receiver === receiver && d.resource === r.resource);
        const total = mine.reduce((sum, d) => sum + BigInt(d.amount), 0n);
        const unlocked = mine.filter((d) => !d.locked || (d.expireTime ?? 0) <= s.headTime).reduce((sum, d) => sum + BigInt(d.amount), 0n);
        if (total === 0n) throw new StakingError('delegation_not_found', `the wallet has delegated no ${r.resource} to ${receiver}`);
        if (unlocked < amount) {
          const lock = mine.find((d) => d.locked && (d.expireTime ?? 0) > s.headTime);
          if (total >= amount && lock) {
            throw new StakingError('delegation_locked', `only ${unlocked} SUN is unlocked; the lock ends at ${new Date(lock.expireTime as number).toISOString()}`, { lockedUntil: new Date(lock.expireTime as number).toISOString() });
          }
          throw new StakingError('insufficient_stake', `${total} SUN of ${r.resource} is delegated to ${receiver}, less than ${amount}`);
        }
      },
      true,
    );
  }

  vote(r: VoteRequest) {
    const votes = r.votes.map((v) => {
      const w = Address.tryParse(v.witness);
      if (!w) throw new StakingError('invalid_address', `witness ${v.witness} is not a valid TRON address`);
      return { witness: w.base58, count: v.count };
    });
    return this.create(r, 'vote', { ...NONE, votes }, (s) => {
      const total = votes.reduce((sum, v) => sum + BigInt(v.count), 0n);
      if (total > BigInt(s.tronPower.limit)) throw new StakingError('insufficient_tron_power', `the wallet has ${s.tronPower.limit} TRON Power, the votes add up to ${total}`);
    });
  }

  claimRewards(r: WalletStakingRequest) {
    return this.create(r, 'claim-rewards', NONE, (s) => {
      if (BigInt(s.reward) === 0n) throw new StakingError('nothing_to_claim', 'the wallet has no unclaimed reward');
      if (s.latestWithdrawTime !== null && s.headTime - s.latestWithdrawTime < CLAIM_INTERVAL_MS) {
        throw new StakingError('claim_too_soon', `rewards can be claimed once per 24 h; the next claim is possible at ${new Date(s.latestWithdrawTime + CLAIM_INTERVAL_MS).toISOString()}`);
      }
    });
  }

  /** A wallet that stakes: hot (its key is here) or multisig (our member keys sign). */
  async stakeable(walletId: string): Promise<WalletView> {
    const wallet = await this.wallets.get(walletId.toLowerCase());
    if (wallet.kind !== 'hot' && wallet.kind !== 'multisig') {
      throw new StakingError('wallet_not_stakeable', `a ${wallet.kind} wallet's key is not here: only hot and multisig wallets stake`);
    }
    if (wallet.archivedAt) throw new StakingError('wallet_not_stakeable', 'the wallet is archived');
    return wallet;
  }

  private async create(
    cmd: StakingCommand,
    kind: OperationKindColumn,
    fields: Fields,
    check: (s: StakeReply, wallet: WalletView, fields: Fields) => void,
    needsDelegations = false,
  ): Promise<StakingOperationView> {
    const walletId = cmd.walletId.toLowerCase();
    const fingerprint = createHash('sha256').update(JSON.stringify({ kind, walletId, ...fields, amount: fields.amount?.toString() ?? null })).digest('hex');
    const key = cmd.idempotencyKey ?? null;
    // A retry after a lost reply answers (and moves on) what the first call started, whatever the chain says now.
    const earlier = key ? await this.repository.byKey(key) : undefined;
    if (earlier) return this.replay(earlier, fingerprint);
    const wallet = await this.stakeable(walletId);
    const state = await this.chain.stake(wallet.address, needsDelegations);
    if (!state.activated) throw new StakingError('insufficient_balance', 'the wallet has never held TRX');
    check(state, wallet, fields);
    const { row, created } = await this.repository.insert({
      walletId,
      address: wallet.address,
      kind,
      origin: 'api',
      ...fields,
      leaseId: null,
      permissionId: wallet.kind === 'multisig' ? 2 : null,
      idempotencyKey: key,
      fingerprint,
      requestedBy: cmd.requestedBy,
    });
    if (!created) return this.replay(row, fingerprint);
    await this.tracked.track(wallet);
    return this.start(row);
  }

  private replay(row: OperationRow, fingerprint: string): Promise<StakingOperationView> {
    if (row.fingerprint !== fingerprint) throw new StakingError('idempotency_key_reused', 'this idempotency key was used for another operation');
    return this.start(row);
  }

  /**
   * Runs it to broadcast. Should that fail before anything was signed, the operation is failed
   * and the error passed on (nothing will happen later); once signed, it stays open and the
   * follower sends it.
   */
  private async start(row: OperationRow): Promise<StakingOperationView> {
    try {
      return operationView(await this.executor.run(row));
    } catch (e) {
      const now = await this.repository.byId(row.id);
      if (now && now.status === 'pending' && now.tx_id === null) {
        const code = (e as { code?: unknown }).code;
        await this.repository.move(row.id, ['pending'], 'failed', { failureReason: `not signed: ${typeof code === 'string' ? code : 'error'}` });
        throw e;
      }
      return operationView(now ?? row);
    }
  }

  list(walletId: string, limit = 20, cursor?: string) {
    return this.repository.page(walletId.toLowerCase(), limit, cursor);
  }
}
