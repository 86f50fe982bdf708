import type { Client } from 'pg';
import { DevnetReads, DevnetReceipt, metricValue } from '@tronpay/testing';
import { createTronWeb, encodeParams } from '@tronpay/tron';
import type { SweepResponse } from '../sweep.view';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the sweep specs need of their stack (libs/testing's Stack has it). */
export interface KitStack {
  adminKey: string;
  usdt: string;
  url(service: 'gateway' | 'staking'): string;
  devnet: { url: string; mine(blocks?: number): Promise<unknown>; accounts(): Promise<Array<{ address: string; privateKey: string }>> };
}

export type Receipt = DevnetReceipt;

/** Specs only: the gateway API, the devnet's own answers and the services' tables, for the sweep proofs. */
export class SweepKit {
  private readonly chain: DevnetReads;

  constructor(
    private readonly stack: KitStack,
    readonly pg: Client,
  ) {
    this.chain = new DevnetReads(stack.devnet.url);
  }

  async api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.stack.url('gateway')}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.stack.adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async invoice(currency: 'TRX' | 'USDT', amount: string): Promise<{ id: string; address: string; status: string; amountReceived: string; payments: unknown[] }> {
    const r = await this.api<{ id: string; address: string; status: string; amountReceived: string; payments: unknown[] }>('POST', '/v1/invoices', { currency, amount, expiresInSeconds: 86_400 });
    if (r.status !== 201) throw new Error(`invoice: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  devnet<T>(path: string, body: unknown): Promise<T> {
    return this.chain.call<T>(path, body);
  }

  async tokenBalance(contract: string, address: string): Promise<bigint> {
    const r = await this.devnet<{ constant_result?: string[] }>('/wallet/triggerconstantcontract', {
      owner_address: address,
      contract_address: contract,
      function_selector: 'balanceOf(address)',
      parameter: encodeParams(['address'], [address]),
    });
    return BigInt('0x' + (r.constant_result?.[0] || '0'));
  }

  usdtOf(address: string): Promise<bigint> {
    return this.tokenBalance(this.stack.usdt, address);
  }

  trxOf(address: string): Promise<bigint> {
    return this.chain.trxOf(address);
  }

  activated(address: string): Promise<boolean> {
    return this.chain.activated(address);
  }

  receipt(txId: string): Promise<Receipt> {
    return this.chain.receipt(txId);
  }

  /** SUN of `from`'s stake delegated to `to` (locked or not), as the devnet has it. */
  delegated(from: string, to: string): Promise<bigint> {
    return this.chain.delegated(from, to);
  }

  async sweepsOf(address: string): Promise<SweepResponse[]> {
    return (await this.api<{ data: SweepResponse[] }>('GET', `/v1/sweeps?address=${address}`)).body.data;
  }

  async payUsdt(from: number, to: string, amount: bigint, contract = this.stack.usdt): Promise<string> {
    const accounts = await this.stack.devnet.accounts();
    const c = await createTronWeb(this.stack.devnet.url, accounts[from].privateKey).contract().at(contract);
    return (await c.methods.transfer(to, amount).send({ feeLimit: 100_000_000 })) as string;
  }

  async payTrx(from: number, to: string, sun: number): Promise<string> {
    const accounts = await this.stack.devnet.accounts();
    return ((await createTronWeb(this.stack.devnet.url, accounts[from].privateKey).trx.sendTransaction(to, sun)) as unknown as { txid: string }).txid;
  }

  /** Mines a block at a time until `check` holds; the services follow the chain on their own between blocks. */
  async mineUntil<T>(check: () => Promise<T | false | null | undefined>, what: string, blocks = 80): Promise<T> {
    for (let i = 0; i <= blocks; i++) {
      for (let j = 0; j < 5; j++) {
        const v = await check();
        if (v) return v;
        await sleep(120);
      }
      await this.stack.devnet.mine();
    }
    throw new Error(`not reached after ${blocks} blocks: ${what}`);
  }

  /** The one sweep of an address once it reached `status`. */
  sweepReaches(address: string, status: string): Promise<SweepResponse> {
    return this.mineUntil(async () => (await this.sweepsOf(address)).find((s) => s.status === status), `the sweep of ${address} ${status}`);
  }

  /** A counter's value summed over its series that carry these labels. */
  metric(service: 'staking' | 'gateway', name: string, labels: Record<string, string> = {}): Promise<number> {
    return metricValue(this.stack.url(service), name, labels, this.stack.adminKey);
  }

  async leasesOf(address: string) {
    return (await this.pg.query<{ key: string; status: string; burn_sun: string; reason: string | null; top_ups: Array<{ kind: string; amountSun: string }> }>('select * from staking.energy_leases where address = $1 order by created_at', [address])).rows;
  }

  async leaseOps(address: string) {
    return (
      await this.pg.query<{ kind: string; status: string; tx_id: string | null; amount: string; resource: string | null; block_number: string | null }>(
        'select o.kind, o.status, o.tx_id, o.amount, o.resource, o.block_number from staking.operations o join staking.energy_leases l on l.id = o.lease_id where l.address = $1 order by o.block_number nulls last, o.created_at',
        [address],
      )
    ).rows;
  }
}
