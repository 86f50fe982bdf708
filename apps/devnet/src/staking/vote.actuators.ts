import { normalizeAddress } from '@tronpay/tron';
import { ContractValidateError } from '../chain/chain.errors';
import { MAX_VOTES, SUN_PER_TRX, WITHDRAW_INTERVAL_MS } from '../chain/chain-parameters';
import type { Actuator, ActuatorOutcome, TxContext } from '../tx/tx-context';
import { clearVotes } from './freeze.actuators';
import type { StakingModule } from './staking.module';

function votesOf(ctx: TxContext): Array<{ address: string; count: bigint }> {
  const raw = Array.isArray(ctx.value.votes) ? (ctx.value.votes as Array<Record<string, unknown>>) : [];
  return raw.map((v) => {
    const address = normalizeAddress(v.vote_address);
    if (!address) throw new ContractValidateError('Invalid vote address!');
    const count = typeof v.vote_count === 'number' ? BigInt(v.vote_count) : 0n;
    return { address, count };
  });
}

/** VoteWitnessContract: replaces the account's votes, limited by its TRON power. */
export class VoteWitnessActuator implements Actuator {
  constructor(private readonly staking: StakingModule) {}

  validate(ctx: TxContext): void {
    const votes = votesOf(ctx);
    if (votes.length === 0) throw new ContractValidateError('VoteNumber must more than 0');
    if (votes.length > MAX_VOTES) throw new ContractValidateError(`VoteNumber more than maxVoteNumber ${MAX_VOTES}`);
    let sum = 0n;
    for (const v of votes) {
      if (v.count <= 0n) throw new ContractValidateError('vote count must be greater than 0');
      if (!this.staking.accounts.exists(v.address)) throw new ContractValidateError(`Account[${v.address}] not exists`);
      if (!this.staking.witness(v.address)) throw new ContractValidateError(`Witness[${v.address}] not exists`);
      sum += v.count;
    }
    const owner = this.staking.accounts.find(ctx.owner);
    if (!owner) throw new ContractValidateError(`Account[${ctx.owner}] not exists`);
    const power = this.staking.resources.tronPower(owner);
    // java-tron compares (and prints) both in SUN.
    if (sum > power) {
      throw new ContractValidateError(`The total number of votes[${sum * SUN_PER_TRX}] is greater than the tronPower[${power * SUN_PER_TRX}]`);
    }
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const owner = this.staking.accounts.get(ctx.owner);
    clearVotes(this.staking, owner);
    const merged = new Map<string, bigint>();
    for (const v of votesOf(ctx)) merged.set(v.address, (merged.get(v.address) ?? 0n) + v.count);
    owner.votes = [...merged].map(([address, count]) => ({ address, count }));
    for (const v of owner.votes) {
      const w = this.staking.witness(v.address);
      if (!w) continue;
      w.votes += v.count;
      this.staking.saveWitness(w);
    }
    this.staking.accounts.save(owner);
    return {};
  }
}

/** WithdrawBalanceContract: claims vote rewards, at most once per 24 h. */
export class WithdrawBalanceActuator implements Actuator {
  constructor(private readonly staking: StakingModule) {}

  validate(ctx: TxContext): void {
    const owner = this.staking.accounts.find(ctx.owner);
    if (!owner) throw new ContractValidateError(`Account[${ctx.owner}] not exists`);
    if (owner.latestWithdrawTime && ctx.now - owner.latestWithdrawTime < WITHDRAW_INTERVAL_MS) {
      throw new ContractValidateError(`The last withdraw time is ${owner.latestWithdrawTime}, less than 24 hours`);
    }
    if (owner.allowance + this.staking.unsettledReward(owner) <= 0n) {
      throw new ContractValidateError('witnessAccount does not have any reward');
    }
  }

  execute(ctx: TxContext): ActuatorOutcome {
    const owner = this.staking.accounts.get(ctx.owner);
    this.staking.settle(owner);
    const amount = owner.allowance;
    owner.balance += amount;
    owner.allowance = 0n;
    owner.latestWithdrawTime = ctx.now;
    this.staking.accounts.save(owner);
    return { extra: { withdraw_amount: Number(amount) } };
  }
}
