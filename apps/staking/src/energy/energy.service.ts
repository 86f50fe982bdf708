import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { StakingConfig } from '@tronpay/config';
import type { EnergyAcquireRequest, EnergyLeaseView, StakeReply, StakingSchema, WalletView } from '@tronpay/models';
import { Address } from '@tronpay/tron';
import { StakingChain, StakingWallets } from '../chain/staking-chain';
import { OperationExecutor } from '../operations/operation-executor';
import { OperationRow, OperationsRepository } from '../operations/operations.repository';
import { StakingError } from '../staking.errors';
import { STAKING_CONFIG } from '../staking.tokens';
import { planLease, Plan, PlanInput, TopUpPart } from './energy-plan';
import { EnergyMetrics } from './energy.metrics';
import { EnergyRepository, LeaseRow } from './energy.repository';

/** How long one pass holds a lease (longer than a pass takes). */
const CLAIM_MS = 15_000;
/** Plans a lease may make (a delegation that failed or fell short is planned again on top of what landed). */
const MAX_PLANS = 3;
const BLOCK_MS = 3_000;

const big = (v: string | number | null | undefined) => BigInt(v ?? 0);
const param = (p: Record<string, number>, key: string, fallback: bigint) => (typeof p[key] === 'number' && p[key] >= 0 ? BigInt(p[key]) : fallback);
const isOpen = (op: OperationRow) => op.status === 'pending' || op.status === 'broadcast';

/**
 * The energy manager. A lease (one per caller's key) gives an address the energy and bandwidth
 * its next transfers need: stake delegated from the staking wallet first; TRX burned within the
 * fee cap when that stake is short (said so in metrics); a top-up from the fee wallet when the
 * address has never held TRX or lacks what it must burn. After the transfers, the delegations
 * are taken back, after their lock when they have one. Each lease moves through
 * preparing -> ready -> releasing -> released (or waiting / failed), one pass at a time, on any
 * replica; its transactions are staking operations (stored before broadcast, followed to the end).
 */
@Injectable()
export class EnergyService {
  private readonly logger = new Logger('EnergyManager');

  constructor(
    @Inject(STAKING_CONFIG) private readonly config: StakingConfig,
    private readonly leases: EnergyRepository,
    private readonly operations: OperationsRepository,
    private readonly executor: OperationExecutor,
    private readonly chain: StakingChain,
    private readonly wallets: StakingWallets,
    private readonly metrics: EnergyMetrics,
  ) {}

  async acquire(r: EnergyAcquireRequest): Promise<EnergyLeaseView> {
    const a = Address.tryParse(r.address);
    if (!a) throw new StakingError('invalid_address', 'address is not a valid TRON address (checksum?)');
    const existing = (await this.leases.byKey(r.key)) ?? (
      await this.leases.insert({
        key: r.key,
        address: a.base58,
        purpose: r.purpose,
        energy: BigInt(r.energy),
        bandwidth: BigInt(r.bandwidth),
        topUp: r.topUp,
        maxBurnSun: r.maxBurnSun === undefined ? null : BigInt(r.maxBurnSun),
        requestedBy: r.requestedBy,
        expiresAt: new Date(Date.now() + this.config.energy.leaseTtlMs),
      })
    ).row;
    if (existing.address !== a.base58) throw new StakingError('lease_conflict', `lease ${r.key} is for another address`);
    return this.view(await this.nudge(existing));
  }

  async release(key: string): Promise<EnergyLeaseView> {
    const lease = await this.leases.byKey(key);
    if (!lease) throw new StakingError('lease_not_found', `no energy lease ${key}`);
    if (lease.status === 'preparing' || lease.status === 'ready' || lease.status === 'waiting') {
      await this.leases.update(lease.id, { status: 'releasing', release_requested_at: new Date(), next_check_at: new Date() });
    }
    return this.view(await this.nudge((await this.leases.byId(lease.id)) as LeaseRow));
  }

  async get(key: string): Promise<EnergyLeaseView> {
    const lease = await this.leases.byKey(key);
    if (!lease) throw new StakingError('lease_not_found', `no energy lease ${key}`);
    return this.view(await this.nudge(lease));
  }

  /** Moves the lease along now, unless another pass (another replica, the worker) holds it. */
  private async nudge(lease: LeaseRow): Promise<LeaseRow> {
    const claimed = await this.leases.claim(lease.id, CLAIM_MS);
    if (!claimed) return (await this.leases.byId(lease.id)) ?? lease;
    return this.advance(claimed);
  }

