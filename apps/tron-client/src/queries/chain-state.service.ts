import { Injectable } from '@nestjs/common';
import type { ChainResource, ContractCallReply, HeadBlockReply, StakeReply } from '@tronpay/models';
import { Address, functionSelector, hexToBase58, type BlockJson } from '@tronpay/tron';
import { blockNumberOf, NodePool } from '../nodes/node-pool.service';
import { QueryError } from './queries.errors';

interface AccountJson {
  address?: string;
  balance?: number;
  votes?: Array<{ vote_address?: string; vote_count?: number }>;
  latest_withdraw_time?: number;
  frozenV2?: Array<{ type?: string; amount?: number }>;
  unfrozenV2?: Array<{ type?: string; unfreeze_amount?: number; unfreeze_expire_time?: number }>;
  delegated_frozenV2_balance_for_bandwidth?: number;
  acquired_delegated_frozenV2_balance_for_bandwidth?: number;
  account_resource?: { delegated_frozenV2_balance_for_energy?: number; acquired_delegated_frozenV2_balance_for_energy?: number };
}

interface AccountResourceJson {
  freeNetUsed?: number;
  freeNetLimit?: number;
  NetUsed?: number;
  NetLimit?: number;
  EnergyUsed?: number;
  EnergyLimit?: number;
  TotalEnergyLimit?: number;
  TotalEnergyWeight?: number;
  TotalNetLimit?: number;
  TotalNetWeight?: number;
  tronPowerUsed?: number;
  tronPowerLimit?: number;
}

interface DelegationJson {
  to?: string;
  frozen_balance_for_bandwidth?: number;
  frozen_balance_for_energy?: number;
  expire_time_for_bandwidth?: number;
  expire_time_for_energy?: number;
}

interface ConstantCallJson {
  result?: { result?: boolean; code?: string; message?: string };
  constant_result?: string[];
  energy_used?: number;
  energy_required?: number;
  Error?: string;
}

const hasBlock = (b: unknown) => typeof blockNumberOf(b) === 'number';
const anyObject = (b: unknown) => typeof b === 'object' && b !== null;

function int(v: unknown): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return 0n;
}

const s = (v: bigint) => v.toString();
const nonNegative = (v: bigint) => (v < 0n ? 0n : v);
const resourceOf = (type: unknown): ChainResource => (type === 'ENERGY' ? 'ENERGY' : 'BANDWIDTH');

function hexText(m: unknown): string | null {
  if (typeof m !== 'string' || m === '') return null;
  return /^([0-9a-fA-F]{2})+$/.test(m) ? Buffer.from(m, 'hex').toString('utf8').slice(0, 300) : m.slice(0, 300);
}

function parseAddress(input: string, field: string): Address {
  const a = Address.tryParse(input);
  if (!a) throw new QueryError('invalid_address', `${field} is not a valid TRON address (checksum?)`);
  return a;
}

/**
 * Stake 2.0 state, the head block and constant contract calls, read from the node pool when asked
 * (never from the query cache): the staking service, the energy manager and the usdt service
 * decide what to sign with these answers.
 */
@Injectable()
export class ChainStateService {
  constructor(private readonly pool: NodePool) {}

  async headBlock(): Promise<HeadBlockReply> {
    const block = await this.pool.call<BlockJson>('/wallet/getblock', { detail: false }, { accept: hasBlock });
    return { number: blockNumberOf(block) as number, id: block.blockID as string, timestamp: block.block_header?.raw_data?.timestamp ?? 0 };
  }

