import type { DevnetConfig } from '@tronpay/config';
import type { TronAccount } from '@tronpay/tron';
import type { AccountRepository, View } from '../accounts/account-repository';
import type { Account, ResourceCode } from '../accounts/account.types';
import type { GlobalWeights } from '../accounts/global-weights';
import type { ResourceCalculator } from '../accounts/resource-calculator';
import { BASE_VOTES_PER_WITNESS, BLOCK_SLOT_MS, VOTER_REWARD_PER_BLOCK } from '../chain/chain-parameters';
import type { Chain } from '../chain/chain.service';
import type { StateStore } from '../chain/state-store';
import type { TransactionProcessor } from '../tx/transaction-processor';
import { AccountPermissionUpdateActuator } from '../accounts/account-permission-update.actuator';
import { DelegateResourceActuator, UnDelegateResourceActuator } from './delegate.actuators';
import {
  CancelAllUnfreezeV2Actuator,
  FreezeBalanceV2Actuator,
  UnfreezeBalanceV2Actuator,
  WithdrawExpireUnfreezeActuator,
} from './freeze.actuators';
import type { DelegationIndex, DelegationRecord, WitnessRecord } from './staking.types';
import { VoteWitnessActuator, WithdrawBalanceActuator } from './vote.actuators';

const REWARD_SCALE = 10n ** 18n;
const REWARD_KEY = 'g:reward';

/** Stake 2.0 state beyond accounts: witnesses and their votes, delegations, the vote-reward accumulator. */
export class StakingModule {
  readonly unfreezeDelayMs: number;

  constructor(
    private readonly state: StateStore,
    readonly chain: Chain,
    readonly accounts: AccountRepository,
    readonly resources: ResourceCalculator,
    readonly weights: GlobalWeights,
    private readonly witnessKeys: readonly TronAccount[],
    config: DevnetConfig,
  ) {
    this.unfreezeDelayMs = config.unfreezeDelaySeconds !== undefined ? config.unfreezeDelaySeconds * 1000 : config.unfreezeDelayDays * 86_400_000;
    chain.onBlock((block) => {
      const w = this.witness(block.witnessAddress);
      if (w) {
        w.totalProduced++;
        w.latestBlockNum = block.number;
        w.latestSlotNum = Math.floor(block.timestamp / BLOCK_SLOT_MS);
        this.state.set(`w:${w.address}`, w);
      }
      const acc = this.rewardPerVote();
      this.state.set(REWARD_KEY, acc + (VOTER_REWARD_PER_BLOCK * REWARD_SCALE) / this.totalVotes());
    });
  }

  genesis(): void {
    this.witnessKeys.forEach((k, i) => {
      const record: WitnessRecord = {
        address: k.address,
        url: `http://devnet-witness-${i + 1}.local`,
        votes: 0n,
        totalProduced: 0,
        latestBlockNum: 0,
        latestSlotNum: 0,
      };
      this.state.set(`w:${k.address}`, record);
    });
    this.state.set(REWARD_KEY, 0n);
  }

  witness(address: string, view: View = 'head'): WitnessRecord | undefined {
    return view === 'head' ? this.state.get<WitnessRecord>(`w:${address}`) : this.state.getSolid<WitnessRecord>(`w:${address}`);
  }

  witnesses(view: View = 'head'): WitnessRecord[] {
    return this.witnessKeys.map((k) => this.witness(k.address, view)).filter((w): w is WitnessRecord => !!w);
  }

  saveWitness(w: WitnessRecord): void {
    this.state.set(`w:${w.address}`, w);
  }

  totalVotes(): bigint {
    return this.witnesses().reduce((sum, w) => sum + w.votes + BASE_VOTES_PER_WITNESS, 0n);
  }

  private rewardPerVote(view: View = 'head'): bigint {
    return (view === 'head' ? this.state.get<bigint>(REWARD_KEY) : this.state.getSolid<bigint>(REWARD_KEY)) ?? 0n;
  }

  /** Rewards earned since the account's votes were last settled, not yet in its allowance. */
  unsettledReward(account: Account, view: View = 'head'): bigint {
    const votes = account.votes.reduce((sum, v) => sum + v.count, 0n);
    return (votes * (this.rewardPerVote(view) - account.rewardCheckpoint)) / REWARD_SCALE;
  }

  /** Moves earned rewards into the allowance; call before the votes change. Mutates the account. */
  settle(account: Account): void {
    account.allowance += this.unsettledReward(account);
    account.rewardCheckpoint = this.rewardPerVote();
  }

  private delegationKey(from: string, to: string, locked: boolean): string {
    return `d:${from}:${to}:${locked ? 1 : 0}`;
  }

  delegation(from: string, to: string, locked: boolean, view: View = 'head'): DelegationRecord | undefined {
    const key = this.delegationKey(from, to, locked);
    return view === 'head' ? this.state.get<DelegationRecord>(key) : this.state.getSolid<DelegationRecord>(key);
  }

  saveDelegation(r: DelegationRecord): void {
    const key = this.delegationKey(r.from, r.to, r.locked);
    if (r.amount.BANDWIDTH === 0n && r.amount.ENERGY === 0n) this.state.delete(key);
    else this.state.set(key, r);
  }

  index(address: string, view: View = 'head'): DelegationIndex {
    const key = `di:${address}`;
    const found = view === 'head' ? this.state.get<DelegationIndex>(key) : this.state.getSolid<DelegationIndex>(key);
    return found ?? { from: [], to: [] };
  }

  /** Keeps java-tron's account index in step with the delegation records between two accounts. */
  reindex(from: string, to: string): void {
    const linked = [false, true].some((locked) => this.delegation(from, to, locked) !== undefined);
    const out = this.index(from);
    const inn = this.index(to);
    const toList = out.to.filter((a) => a !== to);
    const fromList = inn.from.filter((a) => a !== from);
    if (linked) {
      toList.push(to);
      fromList.push(from);
    }
    this.state.set(`di:${from}`, { from: out.from, to: toList });
    this.state.set(`di:${to}`, { from: fromList, to: inn.to });
  }

  addWeight(resource: ResourceCode, sun: bigint): void {
    this.weights.add(resource, sun);
  }
}

export function registerStakingActuators(processor: TransactionProcessor, staking: StakingModule): void {
  processor.register('FreezeBalanceV2Contract', new FreezeBalanceV2Actuator(staking));
  processor.register('UnfreezeBalanceV2Contract', new UnfreezeBalanceV2Actuator(staking));
  processor.register('WithdrawExpireUnfreezeContract', new WithdrawExpireUnfreezeActuator(staking));
  processor.register('CancelAllUnfreezeV2Contract', new CancelAllUnfreezeV2Actuator(staking));
  processor.register('DelegateResourceContract', new DelegateResourceActuator(staking));
  processor.register('UnDelegateResourceContract', new UnDelegateResourceActuator(staking));
  processor.register('VoteWitnessContract', new VoteWitnessActuator(staking));
  processor.register('WithdrawBalanceContract', new WithdrawBalanceActuator(staking));
  processor.register('AccountPermissionUpdateContract', new AccountPermissionUpdateActuator(staking.accounts));
}