  /** One pass of a claimed lease; trouble (a service away) leaves it for the next pass. */
  async advance(lease: LeaseRow): Promise<LeaseRow> {
    try {
      return await this.step(lease);
    } catch (e) {
      this.logger.warn(`lease ${lease.key}: ${(e as Error).message}`);
      return (await this.leases.update(lease.id, { next_check_at: new Date(Date.now() + 2 * this.config.energy.workerIntervalMs) })) ?? lease;
    }
  }

  private async step(lease: LeaseRow): Promise<LeaseRow> {
    const expired = lease.expires_at.getTime() <= Date.now();
    switch (lease.status) {
      case 'waiting':
        if (expired) return this.finish(lease, 'failed', `expired while waiting (${lease.reason ?? 'no energy'})`);
        return this.prepare({ ...lease, status: 'preparing', plan_attempts: 0 });
      case 'preparing':
        return expired ? this.startRelease(lease, 'ttl: not released in time') : this.prepare(lease);
      case 'ready':
        return expired ? this.startRelease(lease, 'ttl: not released in time') : this.later(lease, lease.expires_at.getTime() - Date.now());
      case 'releasing':
        return this.reclaim(lease);
      default:
        return lease;
    }
  }

  private async prepare(lease: LeaseRow): Promise<LeaseRow> {
    let current = lease;
    if (current.plan_attempts === 0) {
      current = await this.plan(current);
      if (current.status !== 'preparing') return current;
    }
    // The latest plan's transactions (an earlier plan's that failed are history; what they delegated is on chain).
    const planKey = `lease:${current.id}:${current.plan_attempts}:`;
    const ops = (await this.operations.ofLease(current.id)).filter((o) => o.idempotency_key?.startsWith(planKey));
    // Top-ups first: an address that never held TRX must exist before it can receive a delegation.
    const sequence = [...ops.filter((o) => o.kind === 'topup'), ...ops.filter((o) => o.kind === 'delegate')];
    for (const op of sequence) {
      const after = isOpen(op) ? await this.executor.follow(op) : op;
      if (after.status === 'failed') return this.replanOrFail(current, `${op.kind} ${op.id} failed: ${after.failure_reason}`);
      if (isOpen(after)) return this.later(current, this.config.followIntervalMs);
    }
    return this.verify(current);
  }

  /** The delegations landed: does the address now have what the plan promised? */
  private async verify(lease: LeaseRow): Promise<LeaseRow> {
    const r = await this.chain.stake(lease.address, false);
    const fromStake = big(lease.energy_needed) - big(lease.burn_energy);
    const mustBurn = big(lease.burn_sun) + lease.top_ups.filter((t) => t.kind === 'bandwidth').reduce((s, t) => s + BigInt(t.amountSun), 0n);
    if (!r.activated || big(r.resources.energy.available) < fromStake || big(r.balance) < mustBurn) {
      return this.replanOrFail(lease, `the address has ${r.resources.energy.available} energy and ${r.balance} SUN, short of ${fromStake} energy and ${mustBurn} SUN`);
    }
    const lock = this.config.energy.lockBlocks;
    const ready = await this.leases.update(lease.id, {
      status: 'ready',
      ready_at: new Date(),
      reason: null,
      // The lock runs from the delegation's block, which is before this head: an upper bound.
      locked_until: lock > 0 && big(lease.delegated_energy_sun) + big(lease.delegated_bandwidth_sun) > 0n ? new Date(r.headTime + lock * BLOCK_MS) : null,
      next_check_at: lease.expires_at,
    });
    this.metrics.leases.inc({ outcome: 'ready' });
    this.metrics.counts.ready++;
    return ready ?? lease;
  }

  private async replanOrFail(lease: LeaseRow, why: string): Promise<LeaseRow> {
    this.logger.warn(`lease ${lease.key}: ${why}`);
    if (lease.plan_attempts >= MAX_PLANS) return this.startRelease(lease, `failed: ${why}`);
    return this.plan(lease);
  }

