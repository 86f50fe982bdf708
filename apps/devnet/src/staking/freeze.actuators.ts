import { ContractValidateError } from '../chain/chain.errors';
import { MAX_UNFREEZING, SUN_PER_TRX } from '../chain/chain-parameters';
import type { Account, ResourceCode } from '../accounts/account.types';
import { int64Of, resourceOf } from '../tx/contract-fields';
import type { Actuator, ActuatorOutcome, TxContext } from '../tx/tx-context';
import type { StakingModule } from './staking.module';

function ownerOf(staking: StakingModule, ctx: TxContext): Account {
  const owner = staking.accounts.find(ctx.owner);
  if (!owner) throw new ContractValidateError(`Account[${ctx.owner}] not exists`);
  return owner;
}

/** Pays out unfreezes whose delay has passed; returns the amount. Mutates the account. */
export function withdrawExpired(account: Account, now: number): bigint {
  let sum = 0n;
  account.unfrozen = account.unfrozen.filter((u) => {
    if (u.expireTime > now) return true;
    sum += u.amount;
    return false;
  });
  account.balance += sum;
  return sum;
}

export class FreezeBalanceV2Actuator implements Actuator {
  constructor(private readonly staking: StakingModule) {}

  validate(ctx: TxContext): void {
    const owner = ownerOf(this.staking, ctx);
    const amount = int64Of(ctx.value, 'frozen_balance');
    resourceOf(ctx.value);
    if (amount <= 0n) throw new ContractValidateError('frozenBalance must be positive');
    if (amount < SUN_PER_TRX) throw new ContractValidateError('frozenBalance must be greater than or equal to 1 TRX');
    if (amount > owner.balance) throw new ContractValidateError('frozenBalance must be less than or equal to accountBalance');
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const owner = ownerOf(this.staking, ctx);
    const amount = int64Of(ctx.value, 'frozen_balance');
    const resource = resourceOf(ctx.value);
    owner.balance -= amount;
    owner.frozen[resource] += amount;
    this.staking.accounts.save(owner);
    this.staking.addWeight(resource, amount);
    return {};
  }
}

export class UnfreezeBalanceV2Actuator implements Actuator {
  constructor(private readonly staking: StakingModule) {}

  validate(ctx: TxContext): void {
    const owner = ownerOf(this.staking, ctx);
    const resource = resourceOf(ctx.value);
    const amount = int64Of(ctx.value, 'unfreeze_balance');
    const frozen = owner.frozen[resource];
    if (frozen === 0n) throw new ContractValidateError(`no frozenBalance(${resource === 'ENERGY' ? 'Energy' : 'BANDWIDTH'})`);
    if (amount <= 0n || amount > frozen) {
      throw new ContractValidateError(`Invalid unfreeze_balance, [${amount}] is invalid, frozen balance is [${frozen}]`);
    }
    const pending = owner.unfrozen.filter((u) => u.expireTime > ctx.now).length;
    if (pending >= MAX_UNFREEZING) throw new ContractValidateError('Invalid unfreeze operation, unfreezing times is over limit');
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const owner = ownerOf(this.staking, ctx);
    const resource = resourceOf(ctx.value);
    const amount = int64Of(ctx.value, 'unfreeze_balance');
    const withdrawn = withdrawExpired(owner, ctx.now);
    owner.frozen[resource] -= amount;
    owner.unfrozen.push({ type: resource, amount, expireTime: ctx.now + this.staking.unfreezeDelayMs });
    this.staking.addWeight(resource, -amount);
    // Votes above the remaining TRON power are all withdrawn, as in java-tron.
    const voted = owner.votes.reduce((s, v) => s + v.count, 0n);
    if (voted > this.staking.resources.tronPower(owner)) clearVotes(this.staking, owner);
    this.staking.accounts.save(owner);
    return withdrawn > 0n ? { extra: { withdraw_expire_amount: Number(withdrawn) } } : {};
  }
}

export function clearVotes(staking: StakingModule, account: Account): void {
  staking.settle(account);
  for (const v of account.votes) {
    const w = staking.witness(v.address);
    if (w) {
      w.votes -= v.count;
      staking.saveWitness(w);
    }
  }
  account.votes = [];
}

export class WithdrawExpireUnfreezeActuator implements Actuator {
  constructor(private readonly staking: StakingModule) {}

  validate(ctx: TxContext): void {
    const owner = ownerOf(this.staking, ctx);
    if (!owner.unfrozen.some((u) => u.expireTime <= ctx.now)) {
      throw new ContractValidateError('no unFreeze balance to withdraw ');
    }
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const owner = ownerOf(this.staking, ctx);
    const amount = withdrawExpired(owner, ctx.now);
    this.staking.accounts.save(owner);
    return { extra: { withdraw_expire_amount: Number(amount) } };
  }
}

export class CancelAllUnfreezeV2Actuator implements Actuator {
  constructor(private readonly staking: StakingModule) {}

  validate(ctx: TxContext): void {
    const owner = ownerOf(this.staking, ctx);
    if (owner.unfrozen.length === 0) throw new ContractValidateError('No unfreezeV2 list to cancel');
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const owner = ownerOf(this.staking, ctx);
    const withdrawn = withdrawExpired(owner, ctx.now);
    const cancelled: Record<ResourceCode, bigint> = { BANDWIDTH: 0n, ENERGY: 0n };
    for (const u of owner.unfrozen) {
      cancelled[u.type] += u.amount;
      owner.frozen[u.type] += u.amount;
      this.staking.addWeight(u.type, u.amount);
    }
    owner.unfrozen = [];
    this.staking.accounts.save(owner);
    return {
      extra: {
        ...(withdrawn > 0n ? { withdraw_expire_amount: Number(withdrawn) } : {}),
        cancel_unfreezeV2_amount: [
          { key: 'BANDWIDTH', value: Number(cancelled.BANDWIDTH) },
          { key: 'ENERGY', value: Number(cancelled.ENERGY) },
          { key: 'TRON_POWER', value: 0 },
        ],
      },
    };
  }
}
