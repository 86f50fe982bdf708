import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@tronpay/config';
import type { AccountReply, ChainParametersReply, ChainView, NetworkReply, TokenBalanceReply } from '@tronpay/models';
import { APP_CONFIG } from '@tronpay/runtime';
import { Address, encodeParams, type BlockJson } from '@tronpay/tron';
import { blockNumberOf, NodePool } from '../nodes/node-pool.service';
import { QueryError } from './queries.errors';
import { QUERY_CACHE } from './queries.tokens';
import { QueryCache } from './query-cache';

/** How long answers are cached: balances a few seconds (a block is 3 s), chain parameters a minute. */
export const QUERY_TTL_MS = { account: 3000, tokenBalance: 3000, chainParameters: 60_000, blocks: 1000 } as const;

interface AccountJson {
  address?: string;
  balance?: number;
  frozenV2?: Array<{ type?: string; amount?: number }>;
  unfrozenV2?: Array<{ type?: string; unfreeze_amount?: number; unfreeze_expire_time?: number }>;
  delegated_frozenV2_balance_for_bandwidth?: number;
  acquired_delegated_frozenV2_balance_for_bandwidth?: number;
  account_resource?: {
    delegated_frozenV2_balance_for_energy?: number;
    acquired_delegated_frozenV2_balance_for_energy?: number;
  };
}

interface AccountResourceJson {
  freeNetUsed?: number;
  freeNetLimit?: number;
  NetUsed?: number;
  NetLimit?: number;
  EnergyUsed?: number;
  EnergyLimit?: number;
}

interface ConstantCallJson {
  result?: { result?: boolean; code?: string; message?: string };
  constant_result?: string[];
}

/** An integer field of the node's JSON (absent = proto3 default 0). */
function int(v: unknown): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return 0n;
}

const str = (v: bigint) => v.toString();
const nonNegative = (v: bigint) => (v < 0n ? 0n : v);

function parseAddress(input: string, field: string): Address {
  const a = Address.tryParse(input);
  if (!a) throw new QueryError('invalid_address', `${field} is not a valid TRON address (checksum?)`);
  return a;
}

function decodeHexMessage(m: unknown): string {
  if (typeof m !== 'string') return '';
  return /^([0-9a-fA-F]{2})+$/.test(m) ? Buffer.from(m, 'hex').toString('utf8') : m;
}