  private async plan(lease: LeaseRow): Promise<LeaseRow> {
    const e = this.config.energy;
    const staking = e.stakingWalletId ? await this.wallets.get(e.stakingWalletId) : null;
    const fee = e.feeWalletId ? await this.wallets.get(e.feeWalletId) : null;
    return this.leases.planning(staking?.address ?? fee?.address ?? 'none', async (db) => {
      const [receiver, stakingState, params, committed] = await Promise.all([
        this.chain.stake(lease.address, false),
        staking ? this.chain.stake(staking.address, false) : Promise.resolve(null),
        this.chain.chainParameters(),
        this.leases.committedEnergy(lease.address, lease.id, db),
      ]);
      const feeState = !fee ? null : fee.id === staking?.id ? stakingState : await this.chain.stake(fee.address, false);
      const reserved = async (resource: 'ENERGY' | 'BANDWIDTH') => (staking ? this.operations.unsentDelegations(staking.address, resource, db) : 0n);
      const p = params.parameters;
      const totalsFrom = [stakingState, receiver].find((s): s is StakeReply => !!s && big(s.totals.energyWeight) > 0n);
      const cap = lease.max_burn_sun === null ? e.feeCapSun : big(lease.max_burn_sun) < e.feeCapSun ? big(lease.max_burn_sun) : e.feeCapSun;
      const input: PlanInput = {
        energy: big(lease.energy_needed),
        bandwidth: big(lease.bandwidth_needed),
        receiver: {
          activated: receiver.activated,
          balance: big(receiver.balance),
          energyStake: big(receiver.frozen.energy) + big(receiver.delegatedIn.energy),
          energyUsed: big(receiver.resources.energy.used) + committed,
          bandwidthStake: big(receiver.frozen.bandwidth) + big(receiver.delegatedIn.bandwidth),
          stakedBandwidthUsed: big(receiver.resources.bandwidth.stakedUsed),
          freeBandwidthLeft: big(receiver.resources.bandwidth.freeLimit) - big(receiver.resources.bandwidth.freeUsed),
        },
        staking:
          stakingState && stakingState.activated
            ? {
                canDelegateEnergy: big(stakingState.canDelegate.energy) - (await reserved('ENERGY')),
                canDelegateBandwidth: big(stakingState.canDelegate.bandwidth) - (await reserved('BANDWIDTH')),
              }
            : null,
        totals: totalsFrom
          ? { energyLimit: big(totalsFrom.totals.energyLimit), energyWeight: big(totalsFrom.totals.energyWeight), netLimit: big(totalsFrom.totals.netLimit), netWeight: big(totalsFrom.totals.netWeight) }
          : null,
        prices: { energy: param(p, 'getEnergyFee', 100n) || 100n, bandwidth: param(p, 'getTransactionFee', 1_000n), freeNetLimit: param(p, 'getFreeNetLimit', 600n) },
        topUpAllowed: lease.top_up,
        feeWalletBalance: feeState ? big(feeState.balance) : null,
        maxBurnSun: cap,
        topUpMaxSun: e.topUpMaxSun,
        activationSun: e.activationSun,
        activationFeeSun: param(p, 'getCreateNewAccountFeeInSystemContract', 1_000_000n) + param(p, 'getCreateAccountFee', 100_000n),
        marginBps: e.marginBps,
      };
      return this.apply(db, lease, planLease(input), input, staking, fee);
    });
  }

