import { Inject, Injectable } from '@nestjs/common';
import type {
  ContractCheckReply,
  EnergyEstimateReply,
  ReferenceBlockReply,
  SolidBalanceReply,
  TxChainStatusReply,
  WatchLookupReply,
} from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { Address, encodeParams, type BlockJson, type TransactionInfoJson } from '@tronpay/tron';
import { blockNumberOf, NodePool } from '../nodes/node-pool.service';
import { tronClientDb } from '../tron-client.database';
import { QueryError } from './queries.errors';

interface ConstantCallJson {
  result?: { result?: boolean; code?: string; message?: string };
  constant_result?: string[];
  energy_used?: number;
}

const hasBlock = (b: unknown) => typeof blockNumberOf(b) === 'number';
const anyObject = (b: unknown) => typeof b === 'object' && b !== null;

function parseAddress(input: string, field: string): Address {
  const a = Address.tryParse(input);
  if (!a) throw new QueryError('invalid_address', `${field} is not a valid TRON address (checksum?)`);
  return a;
}

function int(v: unknown): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return 0n;
}

const nonNegative = (v: bigint) => (v < 0n ? 0n : v);

function hexText(m: unknown): string | null {
  if (typeof m !== 'string' || m === '') return null;
  return /^([0-9a-fA-F]{2})+$/.test(m) ? Buffer.from(m, 'hex').toString('utf8').slice(0, 300) : m.slice(0, 300);
}

/**
 * The chain facts a payout is built and guarded with, read from the node pool and never from the
 * query cache: a reservation or a proof that a transaction is dead must not rest on a stale answer.
 */
@Injectable()
export class ChainFactsService {
  constructor(
    private readonly pool: NodePool,
    @Inject(Database) private readonly database: Database,
  ) {}

  private async solidHead(): Promise<{ number: number; id: string; timestamp: number }> {
    const block = await this.pool.call<BlockJson>('/walletsolidity/getblock', { detail: false }, { accept: hasBlock });
    return { number: blockNumberOf(block) as number, id: block.blockID as string, timestamp: block.block_header?.raw_data?.timestamp ?? 0 };
  }

  referenceBlock(): Promise<ReferenceBlockReply> {
    return this.solidHead();
  }

  /** The solidified height is read first: every block at or below it is in the balances read after it. */
  async solidBalance(address: string, contract?: string): Promise<SolidBalanceReply> {
    const a = parseAddress(address, 'address');
    const c = contract ? parseAddress(contract, 'contract') : null;
    const head = await this.solidHead();
    const account = await this.pool.call<{ balance?: number }>('/walletsolidity/getaccount', { address: a.hex, visible: false }, { accept: anyObject });
    let token: string | null = null;
    if (c) {
      const answer = await this.pool.call<ConstantCallJson>('/walletsolidity/triggerconstantcontract', {
        owner_address: a.hex,
        contract_address: c.hex,
        function_selector: 'balanceOf(address)',
        parameter: encodeParams(['address'], [a.hex]),
        visible: false,
      });
      const word = answer.constant_result?.[0] ?? '';
      if (answer.result?.result !== true || !/^[0-9a-fA-F]{64}/.test(word)) {
        throw new QueryError('contract_call_failed', `balanceOf on ${c.base58} failed: ${answer.result?.code ?? 'NO_RESULT'}`);
      }
      token = BigInt('0x' + word.slice(0, 64)).toString();
    }
    return { address: a.base58, solidBlock: head.number, trx: int(account.balance).toString(), token };
  }

  async contractCheck(address: string): Promise<ContractCheckReply> {
    const a = parseAddress(address, 'address');
    const c = await this.pool.call<{ contract_address?: string; bytecode?: string }>('/wallet/getcontract', { value: a.hex, visible: false }, { accept: anyObject });
    return { address: a.base58, isContract: typeof c.contract_address === 'string' || typeof c.bytecode === 'string' };
  }

  async estimateEnergy(owner: string, contract: string, data: string): Promise<EnergyEstimateReply> {
    const o = parseAddress(owner, 'owner');
    const c = parseAddress(contract, 'contract');
    const [call, params, resources] = await Promise.all([
      this.pool.call<ConstantCallJson>('/wallet/triggerconstantcontract', {
        owner_address: o.hex,
        contract_address: c.hex,
        data: data.toLowerCase(),
        visible: false,
      }),
      this.pool.call<{ chainParameter?: Array<{ key: string; value?: number }> }>('/wallet/getchainparameters', {}, {
        accept: (b) => Array.isArray((b as { chainParameter?: unknown }).chainParameter),
      }),
      this.pool.call<Record<string, number>>('/wallet/getaccountresource', { address: o.hex, visible: false }, { accept: anyObject }),
    ]);
    const param = (key: string) => int(params.chainParameter?.find((p) => p.key === key)?.value);
    const ok = call.result?.result === true;
    return {
      ok,
      message: ok ? null : `${call.result?.code ?? 'NO_RESULT'}${hexText(call.result?.message) ? `: ${hexText(call.result?.message)}` : ''}`,
      energyUsed: int(call.energy_used).toString(),
      energyPriceSun: param('getEnergyFee').toString(),
      bandwidthPriceSun: param('getTransactionFee').toString(),
      energyAvailable: nonNegative(int(resources.EnergyLimit) - int(resources.EnergyUsed)).toString(),
      bandwidthAvailable: (nonNegative(int(resources.freeNetLimit) - int(resources.freeNetUsed)) + nonNegative(int(resources.NetLimit) - int(resources.NetUsed))).toString(),
    };
  }

  async watchLookup(addresses: string[]): Promise<WatchLookupReply> {
    const base58 = [...new Set(addresses.map((a) => parseAddress(a, 'address').base58))];
    const rows = await tronClientDb(this.database).selectFrom('watched_addresses').select(['address', 'kind']).where('address', 'in', base58).execute();
    return { watched: rows.map((r) => ({ address: r.address, kind: r.kind })) };
  }

  /** Solidified head first, then the solidified chain, then the head and its pending pool. */
  async txChainStatus(txId: string): Promise<TxChainStatusReply> {
    const id = txId.toLowerCase();
    const head = await this.solidHead();
    const info = await this.pool.call<TransactionInfoJson | Record<string, never>>('/walletsolidity/gettransactioninfobyid', { value: id }, { accept: anyObject });
    const solid = info as TransactionInfoJson;
    if (typeof solid.blockNumber === 'number' && typeof solid.id === 'string') {
      const receipt = solid.receipt?.result;
      const failed = solid.result === 'FAILED' || (receipt !== undefined && receipt !== 'SUCCESS');
      return {
        txId: id,
        solidHead: { number: head.number, timestamp: head.timestamp },
        solidBlock: solid.blockNumber,
        result: failed ? (receipt ?? 'FAILED') : 'SUCCESS',
        reason: failed ? hexText(solid.resMessage) : null,
        fee: String(solid.fee ?? 0),
        knownToHead: true,
      };
    }
    const pending = await this.pool.call<{ txID?: string }>('/wallet/gettransactionbyid', { value: id }, { accept: anyObject });
    return {
      txId: id,
      solidHead: { number: head.number, timestamp: head.timestamp },
      solidBlock: null,
      result: null,
      reason: null,
      fee: null,
      knownToHead: typeof pending.txID === 'string',
    };
  }
}