/** Account, TRC20 balance, chain parameters and network status, from the node pool behind a short cache. */
@Injectable()
export class QueriesService implements OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pool: NodePool,
    @Inject(QUERY_CACHE) private readonly cache: QueryCache,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.cache.close();
  }

  private key(...parts: string[]): string {
    return [this.config.network.name, ...parts].join(':');
  }

  async account(address: string, view: ChainView = 'head'): Promise<AccountReply> {
    const a = parseAddress(address, 'address');
    return this.cache.get(this.key('account', view, a.hex), QUERY_TTL_MS.account, async () => {
      const base = view === 'solid' ? '/walletsolidity' : '/wallet';
      const [acc, res] = await Promise.all([
        this.pool.call<AccountJson>(`${base}/getaccount`, { address: a.hex, visible: false }),
        this.pool.call<AccountResourceJson>(`${base}/getaccountresource`, { address: a.hex, visible: false }),
      ]);
      const activated = typeof acc.address === 'string';
      const frozen = (type: string) =>
        (acc.frozenV2 ?? []).filter((f) => (f.type ?? 'BANDWIDTH') === type).reduce((sum, f) => sum + int(f.amount), 0n);
      const delegatedOut = {
        energy: int(acc.account_resource?.delegated_frozenV2_balance_for_energy),
        bandwidth: int(acc.delegated_frozenV2_balance_for_bandwidth),
      };
      const energyLimit = int(res.EnergyLimit);
      const energyUsed = int(res.EnergyUsed);
      const freeLimit = int(res.freeNetLimit);
      const freeUsed = int(res.freeNetUsed);
      const stakedLimit = int(res.NetLimit);
      const stakedUsed = int(res.NetUsed);
      return {
        address: a.base58,
        activated,
        balance: str(int(acc.balance)),
        resources: {
          energy: { limit: str(energyLimit), used: str(energyUsed), available: str(nonNegative(energyLimit - energyUsed)) },
          bandwidth: {
            freeLimit: str(freeLimit),
            freeUsed: str(freeUsed),
            stakedLimit: str(stakedLimit),
            stakedUsed: str(stakedUsed),
            available: str(nonNegative(freeLimit - freeUsed) + nonNegative(stakedLimit - stakedUsed)),
          },
          // Delegating moves SUN out of frozenV2 into delegated_*: the stake is both.
          staked: { energy: str(frozen('ENERGY') + delegatedOut.energy), bandwidth: str(frozen('BANDWIDTH') + delegatedOut.bandwidth) },
          delegatedOut: { energy: str(delegatedOut.energy), bandwidth: str(delegatedOut.bandwidth) },
          delegatedIn: {
            energy: str(int(acc.account_resource?.acquired_delegated_frozenV2_balance_for_energy)),
            bandwidth: str(int(acc.acquired_delegated_frozenV2_balance_for_bandwidth)),
          },
          unfreezing: (acc.unfrozenV2 ?? []).map((u) => ({
            resource: (u.type ?? 'BANDWIDTH') as 'ENERGY' | 'BANDWIDTH' | 'TRON_POWER',
            amount: str(int(u.unfreeze_amount)),
            expiresAt: new Date(Number(int(u.unfreeze_expire_time))).toISOString(),
          })),
        },
        view,
      };
    });
  }

  async tokenBalance(address: string, contract: string, view: ChainView = 'head'): Promise<TokenBalanceReply> {
    const a = parseAddress(address, 'address');
    const c = parseAddress(contract, 'contract');
    return this.cache.get(this.key('trc20', view, c.hex, a.hex), QUERY_TTL_MS.tokenBalance, async () => {
      const base = view === 'solid' ? '/walletsolidity' : '/wallet';
      const answer = await this.pool.call<ConstantCallJson>(`${base}/triggerconstantcontract`, {
        owner_address: a.hex,
        contract_address: c.hex,
        function_selector: 'balanceOf(address)',
        parameter: encodeParams(['address'], [a.hex]),
        visible: false,
      });
      const word = answer.constant_result?.[0] ?? '';
      if (answer.result?.result !== true || !/^[0-9a-fA-F]{64}/.test(word)) {
        const code = answer.result?.code ?? 'NO_RESULT';
        const message = decodeHexMessage(answer.result?.message);
        throw new QueryError('contract_call_failed', `balanceOf on ${c.base58} failed: ${code}${message ? `: ${message}` : ''}`, { code });
      }
      return { address: a.base58, contract: c.base58, balance: BigInt('0x' + word.slice(0, 64)).toString(), view };
    });
  }

  async chainParameters(): Promise<ChainParametersReply> {
    return this.cache.get(this.key('chain-parameters'), QUERY_TTL_MS.chainParameters, async () => {
      const answer = await this.pool.call<{ chainParameter?: Array<{ key: string; value?: number }> }>('/wallet/getchainparameters', {}, {
        accept: (b) => Array.isArray((b as { chainParameter?: unknown }).chainParameter),
      });
      const parameters: Record<string, number> = {};
      for (const p of answer.chainParameter ?? []) parameters[p.key] = p.value ?? 0;
      return { parameters };
    });
  }

  async network(): Promise<NetworkReply> {
    const hasBlock = (b: unknown) => typeof blockNumberOf(b) === 'number';
    const height = (path: string) =>
      this.cache.get(this.key('height', path), QUERY_TTL_MS.blocks, async () =>
        blockNumberOf(await this.pool.call<BlockJson>(path, { detail: false }, { accept: hasBlock })) as number,
      );
    // The node list is in memory; a chain that cannot be read still shows which nodes are down.
    const [headBlock, solidBlock] = await Promise.all([
      height('/wallet/getblock').catch(() => null),
      height('/walletsolidity/getblock').catch(() => null),
    ]);
    return {
      network: this.config.network.name,
      headBlock,
      solidBlock,
      nodes: this.pool.health().map((n) => ({ url: n.node, healthy: n.healthy, latencyMs: n.latencyMs })),
    };
  }

  cacheStats() {
    return { hits: this.cache.hits, misses: this.cache.misses, errors: this.cache.errors };
  }
}