  private async apply(db: Kysely<StakingSchema>, lease: LeaseRow, plan: Plan, input: PlanInput, staking: WalletView | null, fee: WalletView | null): Promise<LeaseRow> {
    if (plan.kind === 'failed') {
      this.metrics.leases.inc({ outcome: 'failed' });
      this.metrics.counts.failed++;
      return (await this.leases.update(lease.id, { status: 'failed', reason: `${plan.reason}: ${plan.detail}`, released_at: new Date() }, db)) as LeaseRow;
    }
    if (plan.kind === 'waiting') {
      this.metrics.waited(plan.reason);
      this.logger.warn(`lease ${lease.key} waits: ${plan.reason}: ${plan.detail}`);
      return (await this.leases.update(
        lease.id,
        { status: 'waiting', reason: `${plan.reason}: ${plan.detail}`, plan_attempts: 0, next_check_at: new Date(Date.now() + this.config.energy.retryIntervalMs) },
        db,
      )) as LeaseRow;
    }
    const attempt = lease.plan_attempts + 1;
    const base = { origin: 'energy' as const, votes: null, leaseId: lease.id, requestedBy: `energy:${lease.key}`.slice(0, 100) };
    const key = (what: string) => `lease:${lease.id}:${attempt}:${what}`;
    if (plan.topUpSun > 0n && fee) {
      await this.operations.insert(
        { ...base, walletId: fee.id, address: fee.address, kind: 'topup', amount: plan.topUpSun, resource: null, receiver: lease.address, lockPeriodBlocks: null, permissionId: fee.kind === 'multisig' ? 2 : null, idempotencyKey: key('topup'), fingerprint: key('topup') },
        db,
      );
    }
    const delegations: Array<['ENERGY' | 'BANDWIDTH', bigint]> = [
      ['ENERGY', plan.delegateEnergySun],
      ['BANDWIDTH', plan.delegateBandwidthSun],
    ];
    for (const [resource, amount] of delegations) {
      if (amount === 0n || !staking) continue;
      const k = key(`delegate-${resource.toLowerCase()}`);
      await this.operations.insert(
        {
          ...base,
          walletId: staking.id,
          address: staking.address,
          kind: 'delegate',
          amount,
          resource,
          receiver: lease.address,
          lockPeriodBlocks: this.config.energy.lockBlocks || null,
          permissionId: staking.kind === 'multisig' ? 2 : null,
          idempotencyKey: k,
          fingerprint: k,
        },
        db,
      );
      this.metrics.delegatedSun.inc({ resource }, Number(amount));
    }
    if (plan.delegateEnergySun > 0n) this.metrics.delegatedEnergy.inc(Number(plan.energyFromStake));
    if (plan.burnSun > 0n) {
      this.metrics.burning(plan.burnSun);
      this.logger.warn(`lease ${lease.key}: staked energy short, the transfers burn ${plan.burnSun} SUN for ${plan.burnEnergy} energy (cap ${input.maxBurnSun})`);
    }
    for (const t of plan.topUps) this.metrics.toppedUp(t.kind, t.amountSun);
    const topUps: Array<{ kind: TopUpPart['kind']; amountSun: string }> = [...lease.top_ups, ...plan.topUps.map((t) => ({ kind: t.kind, amountSun: t.amountSun.toString() }))];
    const feeLimit = (input.energy * input.prices.energy * BigInt(10_000 + this.config.energy.marginBps) + 9_999n) / 10_000n;
    return (await this.leases.update(
      lease.id,
      {
        status: 'preparing',
        staking_address: staking?.address ?? null,
        delegated_energy_sun: (big(lease.delegated_energy_sun) + plan.delegateEnergySun).toString(),
        delegated_bandwidth_sun: (big(lease.delegated_bandwidth_sun) + plan.delegateBandwidthSun).toString(),
        energy_delegated: plan.energyFromStake.toString(),
        burn_energy: plan.burnEnergy.toString(),
        burn_sun: plan.burnSun.toString(),
        fee_limit_sun: feeLimit.toString(),
        top_ups: JSON.stringify(topUps),
        plan_attempts: attempt,
        reason: null,
      },
      db,
    )) as LeaseRow;
  }

  private async startRelease(lease: LeaseRow, reason: string | null): Promise<LeaseRow> {
    // Still within this pass's claim: no other pass takes the lease meanwhile.
    const releasing = (await this.leases.update(lease.id, { status: 'releasing', reason })) as LeaseRow;
    return this.reclaim(releasing);
  }