  async stake(address: string, withDelegations = true): Promise<StakeReply> {
    const a = parseAddress(address, 'address');
    const head = await this.headBlock();
    const q = { visible: false };
    const [acc, res, reward] = await Promise.all([
      this.pool.call<AccountJson>('/wallet/getaccount', { address: a.hex, ...q }, { accept: anyObject }),
      this.pool.call<AccountResourceJson>('/wallet/getaccountresource', { address: a.hex, ...q }, { accept: anyObject }),
      this.pool.call<{ reward?: number }>('/wallet/getReward', { address: a.hex, ...q }, { accept: anyObject }),
    ]);
    const activated = typeof acc.address === 'string';
    const frozen = (type: string) => (acc.frozenV2 ?? []).filter((f) => (f.type ?? 'BANDWIDTH') === type).reduce((sum, f) => sum + int(f.amount), 0n);
    const hasStake = frozen('ENERGY') + frozen('BANDWIDTH') > 0n;
    const delegatedOutEnergy = int(acc.account_resource?.delegated_frozenV2_balance_for_energy);
    const delegatedOutBandwidth = int(acc.delegated_frozenV2_balance_for_bandwidth);
    const unfreezing = (acc.unfrozenV2 ?? []).map((u) => ({
      resource: resourceOf(u.type),
      amount: s(int(u.unfreeze_amount)),
      expireTime: Number(int(u.unfreeze_expire_time)),
    }));
    const withdrawable = unfreezing.filter((u) => u.expireTime <= head.timestamp).reduce((sum, u) => sum + BigInt(u.amount), 0n);
    const [canEnergy, canBandwidth, unfreezesLeft, delegations] = await Promise.all([
      hasStake ? this.canDelegate(a.hex, 1) : Promise.resolve(0n),
      hasStake ? this.canDelegate(a.hex, 0) : Promise.resolve(0n),
      activated ? this.unfreezesLeft(a.hex) : Promise.resolve(0),
      withDelegations && delegatedOutEnergy + delegatedOutBandwidth > 0n ? this.delegations(a.hex) : Promise.resolve([]),
    ]);
    const energyLimit = int(res.EnergyLimit);
    const energyUsed = int(res.EnergyUsed);
    const freeLimit = int(res.freeNetLimit);
    const freeUsed = int(res.freeNetUsed);
    const stakedLimit = int(res.NetLimit);
    const stakedUsed = int(res.NetUsed);
    const latestWithdraw = Number(int(acc.latest_withdraw_time));
    return {
      address: a.base58,
      activated,
      balance: s(int(acc.balance)),
      frozen: { energy: s(frozen('ENERGY')), bandwidth: s(frozen('BANDWIDTH')) },
      delegatedOut: { energy: s(delegatedOutEnergy), bandwidth: s(delegatedOutBandwidth) },
      delegatedIn: {
        energy: s(int(acc.account_resource?.acquired_delegated_frozenV2_balance_for_energy)),
        bandwidth: s(int(acc.acquired_delegated_frozenV2_balance_for_bandwidth)),
      },
      unfreezing,
      withdrawable: s(withdrawable),
      unfreezesLeft,
      votes: (acc.votes ?? []).map((v) => ({ witness: hexToBase58(String(v.vote_address)), count: Number(int(v.vote_count)) })),
      tronPower: { limit: s(int(res.tronPowerLimit)), used: s(int(res.tronPowerUsed)) },
      reward: s(int(reward.reward)),
      latestWithdrawTime: latestWithdraw > 0 ? latestWithdraw : null,
      delegations,
      resources: {
        energy: { limit: s(energyLimit), used: s(energyUsed), available: s(nonNegative(energyLimit - energyUsed)) },
        bandwidth: {
          freeLimit: s(freeLimit),
          freeUsed: s(freeUsed),
          stakedLimit: s(stakedLimit),
          stakedUsed: s(stakedUsed),
          available: s(nonNegative(freeLimit - freeUsed) + nonNegative(stakedLimit - stakedUsed)),
        },
      },
      totals: {
        energyLimit: s(int(res.TotalEnergyLimit)),
        energyWeight: s(int(res.TotalEnergyWeight)),
        netLimit: s(int(res.TotalNetLimit)),
        netWeight: s(int(res.TotalNetWeight)),
      },
      canDelegate: { energy: s(canEnergy), bandwidth: s(canBandwidth) },
      headTime: head.timestamp,
    };
  }

