import { createHash, randomBytes } from 'node:crypto';

// What a spec asks a devnet directly, beside the services. Written against the java-tron HTTP API
// alone (a tool may not import the TRON library it checks): base58check by hand, the blocks' JSON.

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();

/** `41...` hex to a base58check `T...` address. */
export function base58Of(hex: string): string {
  const body = Buffer.from(hex, 'hex');
  const bytes = Buffer.concat([body, sha256(sha256(body)).subarray(0, 4)]);
  let n = BigInt('0x' + bytes.toString('hex'));
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}

/** A base58check `T...` address to its `41...` hex (checksum checked). */
export function hexOf(address: string): string {
  let n = 0n;
  for (const c of address) n = n * 58n + BigInt(ALPHABET.indexOf(c));
  const bytes = Buffer.from(n.toString(16).padStart(50, '0'), 'hex');
  const body = bytes.subarray(0, 21);
  if (!sha256(sha256(body)).subarray(0, 4).equals(bytes.subarray(21))) throw new Error(`${address}: bad checksum`);
  return body.toString('hex');
}

/** A fresh address nobody holds the key of: a payout destination whose balance only we fill. */
export function freshAddress(): string {
  return base58Of('41' + randomBytes(20).toString('hex'));
}

/** One payment an account made, as the chain recorded it. */
export interface Payment {
  txId: string;
  blockNumber: number;
  currency: 'TRX' | 'TRC20';
  /** base58 */
  to: string;
  amount: bigint;
  result: string | undefined;
}

interface BlockJson {
  block_header?: { raw_data?: { number?: number } };
  transactions?: Array<{
    txID: string;
    raw_data: { contract: Array<{ type: string; parameter: { value: Record<string, string | number> } }> };
    ret?: Array<{ contractRet?: string }>;
  }>;
}

/** Balances, whether a transaction is in a block, and every payment an account made (the devnet is small: all of it is read). */
export class ChainAudit {
  constructor(
    private readonly url: string,
    private readonly usdt: string,
  ) {}

  private async post<T>(route: string, body: unknown): Promise<T> {
    return (await (await fetch(this.url + route, { method: 'POST', body: JSON.stringify(body) })).json()) as T;
  }

  async trx(address: string, solid = false): Promise<bigint> {
    const r = await this.post<{ balance?: number }>(`/${solid ? 'walletsolidity' : 'wallet'}/getaccount`, { address, visible: true });
    return BigInt(r.balance ?? 0);
  }

  async usdtBalance(address: string): Promise<bigint> {
    const r = await this.post<{ constant_result?: string[] }>('/wallet/triggerconstantcontract', {
      owner_address: hexOf(address),
      contract_address: hexOf(this.usdt),
      function_selector: 'balanceOf(address)',
      parameter: hexOf(address).slice(2).padStart(64, '0'),
      visible: false,
    });
    return BigInt('0x' + (r.constant_result?.[0] || '0'));
  }

  async inBlock(txId: string): Promise<boolean> {
    return typeof (await this.post<{ blockNumber?: number }>('/wallet/gettransactioninfobyid', { value: txId })).blockNumber === 'number';
  }

  /** Every TRX transfer and TRC20 `transfer` call `from` made, oldest first. */
  async paymentsFrom(from: string): Promise<Payment[]> {
    const owner = hexOf(from);
    const head = (await this.post<BlockJson>('/wallet/getnowblock', {})).block_header?.raw_data?.number ?? 0;
    const out: Payment[] = [];
    for (let start = 0; start <= head; start += 100) {
      const { block = [] } = await this.post<{ block?: BlockJson[] }>('/wallet/getblockbylimitnext', { startNum: start, endNum: Math.min(head + 1, start + 100) });
      for (const b of block) {
        for (const tx of b.transactions ?? []) {
          const { type, parameter } = tx.raw_data.contract[0];
          const value = parameter.value;
          if (String(value['owner_address']).toLowerCase() !== owner) continue;
          const base = { txId: tx.txID, blockNumber: b.block_header?.raw_data?.number ?? 0, result: tx.ret?.[0]?.contractRet };
          const data = String(value['data'] ?? '');
          if (type === 'TransferContract') out.push({ ...base, currency: 'TRX', to: base58Of(String(value['to_address'])), amount: BigInt(value['amount']) });
          else if (type === 'TriggerSmartContract' && data.startsWith('a9059cbb')) {
            out.push({ ...base, currency: 'TRC20', to: base58Of('41' + data.slice(32, 72)), amount: BigInt('0x' + data.slice(72, 136)) });
          }
        }
      }
    }
    return out.sort((a, b) => a.blockNumber - b.blockNumber);
  }
}
