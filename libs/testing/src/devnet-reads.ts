/** What a transaction cost, as the devnet's `gettransactioninfobyid` has it. */
export interface DevnetReceipt {
  blockNumber?: number;
  fee?: number;
  receipt?: { energy_fee?: number; energy_usage?: number; energy_usage_total?: number; net_fee?: number; result?: string };
}

/**
 * Specs only: the chain as the devnet answers it (the java-tron HTTP API), to check what the
 * services did against the chain itself rather than against their own records.
 */
export class DevnetReads {
  constructor(private readonly url: string) {}

  async call<T>(path: string, body: unknown): Promise<T> {
    return (await (await fetch(`${this.url}${path}`, { method: 'POST', body: JSON.stringify({ ...(body as object), visible: true }) })).json()) as T;
  }

  async trxOf(address: string): Promise<bigint> {
    return BigInt((await this.call<{ balance?: number }>('/wallet/getaccount', { address })).balance ?? 0);
  }

  async activated(address: string): Promise<boolean> {
    return typeof (await this.call<{ address?: string }>('/wallet/getaccount', { address })).address === 'string';
  }

  receipt(txId: string): Promise<DevnetReceipt> {
    return this.call<DevnetReceipt>('/wallet/gettransactioninfobyid', { value: txId });
  }

  /** SUN of `from`'s stake delegated to `to` (locked or not). */
  async delegated(from: string, to: string): Promise<bigint> {
    const r = await this.call<{ delegatedResource?: Array<{ frozen_balance_for_energy?: number; frozen_balance_for_bandwidth?: number }> }>('/wallet/getdelegatedresourcev2', { fromAddress: from, toAddress: to });
    return (r.delegatedResource ?? []).reduce((s, d) => s + BigInt(d.frozen_balance_for_energy ?? 0) + BigInt(d.frozen_balance_for_bandwidth ?? 0), 0n);
  }
}

/** A counter's (or gauge's) value on a service's `/metrics`, summed over the series that carry these labels. */
export async function metricValue(serviceUrl: string, name: string, labels: Record<string, string> = {}, bearer?: string): Promise<number> {
  const text = await (await fetch(`${serviceUrl}/metrics`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} })).text();
  return text
    .split('\n')
    .filter((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}
