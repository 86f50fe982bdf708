import { ContractValidateError } from '../chain/chain.errors';
import { BLOCK_SLOT_MS, DEFAULT_LOCK_PERIOD_BLOCKS, MAX_LOCK_PERIOD_BLOCKS, SUN_PER_TRX } from '../chain/chain-parameters';
import type { ResourceCode } from '../accounts/account.types';
import { addressOf, int64Of, resourceOf } from '../tx/contract-fields';
import type { Actuator, ActuatorOutcome, TxContext } from '../tx/tx-context';
import type { StakingModule } from './staking.module';
import type { DelegationRecord } from './staking.types';

const label = (r: ResourceCode) => (r === 'ENERGY' ? 'Energy' : 'Bandwidth');

/** Own frozen stake not tied up by current usage: what getcandelegatedmaxsize reports. */
export function canDelegateMax(staking: StakingModule, address: string, resource: ResourceCode, now: number): bigint {
  const account = staking.accounts.find(address);
  if (!account) return 0n;
  const max = account.frozen[resource] - staking.resources.usedStakeSun(account, resource, now);
  return max > 0n ? max : 0n;
}

function emptyRecord(from: string, to: string, locked: boolean): DelegationRecord {
  return { from, to, locked, amount: { BANDWIDTH: 0n, ENERGY: 0n }, expire: { BANDWIDTH: 0, ENERGY: 0 } };
}

export class DelegateResourceActuator implements Actuator {
  constructor(private readonly staking: StakingModule) {}

  validate(ctx: TxContext): void {
    const owner = this.staking.accounts.find(ctx.owner);
    if (!owner) throw new ContractValidateError(`Account[${ctx.owner}] not exists`);
    const resource = resourceOf(ctx.value);
    const balance = int64Of(ctx.value, 'balance');
    const receiverAddress = addressOf(ctx.value, 'receiver_address', 'Invalid receiverAddress');
    if (balance < SUN_PER_TRX) throw new ContractValidateError('delegateBalance must be greater than or equal to 1 TRX');
    if (balance > canDelegateMax(this.staking, ctx.owner, resource, ctx.now)) {
      throw new ContractValidateError(`delegateBalance must be less than or equal to available Freeze${label(resource)}V2 balance`);
    }
    if (receiverAddress === ctx.owner) throw new ContractValidateError('receiverAddress must not be the same as ownerAddress');
    const receiver = this.staking.accounts.find(receiverAddress);
    if (!receiver) throw new ContractValidateError(`Account[${receiverAddress}] not exists`);
    if (receiver.isContract) throw new ContractValidateError('Do not allow delegate resources to contract addresses');
    const period = int64Of(ctx.value, 'lock_period');
    if (period < 0n || period > BigInt(MAX_LOCK_PERIOD_BLOCKS)) {
      throw new ContractValidateError(
        `The lock period of delegate resource cannot be less than 0 and cannot exceed ${MAX_LOCK_PERIOD_BLOCKS}!`,
      );
    }
    if (ctx.value.lock === true) {
      const existing = this.staking.delegation(ctx.owner, receiverAddress, true);
      const expire = ctx.now + Number(period || BigInt(DEFAULT_LOCK_PERIOD_BLOCKS)) * BLOCK_SLOT_MS;
      if (existing && existing.amount[resource] > 0n && existing.expire[resource] > expire) {
        throw new ContractValidateError(
          `The lock period for ${resource} this time cannot be less than the remaining time[${existing.expire[resource] - ctx.now}ms] of the last lock period for ${resource}!`,
        );
      }
    }
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const resource = resourceOf(ctx.value);
    const balance = int64Of(ctx.value, 'balance');
    const to = addressOf(ctx.value, 'receiver_address', 'Invalid receiverAddress');
    const locked = ctx.value.lock === true;
    const owner = this.staking.accounts.get(ctx.owner);
    const receiver = this.staking.accounts.get(to);
    owner.frozen[resource] -= balance;
    owner.delegatedOut[resource] += balance;
    receiver.acquired[resource] += balance;
    this.staking.accounts.save(owner);
    this.staking.accounts.save(receiver);
    const record = this.staking.delegation(ctx.owner, to, locked) ?? emptyRecord(ctx.owner, to, locked);
    record.amount[resource] += balance;
    if (locked) {
      const period = Number(int64Of(ctx.value, 'lock_period')) || DEFAULT_LOCK_PERIOD_BLOCKS;
      record.expire[resource] = ctx.now + period * BLOCK_SLOT_MS;
    }
    this.staking.saveDelegation(record);
    this.staking.reindex(ctx.owner, to);
    return {};
  }
}

export class UnDelegateResourceActuator implements Actuator {
  constructor(private readonly staking: StakingModule) {}

  /** Unlocked stake: the unlocked record plus locked records whose lock has passed. */
  private unlocked(ctx: TxContext, to: string, resource: ResourceCode): bigint {
    const free = this.staking.delegation(ctx.owner, to, false)?.amount[resource] ?? 0n;
    const lock = this.staking.delegation(ctx.owner, to, true);
    const expiredLock = lock && lock.expire[resource] <= ctx.now ? lock.amount[resource] : 0n;
    return free + expiredLock;
  }

  validate(ctx: TxContext): void {
    const resource = resourceOf(ctx.value);
    const balance = int64Of(ctx.value, 'balance');
    const to = addressOf(ctx.value, 'receiver_address', 'Invalid receiverAddress');
    if (to === ctx.owner) throw new ContractValidateError('receiverAddress must not be the same as ownerAddress');
    // UnDelegateResourceActuator's order and texts ("delegate..." for Energy, "delegated..." for BANDWIDTH).
    const unlocked = this.unlocked(ctx, to, resource);
    if (!this.staking.delegation(ctx.owner, to, false) && !this.staking.delegation(ctx.owner, to, true)) {
      throw new ContractValidateError('delegated Resource does not exist');
    }
    if (balance <= 0n) throw new ContractValidateError('unDelegateBalance must be more than 0 TRX');
    if (unlocked < balance) {
      const what = resource === 'ENERGY' ? 'delegateFrozenBalance(Energy)' : 'delegatedFrozenBalance(BANDWIDTH)';
      throw new ContractValidateError(`insufficient ${what}, request=${balance}, unlock_balance=${unlocked}`);
    }
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const resource = resourceOf(ctx.value);
    let remaining = int64Of(ctx.value, 'balance');
    const to = addressOf(ctx.value, 'receiver_address', 'Invalid receiverAddress');
    const balance = remaining;
    for (const locked of [false, true]) {
      const record = this.staking.delegation(ctx.owner, to, locked);
      if (!record || (locked && record.expire[resource] > ctx.now)) continue;
      const take = record.amount[resource] < remaining ? record.amount[resource] : remaining;
      record.amount[resource] -= take;
      remaining -= take;
      if (record.amount[resource] === 0n) record.expire[resource] = 0;
      this.staking.saveDelegation(record);
    }
    const owner = this.staking.accounts.get(ctx.owner);
    owner.delegatedOut[resource] -= balance;
    owner.frozen[resource] += balance;
    this.staking.accounts.save(owner);
    const receiver = this.staking.accounts.find(to);
    if (receiver) {
      receiver.acquired[resource] -= balance;
      this.staking.accounts.save(receiver);
    }
    this.staking.reindex(ctx.owner, to);
    return {};
  }
}