  /** Takes back what the lease delegated (after its lock), once the lease's own transactions are final. */
  private async reclaim(lease: LeaseRow): Promise<LeaseRow> {
    for (const op of (await this.operations.ofLease(lease.id)).filter(isOpen)) {
      // Planned but never signed: it must not be sent now.
      if (op.status === 'pending' && op.tx_id === null && op.kind !== 'undelegate') {
        await this.operations.move(op.id, ['pending'], 'failed', { failureReason: 'cancelled: the lease was released first' });
        continue;
      }
      const after = await this.executor.follow(op);
      if (isOpen(after)) return this.later(lease, this.config.followIntervalMs);
    }
    const ops = await this.operations.ofLease(lease.id);
    const remaining = new Map<string, { resource: 'ENERGY' | 'BANDWIDTH'; walletId: string; address: string; permissionId: number | null; sun: bigint; tries: number; lastFailed: boolean }>();
    for (const op of ops) {
      if (op.kind !== 'delegate' && op.kind !== 'undelegate') continue;
      const k = `${op.address}:${op.resource}`;
      const entry = remaining.get(k) ?? { resource: op.resource as 'ENERGY' | 'BANDWIDTH', walletId: op.wallet_id, address: op.address, permissionId: op.permission_id, sun: 0n, tries: 0, lastFailed: false };
      if (op.kind === 'undelegate') {
        entry.tries++;
        entry.lastFailed = op.status === 'failed';
      }
      if (op.status === 'confirmed') entry.sun += op.kind === 'delegate' ? big(op.amount) : -big(op.amount);
      remaining.set(k, entry);
    }
    const due = [...remaining.values()].filter((r) => r.sun > 0n);
    if (due.length === 0) {
      const failed = lease.reason?.startsWith('failed:') ?? false;
      return this.finish(lease, failed ? 'failed' : 'released', lease.reason);
    }
    if (lease.locked_until) {
      const head = await this.chain.headBlock();
      const left = lease.locked_until.getTime() - head.timestamp;
      // Chain time decides; look again after at most 30 s (blocks may come faster than wall time in tests).
      if (left > 0) return this.later(lease, Math.min(left, 30_000));
    }
    for (const r of due) {
      // A reclaim refused (a longer lock merged in by another delegation) is tried again later, never given up.
      if (r.lastFailed) {
        const last = ops.filter((o) => o.kind === 'undelegate' && o.address === r.address && o.resource === r.resource).pop();
        if (last && Date.now() - last.updated_at.getTime() < this.config.energy.retryIntervalMs) continue;
      }
      const k = `lease:${lease.id}:undelegate-${r.resource.toLowerCase()}:${r.tries}`;
      const { row } = await this.operations.insert({
        walletId: r.walletId,
        address: r.address,
        kind: 'undelegate',
        origin: 'energy',
        amount: r.sun,
        resource: r.resource,
        receiver: lease.address,
        lockPeriodBlocks: null,
        votes: null,
        leaseId: lease.id,
        permissionId: r.permissionId,
        idempotencyKey: k,
        fingerprint: k,
        requestedBy: `energy:${lease.key}`.slice(0, 100),
      });
      const after = await this.executor.run(row);
      if (after.status !== 'failed') this.metrics.reclaimedSun.inc({ resource: r.resource }, Number(r.sun));
    }
    return this.later(lease, this.config.followIntervalMs);
  }

  private async finish(lease: LeaseRow, status: 'released' | 'failed', reason: string | null): Promise<LeaseRow> {
    this.metrics.leases.inc({ outcome: status });
    if (status === 'released') this.metrics.counts.released++;
    else this.metrics.counts.failed++;
    return (await this.leases.update(lease.id, { status, reason, released_at: new Date() })) ?? lease;
  }

  private async later(lease: LeaseRow, ms: number): Promise<LeaseRow> {
    return (await this.leases.update(lease.id, { next_check_at: new Date(Date.now() + Math.max(50, ms)) })) ?? lease;
  }

  async view(lease: LeaseRow): Promise<EnergyLeaseView> {
    const ops = await this.operations.ofLease(lease.id);
    const delegated = (resource: 'ENERGY' | 'BANDWIDTH') =>
      ops.filter((o) => o.kind === 'delegate' && o.resource === resource && o.status === 'confirmed').reduce((s, o) => s + big(o.amount), 0n).toString();
    return {
      id: lease.id,
      key: lease.key,
      address: lease.address,
      purpose: lease.purpose,
      status: lease.status,
      energyNeeded: Number(lease.energy_needed),
      bandwidthNeeded: Number(lease.bandwidth_needed),
      delegated: { energy: delegated('ENERGY'), bandwidth: delegated('BANDWIDTH') },
      energyDelegated: Number(lease.energy_delegated),
      burnEnergy: Number(lease.burn_energy),
      burnSun: lease.burn_sun,
      topUps: lease.top_ups,
      feeLimitSun: lease.fee_limit_sun,
      reason: lease.reason,
      lockedUntil: lease.locked_until?.toISOString() ?? null,
      txIds: ops.map((o) => o.tx_id).filter((t): t is string => t !== null),
      createdAt: lease.created_at.toISOString(),
      updatedAt: lease.updated_at.toISOString(),
      readyAt: lease.ready_at?.toISOString() ?? null,
      releasedAt: lease.released_at?.toISOString() ?? null,
    };
  }
}