  async call(request: { contract: string; selector?: string; parameter?: string; data?: string; owner?: string; estimate?: boolean }): Promise<ContractCallReply> {
    const c = parseAddress(request.contract, 'contract');
    const owner = request.owner ? parseAddress(request.owner, 'owner') : c;
    let data = request.data?.toLowerCase();
    if (!data) {
      if (!request.selector) throw new QueryError('contract_call_failed', 'a selector or call data is required');
      data = functionSelector(request.selector) + (request.parameter ?? '').toLowerCase();
    }
    const body = { owner_address: owner.hex, contract_address: c.hex, data, visible: false };
    if (request.estimate) {
      const answer = await this.pool.call<ConstantCallJson>('/wallet/estimateenergy', body, { accept: anyObject });
      // java-tron without vm.estimateEnergy refuses the endpoint: triggerconstantcontract's energy_used then.
      const unsupported = typeof answer.Error === 'string' || /not support|disabled/i.test(hexText(answer.result?.message) ?? '');
      if (!unsupported) return this.reply(c, answer, 'estimateenergy');
    }
    const answer = await this.pool.call<ConstantCallJson>('/wallet/triggerconstantcontract', body, { accept: anyObject });
    return this.reply(c, answer, 'triggerconstantcontract');
  }

  private reply(c: Address, answer: ConstantCallJson, method: ContractCallReply['method']): ContractCallReply {
    const error = answer.result?.result === true ? null : `${answer.result?.code ?? 'NO_RESULT'}${hexText(answer.result?.message) ? `: ${hexText(answer.result?.message)}` : ''}`;
    const energy = method === 'estimateenergy' ? answer.energy_required : answer.energy_used;
    return {
      contract: c.base58,
      exists: !/not exist|No contract/i.test(error ?? ''),
      ok: error === null,
      result: method === 'estimateenergy' ? '' : (answer.constant_result?.[0] ?? ''),
      energyUsed: typeof energy === 'number' ? energy : null,
      error,
      method,
    };
  }

  private async canDelegate(owner: string, type: 0 | 1): Promise<bigint> {
    const r = await this.pool.call<{ max_size?: number }>('/wallet/getcandelegatedmaxsize', { owner_address: owner, type, visible: false }, { accept: anyObject });
    return int(r.max_size);
  }

  private async unfreezesLeft(owner: string): Promise<number> {
    const r = await this.pool.call<{ count?: number }>('/wallet/getavailableunfreezecount', { owner_address: owner, visible: false }, { accept: anyObject });
    return Number(int(r.count));
  }

  private async delegations(owner: string): Promise<StakeReply['delegations']> {
    const index = await this.pool.call<{ toAccounts?: string[] }>('/wallet/getdelegatedresourceaccountindexv2', { value: owner, visible: false }, { accept: anyObject });
    const receivers = (index.toAccounts ?? []).slice(0, 200);
    const records = await Promise.all(
      receivers.map((to) =>
        this.pool.call<{ delegatedResource?: DelegationJson[] }>('/wallet/getdelegatedresourcev2', { fromAddress: owner, toAddress: to, visible: false }, { accept: anyObject }),
      ),
    );
    const out: StakeReply['delegations'] = [];
    records.forEach((r, i) => {
      for (const d of r.delegatedResource ?? []) {
        const receiver = hexToBase58(String(d.to ?? receivers[i]));
        const rows: Array<[ChainResource, bigint, bigint]> = [
          ['ENERGY', int(d.frozen_balance_for_energy), int(d.expire_time_for_energy)],
          ['BANDWIDTH', int(d.frozen_balance_for_bandwidth), int(d.expire_time_for_bandwidth)],
        ];
        for (const [resource, amount, expire] of rows) {
          if (amount === 0n) continue;
          // A record with an expire time is the locked one (java-tron keeps locked and unlocked apart).
          out.push({ receiver, resource, amount: s(amount), locked: expire > 0n, expireTime: expire > 0n ? Number(expire) : null });
        }
      }
    });
    return out;
  }
}
